"""The audit events the accounts app records (registered in ``apps.AccountsConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

GROUP = _("Accounts")
EVENTS = {
    "accounts.token.issued": _("API token issued"),
    "accounts.token.revoked": _("API token revoked"),
    "accounts.user.roles_changed": _("User's roles changed"),
    "accounts.user.created": _("User account created"),
    "accounts.user.updated": _("User account changed"),
    "accounts.user.password_set": _("User password set"),
}
