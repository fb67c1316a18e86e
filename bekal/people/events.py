"""The audit events the people app records (registered in ``apps.PeopleConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

GROUP = _("People")
EVENTS = {
    "people.person.created": _("Person registered"),
    "people.person.updated": _("Person's details changed"),
    "people.nik.revealed": _("NIK shown in full"),
    "people.custody.created": _("Custody period recorded"),
    "people.custody.updated": _("Custody period changed"),
    "people.supervision.created": _("Supervision period recorded"),
    "people.supervision.updated": _("Supervision period changed"),
    "people.supervision.ended": _("Supervision period ended"),
    "people.import.completed": _("People imported from a file"),
    "people.sdp_import.completed": _("SDP export imported"),
}
