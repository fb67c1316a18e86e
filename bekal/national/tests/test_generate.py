from datetime import date

import pytest
from django.db import transaction

from bekal.national.bench import OPERATIONS, run_bench
from bekal.national.generate import generate_national
from bekal.organizations.models import Organization
from bekal.people.models import CustodyPeriod, Person

TODAY = date(2026, 11, 23)


@pytest.fixture
def nation(db):
    return generate_national(seed=7, scale=0.001, today=TODAY, log=lambda _line: None)


def test_it_builds_the_units_of_the_nation(nation):
    assert Organization.objects.filter(kind="kanwil").count() == 38
    assert Organization.objects.filter(kind="lapas").count() == 374
    assert Organization.objects.filter(kind="rutan").count() == 162
    assert Organization.objects.filter(kind="bapas").count() == 94
    assert Organization.objects.filter(kind="blk").count() == 300


def test_it_scales_people_and_keeps_every_row_valid(nation):
    assert Person.objects.count() == 400
    assert nation.counts["people"] == 400
    assert not CustodyPeriod.objects.filter(release_date__gt=TODAY).exists()
    # Re-admissions: some people have a second custody period that starts after the first ended.
    assert CustodyPeriod.objects.values("person").distinct().count() < CustodyPeriod.objects.count()


def test_it_is_deterministic_for_a_seed(db):
    def build() -> list[tuple]:
        with transaction.atomic():
            generate_national(seed=7, scale=0.0005, today=TODAY, log=lambda _line: None)
            rows = list(
                Person.objects.order_by("id").values_list("full_name", "nik", "birth_date", "registered_unit__name")
            )
            transaction.set_rollback(True)
        return rows

    assert build() == build()


def test_it_refuses_a_database_that_already_holds_units(nation):
    with pytest.raises(ValueError):
        generate_national(seed=7, scale=0.001, today=TODAY, log=lambda _line: None)


def test_the_bench_runs_every_operation(nation):
    lines: list[str] = []
    results = run_bench(runs=1, log=lines.append)
    assert len(results) == len(OPERATIONS)
    assert all(r.op.median_ms > 0 for r in results)
    assert "ratio" in lines[1]
