from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from bekal.audit.models import AuditEvent
from bekal.conftest import valid_nik
from bekal.people.models import Person
from bekal.people.services import DuplicatePersonError, person_create, person_nik_reveal, person_update

BIRTH = date(1991, 3, 9)


def create(users, world, **overrides):
    unit = overrides.pop("unit", world.martapura)
    data = {
        "full_name": "Andi  Saputra",
        "birth_date": BIRTH,
        "sex": "M",
        "nik": valid_nik(birth=BIRTH, female=False),
    } | overrides
    return person_create(actor=users.officer, unit=unit, **data)


def test_it_registers_a_person_and_records_who_did_it(users, world):
    person = create(users, world)
    assert person.full_name == "Andi Saputra"
    event = AuditEvent.objects.get(code="people.person.created", object_id=str(person.pk))
    assert event.actor == users.officer and event.unit == world.martapura
    assert event.changes["full_name"] == [None, "Andi Saputra"]


def test_it_keeps_the_nik_out_of_the_audit_trail(users, world):
    person = create(users, world)
    assert person.nik not in str(AuditEvent.objects.get(object_id=str(person.pk)).changes)


def test_it_refuses_a_second_person_with_the_same_nik(users, world):
    first = create(users, world)
    with pytest.raises(DuplicatePersonError) as caught:
        create(users, world, full_name="Someone Else", nik=first.nik)
    assert caught.value.by_nik and caught.value.matches == [first]
    assert Person.objects.count() == 1


def test_it_shows_a_same_name_same_birth_date_twin_instead_of_creating_it(users, world):
    first = create(users, world, nik=None)
    with pytest.raises(DuplicatePersonError) as caught:
        create(users, world, full_name="andi saputra", nik=None)
    assert not caught.value.by_nik and caught.value.matches == [first]
    assert Person.objects.count() == 1


def test_it_registers_a_confirmed_namesake(users, world):
    create(users, world, nik=None)
    create(users, world, nik=None, confirm_new=True)
    assert Person.objects.count() == 2


def test_it_refuses_a_nik_that_disagrees_with_the_birth_date_in_indonesian(users, world):
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        create(users, world, nik=valid_nik(birth=date(1991, 3, 10), female=False))
    message = caught.value.message_dict["birth_date"][0]
    assert "tanggal lahir" in message and "10-03-91" in message and "09-03-91" in message
    assert Person.objects.count() == 0


def test_it_refuses_a_birth_date_in_the_future(users, world):
    with pytest.raises(ValidationError) as caught:
        create(users, world, birth_date=date(2999, 1, 1), nik=None)
    assert "1 Januari 2999" in caught.value.message_dict["birth_date"][0]


def test_it_refuses_a_unit_outside_the_actors_scope(users, world):
    with pytest.raises(ValidationError) as caught:
        create(users, world, unit=world.bandar_lampung)
    assert world.bandar_lampung.name in caught.value.message_dict["registered_unit"][0]


def test_it_refuses_a_partner_unit(users, world):
    with pytest.raises(ValidationError):
        person_create(actor=users.sysadmin, unit=world.blk, full_name="X", birth_date=BIRTH, sex="M")


def test_a_viewer_cannot_register(users, world):
    with pytest.raises(PermissionDenied):
        person_create(actor=users.regional, unit=world.martapura, full_name="X", birth_date=BIRTH, sex="M")


def test_update_refuses_a_nik_held_by_someone_else_and_keeps_the_record(users, world):
    first = create(users, world)
    second = create(users, world, full_name="Budi Pratama", birth_date=date(1990, 1, 1), nik=None)
    with pytest.raises(ValidationError):
        person_update(actor=users.officer, person=second, nik=first.nik, birth_date=BIRTH)
    second.refresh_from_db()
    assert second.nik is None and second.birth_date == date(1990, 1, 1)


def test_update_records_the_changed_fields(users, world):
    person = create(users, world)
    person_update(actor=users.officer, person=person, phone="081234")
    event = AuditEvent.objects.get(code="people.person.updated")
    assert event.changes == {"phone": ["", "081234"]}


def test_revealing_the_nik_is_logged(users, world):
    person = create(users, world)
    assert person_nik_reveal(actor=users.officer, person=person) == person.nik
    assert AuditEvent.objects.filter(code="people.nik.revealed", actor=users.officer).count() == 1


def test_a_viewer_cannot_reveal_the_nik(users, world):
    person = create(users, world)
    with pytest.raises(PermissionDenied):
        person_nik_reveal(actor=users.regional, person=person)
