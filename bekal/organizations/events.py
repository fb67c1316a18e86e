"""The audit events the organizations app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

GROUP = _("Organisations")
EVENTS = {
    "organizations.organization.created": _("Organisation registered"),
    "organizations.organization.updated": _("Organisation changed"),
}
