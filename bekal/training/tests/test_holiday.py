from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bekal.audit.models import AuditEvent
from bekal.training import services
from bekal.training.models import Holiday

DAY = date(2031, 8, 18)


def test_create_update_and_delete_are_each_recorded(users):
    holiday = services.holiday_create(day=DAY, name=" Cuti bersama ", actor=users.sysadmin)
    services.holiday_update(holiday=holiday, day=date(2031, 8, 19), name="Cuti bersama", actor=users.sysadmin)
    services.holiday_delete(holiday=holiday, actor=users.sysadmin)
    assert not Holiday.objects.filter(name="Cuti bersama").exists()
    events = AuditEvent.objects.filter(code__startswith="training.holiday.").order_by("id")
    assert [(e.code, e.changes) for e in events] == [
        ("training.holiday.created", {"date": [None, "2031-08-18"], "name": [None, "Cuti bersama"]}),
        ("training.holiday.updated", {"date": ["2031-08-18", "2031-08-19"]}),
        ("training.holiday.deleted", {"date": ["2031-08-19", None], "name": ["Cuti bersama", None]}),
    ]
    assert {e.object_id for e in events} == {str(holiday.pk)}


def test_it_refuses_a_second_holiday_on_the_same_day(users):
    services.holiday_create(day=DAY, name="Cuti bersama", actor=users.sysadmin)
    with pytest.raises(ValidationError) as error:
        services.holiday_create(day=DAY, name="Lain", actor=users.sysadmin)
    assert "Cuti bersama" in error.value.message_dict["date"][0]


def test_it_needs_a_name(users):
    with pytest.raises(ValidationError) as error:
        services.holiday_create(day=DAY, name=" ", actor=users.sysadmin)
    assert "name" in error.value.message_dict


def test_only_the_system_administrator_keeps_the_holidays(users):
    with pytest.raises(PermissionDenied):
        services.holiday_create(day=DAY, name="Cuti bersama", actor=users.officer)
