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
    "people.duplicate.outside_found": _("Duplicate check found a record outside the user's units"),
    "people.person.anonymised": _("Personal data anonymised under the retention rule"),
    "people.subject.exported": _("Everything held on a person exported for them"),
    "people.handover.proposed": _("Hand-over to a Bapas proposed"),
    "people.handover.accepted": _("Hand-over accepted by the Bapas"),
    "people.handover.cancelled": _("Hand-over cancelled"),
    "people.handover.released": _("Released on a hand-over: supervision opened"),
    "people.sdp_import.completed": _("SDP export imported"),
}
