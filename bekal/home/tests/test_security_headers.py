"""Issue 16, item 7: every page and API answer carries a strict Content-Security-Policy, no-store, a referrer and a
permissions policy; no template holds an inline script, an event-handler attribute or a style attribute; the API
docs load Swagger UI from Bekal's own static files."""

import re
from pathlib import Path

from django.test import Client, override_settings

from bekal.home.tests.conftest import DEMO_TODAY
from bekal.kpis import charts, selectors

BEKAL = Path(__file__).resolve().parents[2]


def _csp(response) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


def test_pages_and_api_answers_carry_the_headers(demo, client_for):
    officer = client_for(demo["martapura.bimker"])
    for client, url in [
        (Client(), "/accounts/login/"),
        (officer, "/"),
        (officer, "/people/"),
        (officer, "/api/v1/people"),
        (client_for(demo["ditjenpas"]), "/kpis/"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = _csp(response)
        assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'", url
        assert policy["default-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
        assert "unsafe" not in response["Content-Security-Policy"]
        assert response["Cache-Control"] == "no-store", url
        assert response["Referrer-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31_536_000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_https_redirect_and_hsts_spare_the_probes(db):
    client = Client()
    assert client.get("/accounts/login/")["Location"] == "https://testserver/accounts/login/"
    assert client.get("/healthz").status_code == 200  # the load balancer probes on plain http inside
    secure = client.get("/accounts/login/", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_no_template_holds_inline_script_or_style():
    found = []
    for template in BEKAL.glob("**/templates/**/*.html"):
        if "documents" in template.parts:
            continue  # printed documents: HTML rendered to PDF by WeasyPrint on the server, never served to a browser
        text = template.read_text()
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+=", r"\sstyle=", r"<style", r"hx-on"):
            found += [f"{template.relative_to(BEKAL)}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert found == []


def test_charts_carry_presentation_attributes_not_styles(demo):
    drawn = charts.svg(charts.funnel(selectors.kpi_table(user=demo["ditjenpas"], today=DEMO_TODAY)))
    assert drawn.startswith("<svg") and "<path" in drawn and 'fill="' in drawn
    assert "style=" not in drawn and "<style" not in drawn


def test_the_api_docs_load_swagger_ui_from_static_files(demo, client_for):
    page = client_for(demo["admin"]).get("/api/v1/docs").content.decode()
    sources = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', page)
    assert any(s.endswith("swagger-ui-bundle.js") for s in sources)
    assert all(s.startswith("/static/") for s in sources), sources
