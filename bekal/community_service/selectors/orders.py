"""Reads of community-service orders, always scoped: Bapas staff by unit, the prosecutor's office by the orders it
supervises, a work-site supervisor by the clients placed at the site."""

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from bekal.accounts.access import Capability, can, require
from bekal.accounts.models import Role
from bekal.community_service.models import CommunityServiceOrder, OrderStatus, Placement
from bekal.community_service.selectors.ledger import progress_from, progress_of, with_ledger
from bekal.core.keyset import Total
from bekal.organizations import figure_versions
from bekal.organizations.scope import unit_scope
from bekal.people.models import SupervisionKind, SupervisionPeriod


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


def order_list(*, user: Any, today: date, status: str = "", at_risk: bool = False) -> list[dict[str, Any]]:
    """Return rows of visible orders with their progress, in a fixed number of queries."""
    return order_rows(order_queryset(user=user, today=today, status=status, at_risk=at_risk), today=today)


def order_rows(orders: Any, *, today: date) -> list[dict[str, Any]]:
    """Return each order (of a page, or a whole queryset) with its progress."""
    return [{"order": o, "progress": progress_of(o, today=today)} for o in orders]


def order_queryset(
    *, user: Any, today: date, status: str = "", at_risk: bool = False
) -> QuerySet[CommunityServiceOrder]:
    """Return the visible orders with their ledger summed, by deadline (``complete_by``, id: the list's keyset
    order); ``at_risk`` keeps those whose pace misses, decided on the figures alone."""
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
            if progress_from(
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
    return orders.order_by("complete_by", "id")


def order_total(*, user: Any, orders: QuerySet[CommunityServiceOrder], status: str, at_risk: bool) -> Total:
    """Return the exact count of the list's orders. Counted by unit scope alone (a Bapas, a Kanwil, the nation), it
    is kept under the scope's versions: every write on an order is audited at its Bapas, so a new order or a status
    moved is counted at once, and a Bapas's list does not count its thousands of orders on every page. The lists of
    a prosecutor's office or a work site (orders of other units' scopes) and of the orders at risk (which move with
    the day alone) are counted each time."""
    if at_risk or (user.organization_id and user.has_role(Role.PROSECUTOR_STAFF, Role.SITE_SUPERVISOR)):
        return Total(orders.order_by().count())
    count = figure_versions.cached(
        "community_service.order_count", unit_scope(user), (status,), lambda: orders.order_by().count()
    )
    return Total(count)


def at_risk_orders(*, user: Any, today: date) -> list[dict[str, Any]]:
    """Return the active orders whose pace will miss their deadline."""
    return order_list(user=user, today=today, status=OrderStatus.ACTIVE, at_risk=True)


def get_order_for_user(user: Any, pk: int) -> CommunityServiceOrder:
    """Return the order with its ledger summed; 404 outside the user's reach, 403 without the capability."""
    return get_object_or_404(with_ledger(orders_visible_to(user)), pk=pk)


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
