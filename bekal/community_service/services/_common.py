"""Helpers the community-service writes share: the reach check on an order, closing its period."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied

from bekal.community_service.models import CommunityServiceOrder
from bekal.community_service.selectors.orders import orders_visible_to
from bekal.people.models import SupervisionPeriod


def require_order_reach(actor: Any, order: CommunityServiceOrder) -> None:
    """Refuse an order the actor cannot see (a 404 on pages, never a hint that it exists)."""
    if not orders_visible_to(actor).filter(pk=order.pk).exists():
        raise PermissionDenied("order outside reach")


def end_period(period: SupervisionPeriod, *, on: date, reason: str) -> None:
    # The order's own write closes its period: a site supervisor who records the last hour holds no
    # supervision.edit, and the audit event of the order names the change.
    SupervisionPeriod.objects.filter(pk=period.pk).update(ended_on=max(on, period.start_date), end_reason=reason)
