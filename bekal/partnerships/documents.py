"""The partnership app's printed documents through the one engine (``core.documents``): the minutes of a meeting
(berita acara) and an award's certificate (piagam penghargaan), when no signed PDF was uploaded."""

from django.utils.translation import gettext as _

from bekal.core.documents import render_pdf
from bekal.organizations import documents as paperwork
from bekal.organizations.time import long_date
from bekal.partnerships.models import Award, Meeting


def meeting_minutes(meeting: Meeting) -> bytes:
    """Return the minutes of a meeting as a PDF: the unit's letterhead, when and where, who came (both sides), the
    agenda, the outcome, the follow-up actions with owners and due dates, and the signatures of both sides."""
    attendees = list(meeting.attendees.all())
    partner_ids = {p.pk for p in meeting.partners.all()}
    context = {
        "title": _("Minutes of the %(kind)s of %(date)s")
        % {"kind": meeting.get_kind_display(), "date": long_date(meeting.date)},
        "meeting": meeting,
        "long_date": long_date(meeting.date),
        "kop": paperwork.kop(meeting.unit),
        "unit_side": [a for a in attendees if a.organization_id == meeting.unit_id],
        "partner_side": [a for a in attendees if a.organization_id in partner_ids],
        "partners": list(meeting.partners.all()),
        "actions": list(meeting.actions.all()),
        "place_date": paperwork.place_date(meeting.unit, meeting.date),
    }
    return render_pdf("partnerships/documents/minutes.html", context)


def award_certificate(award: Award) -> bytes:
    """Return the piagam penghargaan as a landscape PDF: the giver's letterhead, the partner, what for, the date."""
    giver = award.given_by
    context = {
        "title": _("Certificate of appreciation %(number)s") % {"number": award.number or award.pk},
        "award": award,
        "kop": paperwork.kop(giver),
        "place_date": paperwork.place_date(award.unit or giver, award.date),
        "position": _("Head of %(unit)s") % {"unit": giver.name},
    }
    return render_pdf("partnerships/documents/award.html", context)
