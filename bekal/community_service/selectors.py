"""Reads of community service, always scoped: Bapas staff by unit, the prosecutor's office by the orders it
supervises, a work-site supervisor by the clients placed at the site."""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from bekal.accounts.access import Capability, can, require
from bekal.accounts.models import Role
from bekal.community_service.models import (
    Adjustment,
    CommunityServiceOrder,
    ComplianceStep,
    OrderStatus,
    Placement,
    WorkSession,
    WorkSite,
)
from bekal.organizations.scope import unit_scope
from bekal.people.models import SupervisionKind, SupervisionPeriod

# An order with no minutes credited yet is "at risk" once this many days of its window have passed: with no pace
# there is no projection, and two weeks without a session is what a PK should look at.
NO_PROGRESS_GRACE_DAYS = 14


def _site_q(user: Any) -> Q:
    placed = Placement.objects.filter(order=OuterRef("pk"), site__organization_id=user.organization_id)
    return Q(Exists(placed))


def orders_visible_to(user: Any) -> QuerySet[CommunityServiceOrder]:
    """Return the orders the user may see. Raises PermissionDenied without the capability."""
    require(user, Capability.COMMUNITY_VIEW)
    orders = CommunityServiceOrder.objects.all()
    scope = unit_scope(user)
    if scope.everything:
        return orders
    visible = scope.q("period__unit_id") if scope.unit_ids else Q(pk__in=[])
    if user.organization_id and user.has_role(Role.PROSECUTOR_STAFF):
        visible |= Q(prosecutor_office_id=user.organization_id)
    if user.organization_id and user.has_role(Role.SITE_SUPERVISOR):
        visible |= _site_q(user)
    return orders.filter(visible)


def sees_sentence(user: Any) -> bool:
    """Return True when the user may see the sentence behind an order (offence, court, letters): Bapas staff and
    the prosecutor, not a work-site supervisor, whose task is the hours alone."""
    return can(user, Capability.PEOPLE_VIEW) or user.has_role(Role.PROSECUTOR_STAFF)


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
    return _progress(
        ordered=order.minutes_ordered,
        status=order.status,
        start=order.period.start_date,
        complete_by=order.complete_by,
        today=today,
        completed=completed,
        adjusted=adjusted,
    )


def _progress(
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


def order_list(*, user: Any, today: date, status: str = "", at_risk: bool = False) -> list[dict[str, Any]]:
    """Return rows of visible orders with their progress, in a fixed number of queries."""
    orders = with_ledger(orders_visible_to(user))
    if status:
        orders = orders.filter(status=status)
    if at_risk:
        # Decide on the figures alone, then load only the orders at risk with what the page shows: a Bapas has
        # hundreds of active orders and a handful at risk (issue 6, national scale).
        figures = orders.values_list(  # type: ignore[misc]  # the ledger sums are with_ledger's annotations
            "pk", "hours_ordered", "status", "period__start_date", "complete_by", "credited_minutes", "adjusted_minutes"
        )
        ids = [
            pk
            for pk, hours, order_status, start, complete_by, credited, adjusted in figures
            if _progress(
                ordered=hours * 60,
                status=order_status,
                start=start,
                complete_by=complete_by,
                today=today,
                completed=credited,
                adjusted=adjusted,
            ).at_risk
        ]
        orders = orders.filter(pk__in=ids)
    rows = [(o, progress_of(o, today=today)) for o in orders]
    if at_risk:
        rows = [(o, p) for o, p in rows if p.at_risk]
    return [{"order": o, "progress": p} for o, p in rows]


def at_risk_orders(*, user: Any, today: date) -> list[dict[str, Any]]:
    """Return the active orders whose pace will miss their deadline."""
    return order_list(user=user, today=today, status=OrderStatus.ACTIVE, at_risk=True)


def get_order_for_user(user: Any, pk: int) -> CommunityServiceOrder:
    """Return the order with its ledger summed; 404 outside the user's reach, 403 without the capability."""
    try:
        return with_ledger(orders_visible_to(user)).get(pk=pk)
    except CommunityServiceOrder.DoesNotExist as exc:
        raise Http404 from exc


def get_step_for_user(user: Any, pk: int) -> ComplianceStep:
    """Return a compliance step of an order the user may see; otherwise 404. A site supervisor gets 403."""
    if not sees_sentence(user):
        require(user, Capability.COMMUNITY_VIEW)
        raise PermissionDenied("letters are not for work sites")
    try:
        return ComplianceStep.objects.select_related(
            "order__period__person",
            "order__period__unit",
            "order__period__officer",
            "order__court",
            "order__prosecutor_office",
            "session",
        ).get(pk=pk, order__in=orders_visible_to(user))
    except ComplianceStep.DoesNotExist as exc:
        raise Http404 from exc


def sites_visible_to(user: Any) -> QuerySet[WorkSite]:
    """Return the work sites the user may see: every site for Bapas staff, their own site for its supervisor."""
    require(user, Capability.COMMUNITY_VIEW)
    sites = WorkSite.objects.select_related("organization__region")
    if unit_scope(user).everything or unit_scope(user).unit_ids:
        return sites
    if user.has_role(Role.SITE_SUPERVISOR) and user.organization_id:
        return sites.filter(organization_id=user.organization_id)
    if user.has_role(Role.PROSECUTOR_STAFF) and user.organization_id:
        return sites.filter(placements__order__prosecutor_office_id=user.organization_id).distinct()
    return sites.none()


def get_site_for_user(user: Any, pk: int) -> WorkSite:
    """Return a work site the user may see; otherwise 404."""
    try:
        return sites_visible_to(user).get(pk=pk)
    except WorkSite.DoesNotExist as exc:
        raise Http404 from exc


def site_day(*, user: Any, site: WorkSite, on: date) -> list[dict[str, Any]]:
    """Return the visible orders placed at the site on the date, with the sessions already recorded that day."""
    placements = (
        Placement.objects.filter(site=site, start_date__lte=on, order__in=orders_visible_to(user))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .filter(order__status=OrderStatus.ACTIVE)
        .select_related("order__period__person")
        .order_by("order__period__person__full_name")
    )
    placements_list = list(placements)
    sessions: dict[int, list[WorkSession]] = {}
    for s in WorkSession.objects.filter(date=on, order__in=[p.order_id for p in placements_list]):
        sessions.setdefault(s.order_id, []).append(s)
    return [{"placement": p, "sessions": sessions.get(p.order_id, [])} for p in placements_list]


def periods_awaiting_order(*, user: Any, person: Any = None) -> QuerySet[SupervisionPeriod]:
    """Return open community-service supervision periods at the user's units that have no order yet (a client
    registered before the court's order was recorded), oldest first; only for those who may record orders."""
    if not can(user, Capability.COMMUNITY_EDIT):
        return SupervisionPeriod.objects.none()
    periods = SupervisionPeriod.objects.filter(
        kind=SupervisionKind.COMMUNITY_SERVICE, ended_on__isnull=True, community_order__isnull=True
    )
    scope = unit_scope(user)
    if not scope.everything:
        periods = periods.filter(scope.q("unit_id")) if scope.unit_ids else periods.none()
    if person is not None:
        periods = periods.filter(person=person)
    return periods.select_related("person", "unit").order_by("start_date", "id")


def letters_due(*, user: Any) -> QuerySet[ComplianceStep]:
    """Return reports to the prosecutor still waiting for a decision, on orders the user may see."""
    return (
        ComplianceStep.objects.filter(order__in=orders_visible_to(user), decision="", kind="report")
        .select_related("order__period__person")
        .order_by("issued_on")
    )
