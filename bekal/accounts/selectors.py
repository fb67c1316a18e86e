from typing import Any

from bekal.accounts.access import Capability, require
from bekal.accounts.models import Role
from bekal.audit.models import AuditEvent, AuditEventQuerySet


def audit_events_for_user(user: Any, *, code: str = "") -> AuditEventQuerySet:
    """Return the audit events a unit admin (their unit) or a system admin (all) may read, newest first."""
    require(user, Capability.AUDIT_VIEW)
    events = AuditEvent.objects.select_related("actor", "unit")
    if not user.has_role(Role.SYSTEM_ADMIN):
        events = events.filter(unit_id=user.organization_id) if user.organization_id else events.none()
    if code:
        events = events.filter(code__startswith=code)
    return events
