from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bekal.audit.models import AuditEvent
from bekal.core.formats import date_long
from bekal.people.models import CustodyPeriod
from bekal.placement import selectors, services
from bekal.placement.models import ToDoKind, ToDoStatus
from bekal.rules.models import RuleValue


def test_the_seven_pre_release_items_are_data(db):
    assert list(ToDoKind.objects.values_list("code", flat=True)) == [
        "ktp",
        "bank_account",
        "cv",
        "skck",
        "bpjs_tk",
        "work_clothes",
        "transport",
    ]


def test_declining_support_needs_a_reason(users, due_person, today):
    with pytest.raises(ValidationError) as error:
        services.readiness_set(actor=users.officer, person=due_person, status="declined", assessed_on=today)
    assert "declined_reason" in error.value.message_dict
    readiness = services.readiness_set(
        actor=users.officer, person=due_person, status="declined", declined_reason="Usaha keluarga", assessed_on=today
    )
    assert readiness.declined_reason == "Usaha keluarga"
    assert AuditEvent.objects.filter(code="placement.readiness.set").count() == 1


def test_an_unknown_readiness_is_refused_naming_the_value(users, due_person, today):
    with pytest.raises(ValidationError) as error:
        services.readiness_set(actor=users.officer, person=due_person, status="maybe", assessed_on=today)
    assert "maybe" in error.value.message_dict["status"][0]


def test_a_viewer_cannot_write_and_another_unit_is_refused(users, due_person, foreign_person, today):
    with pytest.raises(PermissionDenied):
        services.readiness_set(actor=users.regional, person=due_person, status="ready", assessed_on=today)
    with pytest.raises(ValidationError):
        services.readiness_set(actor=users.officer, person=foreign_person, status="ready", assessed_on=today)


def test_a_to_do_dated_in_the_future_is_refused(users, due_person, today):
    kind = ToDoKind.objects.get(code="ktp")
    with pytest.raises(ValidationError) as error:
        services.todo_set(
            actor=users.officer, person=due_person, kind=kind, status="done", status_date=today + timedelta(1)
        )
    assert date_long(today + timedelta(1)) in error.value.message_dict["status_date"][0]


def test_setting_a_to_do_twice_updates_the_one_item(users, due_person, today):
    kind = ToDoKind.objects.get(code="skck")
    services.todo_set(actor=users.officer, person=due_person, kind=kind, status="in_progress", status_date=today)
    services.todo_set(actor=users.officer, person=due_person, kind=kind, status="done", status_date=today)
    assert due_person.pre_release_todos.get().status == ToDoStatus.DONE


class TestDueList:
    def test_it_lists_people_due_in_the_window_with_their_open_to_dos(self, users, due_person, today):
        services.todo_set(
            actor=users.officer,
            person=due_person,
            kind=ToDoKind.objects.get(code="ktp"),
            status="done",
            status_date=today,
        )
        rows = selectors.releases_due_with_open_todos(user=users.officer, today=today)
        assert [(r.person, r.open_todos, r.release) for r in rows] == [(due_person, 6, today + timedelta(30))]

    def test_someone_with_every_to_do_closed_drops_out(self, users, due_person, today):
        items = [{"kind": k, "status": "not_needed", "status_date": today} for k in ToDoKind.objects.all()]
        services.todo_list_set(actor=users.officer, person=due_person, items=items)
        assert selectors.releases_due_with_open_todos(user=users.officer, today=today) == []
        assert len(selectors.releases_due_with_open_todos(user=users.officer, today=today, only_open=False)) == 1

    def test_the_window_is_a_rule(self, users, due_person, today):
        assert selectors.release_window_days(today) == 90
        RuleValue.objects.create(
            code="placement.release_window_days", value="20", valid_from=today - timedelta(1), source="test"
        )
        assert selectors.releases_due_with_open_todos(user=users.officer, today=today) == []

    def test_an_earliest_integration_date_counts_as_release(self, users, due_person, today):
        CustodyPeriod.objects.filter(person=due_person).update(
            expected_release_date=today + timedelta(400), parole_date=today + timedelta(10)
        )
        rows = selectors.releases_due_with_open_todos(user=users.officer, today=today)
        assert rows[0].release == today + timedelta(10)

    def test_another_units_people_are_not_listed(self, users, due_person, foreign_person, today):
        rows = selectors.releases_due_with_open_todos(user=users.officer, today=today)
        assert foreign_person not in [r.person for r in rows]
