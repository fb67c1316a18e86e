from datetime import date

import pytest

from bekal.national.generate import generate_national

TODAY = date(2026, 11, 23)


@pytest.fixture
def _nation_pk(shared_rows):
    """A tiny nation (seed 7, scale 0.001), generated once for the tests that read it (``SharedRows``)."""
    return shared_rows.get(
        ("nation", 7, 0.001, TODAY),
        lambda: generate_national(seed=7, scale=0.001, today=TODAY, log=lambda _line: None).pk,
    )
