"""The daily ``refresh_agreements`` command: audited as the system, and a second run the same day changes nothing."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from bekal.audit.models import AuditEvent
from bekal.training.models import AgreementStatus

JAKARTA = ZoneInfo("Asia/Jakarta")


def run(*args: str) -> str:
    out = StringIO()
    call_command("refresh_agreements", *args, stdout=out)
    return out.getvalue()


def test_it_marks_an_agreement_expiring_as_the_system_and_a_second_run_the_same_day_changes_nothing(agreement):
    # The agreement ends 2026-12-31; 90 days' notice starts on 2026-10-02.
    with time_machine.travel(datetime(2026, 10, 10, 23, 30, tzinfo=JAKARTA), tick=False):
        assert "1 agreement(s) moved" in run()
        assert "0 agreement(s) moved" in run()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.EXPIRING
    events = list(AuditEvent.objects.filter(object_id=str(agreement.pk), code__startswith="training.agreement."))
    assert [(e.code, e.actor_id, e.changes) for e in events] == [
        ("training.agreement.expiring", None, {"status": ["active", "expiring"]})
    ]


def test_it_marks_an_agreement_expired_after_its_end_once(agreement):
    run("--date", "2027-01-01")
    run("--date", "2027-01-01")
    run("--date", "2027-01-02")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.EXPIRED
    assert AuditEvent.objects.filter(code="training.agreement.expired", object_id=str(agreement.pk)).count() == 1


def test_it_uses_the_day_in_jakarta(agreement):
    # 2026-10-01 18:00 UTC is already 2026-10-02 in Jakarta: the first day of the notice period.
    with time_machine.travel(datetime(2026, 10, 1, 18, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        assert "2026-10-02: 1 agreement(s) moved" in run()


def test_it_refuses_a_date_it_cannot_read(db):
    with pytest.raises(CommandError, match="not a date"):
        run("--date", "10/10/2026")
