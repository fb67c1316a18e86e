"""Community service's daily notice jobs, told to the client's PK: orders at risk (the ledger's forecast) or past
their deadline, and supervision sentences with a monthly report missing; once per cause."""

from datetime import date

import pytest

from bekal.community_service.notices import orders_notify, reports_notify
from bekal.community_service.services import supervision as services
from bekal.community_service.tests.conftest import START
from bekal.notifications.models import Notice

pytestmark = pytest.mark.django_db


def test_the_pk_is_told_once_of_an_order_at_risk_and_once_past_its_deadline(make_order, users, world, make_user):
    other_pk = make_user(world.muratara, "probation_officer")
    order = make_order(officer=users.pk)
    assert orders_notify(today=date(2026, 3, 5)) == 0  # within the grace days, no hours yet: not at risk
    assert orders_notify(today=date(2026, 3, 20)) == 1  # no hour done after 14 days: at risk
    assert orders_notify(today=date(2026, 3, 21)) == 0
    assert orders_notify(today=date(2026, 9, 1)) == 1  # past complete_by with hours open
    notices = Notice.objects.order_by("id")
    assert [(n.recipient, n.kind) for n in notices] == [(users.pk, "order_at_risk"), (users.pk, "order_overdue")]
    assert notices[0].link == f"/community-service/{order.pk}/" and "40" in notices[0].body
    assert not Notice.objects.filter(recipient=other_pk).exists()


def test_an_order_without_a_pk_tells_nobody_by_default(make_order):
    make_order()
    assert orders_notify(today=date(2026, 3, 20)) == 0


def _sentence(users, cs, make_person, world):
    person = make_person(world.muratara, full_name="Dedi Harahap", custody=False, nik=None)
    return services.sentence_create(
        actor=users.sysadmin,
        person=person,
        unit=world.muratara,
        officer=users.pk,
        start_date=START,
        court=cs.court,
        decision_number="41/Pid.B/2026/PN Llg",
        decision_date=date(2026, 1, 20),
        offence="Penggelapan",
        threatened_prison_months=48,
        term_months=12,
        prosecutor_office=cs.prosecutor,
        special_conditions="Mengganti kerugian korban",
    )


def test_the_pk_is_told_of_missed_reports_once_per_latest_month(users, cs, make_person, world):
    sentence = _sentence(users, cs, make_person, world)
    assert reports_notify(today=date(2026, 5, 10)) == 1  # March and April missed
    assert reports_notify(today=date(2026, 5, 11)) == 0
    services.monthly_report_record(
        actor=users.pk, sentence=sentence, month=date(2026, 5, 1), reported_on=date(2026, 5, 20)
    )
    assert reports_notify(today=date(2026, 6, 10)) == 0  # May reported; March and April already told
    assert reports_notify(today=date(2026, 7, 10)) == 1  # June missed
    notices = Notice.objects.order_by("id")
    assert [n.key for n in notices] == ["2026-04", "2026-06"]
    assert {n.recipient for n in notices} == {users.pk}
    assert "Maret 2026" in notices[0].body and "April 2026" in notices[0].body
    assert notices[0].link == f"/community-service/supervision/{sentence.pk}/"
