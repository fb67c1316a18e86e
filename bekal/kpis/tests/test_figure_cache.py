"""The figures are read from the cache, keyed by scope and the versions of its units (organizations/
figure_versions.py): a warm read computes nothing, and a write through a service is seen at once by the dashboard,
the recidivism page and the home page, never a stale figure."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bekal.organizations import figure_versions
from bekal.organizations.models import FigureVersion
from bekal.people import services as people_services

S = "served"


@pytest.fixture
def released(world, history):
    """Two people released from Martapura in 2023, neither back yet."""
    return [history(world.martapura, name, [(date(2022, 1, 1), date(2023, 3, 1), S)]) for name in ("Satu", "Dua")]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(captured.captured_queries)


def _cohort_2023(response):
    rows = response.context["overall"]
    row = next(r for r in (rows.rows if hasattr(rows, "rows") else rows) if r.year == 2023)
    first = row.cells()[0]
    return row.released, first.count if first else None


def _readmit(actor, person, unit, on):
    people_services.custody_period_create(
        actor=actor, person=person, unit=unit, admission_date=on, offence_category="theft"
    )


@pytest.mark.django_db(transaction=True)
def test_a_warm_read_computes_nothing_and_a_readmission_is_seen_at_once(client_for, users, world, released):
    """Real commits: the versions are bumped by the commit of each write, as in production."""
    client = client_for(users.officer)
    url = reverse("outcomes:recidivism")
    cold, cold_queries = _queries(client, url)
    warm, warm_queries = _queries(client, url)
    assert _cohort_2023(cold) == _cohort_2023(warm) == (2, 0)
    assert warm_queries < cold_queries
    dashboard = reverse("kpis:dashboard")
    before = client.get(dashboard).context["row"].figures["recidivism"]
    _readmit(users.officer, released[0], world.martapura, date(2023, 9, 1))  # committed: the bump runs
    after, _n = _queries(client, url)
    assert _cohort_2023(after) == (2, 1)
    now = client.get(dashboard).context["row"].figures["recidivism"]
    assert (before.count, now.count) == (0, 1)


def test_an_uncommitted_write_is_read_afresh_by_its_own_connection(client_for, users, world, released):
    client = client_for(users.officer)
    url = reverse("outcomes:recidivism")
    assert _cohort_2023(client.get(url)) == (2, 0)
    _readmit(users.officer, released[1], world.martapura, date(2023, 5, 1))  # no commit in this test
    assert _cohort_2023(client.get(url)) == (2, 1)


def test_a_write_elsewhere_keeps_the_units_figures_and_bumps_the_nations(world, released, history):
    scope_of = figure_versions.UnitScope
    martapura = scope_of(everything=False, unit_ids=frozenset({world.martapura.pk}))
    nation = scope_of(everything=True, unit_ids=frozenset())
    history(world.bandar_lampung, "Tiga", [(date(2022, 1, 1), date(2023, 3, 1), S)])
    figure_versions.flush()  # what the commit does
    unit_token, nation_token = figure_versions.scope_token(martapura), figure_versions.scope_token(nation)
    history(world.bandar_lampung, "Empat", [(date(2022, 1, 1), date(2023, 3, 1), S)])
    figure_versions.flush()
    assert figure_versions.scope_token(martapura) == unit_token
    assert figure_versions.scope_token(nation) != nation_token
    assert FigureVersion.objects.filter(unit_id=world.bandar_lampung.pk).exists()


def test_the_home_page_population_is_exact_after_a_write(client_for, users, world, make_person):
    client = client_for(users.officer)
    figure_versions.flush()
    first = client.get(reverse("home:home")).context["unit_figures"]["custody"]
    make_person(world.martapura, full_name="Baru Masuk", custody=True)
    figure_versions.flush()
    assert client.get(reverse("home:home")).context["unit_figures"]["custody"] == first + 1


def test_a_rebuild_retires_every_cached_figure(db):
    nation = figure_versions.UnitScope(everything=True, unit_ids=frozenset())
    token = figure_versions.scope_token(nation)
    figure_versions.renew_epoch()
    assert figure_versions.scope_token(nation) != token
