"""Placement lists and endpoints do not run a query per row (see `bekal.core.testing`)."""

import itertools
from datetime import date, timedelta

import pytest
from django.urls import reverse

from bekal.core.testing import assert_flat_queries, covers
from bekal.people.models import CustodyPeriod
from bekal.placement import services
from bekal.placement.models import FollowUp, Internship, Vacancy

_n = itertools.count()


@pytest.fixture
def grow_due(world, make_person, today, regions):
    """Inmates of Lapas Martapura from OKU Timur due for release in the window."""

    def grow(n):
        names = []
        for _ in range(n):
            i = next(_n)
            person = make_person(
                world.martapura,
                full_name=f"Segera {i}",
                birth_date=date(1980, 1, 1) + timedelta(days=i),
                admission_date=today - timedelta(days=400),
            )
            person.home_region_id = "16.08"
            person.save()
            CustodyPeriod.objects.filter(person=person).update(
                expected_release_date=today + timedelta(days=30), assimilation_date=today - timedelta(days=60)
            )
            names.append(person.full_name)
        return names

    return grow


@pytest.fixture
def make_released(world, make_person, today, regions):
    def make(name):
        person = make_person(
            world.martapura,
            full_name=name,
            birth_date=date(1970, 1, 1) + timedelta(days=next(_n)),
            admission_date=today - timedelta(days=500),
        )
        person.home_region_id = "16.08"
        person.save()
        CustodyPeriod.objects.filter(person=person).update(
            release_date=today - timedelta(days=60), release_reason="served"
        )
        return person

    return make


@pytest.fixture
def grow_employed(users, make_released, employer, today):
    """Released people in a job the officer follows up, with a follow-up due."""

    def grow(n):
        names = []
        for _ in range(n):
            person = make_released(f"Bekerja {next(_n)}")
            services.placement_create(
                actor=users.officer, person=person, kind="employed", start_date=today - timedelta(40), employer=employer
            )
            names.append(person.full_name)
        return names

    return grow


@pytest.fixture
def grow_employers(users, regions):
    def grow(n):
        names = []
        for _ in range(n):
            profile = services.employer_create(
                actor=users.officer, name=f"UMKM {next(_n)}", kind="umkm", region=regions["16.08"], sector="Mebel"
            )
            names.append(getattr(profile, "organization", profile).name)
        return names

    return grow


@pytest.fixture
def grow_vacancies(employer, today):
    def grow(n):
        titles = []
        for _ in range(n):
            vacancy = Vacancy.objects.create(
                employer=employer,
                title=f"Lowongan {next(_n)}",
                region_id="16.08",
                skills="kayu",
                closing_date=today + timedelta(days=30),
            )
            titles.append(vacancy.title)
        return titles

    return grow


@pytest.fixture
def grow_candidates(users, make_released, vacancy):
    """Released people from the vacancy's regency; every other one is referred to it."""

    def grow(n):
        names = []
        for _ in range(n):
            i = next(_n)
            person = make_released(f"Calon {i}")
            if i % 2:
                services.referral_create(actor=users.officer, person=person, vacancy=vacancy)
            names.append(person.full_name)
        return names

    return grow


@covers("placement:due")
def test_the_releases_due(client_for, users, grow_due):
    assert_flat_queries(client_for(users.officer), reverse("placement:due"), grow_due, ceiling=14)


@covers("GET /api/v1/placement/due")
def test_the_releases_due_endpoint(client_for, users, grow_due):
    assert_flat_queries(client_for(users.officer), "/api/v1/placement/due", grow_due, ceiling=10)


@covers("placement:follow-ups")
def test_the_follow_ups_due(client_for, users, grow_employed):
    assert_flat_queries(client_for(users.officer), reverse("placement:follow-ups"), grow_employed, ceiling=12)


@covers("GET /api/v1/placement/follow-ups")
def test_the_follow_ups_endpoint(client_for, users, grow_employed):
    def grow(n):
        grow_employed(n)
        return [
            f'"placement_id": {pk}'
            for pk in FollowUp.objects.order_by("-id").values_list("placement_id", flat=True)[:n]
        ]

    assert_flat_queries(client_for(users.officer), "/api/v1/placement/follow-ups", grow, ceiling=10)


@covers("placement:employers")
def test_the_employer_list(client_for, users, grow_employers):
    assert_flat_queries(client_for(users.officer), reverse("placement:employers"), grow_employers, ceiling=12)


