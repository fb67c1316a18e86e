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


def test_the_skills_function_adds_reasons_and_ranks_first(users, due_person, vacancy, employer, today):
    other = Vacancy.objects.create(employer=employer, title="Barista", region_id="16.08", skills="barista, kopi")
    person = _person(users.officer, due_person)
    plain = selectors.vacancies_for_person(person=person, today=today)
    assert [m.vacancy for m in plain] == [vacancy, other]  # closing date, then title
    matches = selectors.vacancies_for_person(person=person, today=today, skills=lambda p: {"Barista"})
    assert [m.vacancy for m in matches] == [other, vacancy]
    assert matches[0].skills == ["barista"]


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
