"""The audit events the organizations app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

GROUP = _("Organisations")
EVENTS = {
    "organizations.organization.created": _("Organisation registered"),
    "organizations.organization.updated": _("Organisation changed"),
    "organizations.organization.closed": _("Organisation closed"),
    "organizations.organization.reopened": _("Organisation reopened"),
    "organizations.letterhead.updated": _("Letterhead changed"),
    "organizations.official.created": _("Official added"),
    "organizations.official.updated": _("Official changed"),
}
