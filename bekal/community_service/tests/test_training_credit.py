"""Issue: whether training days count toward community-service hours is a per-order setting, off by default. When
it is on, each training day a client attends is credited to the order's ledger (JP x the minutes of a JP), under
every ledger rule; a refusal never undoes the attendance; a corrected absence withdraws the credit."""

from datetime import date

import pytest

from bekal.audit.models import AuditEvent
from bekal.community_service.models import WorkSession
from bekal.community_service.services import ledger as ledger_services
from bekal.community_service.services import orders as order_services
from bekal.core.formats import date_long
from bekal.rules.models import RuleValue
from bekal.training import services as training
from bekal.training.models import DayKind
from bekal.training.services.batches import plan_days
from bekal.training.tests.conftest import agreement, kodim, lsp, programme  # noqa: F401 - fixtures

FIRST = date(2026, 7, 6)  # a Monday inside the order's window (2026-03-02 to 2026-08-31)
TODAY = date(2026, 9, 15)


@pytest.fixture
def setup(world, users, make_order, programme, agreement, lsp, kodim):  # noqa: F811
    order = make_order(officer=users.pk, hours_ordered=40)
    days = plan_days(FIRST, date(2026, 8, 14))[:20]
    batch = training.batch_create(
        actor=users.sysadmin,
        programme=programme,
        units=[world.muratara],
        name="Barista Klien Bapas",
        start_date=days[0],
        end_date=days[-1],
        lsp=lsp,
        fmd_partner=kodim,
    )
    batch = training.batch_move(actor=users.sysadmin, batch=batch, status="open")
    enrollment = training.enrollment_nominate(
        actor=users.pk, batch=batch, person=order.period.person, interest_statement_on=FIRST
    )
    training.enrollment_decide(actor=users.sysadmin, enrollment=enrollment, selected=True, reason="Berminat")
    training.enrollment_enrol(actor=users.sysadmin, enrollment=enrollment)
    batch = training.batch_move(actor=users.sysadmin, batch=batch, status="running")
    return order, batch, enrollment


def training_day(batch, n=0):
    return batch.days.filter(kind=DayKind.TRAINING).order_by("date")[n]


def mark(actor, day, enrollment, code="present"):
    warnings: list[str] = []
    training.attendance_record(actor=actor, day=day, marks={enrollment.pk: code}, today=TODAY, warnings=warnings)
    return warnings


def test_training_days_are_not_credited_when_the_order_says_no(setup, users):
    order, batch, enrollment = setup
    assert order.training_counts is False
    assert mark(users.sysadmin, training_day(batch), enrollment) == []
    assert WorkSession.objects.count() == 0


def test_an_attended_day_is_credited_as_jp_times_45_minutes(setup, users):
    order, batch, enrollment = setup
    order_services.order_set_training_counts(actor=users.pk, order=order, value=True)
    day = training_day(batch)
    assert mark(users.partner, day, enrollment) == []  # the BLK's staff record attendance, not the ledger
    session = WorkSession.objects.get()
    assert session.training_day == day and session.order == order
    assert session.minutes_credited == day.jp * 45  # 8 JP -> 360 minutes
    assert (session.start.hour, session.end.hour) == (8, 8 + day.jp * 45 // 60)
    assert "Barista Klien Bapas" in session.notes
    mark(users.partner, day, enrollment)  # the same mark again credits nothing twice
    assert WorkSession.objects.count() == 1


def test_the_minutes_of_a_jp_and_the_start_hour_are_rules(setup, users):
    order, batch, enrollment = setup
    order_services.order_set_training_counts(actor=users.pk, order=order, value=True)
    RuleValue.objects.create(code="training.jp.minutes", value="50", valid_from=date(2026, 1, 1))
    RuleValue.objects.create(
        code="community_service.training_session_start_hour", value="9", valid_from=date(2026, 1, 1)
    )
    day = training_day(batch)
    mark(users.partner, day, enrollment)
    session = WorkSession.objects.get()
    assert session.minutes_credited == day.jp * 50 and session.start.hour == 9


def test_a_refused_credit_keeps_the_attendance_and_says_why(setup, users, cs):
    """KUHP Pasal 85: at most 8 hours a day; a site session the same day leaves no room for the training day."""
    order, batch, enrollment = setup
    order_services.order_set_training_counts(actor=users.pk, order=order, value=True)
    day = training_day(batch)
    from datetime import time

    ledger_services.session_record(
        actor=users.pk, order=order, date=day.date, start=time(14, 0), end=time(17, 0), outcome="attended_complied"
    )
    warnings = mark(users.partner, day, enrollment)
    assert len(warnings) == 1 and "Pasal 85" in warnings[0] and date_long(day.date) in warnings[0]
    assert day.attendances.get().reason.code == "present"
    assert WorkSession.objects.filter(training_day=day).count() == 0


def test_a_corrected_absence_withdraws_the_credit_with_an_audit_event(setup, users):
    order, batch, enrollment = setup
    order_services.order_set_training_counts(actor=users.pk, order=order, value=True)
    day = training_day(batch)
    mark(users.partner, day, enrollment)
    assert WorkSession.objects.count() == 1
    mark(users.partner, day, enrollment, "absent")
    assert WorkSession.objects.count() == 0
    assert AuditEvent.objects.filter(code="community_service.session.withdrawn").count() == 1


def test_the_attendance_page_and_api_show_the_warning(setup, users, client_for, time_machine):
    from datetime import time

    from django.urls import reverse

    order, batch, enrollment = setup
    order_services.order_set_training_counts(actor=users.pk, order=order, value=True)
    first, second = training_day(batch, 0), training_day(batch, 1)
    for day in (first, second):
        ledger_services.session_record(
            actor=users.pk, order=order, date=day.date, start=time(14, 0), end=time(17, 0), outcome="attended_complied"
        )
    time_machine.move_to(TODAY)
    page = client_for(users.partner).post(
        reverse("training:attendance-day", args=[first.pk]), {f"mark_{enrollment.pk}": "present"}
    )
    assert page.status_code == 200 and "Pasal 85" in page.content.decode()
    response = client_for(users.partner).post(
        f"/api/v1/days/{second.pk}/attendance",
        {"marks": {str(enrollment.pk): "present"}},
        content_type="application/json",
    )
    assert response.status_code == 200 and "Pasal 85" in response.json()["warnings"][0]
