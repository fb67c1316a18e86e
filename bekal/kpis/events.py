"""The audit events the KPI app records (registered in ``apps.KpisConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

GROUP = _("KPIs")
EVENTS = {
    "kpis.people.exported": _("Person-level data exported"),
}
