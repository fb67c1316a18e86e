"""Removing technical records past the retention figure the rules set for them (a daily job, ``apps.py``).

Idempotency keys (``bekal.ops.idempotency``) let the offline queue and API clients resend a write safely; once no
client will resend it (rule ``retention.idempotency_key_days``, 30 days by default) the key and the answer it stored,
which may name a person, are removed. This lives here, not in ``ops``: ops sits below the rules and the audit trail.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from bekal.audit.services import audit_record
from bekal.ops.models import IdempotencyKey
from bekal.rules.selectors import rule_int


@transaction.atomic
def idempotency_keys_purge(*, today: date) -> int:
    """Delete the idempotency keys made before ``today`` minus the retention days; return how many, audited as one
    event (no actor: the system) when any went. A second run the same day removes nothing."""
    days = rule_int("retention.idempotency_key_days", on=today)
    cutoff = timezone.make_aware(datetime.combine(today - timedelta(days=days), time.min))
    removed, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    if removed:
        audit_record(
            code="rules.idempotency_keys.purged",
            actor=None,
            obj=None,
            object_repr="idempotency keys",
            changes={"removed": removed, "before": cutoff.date(), "retention_days": days},
        )
    return removed
