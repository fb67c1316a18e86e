"""Reads of work sites and of the clients placed at a site on a day, scoped like the orders."""

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from bekal.accounts.access import Capability, require
from bekal.accounts.models import Role
from bekal.community_service.models import OrderStatus, Placement, WorkSession, WorkSite
from bekal.community_service.selectors.orders import orders_visible_to
from bekal.organizations.scope import unit_scope


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
    return get_object_or_404(sites_visible_to(user), pk=pk)


def get_placement_for_user(user: Any, pk: int) -> Placement:
    """Return a placement of an order the user may see, with its order, period and site; otherwise 404."""
    return get_object_or_404(
        Placement.objects.filter(order__in=orders_visible_to(user)).select_related(
            "order__period__unit", "order__period__person", "site__organization"
        ),
        pk=pk,
    )


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
