from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bekal.audit.models import AuditEvent
from bekal.training import services
from bekal.training.models import Holiday
from bekal.training.services.batches import plan_days

DAY = date(2031, 8, 18)


def test_create_update_and_delete_are_each_recorded_with_their_reason(users):
    holiday = services.holiday_create(day=DAY, name=" Cuti bersama ", actor=users.sysadmin, reason="SKB 2031")
    services.holiday_update(
        holiday=holiday, day=date(2031, 8, 19), name="Cuti bersama", actor=users.sysadmin, reason="SKB revisi"
    )
    services.holiday_delete(holiday=holiday, actor=users.sysadmin, reason="dibatalkan")
    assert not Holiday.objects.filter(name="Cuti bersama").exists()
    events = AuditEvent.objects.filter(code__startswith="training.holiday.").order_by("id")
    created = {"date": [None, "2031-08-18"], "name": [None, "Cuti bersama"], "kind": [None, "holiday"]}
    created |= {"to_confirm": [None, False], "reason": "SKB 2031"}
    deleted = {"date": ["2031-08-19", None], "name": ["Cuti bersama", None], "kind": ["holiday", None]}
    deleted |= {"to_confirm": [False, None], "reason": "dibatalkan"}
    assert [(e.code, e.changes) for e in events] == [
        ("training.holiday.created", created),
        ("training.holiday.updated", {"date": ["2031-08-18", "2031-08-19"], "reason": "SKB revisi"}),
        ("training.holiday.deleted", deleted),
    ]
    assert {e.object_id for e in events} == {str(holiday.pk)}


def test_it_refuses_a_second_holiday_on_the_same_day(users):
    services.holiday_create(day=DAY, name="Cuti bersama", actor=users.sysadmin, reason="x")
    with pytest.raises(ValidationError) as error:
        services.holiday_create(day=DAY, name="Lain", actor=users.sysadmin, reason="x")
    assert "Cuti bersama" in error.value.message_dict["date"][0]


def test_it_needs_a_name_and_a_reason(users):
    with pytest.raises(ValidationError) as error:
        services.holiday_create(day=DAY, name=" ", actor=users.sysadmin, reason="x")
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.holiday_create(day=DAY, name="Cuti", actor=users.sysadmin, reason=" ")
    assert "reason" in error.value.message_dict


def test_only_the_system_administrator_keeps_the_holidays(users):
    with pytest.raises(PermissionDenied):
        services.holiday_create(day=DAY, name="Cuti bersama", actor=users.officer, reason="x")


def test_1_january_2027_is_no_longer_planned_as_a_training_day(db):
    # The 2027 holidays are shipped (migration 0007): New Year's Day was planned as a training day before.
    days = plan_days(date(2026, 12, 28), date(2027, 1, 8))
    assert date(2027, 1, 1) not in days
    assert date(2026, 12, 31) in days and date(2027, 1, 4) in days
    new_year = Holiday.objects.get(date=date(2027, 1, 1))
    assert new_year.kind == "holiday" and not new_year.to_confirm


def test_the_2027_lunar_holidays_and_joint_leave_await_the_decree(db):
    idul_fitri = Holiday.objects.filter(date__year=2027, name="Idul Fitri 1448 H")
    assert idul_fitri.count() == 2 and all(h.to_confirm for h in idul_fitri)
    joint = Holiday.objects.filter(date__year=2027, kind="joint_leave")
    assert joint.exists() and all(h.to_confirm for h in joint)
    assert not Holiday.objects.get(date=date(2027, 8, 17)).to_confirm
