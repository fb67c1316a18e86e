"""A Martapura training officer takes a programme to a printed training certificate: plan a batch, nominate,
select, enrol, take attendance for every day on the phone-sized page, complete, assess, certify, download."""

import importlib
from datetime import date

import pytest
from playwright.sync_api import expect

from bekal.e2e.conftest import SCREENSHOTS
from bekal.organizations.models import Organization, OrganizationKind
from bekal.training import services
from bekal.training.models import Agreement


@pytest.fixture
def seeded(transactional_db):
    """Put back the rows data migrations seed (regions, attendance codes, holidays): an earlier browser test's
    flush removes them, and a transactional test does not get them back on its own."""
    from django.apps import apps

    regions = importlib.import_module("bekal.organizations.migrations.0002_load_regions")
    training = importlib.import_module("bekal.training.migrations.0002_seed_reasons_and_holidays")
    if not apps.get_model("organizations", "Region").objects.exists():
        regions.load_regions(apps, None)
    training.seed(apps, None)


def test_a_training_officer_goes_from_a_programme_to_a_printed_certificate(
    seeded, page, login, live_server, users, world, make_person
):
    programme = services.programme_create(
        actor=users.sysadmin,
        provider=world.blk,
        name="Barista",
        total_jp=160,
        training_days=20,
        scheme="Skema Barista",
        units=[("I.563000.001.01", "Membuat espresso")],
    )
    agreement = Agreement.objects.create(
        kind="pks",
        number="PKS/E2E",
        title="E2E",
        unit=world.martapura,
        start_date=date(2025, 1, 1),
        end_date=date(2026, 12, 31),
        status="active",
    )
    agreement.partners.set([world.blk])
    Organization.objects.create(name="LSP Barista", kind=OrganizationKind.LSP)
    make_person(world.martapura, full_name="Andi Saputra")

    login("officer")
    page.goto(f"{live_server.url}/training/programmes/{programme.pk}/")
    expect(page.get_by_role("heading", name="Barista")).to_be_visible()
    page.locator("a.button[href*='batches/new']").click()
    page.fill("#id_name", "Barista Angkatan I")
    page.fill("#id_start_date", "2025-03-03")
    page.fill("#id_end_date", "2025-03-28")
    page.select_option("#id_lsp", label="LSP Barista")
    page.locator("main form.card button[type=submit]").click()
    expect(page.get_by_role("heading", name="Barista Angkatan I")).to_be_visible()
    page.click("#move-open")

    page.click("#nominate")
    page.fill("input[name=interest_statement_on]", "2025-02-17")  # stated by the officer, never pre-filled
    page.get_by_role("button", name="Nominasikan").click()
    page.get_by_role("link", name="Barista Angkatan I").click()
    page.get_by_role("link", name="Putuskan").click()
    page.fill("#id_reason", "Berminat dan disiplin")
    page.locator("main form.card button[type=submit]").first.click()
    page.get_by_role("button", name="Daftarkan").click()
    expect(page.locator("#participants")).to_contain_text("Terdaftar")

    page.set_viewport_size({"width": 390, "height": 844})
    page.click("#attendance-2025-03-03")
    for day in range(20):
        page.wait_for_selector("html[data-queue=ready]", state="attached")
        page.get_by_label("Hadir").check()
        expect(page.locator("#present-count")).to_contain_text("1 dari 1")
        expect(page.locator(".sync-state")).to_have_attribute("data-state", "saved")  # the server has it
        if day < 19:
            page.click("#next-day")
    page.screenshot(path=str(SCREENSHOTS / "training_attendance_phone.png"), full_page=True)
    page.set_viewport_size({"width": 1100, "height": 900})
    page.get_by_role("link", name="Barista Angkatan I").click()
    expect(page.locator("#participants")).to_contain_text("100")
    page.get_by_role("button", name="Selesaikan").click()
    expect(page.locator("#check-answers")).to_contain_text("Andi Saputra")  # nothing completes on a single tap
    page.click("#confirm")
    expect(page.get_by_role("link", name="Sertifikat pelatihan (PDF)")).to_be_visible()

    page.click("#new-assessment")
    page.fill("#id_assessor", "Asesor Satu")
    page.locator("main form.card button[type=submit]").click()
    # locator.all() does not wait: read the verdicts' selects once the assessment's own page has loaded
    expect(page.get_by_label("Keputusan LSP")).to_be_visible()
    for select in page.locator("main form.card").first.locator("select").all():
        select.select_option("K")  # verdicts start empty: the assessor chooses each one
    page.fill("input[name=certificate_number]", "BNSP-001")
    page.locator("main form.card button[type=submit]").first.click()
    expect(page.get_by_text("BNSP-001")).to_be_visible()

    page.get_by_role("link", name="Barista Angkatan I").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Sertifikat pelatihan (PDF)").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
