"""Reads of supervision sentences (pidana pengawasan, KUHP Pasal 75-77), scoped like community-service orders:
Bapas staff by unit, the prosecutor's office by the sentences it supervises."""

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from bekal.accounts.access import Capability, require
from bekal.accounts.models import Role
from bekal.community_service.models import MonthlyReport, SupervisionSentence
from bekal.organizations.scope import unit_scope
from bekal.people.models import CustodyPeriod


def _visible(user: Any) -> QuerySet[SupervisionSentence]:
    require(user, Capability.COMMUNITY_VIEW)
    sentences = SupervisionSentence.objects.all()
    scope = unit_scope(user)
    if scope.everything:
        return sentences
    visible = scope.q("period__unit_id") if scope.unit_ids else Q(pk__in=[])
    if user.organization_id and user.has_role(Role.PROSECUTOR_STAFF):
        visible |= Q(prosecutor_office_id=user.organization_id)
    return sentences.filter(visible)


def sentences_visible_to(user: Any) -> QuerySet[SupervisionSentence]:
    """Return the supervision sentences the user may see. Raises PermissionDenied without the capability."""
    return (
        _visible(user)
        .select_related("period__person", "period__unit", "period__officer", "court", "prosecutor_office")
        .prefetch_related(
            "reports",
            Prefetch("period__person__custody_periods", queryset=CustodyPeriod.objects.order_by("admission_date")),
        )
    )


def get_sentence_for_user(user: Any, pk: int) -> SupervisionSentence:
    """Return the sentence; 404 outside the user's reach, 403 without the capability."""
    return get_object_or_404(sentences_visible_to(user), pk=pk)


def suspended_by(sentence: SupervisionSentence, *, on: date) -> CustodyPeriod | None:
    """Return the new prison term that suspends the supervision on the date (KUHP Pasal 77), if any."""
    start = sentence.period.start_date
    for custody in sentence.period.person.custody_periods.all():
        if custody.admission_date >= start and custody.is_open_on(on):
            return custody
    return None


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


Stay = tuple[date, date | None]  # a custody period: admission, release


def _suspended_on(custody: list[Stay], start: date, on: date) -> bool:
    """Return True when a prison term begun since the supervision started runs on the date (Pasal 77)."""
    return any(
        admitted >= start and admitted <= on and (released is None or released > on) for admitted, released in custody
    )


def _missed(*, start: date, ended_on: date | None, reported: set[date], custody: list[Stay], today: date) -> list[date]:
    end = min(_first_of_month(today), _first_of_month(ended_on) if ended_on else _first_of_month(today))
    month, out = _first_of_month(start), []
    while month < end:
        # A month in which a new prison term began owes no report: the supervision is suspended by its end.
        if month not in reported and not _suspended_on(custody, start, _next_month(month) - timedelta(days=1)):
            out.append(month)
        month = _next_month(month)
    return out


def missed_months(sentence: SupervisionSentence, *, today: date) -> list[date]:
    """Return the months, from the start to the month before this one, with no report (wajib lapor) while the
    supervision ran and was not suspended."""
    period = sentence.period
    return _missed(
        start=period.start_date,
        ended_on=period.ended_on,
        reported={r.month for r in sentence.reports.all()},
        custody=[(c.admission_date, c.release_date) for c in period.person.custody_periods.all()],
        today=today,
    )


def sentence_rows(*, user: Any, today: date) -> list[dict[str, Any]]:
    """Return the visible sentences with their missed months and suspension, in a fixed number of queries."""
    return [
        {"sentence": s, "missed": missed_months(s, today=today), "suspended_by": suspended_by(s, on=today)}
        for s in sentences_visible_to(user)
    ]


def missed_report_rows(*, user: Any, today: date) -> list[dict[str, Any]]:
    """Return the open, unsuspended sentences with at least one missed monthly report.

    The home page of a Bapas calls this: only open sentences are read, with the person's name, the months reported
    and the custody periods that may suspend the supervision, not the whole sentence (issue 6, national scale).
    """
    return missed_report_rows_among(_visible(user), today=today)


def missed_report_rows_among(among: QuerySet[SupervisionSentence], *, today: date) -> list[dict[str, Any]]:
    """Return those of the sentences that are open, unsuspended and missing a monthly report (the daily job reads
    every sentence; the home page those the user may see)."""
    sentences = list(among.filter(period__ended_on__isnull=True).select_related("period__person"))
    # The months reported and the custody periods as plain tuples: hundreds of sentences with their reports,
    # made into models only to read two dates, cost more than the queries (issue 6).
    reported: dict[int, set[date]] = defaultdict(set)
    for sentence_id, month in MonthlyReport.objects.filter(sentence__in=sentences).values_list("sentence_id", "month"):
        reported[sentence_id].add(month)
    custody: dict[int, list[Stay]] = defaultdict(list)
    for person_id, admitted, released in (
        CustodyPeriod.objects.filter(person_id__in={s.period.person_id for s in sentences})
        .order_by("admission_date")
        .values_list("person_id", "admission_date", "release_date")
    ):
        custody[person_id].append((admitted, released))
    rows = []
    for sentence in sentences:
        period = sentence.period
        stays = custody[period.person_id]
        if _suspended_on(stays, period.start_date, today):
            continue
        missed = _missed(
            start=period.start_date, ended_on=None, reported=reported[sentence.pk], custody=stays, today=today
        )
        if missed:
            rows.append({"sentence": sentence, "missed": missed, "suspended_by": None})
    return rows