@covers("GET /api/v1/employers")
def test_the_employer_endpoint(client_for, users, grow_employers):
    assert_flat_queries(client_for(users.officer), "/api/v1/employers", grow_employers, ceiling=10)


@covers("placement:vacancies")
def test_the_vacancy_list(client_for, users, grow_vacancies):
    assert_flat_queries(client_for(users.officer), reverse("placement:vacancies"), grow_vacancies, ceiling=12)


def test_the_vacancy_list_for_the_employers_staff(client_for, employer_staff, grow_vacancies):
    assert_flat_queries(client_for(employer_staff), reverse("placement:vacancies"), grow_vacancies, ceiling=12)


@covers("GET /api/v1/vacancies")
def test_the_vacancy_endpoint(client_for, users, grow_vacancies):
    assert_flat_queries(client_for(users.officer), "/api/v1/vacancies", grow_vacancies, ceiling=10)


@covers("placement:employer")
def test_an_employer_with_its_vacancies(client_for, users, employer, grow_vacancies):
    url = reverse("placement:employer", args=[employer.employer_profile.pk])
    assert_flat_queries(client_for(users.officer), url, grow_vacancies, ceiling=12)


@covers("placement:vacancy")
def test_a_vacancy_with_referrals_and_candidates(client_for, users, vacancy, grow_candidates):
    url = reverse("placement:vacancy", args=[vacancy.pk])
    assert_flat_queries(client_for(users.officer), url, grow_candidates, ceiling=16)


@covers("GET /api/v1/vacancies/{vacancy_id}/referrals")
def test_the_referrals_endpoint(client_for, users, vacancy, grow_candidates):
    def grow(n):
        names = grow_candidates(2 * n)
        return [name for name in names if int(name.split()[-1]) % 2]

    url = f"/api/v1/vacancies/{vacancy.pk}/referrals"
    assert_flat_queries(client_for(users.officer), url, grow, ceiling=10)


@covers("GET /api/v1/vacancies/{vacancy_id}/candidates")
def test_the_candidates_endpoint(client_for, users, vacancy, grow_candidates):
    def grow(n):
        names = grow_candidates(2 * n)
        return [name for name in names if not int(name.split()[-1]) % 2]

    url = f"/api/v1/vacancies/{vacancy.pk}/candidates"
    assert_flat_queries(client_for(users.officer), url, grow, ceiling=12)


@pytest.fixture
def grow_work(users, due_person, grow_vacancies, employer, today):
    """Vacancies that match the person, each with a referral and an internship."""

    def grow(n):
        titles = grow_vacancies(n)
        for vacancy in Vacancy.objects.filter(title__in=titles):
            services.referral_create(actor=users.officer, person=due_person, vacancy=vacancy)
            Internship.objects.create(
                person=due_person,
                employer=employer,
                start_date=today,
                end_date=today + timedelta(days=20),
                supervisor=f"Mandor {vacancy.title}",
            )
        return titles

    return grow


@covers("placement:person")
def test_a_persons_work(client_for, users, due_person, grow_work):
    url = reverse("placement:person", args=[due_person.pk])
    assert_flat_queries(client_for(users.officer), url, grow_work, ceiling=20)


@covers("GET /api/v1/placement/people/{person_id}")
def test_a_persons_work_endpoint(client_for, users, due_person, grow_work):
    def grow(n):
        grow_work(n)
        return [
            f'"vacancy_id": {pk}'
            for pk in due_person.referrals.order_by("-id").values_list("vacancy_id", flat=True)[:n]
        ]

    url = f"/api/v1/placement/people/{due_person.pk}"
    assert_flat_queries(client_for(users.officer), url, grow, ceiling=14)


@covers("GET /api/v1/placement/people/{person_id}/matches")
def test_the_matches_endpoint(client_for, users, due_person, grow_vacancies):
    url = f"/api/v1/placement/people/{due_person.pk}/matches"
    assert_flat_queries(client_for(users.officer), url, grow_vacancies, ceiling=16)


