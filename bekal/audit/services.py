"""Write the audit trail. Every service calls ``audit_record`` inside its own transaction."""

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from bekal.audit import events
from bekal.audit.models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (date, datetime, Decimal)):
        return str(value)
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """Return the named fields of an instance as plain JSON values (foreign keys as ids)."""
    out = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = _plain(getattr(instance, attname))
    return out


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return {field: [old, new]} for every field whose value differs."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def created_diff(values: dict[str, Any], *, keep_empty: bool = False) -> dict[str, list[Any]]:
    """Return the changes of a new record, {field: [None, value]}, from its snapshot; empty values (None, "" or [])
    are left out unless ``keep_empty``."""
    return {k: [None, v] for k, v in values.items() if keep_empty or v not in (None, "", [])}


def audit_record(
    *,
    code: str,
    actor: Any,
    obj: models.Model | None,
    unit: Any = None,
    changes: dict[str, Any] | None = None,
    at: datetime | None = None,
    object_repr: str = "",
) -> AuditEvent:
    """Record one event; must run inside the transaction of the write it describes, with a registered code.

    ``obj`` is None only for an event about no stored record (a failed sign-in with an unknown username): then
    ``object_repr`` says what it was about."""
    events.check(code)
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"audit_record({code}) called outside a transaction")
    return AuditEvent.objects.create(
        at=at or timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        unit=unit,
        code=code,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(str(obj) if obj is not None else object_repr)[:200],
        changes={k: [_plain(x) for x in v] if isinstance(v, list) else _plain(v) for k, v in (changes or {}).items()},
    )
