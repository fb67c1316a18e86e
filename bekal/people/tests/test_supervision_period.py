from datetime import date

import pytest
from django.core.exceptions import ValidationError

from bekal.audit.models import AuditEvent
from bekal.people.models import SupervisionPeriod
from bekal.people.services import supervision_period_create, supervision_period_update


def supervise(users, person, unit, **overrides):
    data = {"kind": "pb", "start_date": date(2026, 2, 1), "officer": users.pk} | overrides
    return supervision_period_create(actor=users.pk, person=person, unit=unit, **data)


def test_a_pk_places_a_client_under_supervision(users, world, make_person):
    person = make_person(world.muratara, custody=False)
    period = supervise(users, person, world.muratara)
    assert period.officer == users.pk
    assert AuditEvent.objects.filter(code="people.supervision.created").exists()


def test_it_refuses_an_officer_who_is_not_a_pk_at_that_bapas(users, world, make_person):
    person = make_person(world.muratara, custody=False)
    with pytest.raises(ValidationError) as caught:
        supervise(users, person, world.muratara, officer=users.officer)
    assert world.muratara.name in caught.value.message_dict["officer"][0]


def test_it_refuses_an_end_before_the_start(users, world, make_person):
    person = make_person(world.muratara, custody=False)
    period = supervise(users, person, world.muratara)
    with pytest.raises(ValidationError) as caught:
        supervision_period_update(actor=users.pk, period=period, ended_on=date(2026, 1, 1), end_reason="completed")
    assert "1 Januari 2026" in caught.value.message_dict["ended_on"][0]


def test_ending_needs_a_reason(users, world, make_person):
    person = make_person(world.muratara, custody=False)
    period = supervise(users, person, world.muratara)
    with pytest.raises(ValidationError) as caught:
        supervision_period_update(actor=users.pk, period=period, ended_on=date(2026, 3, 1))
    assert "end_reason" in caught.value.message_dict


def test_ending_is_audited_as_an_end(users, world, make_person):
    person = make_person(world.muratara, custody=False)
    period = supervise(users, person, world.muratara)
    supervision_period_update(actor=users.pk, period=period, ended_on=date(2026, 3, 1), end_reason="completed")
    assert AuditEvent.objects.filter(code="people.supervision.ended").exists()


def test_it_refuses_two_overlapping_periods_of_one_kind(users, world, make_person):
    person = make_person(world.muratara, custody=False)
    supervise(users, person, world.muratara, expected_end_date=date(2026, 12, 31))
    with pytest.raises(ValidationError):
        supervise(users, person, world.muratara, start_date=date(2026, 6, 1))
    assert SupervisionPeriod.objects.count() == 1


def test_a_training_officer_cannot_supervise(users, world, make_person):
    person = make_person(world.muratara, custody=False)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        supervision_period_create(
            actor=users.officer, person=person, unit=world.muratara, kind="pb", start_date=date(2026, 2, 1)
        )
