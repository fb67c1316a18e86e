"""The demo tells the three stories; Martapura's certificate page shows exactly 72%."""

from datetime import date

import pytest
from django.urls import reverse

from bekal.home.demo import load_demo
from bekal.training.models import Batch, BudgetAllocation, DayKind


@pytest.fixture
def demo(db):
    return load_demo(today=date(2026, 11, 23))


def test_martapura_shows_a_72_percent_certification_rate(demo, client_for):
    body = client_for(demo["martapura.bimker"]).get(reverse("certification:certificate-list")).content.decode()
    assert "72,00%" in body or "72.00%" in body
    response = client_for(demo["martapura.bimker"]).get("/api/v1/certification-rate").json()
    assert response == {"completed": 25, "certified": 18, "rate": 72.0}


def test_the_lubuklinggau_batch_has_twenty_days_two_fmd_days_and_escorts(demo):
    batch = Batch.objects.get(name="Barista Klien Bapas Muratara 2026")
    assert (
        batch.days.count() == 20 and batch.days.filter(kind=DayKind.FMD, partner__name__startswith="Kodim").count() == 2
    )
    assert all(day.escorts.exists() for day in batch.days.all())
    assert batch.agreement_warning


def test_bandar_lampung_2021_has_budget_and_realisation(demo, client_for):
    allocation = BudgetAllocation.objects.get(year=2021)
    assert allocation.realisations.count() == 3
    body = client_for(demo["bdl.bimker"]).get(reverse("training:budget")).content.decode()
    assert "95,00%" in body or "95.00%" in body


def test_loading_twice_changes_nothing(demo):
    count = Batch.objects.count()
    load_demo(today=date(2026, 11, 23))
    assert Batch.objects.count() == count
