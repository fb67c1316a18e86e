"""The registry's lists and endpoints do not run a query per person or period (see `bekal.core.testing`)."""

import itertools
from datetime import date

import pytest
from django.urls import reverse

from bekal.core.testing import assert_flat_queries, covers
from bekal.people.models import CustodyPeriod, HandOver, SupervisionPeriod

_n = itertools.count()


def _grow_people(world, make_person, only=None):
    def grow(n):
        names = []
        for _ in range(n):
            i = next(_n)
            # Half in custody, half under supervision with an officer: both kinds of period are on the row.
            if (i % 2 and only is None) or only == world.martapura:
                person = make_person(world.martapura, full_name=f"Orang {i}", birth_date=date(1980, 1, 1 + i % 28))
            else:
                person = make_person(
                    world.muratara, full_name=f"Orang {i}", custody=False, supervision="pb", birth_date=date(1981, 2, 2)
                )
            names.append(person.full_name)
        return names

    return grow


@covers("people:list")
@pytest.mark.parametrize("role", ["regional", "national", "officer", "pk"])
def test_the_people_list(client_for, users, world, make_person, role):
    url = reverse("people:list")
    grow = _grow_people(world, make_person)
    if role in ("officer", "pk"):  # a unit's staff see half of the rows grown
        grow = _grow_people(world, make_person, only=world.martapura if role == "officer" else world.muratara)
    # 13: the list's 12, and the header's unread-notice count (one indexed query on every page).
    assert_flat_queries(client_for(getattr(users, role)), url, grow, ceiling=13)


@covers("GET /api/v1/people")
def test_the_people_endpoint(client_for, users, world, make_person):
    assert_flat_queries(client_for(users.regional), "/api/v1/people", _grow_people(world, make_person), ceiling=10)


@covers("people:detail", "GET /api/v1/people/{person_id}")
@pytest.mark.parametrize("api", [False, True])
def test_a_person_with_many_periods(client_for, users, world, make_person, api):
    person = make_person(world.martapura, custody=False)

    def grow(n):
        numbers = []
        for _ in range(n):
            i = next(_n)
            year = 1990 + i % 30
            CustodyPeriod.objects.create(
                person=person,
                unit=world.martapura,
                admission_date=date(year, 1, 1),
                release_date=date(year, 6, 1),
                release_reason="served",
                offence_category="theft",
                register_number=f"BI.R{i}",
            )
            SupervisionPeriod.objects.create(
                person=person,
                unit=world.muratara,
                kind="pb",
                start_date=date(year, 6, 2),
                ended_on=date(year, 9, 1),
                officer=users.pk,
            )
            numbers.append(f"BI.R{i}")
        return numbers

    url = f"/api/v1/people/{person.pk}" if api else reverse("people:detail", args=[person.pk])
    # The page draws the whole path: each app's part of the timeline is a fixed handful of queries.
    assert_flat_queries(client_for(users.officer), url, grow, ceiling=24 if not api else 16)


@covers("GET /api/v1/people/{person_id}/timeline", "people:summary")
@pytest.mark.parametrize("api", [False, True])
def test_a_timeline_with_many_periods(client_for, users, world, make_person, api):
    person = make_person(world.martapura, custody=False)

    def grow(n):
        numbers = []
        for _ in range(n):
            i = next(_n)
            year = 1990 + i % 30
            CustodyPeriod.objects.create(
                person=person,
                unit=world.martapura,
                admission_date=date(year, 1, 1),
                release_date=date(year, 6, 1),
                release_reason="served",
                offence_category="theft",
                register_number=f"TL.R{i}",
            )
            numbers.append(f"TL.R{i}")
        return numbers

    url = f"/api/v1/people/{person.pk}/timeline" if api else reverse("people:summary", args=[person.pk])
    assert_flat_queries(client_for(users.officer), url, grow, ceiling=22)


def _handover(world, users, make_person, name):
    person = make_person(world.martapura, full_name=name)
    return HandOver.objects.create(
        custody_period=CustodyPeriod.objects.get(person=person),
        person=person,
        kind="pb",
        bapas=world.muratara,
        integration_date=date(2026, 1, 1),
        proposed_on=date(2025, 12, 1),
        officer=users.pk,
    )


@covers("people:handovers", "people:handover", "GET /api/v1/handovers", "GET /api/v1/handovers/{handover_id}")
@pytest.mark.parametrize("kind", ["page", "detail", "api", "api-detail"])
def test_hand_overs_many(client_for, users, world, make_person, kind):
    subject = _handover(world, users, make_person, "Serah Utama")

    def grow(n):
        names = [f"Serah {next(_n)}" for _ in range(n)]
        for name in names:
            _handover(world, users, make_person, name)
        return names if kind in ("page", "api") else [subject.person.full_name]

    url = {
        "page": reverse("people:handovers"),
        "api": "/api/v1/handovers",
        "detail": reverse("people:handover", args=[subject.pk]),
        "api-detail": f"/api/v1/handovers/{subject.pk}",
    }[kind]
    assert_flat_queries(client_for(users.pk), url, grow, ceiling=14)
