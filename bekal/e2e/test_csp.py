"""Issue 16, item 7: the demo's pages, as a few roles, run under the strict Content-Security-Policy without one
violation: every menu page, the first record each list links to, the Django admin and the API docs.

The browser reports each refused script, style or fetch as a ``securitypolicyviolation`` event and a console
error; the test collects both."""

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from bekal.e2e.demo_copy import demo_for
from bekal.home.demo import DEMO_PASSWORD

LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""
ROLES = {
    "admin": ["/admin/", "/admin/people/person/", "/api/v1/docs"],
    "martapura.bimker": [],
    "muratara.pk": [],
    "kanwil.sumsel": ["/kpis/"],
    "blk.lubuklinggau": [],
}


def _links(page: Page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(a => a.getAttribute('href'))")
    return [h for h in hrefs if h and h.startswith("/") and not h.startswith("/static/")]


def _visit(page: Page, base: str, path: str, found: list[str], console: list[str]) -> None:
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    found += [f"{path}: {v}" for v in page.evaluate("window.__csp || []")]
    found += [f"{path}: {c}" for c in console]
    console.clear()


@pytest.mark.one_database
def test_the_demo_pages_break_no_content_security_policy(browser: Any, live_server: Any):
    demo_for(timezone.localdate())
    found: list[str] = []
    visited = 0
    for username, extra in ROLES.items():
        context = browser.new_context(locale="id-ID")
        context.add_init_script(LISTEN)
        page = context.new_page()
        console: list[str] = []
        page.on(
            "console",
            lambda m, console=console: console.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("#login-form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        menu = _links(page, "header nav a")
        assert menu, username
        for path in dict.fromkeys(["/", *menu, *extra]):
            _visit(page, live_server.url, path, found, console)
            visited += 1
            if path in menu:  # the first record the list links to: detail pages hold the forms and htmx parts
                details = [h for h in _links(page, "main table a") if h != path][:1]
                for detail in details:
                    _visit(page, live_server.url, detail, found, console)
                    visited += 1
        context.close()
    assert found == []
    assert visited > 25
