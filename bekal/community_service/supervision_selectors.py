"""Reads of supervision sentences (pidana pengawasan, KUHP Pasal 75-77), scoped like community-service orders:
Bapas staff by unit, the prosecutor's office by the sentences it supervises."""

from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from bekal.accounts.access import Capability, require, unit_scope
from bekal.accounts.models import Role
from bekal.community_service.models import MonthlyReport, SupervisionSentence
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
    try:
        return sentences_visible_to(user).get(pk=pk)
    except SupervisionSentence.DoesNotExist as exc:
        raise Http404 from exc


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


def missed_months(sentence: SupervisionSentence, *, today: date) -> list[date]:
    """Return the months, from the start to the month before this one, with no report (wajib lapor) while the
    supervision ran and was not suspended."""
    period = sentence.period
    reported = {r.month for r in sentence.reports.all()}
    end = min(_first_of_month(today), _first_of_month(period.ended_on) if period.ended_on else _first_of_month(today))
    month, out = _first_of_month(period.start_date), []
    while month < end:
        # A month in which a new prison term began owes no report: the supervision is suspended by its end.
        if month not in reported and suspended_by(sentence, on=_next_month(month) - timedelta(days=1)) is None:
            out.append(month)
        month = _next_month(month)
    return out


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
    sentences = (
        _visible(user)
        .filter(period__ended_on__isnull=True)
        .select_related("period__person")
        .prefetch_related(
            Prefetch("reports", queryset=MonthlyReport.objects.only("sentence_id", "month")),
            Prefetch(
                "period__person__custody_periods",
                queryset=CustodyPeriod.objects.only("person_id", "admission_date", "release_date").order_by(
                    "admission_date"
                ),
            ),
        )
    )
    rows = []
    for sentence in sentences:
        if suspended_by(sentence, on=today) is None and (missed := missed_months(sentence, today=today)):
            rows.append({"sentence": sentence, "missed": missed, "suspended_by": None})
    return rows
