"""The Kanwil Sumatera Selatan viewer opens the KPI dashboard on the demo data, sees Martapura's 72% and 58% and the
charts, and drills down from a figure to the people behind it."""

from django.utils import timezone
from playwright.sync_api import expect

from bekal.e2e.conftest import SCREENSHOTS
from bekal.e2e.demo_copy import demo_for
from bekal.home.demo import DEMO_PASSWORD
from bekal.organizations.models import Organization


def test_the_kanwil_viewer_reads_the_kpis_and_drills_down(page, login, live_server):
    demo_for(timezone.localdate())
    martapura = Organization.objects.get(name="Lapas Kelas IIB Martapura")

    login("kanwil.sumsel", DEMO_PASSWORD)
    page.get_by_role("link", name="IKU", exact=True).click()
    expect(page.locator("#kpi-summary")).to_be_visible()
    page.locator("#f-unit").select_option(str(martapura.pk))
    page.locator("#f-year").select_option("2025")
    page.locator("#kpi-filters button[type=submit]").click()

    expect(page.locator("#kpi-certification .kpi-figure")).to_have_text("72%")
    expect(page.locator("#kpi-absorption .kpi-figure")).to_have_text("58%")
    # The charts are drawn on the server: real SVG elements, not empty boxes.
    for chart in ("#chart-rates", "#chart-funnel", "#chart-recidivism"):
        expect(page.locator(f"{chart} svg")).to_have_count(1)
        assert page.locator(f"{chart} svg path").count() > 3
    assert page.locator("#chart-funnel svg").bounding_box()["height"] > 100  # type: ignore[index]

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "kpi_dashboard.png"), full_page=True)
    page.locator("#kpi-certification .kpi-figure").click()
    expect(page.locator("#kpi-people")).to_be_visible()
    expect(page.locator("#people-count")).to_contain_text("18")
    expect(page.locator("#kpi-people tbody tr")).to_have_count(18)
    assert "Martapura" in page.locator("#kpi-people").inner_text()
