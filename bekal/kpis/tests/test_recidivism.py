"""Every recidivism figure on hand-made data, with the expected value worked out beside it."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from bekal.kpis.recidivism import recidivism_by_cohort, recidivism_split
from bekal.outcomes.models import IdentityReview
from bekal.outcomes.selectors import Rate, readmissions
from bekal.people.models import Person

TODAY = date(2026, 6, 1)
S = "served"


@pytest.fixture
def cohorts(world, history):
    m = world.martapura
    return {
        # Cohort 2022 (4 people; a transfer is not a release)
        "A": history(m, "A", [(date(2021, 1, 1), date(2022, 3, 1), S), (date(2022, 12, 1), None, "")]),
        "B": history(m, "B", [(date(2021, 1, 1), date(2022, 5, 1), S), (date(2024, 2, 1), date(2024, 9, 1), S)]),
        "C": history(m, "C", [(date(2021, 1, 1), date(2022, 7, 1), "pb")]),
        "D": history(m, "D", [(date(2021, 1, 1), date(2022, 9, 1), S), (date(2025, 8, 1), None, "")]),
        "E": history(m, "E", [(date(2021, 1, 1), date(2022, 10, 1), "transfer")]),
        # Cohort 2023: I is counted once (first release), J comes back exactly one year later
        "I": history(
            m,
            "I",
            [
                (date(2022, 1, 1), date(2023, 2, 1), S),
                (date(2023, 3, 1), date(2023, 8, 1), S),
            ],
        ),
        "J": history(m, "J", [(date(2022, 1, 1), date(2023, 4, 10), S), (date(2024, 4, 10), None, "")]),
        # Cohort 2024
        "F": history(m, "F", [(date(2023, 1, 1), date(2024, 1, 10), S), (date(2024, 6, 1), None, "")]),
        "G": history(m, "G", [(date(2023, 1, 1), date(2024, 12, 31), S)]),
        # Cohort 2025
        "H": history(m, "H", [(date(2024, 1, 1), date(2025, 3, 1), S)]),
        # Another province: only the nation sees it
        "L": history(
            world.bandar_lampung, "L", [(date(2021, 1, 1), date(2022, 1, 5), S), (date(2022, 6, 1), None, "")]
        ),
    }


def figures(rows):
    return {r.year: (r.released, [(c.count, c.percent) if c else None for c in r.cells()]) for r in rows}


def test_rates_by_cohort_and_follow_up_year(users, cohorts):
    got = figures(recidivism_by_cohort(user=users.officer, today=TODAY))
    # 2022: A, B, C, D released (E was a transfer). Back within 1 year: A. Within 2: A, B. Within 3: A, B, D.
    assert got[2022] == (4, [(1, Decimal("25.0")), (2, Decimal("50.0")), (3, Decimal("75.0"))])
    # 2023: I (back a month later), J (back exactly 1 year later). 2023 + 3 = 2026 is not over: no 3-year figure.
    assert got[2023] == (2, [(2, Decimal("100.0")), (2, Decimal("100.0")), None])
    # 2024: F (back within the year), G and B, released again on 2024-09-01 and not back: 1 of 3.
    # Only 1 full year has passed for the whole cohort.
    assert got[2024] == (3, [(1, Decimal("33.3")), None, None])
    # 2025: H, no full year yet. I's second release in 2023 is not a second entry in the 2023 cohort.
    assert got[2025] == (1, [None, None, None])
    assert 2026 not in got


def test_the_scope_decides_which_releases_count(users, cohorts):
    national = figures(recidivism_by_cohort(user=users.national, today=TODAY))
    # The nation adds L (Bandar Lampung, 2022, back within 1 year): 5 released, 2 back within 1 year.
    assert national[2022][0] == 5 and national[2022][1][0] == (2, Decimal("40.0"))
    with pytest.raises(PermissionDenied):
        recidivism_by_cohort(user=users.partner, today=TODAY)


def test_a_split_is_a_queryset_of_person_ids(users, cohorts):
    placed = Person.objects.filter(pk__in=[cohorts["A"].pk, cohorts["C"].pk]).values("pk")
    split = recidivism_split(user=users.officer, today=TODAY, label="placed", person_ids=placed)
    inside, outside = figures(split.inside), figures(split.outside)
    # Placed in 2022: A (back in 1 year) and C (never): 1 of 2 at every follow-up year.
    assert inside[2022] == (2, [(1, Decimal("50.0")), (1, Decimal("50.0")), (1, Decimal("50.0"))])
    # Not placed in 2022: B (back in year 2) and D (back in year 3).
    assert outside[2022] == (2, [(0, Decimal("0.0")), (1, Decimal("50.0")), (2, Decimal("100.0"))])
    assert set(inside) == {2022}


def test_a_confirmed_identity_match_counts_and_a_pending_one_does_not(users, world, history):
    earlier = history(
        world.martapura, "Kurnia Sandi", [(date(2022, 1, 1), date(2023, 5, 5), S)], birth=date(1990, 1, 1)
    )
    later = history(world.martapura, "Kurnia  sandi", [(date(2023, 10, 1), None, "")], birth=date(1990, 1, 1))
    assert figures(recidivism_by_cohort(user=users.officer, today=TODAY))[2023] == (
        1,
        [(0, Decimal("0.0"))] * 2 + [None],
    )
    IdentityReview.objects.create(
        earlier_person=earlier, later_person=later, decision="same", reviewed_at="2026-01-01T00:00:00Z"
    )
    assert figures(recidivism_by_cohort(user=users.officer, today=TODAY))[2023] == (
        1,
        [(1, Decimal("100.0"))] * 2 + [None],
    )
    rows = readmissions(user=users.officer)
    assert [(r.person, r.readmitted, r.via_review) for r in rows] == [(earlier, date(2023, 10, 1), True)]


def test_readmissions_lists_the_people_behind_the_figures(users, cohorts):
    rows = readmissions(user=users.officer)
    names = sorted(r.person.full_name for r in rows)
    # A, B, D, I, J, F came back (I counted from its first release); L is outside the scope.
    assert names == ["A", "B", "D", "F", "I", "J"]
    a = next(r for r in rows if r.person.full_name == "A")
    assert a.days == (date(2022, 12, 1) - date(2022, 3, 1)).days


@pytest.mark.parametrize(
    ("count", "total", "percent"),
    [(1, 3, Decimal("33.3")), (2, 3, Decimal("66.7")), (1, 8, Decimal("12.5")), (0, 0, None)],
)
def test_a_rate_is_exact_counts_with_a_half_up_percentage(count, total, percent):
    assert Rate(count, total).percent == percent
