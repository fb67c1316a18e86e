"""Outcome figures, re-admissions and the identity queue do not run a query per person (see
`bekal.core.testing`)."""

import itertools
from datetime import date

import pytest
from django.urls import reverse

from bekal.core.testing import assert_flat_queries, covers

S = "served"
_n = itertools.count()


@pytest.fixture
def grow_histories(world, history):
    """Per row: one person released and readmitted, and one released whose return is a second, unlinked record
    (an identity candidate). Returns the readmitted names and the candidates' names."""

    def grow(n):
        readmitted, candidates = [], []
        for _ in range(n):
            i = next(_n)
            birth = date(1960, 1, 1 + i % 28).replace(year=1950 + i // 28)
            history(
                world.martapura,
                f"Kembali {i}",
                [(date(2021, 1, 1), date(2022, 3, 1), S), (date(2022, 12, 1), None, "")],
            )
            history(world.martapura, f"Mirip {i}", [(date(2021, 1, 1), date(2022, 3, 1), S)], birth=birth)
            history(world.martapura, f"Mirip {i}", [(date(2023, 1, 1), None, "")], birth=birth)
            readmitted.append(f"Kembali {i}")
            candidates.append(f"Mirip {i}")
        return readmitted, candidates

    return grow


@covers("outcomes:readmissions", "GET /api/v1/outcomes/readmissions")
@pytest.mark.parametrize("url", [reverse("outcomes:readmissions"), "/api/v1/outcomes/readmissions"])
def test_the_readmissions(client_for, users, grow_histories, url):
    assert_flat_queries(client_for(users.officer), url, lambda n: grow_histories(n)[0], ceiling=14)


@covers("outcomes:identity", "GET /api/v1/outcomes/identity-reviews")
@pytest.mark.parametrize("url", [reverse("outcomes:identity"), "/api/v1/outcomes/identity-reviews"])
def test_the_identity_queue(client_for, users, grow_histories, url):
    assert_flat_queries(client_for(users.officer), url, lambda n: grow_histories(n)[1], ceiling=14)


@covers("outcomes:recidivism", "GET /api/v1/outcomes/recidivism")
@pytest.mark.parametrize("url", [reverse("outcomes:recidivism"), "/api/v1/outcomes/recidivism"])
def test_the_recidivism_figures(client_for, users, grow_histories, url):
    # Figures by cohort: the rows are years, not people; the count must still not follow the people.
    assert_flat_queries(client_for(users.officer), url, lambda n: grow_histories(n) and [], ceiling=22)
