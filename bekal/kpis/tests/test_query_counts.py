"""The KPI pages and endpoints do not run a query per person nor per group of a breakdown (see
`bekal.core.testing`): more programmes, people or years add rows to the tables, never queries."""

import itertools
from datetime import date

import pytest
from django.urls import reverse

from bekal.core.testing import assert_flat_queries, covers
from bekal.placement.models import PlacementKind

_n = itertools.count()


@pytest.fixture
def grow_programmes(kpi):
    """n more programmes, each with a finished batch and a certified, released, working completer."""

    def grow(n):
        names = []
        for _ in range(n):
            name = f"Program {next(_n)}"
            batch = kpi.batch(kpi.programme(name))
            kpi.enrol(batch, certified=True, released=date(2025, 8, 1), working=PlacementKind.EMPLOYED, days=(2, 2))
            names.append(name)
        return names

    return grow


@pytest.fixture
def grow_people(kpi):
    """n more certified completers of one batch; the markers are their names."""
    batch = kpi.batch(kpi.programme("Barista"))

    def grow(n):
        return [kpi.enrol(batch, certified=True).person.full_name for _ in range(n)]

    return grow


@covers("kpis:dashboard")
@pytest.mark.parametrize("role", ["regional", "officer", "national"])
def test_the_dashboard_by_programme(client_for, users, grow_programmes, role):
    assert_flat_queries(
        client_for(getattr(users, role)),
        reverse("kpis:dashboard"),
        grow_programmes,
        params={"by": "programme", "year": 2025},
        ceiling=70,
    )


@covers("kpis:people")
def test_the_people_behind_a_figure(client_for, users, grow_people):
    assert_flat_queries(
        client_for(users.officer),
        reverse("kpis:people"),
        grow_people,
        params={"kpi": "certification", "part": "numerator"},
        ceiling=14,
    )


@covers("GET /api/v1/kpis/breakdown/{by}")
def test_the_breakdown_endpoint(client_for, users, grow_programmes):
    assert_flat_queries(
        client_for(users.regional),
        "/api/v1/kpis/breakdown/programme",
        grow_programmes,
        params={"year": 2025},
        ceiling=40,
    )


@covers("GET /api/v1/kpis/figures")
def test_the_figures_endpoint(client_for, users, grow_people):
    def grow(n):
        grow_people(n)
        return []  # figures only: no names

    assert_flat_queries(client_for(users.regional), "/api/v1/kpis/figures", grow, params={"year": 2025}, ceiling=30)


@covers("GET /api/v1/kpis/people")
def test_the_people_endpoint(client_for, users, grow_people):
    assert_flat_queries(
        client_for(users.officer),
        "/api/v1/kpis/people",
        grow_people,
        params={"kpi": "certification", "part": "numerator"},
        ceiling=14,
    )


@covers("kpis:plan-realisation", "GET /api/v1/kpis/plan-realisation")
def test_the_realisation_reads_a_fixed_number_of_queries(kpi, client_for, users, world):
    def grow(n):
        names = []
        for _ in range(n):
            programme = kpi.programme(f"Program {next(_n)}")
            batch = kpi.batch(programme)
            kpi.enrol(batch, certified=True)
            names.append(programme.name)
        return names

    url = reverse("kpis:plan-realisation")
    params = {"year": 2025, "unit": world.martapura.pk}
    assert_flat_queries(client_for(users.officer), url, grow, ceiling=16, params=params)
    api = "/api/v1/kpis/plan-realisation"
    assert_flat_queries(client_for(users.officer), api, grow, ceiling=12, params=params)
