"""The audit events the accounts app records (registered in ``apps.AccountsConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

GROUP = _("Accounts")
EVENTS = {
    "accounts.token.issued": _("API token issued"),
    "accounts.token.revoked": _("API token revoked"),
    "accounts.user.roles_changed": _("User's roles changed"),
    "accounts.user.created": _("User account created"),
    "accounts.user.updated": _("User account changed"),
    "accounts.user.deactivated": _("User account deactivated"),
    "accounts.user.reactivated": _("User account reactivated"),
    "accounts.user.reset_link_sent": _("Password reset link sent by an administrator"),
    "accounts.user.password_set": _("User password set"),
    "accounts.user.password_reset": _("User password reset by an administrator"),
    "accounts.password.changed": _("Own password changed"),
    "accounts.password.reset_by_email": _("Password set through an emailed link"),
    "accounts.signin.succeeded": _("Signed in"),
    "accounts.signin.signed_out": _("Signed out"),
    "accounts.signin.failed": _("Sign-in failed"),
    "accounts.signin.locked_out": _("Sign-in locked after repeated failures"),
    "accounts.second_factor.begun": _("Second factor set-up started"),
    "accounts.second_factor.enrolled": _("Second factor set up"),
    "accounts.second_factor.verified": _("Second factor code accepted"),
    "accounts.second_factor.failed": _("Second factor code refused"),
    "accounts.second_factor.removed": _("Second factor removed"),
    "accounts.audit.exported": _("Audit trail downloaded"),
}
