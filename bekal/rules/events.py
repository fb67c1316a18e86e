"""The audit events the rules app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

GROUP = _("Rules")
EVENTS = {
    "rules.rule_value.set": _("Legal figure set"),
    "rules.rule_value.deleted": _("Legal figure removed"),
    "rules.idempotency_keys.purged": _("Expired idempotency keys removed"),
}
