"""The audit events the outcomes app records (registered in ``apps.OutcomesConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

GROUP = _("Outcomes")
EVENTS = {
    "outcomes.identity.confirmed": _("Identity review: same person"),
    "outcomes.identity.rejected": _("Identity review: different people"),
}
