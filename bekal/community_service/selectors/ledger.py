"""An order's hours: the ledger summed in the query, the progress and the pace that says whether it is at risk."""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from bekal.community_service.models import Adjustment, CommunityServiceOrder, OrderStatus, WorkSession

NO_PROGRESS_GRACE_DAYS = 14


def with_ledger(orders: QuerySet[CommunityServiceOrder]) -> QuerySet[CommunityServiceOrder]:
    """Return the orders with their credited and adjusted minutes summed in the same query."""
    credited = (
        WorkSession.objects.filter(order=OuterRef("pk"))
        .values("order")
        .annotate(total=Sum("minutes_credited"))
        .values("total")
    )
    adjusted = (
        Adjustment.objects.filter(order=OuterRef("pk")).values("order").annotate(total=Sum("minutes")).values("total")
    )
    return orders.annotate(
        credited_minutes=Coalesce(Subquery(credited, output_field=IntegerField()), Value(0)),
        adjusted_minutes=Coalesce(Subquery(adjusted, output_field=IntegerField()), Value(0)),
    ).select_related("period__person", "period__unit", "period__officer", "court", "prosecutor_office")


@dataclass(frozen=True)
class Progress:
    """An order's hours: ordered, completed, adjusted and remaining (minutes), the pace and the projected finish."""

    ordered: int
    completed: int
    adjusted: int
    remaining: int
    projected_finish: date | None
    at_risk: bool

    @property
    def percent(self) -> int:
        """Return the share of the order done, 0 to 100."""
        if not self.ordered:
            return 100
        return min(100, round(100 * (self.completed + self.adjusted) / self.ordered))


def progress(order: CommunityServiceOrder, *, today: date, completed: int, adjusted: int) -> Progress:
    """Return the order's progress on the date; the pace is the minutes credited per day since the order started."""
    return progress_from(
        ordered=order.minutes_ordered,
        status=order.status,
        start=order.period.start_date,
        complete_by=order.complete_by,
        today=today,
        completed=completed,
        adjusted=adjusted,
    )


def progress_from(
    *, ordered: int, status: str, start: date, complete_by: date, today: date, completed: int, adjusted: int
) -> Progress:
    remaining = max(0, ordered - completed - adjusted)
    if remaining == 0 or status != OrderStatus.ACTIVE:
        return Progress(ordered, completed, adjusted, remaining, None, False)
    elapsed = max(1, (today - start).days + 1)
    done = completed + adjusted
    if done <= 0:
        at_risk = today > complete_by or elapsed > NO_PROGRESS_GRACE_DAYS
        return Progress(ordered, completed, adjusted, remaining, None, at_risk)
    per_day = done / elapsed
    finish = today + timedelta(days=math.ceil(remaining / per_day))
    return Progress(ordered, completed, adjusted, remaining, finish, finish > complete_by)


def progress_of(order: Any, *, today: date) -> Progress:
    """Return the progress of an order loaded through ``with_ledger``."""
    return progress(order, today=today, completed=order.credited_minutes, adjusted=order.adjusted_minutes)
