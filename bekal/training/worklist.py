"""The training part of the day's work on the home page: days to mark, nominations to screen, batches running,
agreements awaiting approval, for a provider its instructors' certificates about to expire, and, for a Kanwil or the
directorate, units whose budget is behind the year."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can
from bekal.accounts.models import Role
from bekal.core.pagination import head_and_count
from bekal.core.registry import WorkItem
from bekal.rules.selectors import rule_int
from bekal.training.models import (
    AgreementStatus,
    Attendance,
    BatchStatus,
    Enrollment,
    EnrollmentStatus,
    TrainingDay,
    absorption_percent,
)
from bekal.training.selectors import (
    agreements_expiring,
    agreements_visible_to,
    allocations_visible_to,
    batches_visible_to,
    certificates_expiring,
    is_partner,
    visible_batch_ids,
)

LINKS = 5  # records named under a count; the rest are one tap away on the list


def _days_to_mark(user: Any, today: date) -> WorkItem:
    marked = Attendance.objects.filter(day=OuterRef("pk"))
    days = (
        TrainingDay.objects.filter(
            batch__in=visible_batch_ids(user), batch__status=BatchStatus.RUNNING, date__lte=today
        )
        .exclude(Exists(marked))
        .select_related("batch")
        .order_by("-date", "batch__name")
    )
    head, count = head_and_count(days, LINKS)
    links = tuple(
        (f"{day.batch.name} · {date_format(day.date, 'j M Y')}", reverse("training:attendance-day", args=[day.pk]))
        for day in head
    )
    return WorkItem(
        _("Training days to mark"),
        count,
        reverse("training:batch-list") + "?status=running",
        links,
        _("Every running batch's attendance is marked up to today."),
        order=10,
    )


def _nominations(user: Any) -> WorkItem:
    waiting = (
        Enrollment.objects.filter(
            batch__in=visible_batch_ids(user),
            batch__status__in=[BatchStatus.OPEN, BatchStatus.RUNNING],
            status=EnrollmentStatus.NOMINATED,
        )
        .values("batch_id", "batch__name")
        .annotate(n=Count("pk"))
        .order_by("batch__start_date", "batch_id")
    )
    rows = list(waiting)
    return WorkItem(
        _("Nominations to screen"),
        sum(r["n"] for r in rows),
        reverse("training:batch-list") + "?status=open",
        tuple(
            (f"{r['batch__name']} ({r['n']})", reverse("training:batch-detail", args=[r["batch_id"]]))
            for r in rows[:LINKS]
        ),
        _("No nomination waits for screening; open batches take nominations from their page."),
        order=20,
    )


def _running_today(user: Any, today: date) -> WorkItem:
    batches = (
        batches_visible_to(user)
        .filter(status=BatchStatus.RUNNING, start_date__lte=today, end_date__gte=today)
        .order_by("end_date", "pk")
    )
    head, count = head_and_count(batches, LINKS)
    return WorkItem(
        _("Batches running today"),
        count,
        reverse("training:batch-list") + "?status=running",
        tuple((b.name, reverse("training:batch-detail", args=[b.pk])) for b in head),
        _("No batch runs today."),
        order=15,
    )


def _agreements_to_approve(user: Any) -> WorkItem:
    proposed = agreements_visible_to(user).filter(status=AgreementStatus.PROPOSED).order_by("created_at")
    head, count = head_and_count(proposed, LINKS)
    return WorkItem(
        _("Agreements awaiting your approval"),
        count,
        reverse("training:agreement-list"),
        tuple((a.title, reverse("training:agreement-detail", args=[a.pk])) for a in head),
        _("No agreement waits for approval."),
        order=5,
    )


def _agreements_ending(user: Any, today: date) -> WorkItem:
    """In-force agreements ending within the notice period (rule ``training.agreement.notice_days``): to renew."""
    ending = agreements_expiring(user=user, today=today)
    return WorkItem(
        _("Agreements ending soon: renew or let lapse"),
        len(ending),
        reverse("training:agreement-list") + "#expiring",
        tuple(
            (f"{a.number} · {date_format(a.end_date, 'j M Y')}", reverse("training:agreement-detail", args=[a.pk]))
            for a in ending[:LINKS]
        ),
        _("No agreement of your units ends within the notice period."),
        order=6,
    )


def _units_behind(user: Any, today: date) -> WorkItem:
    """Units whose training budget absorbed less of the year's allocation than the share of the year gone by."""
    start = date(today.year, 1, 1)
    days_in_year = (date(today.year + 1, 1, 1) - start).days
    elapsed = Decimal(100 * ((today - start).days + 1)) / Decimal(days_in_year)
    behind = [
        a
        for a in allocations_visible_to(user).filter(year=today.year).order_by("unit__name")
        if absorption_percent(a.amount, a.realised or Decimal(0)) < elapsed  # type: ignore[attr-defined]
    ]
    return WorkItem(
        _("Units whose budget absorption is behind the year"),
        len(behind),
        reverse("training:budget"),
        tuple((str(a.unit), reverse("training:allocation-detail", args=[a.pk])) for a in behind[:LINKS]),
        _("Every unit has absorbed at least the share of the year gone by."),
        order=8,
    )


def _certificates_expiring(user: Any, today: date) -> WorkItem:
    """The provider's instructors whose competency certificate ends within the rule's window."""
    days = rule_int("training.instructor.expiry_notice_days", on=today)
    expiring = certificates_expiring(user=user, today=today, days=days)
    head, count = head_and_count(expiring, LINKS)
    return WorkItem(
        _("Instructor certificates expiring within %(days)s days") % {"days": days},
        count,
        reverse("training:instructor-list"),
        tuple(
            (
                f"{c.instructor.name} · {c.scheme} · {date_format(c.valid_until, 'j M Y')}",
                reverse("training:instructor-detail", args=[c.instructor_id]),
            )
            for c in head
        ),
        _("No instructor certificate ends soon."),
        order=12,
    )


def worklist(user: Any, today: date) -> list[WorkItem]:
    """Return the training work waiting for the user's role today."""
    if not can(user, Capability.TRAINING_VIEW):
        return []
    items: list[WorkItem] = []
    if can(user, Capability.AGREEMENT_APPROVE) and user.has_role(Role.HEAD_OF_UNIT):
        items.append(_agreements_to_approve(user))
        items.append(_agreements_ending(user, today))
    if user.has_role(Role.REGIONAL_VIEWER, Role.NATIONAL_VIEWER) and can(user, Capability.BUDGET_VIEW):
        items.append(_units_behind(user, today))
    if can(user, Capability.ATTENDANCE_RECORD) and not user.has_role(Role.SYSTEM_ADMIN):
        items.append(_running_today(user, today))
        items.append(_days_to_mark(user, today))
    if can(user, Capability.ENROLLMENT_EDIT) and not user.has_role(Role.SYSTEM_ADMIN):
        items.append(_nominations(user))
    if is_partner(user) and can(user, Capability.PROGRAMME_EDIT):
        items.append(_certificates_expiring(user, today))
    return items
