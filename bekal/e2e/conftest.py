"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server.

Run with `make e2e`; `make test` runs them with the rest. Screenshots of each test's last page land in
var/screenshots/ for a person to look at.
"""

import importlib
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = os.environ.get("BEKAL_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "bekal/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


# Data migrations whose rows a live-server test's flush removes; each function is idempotent.
SEEDING_MIGRATIONS = [
    ("bekal.organizations.migrations.0002_load_regions", "load_regions"),
    ("bekal.training.migrations.0002_seed_reasons_and_holidays", "seed"),
    ("bekal.training.migrations.0008_holiday_kind_and_2027", "seed"),
    ("bekal.placement.migrations.0002_todo_kinds", "load"),
]


@pytest.fixture(autouse=True)
def _regions(request: pytest.FixtureRequest) -> None:
    """Load the regions before each live-server test: the previous one flushed the database when it ended, and with
    it the rows the regions data migration had loaded."""
    if "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    for module, function in SEEDING_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/ensure-chromium.sh` (apt-get install -y chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(locale="id-ID", viewport={"width": 1100, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def login(page: Page, live_server: Any) -> Callable[[str], None]:
    """Log in through the login page as the username (password 'pw', as the shared fixtures make it)."""

    def do(username: str, password: str = "pw") -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("#login-form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

    return do


@pytest.fixture(scope="session")
def axe_source() -> str:
    """Return axe-core's source (the npm package, pinned and fetched by scripts/ensure-axe.sh)."""
    script = Path(__file__).resolve().parents[2] / "scripts" / "ensure-axe.sh"
    # The project's own script, no input from outside.
    done = subprocess.run(["/bin/bash", str(script)], check=True, capture_output=True, text=True)  # noqa: S603
    path = done.stdout.strip()
    return Path(path).read_text()


@pytest.fixture
def axe(axe_source: str) -> Callable[[Page], list[dict[str, Any]]]:
    """Run axe-core in the page (through the DevTools protocol, so a strict CSP does not stop it) and return its
    serious and critical violations, each with the rule and the first offending elements."""

    def run(page: Page) -> list[dict[str, Any]]:
        page.evaluate(axe_source)
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        return [
            {"rule": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]}
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return run
