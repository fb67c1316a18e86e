"""Realisation against the annual training plan (issue 17, item 6) and the split of the absorption figure into
employed and self-employed (item 9); each expected figure is worked out from the records the test makes."""

import io
import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bekal.kpis import selectors as s
from bekal.kpis.plans import plan_realisation
from bekal.kpis.selectors import filters_for_user, kpi_table
from bekal.kpis.tests.conftest import TODAY
from bekal.placement.models import Placement, PlacementKind
from bekal.training.models import PlanLine, PlanStatus, TrainingPlan

pytestmark = pytest.mark.django_db
_n = itertools.count()


@pytest.fixture
def year_2025(kpi, world, users):
    """Martapura's approved 2025 plan (2 Barista batches, 32 participants, Rp 100) and a Barista batch held in May
    with 4 participants: 3 completed, 2 of them certified; Rp 40 of its Rp 200 allocation spent on 1 May."""
    barista = kpi.programme()
    plan = TrainingPlan.objects.create(
        unit=world.martapura, year=2025, status=PlanStatus.APPROVED, approved_on=date(2025, 1, 10)
    )
    PlanLine.objects.create(
        plan=plan, programme=barista, mandatory=True, batches=2, participants=32, budget=Decimal(100)
    )
    batch = kpi.batch(barista, end=date(2025, 6, 27))  # starts 31 May
    for certified in (True, True, False):
        kpi.enrol(batch, certified=certified)
    kpi.enrol(batch, status="dropped_out")
    kpi.budget(world.martapura, 2025, "200", ["40"], batch)
    return plan


def test_the_unit_sees_its_plan_beside_the_realisation_with_the_gap(year_2025, users, world):
    f = filters_for_user(user=users.officer, year=2025, unit=world.martapura.pk)
    r = plan_realisation(f=f, year=2025, about="x")
    [row] = r.rows
    assert row.mandatory and row.planned == {"batches": 2, "participants": 32, "budget": Decimal(100)}
    assert row.realised == {"batches": 1, "participants": 4, "completers": 3, "certified": 2, "budget": Decimal(40)}
    assert row.gap == {"batches": 1, "participants": 28, "budget": Decimal(60)}
    may = r.months[4]
    assert (may["batches"], may["participants"], may["budget"]) == (1, 4, Decimal(40))
    assert r.months[11]["budget_to_date"] == Decimal(40)
    assert r.absorption == Decimal("20.00")


def test_the_kanwil_sums_its_province_and_another_kanwil_sees_nothing_of_it(year_2025, users, world, make_user):
    f = filters_for_user(user=users.regional, year=2025, kanwil=world.kanwil_sumsel.pk)
    assert plan_realisation(f=f, year=2025, about="x").total.realised["participants"] == 4
    f = filters_for_user(user=users.national, year=2025, kanwil=world.kanwil_lampung.pk)
    assert plan_realisation(f=f, year=2025, about="x").total.realised["participants"] == 0


def test_a_draft_plan_is_not_the_yardstick(year_2025, users, world):
    TrainingPlan.objects.filter(pk=year_2025.pk).update(status=PlanStatus.DRAFT, approved_on=None)
    f = filters_for_user(user=users.officer, year=2025, unit=world.martapura.pk)
    assert plan_realisation(f=f, year=2025, about="x").total.planned["batches"] == 0


def test_the_page_climbs_the_ladder_and_exports_xlsx(year_2025, client_for, users, world):
    url = reverse("kpis:plan-realisation")
    query = {"year": 2025, "unit": world.martapura.pk}
    assert client_for(None).get(url, query).status_code == 302
    assert client_for(users.partner).get(url, query).status_code == 403
    assert client_for(users.other_officer).get(url, query).status_code == 404
    page = client_for(users.officer).get(url, query)
    assert page.status_code == 200 and "Barista" in page.content.decode()
    download = client_for(users.officer).get(reverse("kpis:plan-realisation-xlsx"), query)
    sheet = load_workbook(io.BytesIO(download.content)).worksheets[0]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[2][0] == "Barista" and rows[2][2:5] == [2, 32, 100]


def test_the_api_gives_the_same_figures(year_2025, client_for, users, world):
    url = f"/api/v1/kpis/plan-realisation?year=2025&unit={world.martapura.pk}"
    assert client_for(None).get(url).status_code == 401
    assert client_for(users.other_officer).get(url).status_code == 404
    body = client_for(users.officer).get(url).json()
    assert body["total"]["gap"]["participants"] == "28" or body["total"]["gap"]["participants"] == 28


def test_absorption_counts_working_or_self_employed_with_the_split(kpi, users):
    batch = kpi.batch(kpi.programme(), end=date(2025, 6, 27))
    after = date(2025, 9, 1)
    kpi.enrol(batch, certified=True, released=after, working=PlacementKind.EMPLOYED)
    kpi.enrol(batch, certified=True, released=after, working=PlacementKind.SELF_EMPLOYED)
    both = kpi.enrol(batch, certified=True, released=after, working=PlacementKind.SELF_EMPLOYED)
    Placement.objects.create(
        person=both.person, kind=PlacementKind.EMPLOYED, start_date=date(2025, 12, 1), employer=kpi.lsp
    )
    kpi.enrol(batch, certified=True, released=after)
    row = kpi_table(user=users.officer, today=TODAY, year=2025)
    figure = row.figures[s.ABSORPTION]
    # 3 of the 4 released work; of them 2 had a job (one also ran a business) and 1 only ran a business.
    assert (figure.count, figure.total) == (3, 4)
    assert row.split == {"employed": 2, "self_employed": 1}
    assert row.split["employed"] + row.split["self_employed"] == figure.count
