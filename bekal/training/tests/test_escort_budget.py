"""Escorts (one place a day, gaps flagged) and the budget (exact absorption, realisation limits)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from bekal.training import selectors, services
from bekal.training.tests.conftest import END, START


def test_an_officer_cannot_escort_two_batches_on_one_day(world, users, programme, batch):
    other = services.batch_create(
        actor=users.officer, programme=programme, units=[world.martapura], name="Lain", start_date=START, end_date=END
    )
    services.escort_assign(actor=users.officer, day=batch.days.first(), officer=users.officer)
    with pytest.raises(ValidationError) as error:
        services.escort_assign(actor=users.officer, day=other.days.first(), officer=users.officer)
    assert batch.name in error.value.message_dict["officer"][0]


def test_an_officer_of_another_unit_cannot_escort(batch, users):
    with pytest.raises(ValidationError):
        services.escort_assign(actor=users.officer, day=batch.days.first(), officer=users.other_officer)


def test_days_with_inmates_and_no_escort_are_flagged(enrolled, users, open_batch, world):
    batch = selectors.get_batch_for_user(users.officer, open_batch.pk)
    assert len(selectors.days_without_escort(batch)) == 20
    services.escort_assign(actor=users.officer, day=open_batch.days.first(), officer=users.officer)
    batch = selectors.get_batch_for_user(users.officer, open_batch.pk)
    assert len(selectors.days_without_escort(batch)) == 19
    gaps = selectors.escort_gaps_for_unit(unit=world.martapura, today=START)
    assert len(gaps) == 19


def test_no_flag_without_inmates(batch, users):
    assert selectors.days_without_escort(selectors.get_batch_for_user(users.officer, batch.pk)) == []


def test_absorption_is_exact(world, users, batch):
    allocation = services.allocation_create(
        actor=users.officer, unit=world.martapura, year=2025, amount=Decimal("30000000")
    )
    services.realisation_add(
        actor=users.officer,
        allocation=allocation,
        batch=batch,
        date=date(2025, 3, 3),
        description="ATK",
        amount=Decimal("10000000"),
    )
    row = selectors.allocations_visible_to(users.officer).get()
    from bekal.training.models import absorption_percent

    assert absorption_percent(row.amount, row.realised) == Decimal("33.33")


def test_realisation_beyond_the_allocation_is_refused(world, users, batch):
    allocation = services.allocation_create(actor=users.officer, unit=world.martapura, year=2025, amount=Decimal("100"))
    with pytest.raises(ValidationError) as error:
        services.realisation_add(
            actor=users.officer,
            allocation=allocation,
            batch=batch,
            date=date(2025, 3, 3),
            description="x",
            amount=Decimal("101"),
        )
    assert "100" in error.value.message_dict["amount"][0]


def test_realisation_outside_the_year_is_refused(world, users, batch):
    allocation = services.allocation_create(actor=users.officer, unit=world.martapura, year=2026, amount=Decimal("100"))
    with pytest.raises(ValidationError) as error:
        services.realisation_add(
            actor=users.officer,
            allocation=allocation,
            batch=batch,
            date=date(2025, 3, 3),
            description="x",
            amount=Decimal("1"),
        )
    assert "date" in error.value.message_dict


def test_one_allocation_per_unit_and_year(world, users):
    services.allocation_create(actor=users.officer, unit=world.martapura, year=2025, amount=Decimal("1"))
    with pytest.raises(ValidationError):
        services.allocation_create(actor=users.officer, unit=world.martapura, year=2025, amount=Decimal("1"))
