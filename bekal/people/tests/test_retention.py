"""The retention rules: a daily job removes the phone number, then anonymises the identity, of people whose last
period ended longer ago than each rule; open or recent records are kept; each change is audited."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from bekal.audit.models import AuditEvent
from bekal.core import registry
from bekal.people import links
from bekal.people.models import CustodyPeriod, Person
from bekal.people.retention import people_retention_apply
from bekal.people.services import person_update
from bekal.rules.services import rule_value_set

RELEASED = date(2025, 6, 1)


@pytest.fixture
def released(world, make_person):
    person = make_person(world.martapura, full_name="Budi Lepas")
    CustodyPeriod.objects.filter(person=person).update(release_date=RELEASED, release_reason="served")
    Person.objects.filter(pk=person.pk).update(phone="0812345678", other_names="Budi L")
    return person


@pytest.fixture
def inside(world, make_person):
    return make_person(world.martapura, full_name="Andi Dalam")


def test_the_phone_goes_after_the_contact_rule_and_the_name_stays(released, inside):
    assert people_retention_apply(today=date(2027, 5, 31)) == 0
    assert people_retention_apply(today=date(2027, 6, 2)) == 1
    person = Person.objects.get(pk=released.pk)
    assert person.phone == "" and person.full_name == "Budi Lepas" and person.anonymised_at is None
    event = AuditEvent.objects.get(code="people.person.anonymised")
    assert event.unit == released.registered_unit and event.changes["cleared"] == [None, ["phone"]]


def test_the_identity_is_anonymised_after_its_rule_and_once(released, inside):
    assert people_retention_apply(today=date(2035, 6, 2)) == 1  # the phone goes with the identity
    person = Person.objects.get(pk=released.pk)
    assert person.full_name == f"Anonim #{person.pk}" and person.other_names == ""
    assert person.nik is None and person.nik_hash is None and person.phone == ""
    assert person.birth_date == date(1990, 7, 1) and person.anonymised_at is not None
    assert person.custody_periods.count() == 1  # the record and every figure built on it stay
    assert links.differences() == []  # the unit's list orders the record by its new name
    kept = Person.objects.get(pk=inside.pk)
    assert kept.full_name == "Andi Dalam" and kept.nik == inside.nik  # a period still open is kept
    assert people_retention_apply(today=date(2035, 6, 2)) == 0


def test_the_years_are_a_rule_changed_as_data(released, users, make_user, world):
    admin = make_user(world.ditjenpas, "system_admin")
    rule_value_set(
        actor=admin, code="retention.person.identity_years", value="1", valid_from=date(2026, 1, 1), source="JRA"
    )
    people_retention_apply(today=date(2026, 6, 2))
    assert Person.objects.get(pk=released.pk).anonymised_at is not None


def test_an_anonymised_record_can_no_longer_change(released, users):
    people_retention_apply(today=date(2035, 6, 2))
    with pytest.raises(ValidationError, match="dianonimkan"):
        person_update(actor=users.officer, person=released, full_name="Budi Kembali")


def test_the_job_is_one_of_the_daily_jobs():
    assert "people.retention_apply" in {job.name for job in registry.daily_jobs}
