"""The figures counted from each unit's own records, per unit and year: the enrolments at each step of the funnel
and the attendance days (from the enrolment facts), the community-service orders due and completed, and the
training budget allocated and realised.

One cached part per unit holds them all (``figure_versions.summed``): a write in a unit (an attendance mark, an
hour of community service, a realisation) recomputes that unit's one part, in a few small queries, and the
nation's table, its Kanwils, its units and its years are all regrouped from the same sum (``kpis.selectors``).
A part's groups are (key, year): the key is the unit itself, or the programme or the provider for those
breakdowns (which have no budget and no orders); the year is the one that decides each figure's year (the batch's
end, the order's deadline, the budget year), so a year filter picks its groups from the same sum."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear

from bekal.community_service.models import CommunityServiceOrder, OrderStatus
from bekal.kpis.funnel import FUNNEL, PEOPLE_STEPS, step_q
from bekal.kpis.models import EnrolmentFact
from bekal.training.models import BudgetAllocation, BudgetRealisation

# The enrolment counts (each fact is one enrolment of one unit: no DISTINCT), then the orders, then the budget.
ENROLMENTS = (*(s for s in FUNNEL if s not in PEOPLE_STEPS), "marked", "attended")
ORDERS = ("orders_completed", "orders_due")
BUDGET = ("realised", "allocated", "allocations")
COLUMNS = (*ENROLMENTS, *ORDERS, *BUDGET)
GRAINS = ("unit", "programme", "provider")

Parts = dict[int, dict[tuple[Any, Any], tuple[Any, ...]]]


def due(orders: QuerySet[CommunityServiceOrder], year: int | None, today: date) -> QuerySet[CommunityServiceOrder]:
    """Return the orders due by today (or ended), of the year when one is given."""
    orders = orders.filter(Q(complete_by__lt=today) | ~Q(status=OrderStatus.ACTIVE))
    return orders.filter(complete_by__year=year) if year is not None else orders


def parts(*, facts: QuerySet[EnrolmentFact], grain: str, orders_and_budget: bool, today: date, ids: list[int]) -> Parts:
    """Return {unit: {(key, year): the COLUMNS}} for these units: one query over their enrolment facts (``facts``,
    already narrowed by the filters but for the units), and with ``orders_and_budget`` (the unit grain without a
    programme or provider filter) one over their orders and two over their budget."""
    assert grain in GRAINS, grain
    rows: dict[int, dict[tuple[Any, Any], list[Any]]] = {}

    def put(unit: int, group: tuple[Any, Any], first: str, values: list[Any]) -> None:
        row = rows.setdefault(unit, {}).setdefault(group, [0] * len(COLUMNS))
        start = COLUMNS.index(first)
        row[start : start + len(values)] = values

    facts = facts.filter(unit_id__in=ids)
    # (Named n_*: an aggregate may not share a name with a column it reads.)
    counts: dict[str, Any] = {f"n_{s}": Count("pk", filter=step_q(s)) for s in ENROLMENTS[:-2]}
    counts["n_marked"] = Coalesce(Sum("days_marked"), 0)
    counts["n_attended"] = Coalesce(Sum("days_attended"), 0)
    key = F("unit_id") if grain == "unit" else F(f"{grain}_id")
    for row in facts.annotate(g=key).values("unit_id", "g", "year").annotate(**counts).order_by():
        put(row["unit_id"], (row["g"], row["year"]), ENROLMENTS[0], [row[f"n_{n}"] for n in ENROLMENTS])
    if orders_and_budget:
        orders = due(CommunityServiceOrder.objects.filter(period__unit_id__in=ids), None, today)
        for row in (
            orders.annotate(y=ExtractYear("complete_by"))
            .values("period__unit_id", "y")
            .annotate(n=Count("id"), done=Count("id", filter=Q(status=OrderStatus.COMPLETED)))
            .order_by()
        ):
            unit = row["period__unit_id"]
            put(unit, (unit, row["y"]), ORDERS[0], [row["done"], row["n"]])
        allocations = BudgetAllocation.objects.filter(unit_id__in=ids).values("unit_id", "year")
        for row in allocations.annotate(s=Sum("amount"), n=Count("id")).order_by():
            put(row["unit_id"], (row["unit_id"], row["year"]), "allocated", [row["s"], row["n"]])
        realisations = BudgetRealisation.objects.filter(allocation__unit_id__in=ids)
        for unit, year, amount in (
            realisations.values_list("allocation__unit_id", "allocation__year").annotate(s=Sum("amount")).order_by()
        ):
            put(unit, (unit, year), "realised", [amount])
    return {unit: {group: tuple(values) for group, values in groups.items()} for unit, groups in rows.items()}


def as_money(amount: Any) -> Decimal:
    """Return a budget sum as money (a group without realisations adds plain zeros)."""
    return amount if isinstance(amount, Decimal) else Decimal(amount)