@covers("placement:placement")
def test_a_placement_with_its_follow_ups(client_for, users, released_person, employer, today):
    placement = services.placement_create(
        actor=users.officer,
        person=released_person,
        kind="employed",
        start_date=today - timedelta(40),
        employer=employer,
    )
    months = itertools.count(13)

    def grow(n):
        links = []
        for _ in range(n):
            month = next(months)
            follow_up = FollowUp.objects.create(
                placement=placement, month=month, due_date=today + timedelta(days=30 * month)
            )
            links.append(reverse("placement:follow-up", args=[follow_up.pk]))
        return links

    url = reverse("placement:placement", args=[placement.pk])
    assert_flat_queries(client_for(users.officer), url, grow, ceiling=14)


@covers("home:home")
def test_the_lapas_home_page_blocks(client_for, users, grow_due, grow_employed):
    """The officer's home: releases due with open to-dos, and the follow-ups they owe."""

    def grow(n):
        return grow_due(n) + grow_employed(n)

    assert_flat_queries(client_for(users.officer), reverse("home:home"), grow, ceiling=30)


def test_a_vacancy_seen_by_the_employer(client_for, employer_staff, vacancy, grow_candidates):
    """The employer's staff see every referral to their vacancy, names only, and no candidates."""

    def grow(n):
        names = grow_candidates(2 * n)
        return [name for name in names if int(name.split()[-1]) % 2]

    url = reverse("placement:vacancy", args=[vacancy.pk])
    assert_flat_queries(client_for(employer_staff), url, grow, ceiling=12)


@pytest.fixture
def grow_employer_agreements(world, employer):
    """n more PKS between Lapas Martapura and the employer; the markers are their numbers."""
    from bekal.training.models import Agreement

    counter = itertools.count()

    def grow(n):
        numbers = []
        for _ in range(n):
            number = f"PKS/KERJA/{next(counter)}"
            agreement = Agreement.objects.create(
                kind="pks",
                number=number,
                title="Penempatan kerja",
                unit=world.martapura,
                start_date=date(2025, 1, 1),
                end_date=date(2026, 12, 31),
                status="active",
            )
            agreement.partners.set([employer])
            numbers.append(number)
        return numbers

    return grow


@covers("GET /api/v1/employers/{employer_id}/agreements")
def test_an_employers_agreements(client_for, users, employer, grow_employer_agreements):
    url = f"/api/v1/employers/{employer.employer_profile.pk}/agreements"
    assert_flat_queries(client_for(users.officer), url, grow_employer_agreements, ceiling=10)


def test_the_employer_page_lists_its_agreements_flat(client_for, users, employer, grow_employer_agreements):
    url = reverse("placement:employer", args=[employer.employer_profile.pk])
    assert_flat_queries(client_for(users.officer), url, grow_employer_agreements, ceiling=14)
    other = client_for(users.other_officer).get(f"/api/v1/employers/{employer.employer_profile.pk}/agreements")
    assert other.status_code == 200 and other.json() == []  # another unit's agreements are not theirs to see


def grow_kinds(n):
    """n more to-do kinds, each with a to-do recorded (the page counts them)."""
    from bekal.placement.models import ToDoKind

    names = []
    for _ in range(n):
        i = next(_n)
        ToDoKind.objects.create(code=f"kind-{i}", name=f"Butir {i}", name_en=f"Item {i}", order=i)
        names.append(f"Butir {i}")
    return names


@covers("placement:todo-kinds")
def test_the_todo_kinds(client_for, users):
    assert_flat_queries(client_for(users.sysadmin), reverse("placement:todo-kinds"), grow_kinds, ceiling=8)


@covers("GET /api/v1/placement/todo-kinds")
def test_the_todo_kinds_endpoint(client_for, users):
    assert_flat_queries(client_for(users.officer), "/api/v1/placement/todo-kinds", grow_kinds, ceiling=8)


@covers("placement:demand", "GET /api/v1/placement/demand")
def test_demand_reads_a_fixed_number_of_queries(client_for, users, world, employer):
    serial = itertools.count()

    def grow(n):
        # Vacancies over every KBJI group: the rows are the groups (ten at most), the figures sums over vacancies.
        for _ in range(n):
            i = next(serial)
            Vacancy.objects.create(employer=employer, title=f"V{i}", positions=1, region_id="16.08", kbji=str(i % 10))
        return []

    assert_flat_queries(client_for(users.officer), reverse("placement:demand"), grow, ceiling=14)
    assert_flat_queries(client_for(users.officer), "/api/v1/placement/demand", grow, ceiling=11)
