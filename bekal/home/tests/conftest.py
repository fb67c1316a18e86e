"""The demo, loaded once per date and shared by the tests that read it (rows kept by bekal.conftest.SharedRows).

It lives here, with the tests of the whole demo, because loading it imports every app: the root conftest, which every
app's tests may import, stays below the floors it serves.
"""

from datetime import date
from typing import Any

import pytest

from bekal.accounts.models import User
from bekal.conftest import SharedRows
from bekal.home.demo import load_demo

DEMO_TODAY = date(2026, 11, 23)


@pytest.fixture
def demo_today() -> date:
    """The date the demo is loaded for; a test module that needs another date overrides this fixture."""
    return DEMO_TODAY


@pytest.fixture
def _demo_user_pks(shared_rows: SharedRows, demo_today: date) -> dict[str, int]:
    def build() -> dict[str, int]:
        return {key: user.pk for key, user in load_demo(today=demo_today).items()}

    return shared_rows.get(("demo", demo_today), build)


@pytest.fixture
def demo(_demo_user_pks: dict[str, int], db: Any) -> dict[str, User]:
    """The demo, loaded once for `demo_today` and shared: its users by username, read afresh for each test so that
    none sees another's changes to them. Whatever the test writes is rolled back after it.

    Ask for it before any other fixture that uses the database: the demo must be loaded before the test's own
    transaction opens.
    """
    by_pk = User.objects.in_bulk(_demo_user_pks.values())
    return {key: by_pk[pk] for key, pk in _demo_user_pks.items()}
