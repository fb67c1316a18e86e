from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from bekal.accounts.access import Capability, require
from bekal.accounts.models import Role
from bekal.audit.models import AuditEvent, AuditEventQuerySet
from bekal.core.keyset import Total, estimated_rows


def audit_total(user: Any, events: AuditEventQuerySet, *, unfiltered: bool) -> Total:
    """Return the number of events beside the trail: the whole table's estimate for a system administrator's
    unfiltered trail (millions of rows at national scale), an exact count otherwise (one unit's, on its index)."""
    if unfiltered and user.has_role(Role.SYSTEM_ADMIN):
        return estimated_rows(AuditEvent)
    return Total(events.order_by().count())


def audit_events_for_user(
    user: Any,
    *,
    code: str = "",
    actor: str = "",
    unit_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> AuditEventQuerySet:
    """Return the audit events a unit admin (their unit) or a system admin (all) may read, newest first; ``code``
    keeps the codes starting with it, ``actor`` a username, ``since``/``until`` the days (both included)."""
    require(user, Capability.AUDIT_VIEW)
    events = AuditEvent.objects.select_related("actor", "unit")
    if not user.has_role(Role.SYSTEM_ADMIN):
        events = events.filter(unit_id=user.organization_id) if user.organization_id else events.none()
    if code:
        events = events.filter(code__startswith=code)
    if actor:
        events = events.filter(actor__username=actor)
    if unit_id is not None:
        events = events.filter(unit_id=unit_id)
    zone = timezone.get_current_timezone()
    if since is not None:
        events = events.filter(at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until is not None:
        events = events.filter(at__lte=datetime.combine(until, time.max, tzinfo=zone))
    return events
