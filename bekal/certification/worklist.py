"""The certification part of the day's work: participants waiting for the LSP's decision, and assessments booked."""

from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can
from bekal.accounts.models import Role
from bekal.certification.models import AssessmentEvent, Decision
from bekal.core.pagination import head_and_count
from bekal.core.registry import WorkItem
from bekal.training.models import Enrollment, EnrollmentStatus
from bekal.training.selectors import visible_batch_ids

LINKS = 5


def _to_record(user: Any, today: date) -> WorkItem:
    """Completed participants of batches that have ended with no decision yet."""
    waiting = (
        Enrollment.objects.filter(
            batch__in=visible_batch_ids(user), batch__end_date__lt=today, status=EnrollmentStatus.COMPLETED
        )
        .exclude(Exists(Decision.objects.filter(enrollment=OuterRef("pk"))))
        .values("batch_id", "batch__name")
        .annotate(n=Count("pk"))
        .order_by("batch__end_date", "batch_id")
    )
    rows = list(waiting)
    return WorkItem(
        _("Assessment results to record"),
        sum(r["n"] for r in rows),
        reverse("certification:certificate-list"),
        tuple(
            (f"{r['batch__name']} ({r['n']})", reverse("training:batch-detail", args=[r["batch_id"]]))
            for r in rows[:LINKS]
        ),
        _("Every completed participant has the LSP's decision."),
        order=30,
    )


def _event_text(event: AssessmentEvent) -> str:
    return f"{event.batch.name} · {date_format(event.date, 'j M Y')}"


def _booked(user: Any, today: date) -> WorkItem:
    events = (
        AssessmentEvent.objects.filter(batch__in=visible_batch_ids(user), date__gte=today)
        .select_related("batch")
        .order_by("date", "pk")
    )
    head, count = head_and_count(events, LINKS)
    return WorkItem(
        _("Assessments booked"),
        count,
        reverse("certification:certificate-list"),
        tuple((_event_text(e), reverse("certification:assessment-detail", args=[e.pk])) for e in head),
        _("No assessment is booked; plan one from a batch that is ending."),
        order=35,
    )


def worklist(user: Any, today: date) -> list[WorkItem]:
    """Return the assessments waiting for the user's role today."""
    if not can(user, Capability.ASSESSMENT_RECORD) or user.has_role(Role.SYSTEM_ADMIN):
        return []
    return [_to_record(user, today), _booked(user, today)]
