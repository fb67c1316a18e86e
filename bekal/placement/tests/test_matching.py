from datetime import timedelta

from bekal.people.models import CustodyPeriod
from bekal.placement import selectors
from bekal.placement.models import Vacancy


def _person(user, person):
    return selectors.get_person_for_placement(user, person.pk)


def test_a_vacancy_in_the_home_regency_matches_with_its_reasons(users, due_person, vacancy, today):
    matches = selectors.vacancies_for_person(person=_person(users.officer, due_person), today=today)
    assert [m.vacancy for m in matches] == [vacancy]
    reasons = " ".join(matches[0].reasons)
    assert "Ogan Komering Ulu Timur" in reasons


def test_a_vacancy_elsewhere_in_the_province_matches_after_the_regency(users, due_person, vacancy, employer, today):
    far = Vacancy.objects.create(employer=employer, title="Sopir", region_id="16.13")
    matches = selectors.vacancies_for_person(person=_person(users.officer, due_person), today=today)
    assert [m.vacancy for m in matches] == [vacancy, far]


def test_another_province_and_a_closed_vacancy_do_not_match(users, due_person, employer, other_employer, today):
    Vacancy.objects.create(employer=other_employer, title="Lampung", region_id="18.71")
    Vacancy.objects.create(employer=employer, title="Tutup", region_id="16.08", closing_date=today - timedelta(1))
    assert selectors.vacancies_for_person(person=_person(users.officer, due_person), today=today) == []


def test_an_excluded_offence_rules_the_vacancy_out(users, due_person, vacancy, today):
    vacancy.excluded_offences = ["theft"]
    vacancy.save()
    assert selectors.vacancies_for_person(person=_person(users.officer, due_person), today=today) == []
    vacancy.excluded_offences = ["sexual"]
    vacancy.save()
    matches = selectors.vacancies_for_person(person=_person(users.officer, due_person), today=today)
    assert any("Pencurian" in r or "Theft" in r for r in matches[0].reasons)


def test_completed_programmes_and_fields_count_as_skills(users, due_person, vacancy, employer, today, credential):
    other = Vacancy.objects.create(employer=employer, title="Barista", region_id="16.08", skills="barista, kopi")
    person = _person(users.officer, due_person)
    plain = selectors.vacancies_for_person(person=person, today=today)
    assert [m.vacancy for m in plain] == [vacancy, other]  # closing date, then title
    credential(due_person, "Barista", field="Kopi", certified=False)
    matches = selectors.vacancies_for_person(person=person, today=today)
    assert [m.vacancy for m in matches] == [other, vacancy]
    assert matches[0].skills == ["barista", "kopi"]


def test_a_wanted_certificate_ranks_first_with_its_number(users, due_person, vacancy, employer, today, credential):
    """Issue: vacancies that fit their certificates and completed programmes, each with the reasons it matched."""
    wants_cert = Vacancy.objects.create(
        employer=employer, title="Juru masak", region_id="16.13", wanted_programmes="Skema Barista, Skema Koki"
    )
    credential(due_person, "Barista", scheme="Skema Barista")
    matches = selectors.vacancies_for_person(person=_person(users.officer, due_person), today=today)
    assert matches[0].vacancy == wants_cert  # ahead of the same-regency vacancy without it
    reason = next(r for r in matches[0].reasons if "Skema Barista" in r)
    assert "BNSP-" in reason


def test_an_expired_certificate_does_not_match(users, due_person, employer, today, credential):
    Vacancy.objects.create(employer=employer, title="Barista", region_id="16.08", wanted_programmes="Skema Barista")
    credential(due_person, "Barista", scheme="Skema Barista", valid_until=today - timedelta(days=1))
    matches = selectors.vacancies_for_person(person=_person(users.officer, due_person), today=today)
    assert matches[0].certificates == []


def test_a_wanted_programme_completed_or_certified(users, due_person, released_person, employer, today, credential):
    wanted = Vacancy.objects.create(employer=employer, title="Tukang", region_id="16.08")
    carpentry = credential(due_person, "Pertukangan Kayu", certified=False)
    wanted.programmes.set([carpentry])
    credential(released_person, "Pertukangan Kayu", scheme="Skema Tukang Kayu")
    matches = selectors.candidates_for_vacancy(user=users.officer, vacancy=wanted, today=today)
    assert [m.person for m in matches] == [released_person, due_person]  # certified first, then completed
    assert any("Pertukangan Kayu" in r for r in matches[1].reasons)
    assert matches[0].certificates and matches[1].programmes == ["Pertukangan Kayu"]


def test_candidates_take_a_fixed_number_of_queries(users, due_person, released_person, vacancy, today, credential):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    credential(due_person, "Barista")
    selectors.candidates_for_vacancy(user=users.officer, vacancy=vacancy, today=today)  # warm the rule cache
    with CaptureQueriesContext(connection) as few:
        selectors.candidates_for_vacancy(user=users.officer, vacancy=vacancy, today=today)
    credential(released_person, "Las")
    credential(released_person, "Kopi")
    with CaptureQueriesContext(connection) as more:
        selectors.candidates_for_vacancy(user=users.officer, vacancy=vacancy, today=today)
    assert len(few) == len(more)


def test_candidates_are_the_users_people_who_fit(users, due_person, released_person, foreign_person, vacancy, today):
    matches = selectors.candidates_for_vacancy(user=users.officer, vacancy=vacancy, today=today)
    assert {m.person for m in matches} == {due_person, released_person}


def test_candidates_leave_out_those_far_from_release_and_those_who_declined(
    users, due_person, released_person, vacancy, today
):
    CustodyPeriod.objects.filter(person=due_person).update(
        expected_release_date=today + timedelta(500), assimilation_date=None
    )
    from bekal.placement.models import WorkReadiness

    WorkReadiness.objects.create(person=released_person, status="declined", declined_reason="x", assessed_on=today)
    assert selectors.candidates_for_vacancy(user=users.officer, vacancy=vacancy, today=today) == []
