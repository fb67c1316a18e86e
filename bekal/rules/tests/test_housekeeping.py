"""Idempotency keys are kept for the retention figure (rule retention.idempotency_key_days, 30 days) and then removed
by a daily job, audited (issue 15 review leftovers)."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from bekal.audit.models import AuditEvent
from bekal.core import registry
from bekal.ops.models import IdempotencyKey
from bekal.rules.housekeeping import idempotency_keys_purge
from bekal.rules.models import RuleValue

TODAY = date(2027, 3, 1)


def key(user, name, *, days_old):
    row = IdempotencyKey.objects.create(user=user, key=name, scope="training.attendance", fingerprint="f" * 64)
    made = timezone.make_aware(datetime.combine(TODAY, datetime.min.time())) - timedelta(days=days_old, hours=-9)
    IdempotencyKey.objects.filter(pk=row.pk).update(created_at=made)
    return row


def test_keys_older_than_the_retention_days_are_removed_and_audited(users):
    key(users.officer, "old-key-0001", days_old=31)
    key(users.officer, "old-key-0002", days_old=45)
    kept = key(users.officer, "new-key-0001", days_old=29)
    assert idempotency_keys_purge(today=TODAY) == 2
    assert list(IdempotencyKey.objects.values_list("pk", flat=True)) == [kept.pk]
    event = AuditEvent.objects.get(code="rules.idempotency_keys.purged")
    assert event.actor is None and event.changes == {"removed": 2, "before": "2027-01-30", "retention_days": 30}
    assert idempotency_keys_purge(today=TODAY) == 0  # a second run the same day removes nothing
    assert AuditEvent.objects.filter(code="rules.idempotency_keys.purged").count() == 1


def test_the_retention_is_a_rule_changed_as_data(users):
    key(users.officer, "old-key-0003", days_old=10)
    RuleValue.objects.create(code="retention.idempotency_key_days", value="7", valid_from=date(2020, 1, 1), source="x")
    assert idempotency_keys_purge(today=TODAY) == 1


def test_the_purge_is_one_of_the_daily_jobs():
    assert "rules.idempotency_keys_purge" in {job.name for job in registry.daily_jobs}
