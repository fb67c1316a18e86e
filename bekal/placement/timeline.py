"""The placement app's part of a person's path: readiness, the pre-release list, referrals, internships and
placements with their follow-ups."""

from typing import Any

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can
from bekal.core.registry import TimelineEntry
from bekal.placement.models import Internship, Placement, PreReleaseToDo, Referral, ToDoStatus, WorkReadiness


def _readiness_entries(person: Any, url: str) -> list[TimelineEntry]:
    entries = []
    readiness = WorkReadiness.objects.filter(person=person).first()
    if readiness is not None:
        entries.append(
            TimelineEntry(
                on=readiness.assessed_on,
                stage="readiness",
                title=_("Work readiness: %(status)s") % {"status": readiness.get_status_display()},
                detail=readiness.declined_reason or readiness.note,
                url=url,
            )
        )
    todos = PreReleaseToDo.objects.filter(person=person).aggregate(
        total=Count("pk"), closed=Count("pk", filter=Q(status__in=ToDoStatus.closed())), last=Max("status_date")
    )
    if todos["total"]:
        entries.append(
            TimelineEntry(
                on=todos["last"],
                stage="readiness",
                title=_("Pre-release list: %(closed)s of %(total)s done")
                % {"closed": todos["closed"], "total": todos["total"]},
                url=url,
            )
        )
    return entries


def person_timeline(user: Any, person: Any) -> list[TimelineEntry]:
    """Readiness, referrals, internships and placements, for the roles that follow work after release."""
    if not can(user, Capability.PLACEMENT_VIEW):
        return []
    url = reverse("placement:person", args=[person.pk])
    entries = _readiness_entries(person, url)
    for referral in Referral.objects.filter(person=person).select_related("vacancy__employer"):
        entries.append(
            TimelineEntry(
                on=referral.status_date,
                stage="placement",
                title=_("Referred to %(vacancy)s") % {"vacancy": referral.vacancy},
                detail=referral.get_status_display(),
                url=reverse("placement:referral", args=[referral.pk]),
            )
        )
    for internship in Internship.objects.filter(person=person).select_related("employer"):
        entries.append(
            TimelineEntry(
                on=internship.start_date,
                end=internship.end_date,
                stage="placement",
                title=_("Internship at %(employer)s") % {"employer": internship.employer},
                detail=internship.get_outcome_display(),
                url=reverse("placement:internship", args=[internship.pk]),
            )
        )
    placements = (
        Placement.objects.filter(person=person)
        .select_related("employer")
        .annotate(
            follow_ups_done=Count("follow_ups", filter=Q(follow_ups__done_on__isnull=False)),
            follow_ups_due=Count("follow_ups"),
        )
    )
    for placement in placements:
        where = placement.employer or placement.business_name
        title = placement.get_kind_display() + (f" · {where}" if where else "")
        detail = [placement.position]
        if placement.ended_on:
            detail.append(_("ended: %(reason)s") % {"reason": placement.get_end_reason_display()})
        detail.append(
            _("follow-ups %(done)s of %(due)s") % {"done": placement.follow_ups_done, "due": placement.follow_ups_due}
        )
        entries.append(
            TimelineEntry(
                on=placement.start_date,
                end=placement.ended_on,
                stage="placement",
                title=title,
                detail=" · ".join(part for part in detail if part),
                url=reverse("placement:placement", args=[placement.pk]),
            )
        )
    return entries
