"""The hours ledger, in minutes: what a session may credit, and what it may not."""

from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bekal.audit.models import AuditEvent
from bekal.community_service.models import Outcome, WorkSession
from bekal.community_service.selectors import ledger as ledger_selectors
from bekal.community_service.selectors import orders as order_selectors
from bekal.community_service.services import ledger as ledger_services
from bekal.rules.models import RuleValue

DAY = date(2026, 3, 3)


def record(actor, order, *, on=DAY, start=(8, 0), end=(12, 0), outcome=Outcome.ATTENDED_COMPLIED, **extra):
    return ledger_services.session_record(
        actor=actor, order=order, date=on, start=time(*start), end=time(*end), outcome=outcome, **extra
    )


def errors(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_a_session_credits_its_minutes_and_is_audited(users, order):
    session = record(users.pk, order)
    assert session.minutes_credited == 240 and session.placement is not None
    assert AuditEvent.objects.filter(code="community_service.session.recorded").count() == 1


def test_pasal_85_a_ninth_hour_in_one_day_is_refused(users, order):
    record(users.pk, order, start=(7, 0), end=(15, 0))
    message = " ".join(errors(lambda: record(users.pk, order, start=(15, 0), end=(16, 0)))["end"])
    assert "Pasal 85" in message and "paling lama 8 jam sehari" in message  # hours as hours, never "8:00"
    assert "sudah 8 jam, sesi ini menambah 1 jam" in message and ":00" not in message


def test_the_daily_limit_is_the_rule_in_force(users, order):
    RuleValue.objects.create(
        code="community_service.max_hours_per_day", value="4", valid_from=date(2026, 1, 1), source="test"
    )
    errors(lambda: record(users.pk, order, start=(8, 0), end=(13, 0)))


def test_the_daily_limit_counts_every_order_of_the_client(users, order):
    record(users.pk, order, start=(7, 0), end=(11, 0))
    record(users.pk, order, start=(11, 0), end=(15, 0))
    assert "end" in errors(lambda: record(users.pk, order, start=(15, 0), end=(15, 30)))


def test_credit_beyond_what_remains_is_refused(users, order):
    for day in (2, 3, 4, 5):  # 4 days of 8 hours: 32 of the 40 hours
        record(users.pk, order, on=date(2026, 3, day), start=(7, 0), end=(15, 0))
    record(users.pk, order, on=date(2026, 3, 6), start=(7, 0), end=(14, 0))  # 39 hours; 1 remains
    refusal = errors(lambda: record(users.pk, order, on=date(2026, 3, 9), start=(7, 0), end=(9, 0)))
    assert " ".join(refusal["minutes_credited"]) == "Sisa hanya 1 jam dari 40 jam; 2 jam terlalu banyak"
    record(users.pk, order, on=date(2026, 3, 9), start=(7, 0), end=(8, 0))


def test_pasal_85_a_session_outside_the_order_window_is_refused(users, order):
    assert "Pasal 85" in " ".join(errors(lambda: record(users.pk, order, on=date(2026, 3, 1)))["date"])
    assert "date" in errors(lambda: record(users.pk, order, on=date(2026, 9, 1)))


def test_a_second_entry_for_the_same_client_and_time_is_refused(users, order):
    record(users.pk, order, start=(8, 0), end=(10, 0))
    assert "start" in errors(lambda: record(users.pk, order, start=(9, 0), end=(9, 30), outcome=Outcome.SENT_HOME))
    record(users.pk, order, start=(10, 0), end=(11, 0))


def test_an_outcome_that_does_not_count_credits_nothing(users, order):
    session = record(users.pk, order, outcome=Outcome.UNACCEPTABLE_ABSENCE)
    assert session.minutes_credited == 0 and not session.counts and session.enforceable
    assert "minutes_credited" in errors(
        lambda: record(
            users.pk, order, start=(13, 0), end=(14, 0), outcome=Outcome.ATTENDED_FAILED, minutes_credited=30
        )
    )


def test_an_acceptable_absence_needs_its_reason(users, order):
    assert "absence_reason" in errors(lambda: record(users.pk, order, outcome=Outcome.ACCEPTABLE_ABSENCE))
    session = record(users.pk, order, outcome=Outcome.ACCEPTABLE_ABSENCE, absence_reason="Sakit, surat dokter")
    assert not session.counts and not session.enforceable


def test_credit_never_exceeds_the_session_length(users, order):
    assert "minutes_credited" in errors(lambda: record(users.pk, order, minutes_credited=300))


def test_a_site_supervisor_records_only_clients_placed_at_the_site(users, cs, order, make_order):
    assert record(cs.site_user, order).recorded_by == cs.site_user
    with pytest.raises(PermissionDenied):
        record(cs.other_site_user, order, start=(13, 0), end=(14, 0))
    unplaced = make_order(name="Belum Ditempatkan")
    with pytest.raises(PermissionDenied):
        record(cs.site_user, unplaced)


def test_a_prosecutor_cannot_record(users, cs, order):
    with pytest.raises(PermissionDenied):
        record(cs.prosecutor_user, order)


def test_adjustments_are_for_authorised_roles_only(users, cs, order):
    for actor in [users.pk, cs.site_user, cs.prosecutor_user]:
        with pytest.raises(PermissionDenied):
            ledger_services.adjustment_create(actor=actor, order=order, minutes=60, reason="Kerja tambahan")
    adjustment = ledger_services.adjustment_create(
        actor=cs.head, order=order, minutes=60, reason="Kerja tambahan", on=DAY
    )
    assert adjustment.minutes == 60
    assert "reason" in errors(
        lambda: ledger_services.adjustment_create(actor=cs.head, order=order, minutes=-30, reason="")
    )
    assert "minutes" in errors(
        lambda: ledger_services.adjustment_create(actor=cs.head, order=order, minutes=-120, reason="Koreksi")
    )


def test_the_order_shows_ordered_completed_adjusted_remaining_and_projected_finish(users, cs, order):
    record(users.pk, order, on=date(2026, 3, 2), start=(8, 0), end=(12, 0))
    record(users.pk, order, on=date(2026, 3, 3), start=(8, 0), end=(12, 0))
    ledger_services.adjustment_create(actor=cs.head, order=order, minutes=120, reason="Kerja bakti", on=DAY)
    loaded = order_selectors.get_order_for_user(users.pk, order.pk)
    progress = ledger_selectors.progress_of(loaded, today=date(2026, 3, 11))
    assert (progress.ordered, progress.completed, progress.adjusted, progress.remaining) == (2400, 480, 120, 1800)
    # 600 minutes in 10 days = 60 a day: 1800 more take 30 days.
    assert progress.projected_finish == date(2026, 4, 10) and not progress.at_risk


def test_an_order_whose_pace_misses_its_deadline_is_at_risk(users, order):
    record(users.pk, order, on=date(2026, 3, 2), start=(8, 0), end=(9, 0))
    loaded = order_selectors.get_order_for_user(users.pk, order.pk)
    slow = ledger_selectors.progress_of(loaded, today=date(2026, 6, 1))
    assert slow.at_risk and slow.projected_finish > order.complete_by
    assert [r["order"] for r in order_selectors.at_risk_orders(user=users.pk, today=date(2026, 6, 1))] == [order]
    assert order_selectors.at_risk_orders(user=users.pk, today=date(2026, 3, 3)) == []


def test_an_order_with_no_credit_is_at_risk_after_the_grace_period(users, order):
    loaded = order_selectors.get_order_for_user(users.pk, order.pk)
    assert not ledger_selectors.progress_of(loaded, today=date(2026, 3, 10)).at_risk
    assert ledger_selectors.progress_of(loaded, today=date(2026, 3, 20)).at_risk


def test_the_ledger_is_kept_in_minutes(users, order):
    session = record(users.pk, order, start=(8, 0), end=(9, 45))
    assert WorkSession.objects.get(pk=session.pk).minutes_credited == 105
