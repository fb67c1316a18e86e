from datetime import date

import pytest
from django.core.exceptions import ValidationError

from bekal.audit.models import AuditEvent
from bekal.people.models import CustodyPeriod
from bekal.people.services import (
    custody_period_create,
    custody_period_release,
    custody_period_update,
    integration_dates,
)
from bekal.rules.models import RuleValue


def admit(users, person, unit, **overrides):
    data = {"admission_date": date(2024, 1, 1), "offence_category": "theft", "sentence_years": 3} | overrides
    return custody_period_create(actor=users.officer, person=person, unit=unit, **data)


class TestIntegrationDates:
    def test_a_three_year_sentence_gives_parole_at_two_thirds_and_assimilation_at_half(self, db):
        dates = integration_dates(admission=date(2024, 1, 1), years=3, months=0, days=0)
        assert dates.sentence_end == date(2027, 1, 1)
        # 1,096 days: 2/3 is 730.67 -> 731 days; 1/2 is 548 days.
        assert dates.parole == date(2026, 1, 1)
        assert dates.assimilation == date(2025, 7, 2)
        assert dates.leave is None  # over 18 months: no conditional leave

    def test_a_one_year_sentence_gives_no_parole_because_two_thirds_is_under_nine_months(self, db):
        dates = integration_dates(admission=date(2025, 1, 1), years=1, months=0, days=0)
        assert dates.parole is None
        assert dates.leave == date(2025, 9, 2)  # 365 * 2/3 = 243.3 -> 244 days after 1 January

    def test_an_eighteen_month_sentence_still_allows_conditional_leave(self, db):
        dates = integration_dates(admission=date(2025, 1, 1), years=1, months=6, days=0)
        assert dates.leave is not None and dates.parole is not None

    def test_a_rule_change_from_a_date_applies_to_admissions_from_that_date(self, db):
        RuleValue.objects.create(
            code="release.parole.fraction", value="1/2", valid_from=date(2026, 1, 1), source="test regulation"
        )
        before = integration_dates(admission=date(2025, 12, 31), years=3, months=0, days=0)
        after = integration_dates(admission=date(2026, 1, 1), years=3, months=0, days=0)
        assert (before.parole - date(2025, 12, 31)).days == 731
        assert (after.parole - date(2026, 1, 1)).days == 548


def test_it_admits_with_computed_dates_and_audits(users, world, make_person):
    person = make_person(world.martapura, custody=False)
    period = admit(users, person, world.martapura)
    assert period.expected_release_date == date(2027, 1, 1)
    assert period.parole_date == date(2026, 1, 1)
    assert period.earliest_integration_date == date(2025, 7, 2)
    assert AuditEvent.objects.filter(code="people.custody.created", object_id=str(period.pk)).exists()


def test_a_sentence_part_past_what_the_register_holds_is_refused_by_name_through_the_form_and_the_api(
    users, world, make_person, client_for
):
    person = make_person(world.martapura, custody=False)
    with pytest.raises(ValidationError) as caught:
        admit(users, person, world.martapura, sentence_days=32768)
    assert caught.value.message_dict["sentence_days"] == ["masa pidana: hari 32.768; harus antara 0 dan 32.767"]
    client = client_for(users.officer)
    form = {
        "unit": world.martapura.pk,
        "admission_date": "2024-01-01",
        "offence_category": "theft",
        "sentence_months": "0",
    }
    page = client.post(f"/people/{person.pk}/custody/new/", {**form, "sentence_years": "2", "sentence_days": "32768"})
    assert page.status_code == 200 and "harus antara 0 dan 32.767" in page.content.decode()
    body = {
        "unit": world.martapura.pk,
        "admission_date": "2024-01-01",
        "offence_category": "theft",
        "sentence_months": -1,
    }
    answer = client.post(f"/api/v1/people/{person.pk}/custody-periods", body, content_type="application/json")
    assert answer.status_code == 422 and CustodyPeriod.objects.count() == 0
    assert "-1" in answer.json()["detail"]["sentence_months"][0]
    body["sentence_months"], body["sentence_days"] = 0, 40000
    answer = client.post(f"/api/v1/people/{person.pk}/custody-periods", body, content_type="application/json")
    assert answer.status_code == 422 and "40" in answer.json()["detail"]["sentence_days"][0]
    assert CustodyPeriod.objects.count() == 0


def test_it_refuses_an_overlapping_custody_period_and_names_both(users, world, make_person):
    person = make_person(world.martapura, custody=False)
    admit(users, person, world.martapura)
    with pytest.raises(ValidationError) as caught:
        admit(users, person, world.martapura, admission_date=date(2025, 6, 1))
    message = caught.value.message_dict["admission_date"][0]
    assert "1 Januari 2024" in message and "1 Juni 2025" in message and world.martapura.name in message
    assert CustodyPeriod.objects.count() == 1


def test_a_new_admission_after_release_is_accepted(users, world, make_person):
    person = make_person(world.martapura, custody=False)
    first = admit(users, person, world.martapura)
    custody_period_release(
        actor=users.officer, period=first, release_date=date(2025, 1, 1), release_reason="pb", release_decree="SK-1"
    )
    admit(users, person, world.martapura, admission_date=date(2025, 1, 1))
    assert CustodyPeriod.objects.filter(person=person).count() == 2


def test_it_refuses_a_release_before_admission(users, world, make_person):
    person = make_person(world.martapura, custody=False)
    period = admit(users, person, world.martapura)
    with pytest.raises(ValidationError) as caught:
        custody_period_release(actor=users.officer, period=period, release_date=date(2023, 12, 31), release_reason="pb")
    assert "31 Desember 2023" in caught.value.message_dict["release_date"][0]
    period.refresh_from_db()
    assert period.release_date is None


def test_it_refuses_a_bapas_as_custody_unit(users, world, make_person):
    person = make_person(world.martapura, custody=False)
    with pytest.raises(ValidationError) as caught:
        custody_period_create(
            actor=users.sysadmin,
            person=person,
            unit=world.muratara,
            admission_date=date(2024, 1, 1),
            offence_category="theft",
        )
    assert world.muratara.name in caught.value.message_dict["unit"][0]


def test_it_refuses_an_unknown_offence_category(users, world, make_person):
    person = make_person(world.martapura, custody=False)
    with pytest.raises(ValidationError) as caught:
        admit(users, person, world.martapura, offence_category="piracy")
    assert "piracy" in caught.value.message_dict["offence_category"][0]


def test_an_update_recomputes_dates_and_logs_the_change(users, world, make_person):
    person = make_person(world.martapura, custody=False)
    period = admit(users, person, world.martapura)
    period = custody_period_update(actor=users.officer, period=period, sentence_years=6)
    assert period.expected_release_date == date(2030, 1, 1)
    assert period.parole_date == date(2028, 1, 2)  # 2,192 days * 2/3 = 1,461.3 -> 1,462 days
    event = AuditEvent.objects.get(code="people.custody.updated")
    assert event.changes["sentence_years"] == [3, 6]


def test_a_typed_expected_release_survives_a_sentence_correction(users, world, make_person):
    person = make_person(world.martapura, custody=False)
    period = admit(users, person, world.martapura, expected_release_date=date(2026, 6, 1))
    period = custody_period_update(actor=users.officer, period=period, sentence_years=4)
    assert period.expected_release_date == date(2026, 6, 1)
