"""Orders obey KUHP Pasal 85: each limit refuses an order outside it, unless the court's stated reason is given,
and then the order is saved flagged."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bekal.audit.models import AuditEvent
from bekal.community_service.models import CommunityServiceOrder
from bekal.community_service.services import orders as order_services
from bekal.community_service.tests.conftest import order_data
from bekal.people.models import SupervisionKind, SupervisionPeriod
from bekal.rules.models import RuleValue


def create(cs, users, make_person, world, **overrides):
    person = make_person(world.muratara, custody=False, nik=None)
    return order_services.order_create(
        actor=users.pk, person=person, unit=world.muratara, officer=users.pk, **order_data(cs, **overrides)
    )


def refused(cs, users, make_person, world, field, **overrides):
    with pytest.raises(ValidationError) as caught:
        create(cs, users, make_person, world, **overrides)
    messages = caught.value.message_dict
    assert field in messages, messages
    return " ".join(messages[field])


def test_a_valid_order_creates_its_community_service_period_and_audit_event(cs, users, make_person, world):
    order = create(cs, users, make_person, world)
    assert order.period.kind == SupervisionKind.COMMUNITY_SERVICE
    assert order.period.expected_end_date == order.complete_by
    assert order.period.officer == users.pk
    assert not order.is_flagged
    assert AuditEvent.objects.filter(code="community_service.order.created", object_id=str(order.pk)).exists()


def test_pasal_85_hours_below_8_are_refused(cs, users, make_person, world):
    message = refused(cs, users, make_person, world, "hours_ordered", hours_ordered=7)
    assert "Pasal 85" in message and "7" in message


def test_pasal_85_hours_above_240_are_refused(cs, users, make_person, world):
    assert "240" in refused(cs, users, make_person, world, "hours_ordered", hours_ordered=241)


def test_pasal_85_the_8_and_240_hour_bounds_are_allowed(cs, users, make_person, world):
    assert create(cs, users, make_person, world, hours_ordered=8).hours_ordered == 8
    assert create(cs, users, make_person, world, hours_ordered=240, decision_number="2").hours_ordered == 240


def test_pasal_85_more_than_8_hours_a_day_is_refused(cs, users, make_person, world):
    assert "Pasal 85" in refused(cs, users, make_person, world, "hours_per_day", hours_per_day=9)


def test_pasal_85_a_window_longer_than_6_months_is_refused(cs, users, make_person, world):
    message = refused(cs, users, make_person, world, "complete_by", complete_by=date(2026, 9, 3))
    assert "Pasal 85" in message and "6" in message
    assert create(cs, users, make_person, world, complete_by=date(2026, 9, 2)).complete_by == date(2026, 9, 2)


def test_pasal_85_an_offence_threatened_with_5_years_or_more_is_refused(cs, users, make_person, world):
    assert "Pasal 85" in refused(cs, users, make_person, world, "threatened_prison_months", threatened_prison_months=60)
    assert create(cs, users, make_person, world, threatened_prison_months=59).threatened_prison_months == 59


def test_pasal_85_replacing_more_than_6_months_prison_is_refused(cs, users, make_person, world):
    assert "Pasal 85" in refused(cs, users, make_person, world, "replaced_prison_months", replaced_prison_months=7)


def test_pasal_85_replacing_a_fine_above_category_ii_is_refused(cs, users, make_person, world):
    message = refused(
        cs, users, make_person, world, "replaced_fine", replaced_prison_months=None, replaced_fine=10_000_001
    )
    assert "Pasal 85" in message and "Rp10.000.000" in message
    order = create(cs, users, make_person, world, replaced_prison_months=None, replaced_fine=10_000_000)
    assert order.replaced_fine == 10_000_000


def test_pasal_79_fine_categories_are_data(cs, users, make_person, world):
    RuleValue.objects.create(
        code="fine.category.2", value="20000000", valid_from=date(2026, 1, 1), source="test: Pasal 79 amended"
    )
    order = create(cs, users, make_person, world, replaced_prison_months=None, replaced_fine=15_000_000)
    assert not order.is_flagged


def test_pasal_85_an_order_without_the_convicts_consent_is_refused(cs, users, make_person, world):
    assert "Pasal 85" in refused(cs, users, make_person, world, "consent_recorded", consent_recorded=False)


def test_pasal_85_a_court_departure_is_saved_only_with_its_reason_and_flagged(cs, users, make_person, world):
    message = refused(cs, users, make_person, world, "exception_reason", hours_ordered=300)
    assert "Pasal 85" in message
    order = create(cs, users, make_person, world, hours_ordered=300, exception_reason="Putusan PN menyatakan 300 jam")
    assert order.is_flagged and order.exceptions == ["hours_ordered"]


def test_pasal_85_the_decision_states_what_it_replaces_and_the_sanction(cs, users, make_person, world):
    """KUHP Pasal 85: the decision states the prison term or fine it replaces and the sanction if not done."""
    refused(cs, users, make_person, world, "replaced_prison_months", replaced_prison_months=None)
    refused(cs, users, make_person, world, "sanction", sanction="caning")


def test_the_court_and_prosecutor_must_be_of_their_kinds(cs, users, make_person, world):
    refused(cs, users, make_person, world, "court", court=cs.prosecutor)
    refused(cs, users, make_person, world, "prosecutor_office", prosecutor_office=cs.court)


def test_a_rule_change_is_data_not_code(cs, users, make_person, world):
    RuleValue.objects.create(
        code="community_service.max_hours", value="300", valid_from=date(2026, 1, 1), source="test regulation"
    )
    assert not create(cs, users, make_person, world, hours_ordered=300).is_flagged


def test_only_bapas_staff_who_edit_may_create(cs, users, make_person, world):
    person = make_person(world.muratara, custody=False, nik=None)
    for actor in [users.officer, cs.prosecutor_user, cs.site_user, users.regional]:
        with pytest.raises(PermissionDenied):
            order_services.order_create(actor=actor, person=person, unit=world.muratara, officer=None, **order_data(cs))


def test_it_attaches_to_an_existing_community_service_period(cs, users, make_person, world):
    person = make_person(
        world.muratara, custody=False, nik=None, supervision="kerja_sosial", admission_date=date(2026, 3, 2)
    )
    period = SupervisionPeriod.objects.get(person=person)
    order = order_services.order_create(
        actor=users.pk, person=person, unit=None, officer=None, period=period, **order_data(cs)
    )
    assert order.period == period
    with pytest.raises(ValidationError):
        order_services.order_create(
            actor=users.pk, person=person, unit=None, officer=None, period=period, **order_data(cs)
        )
    assert CommunityServiceOrder.objects.count() == 1
