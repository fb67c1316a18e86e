"""The Muratara story in the browser (issue 17): the Kabapas records the audience at BLK Lubuklinggau with its
attendees and a follow-up, starts the partnership, links the audience and the proposal, signs the two-year PKS and
records it as the PKS step; a PK plans the first batch under it, which needs no agreement override; the BLK sees the
PKS, the partnership at its stage and the batch on its own page."""

import importlib
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bekal.accounts.models import Role
from bekal.partnerships.models import Partnership
from bekal.training import services as training
from bekal.training.models import Agreement, Batch

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def seeded(transactional_db):
    """Put back the rows data migrations seed (regions, attendance codes, holidays, notification rules)."""
    from django.apps import apps

    regions = importlib.import_module("bekal.organizations.migrations.0002_load_regions")
    seeds = importlib.import_module("bekal.training.migrations.0002_seed_reasons_and_holidays")
    if not apps.get_model("organizations", "Region").objects.exists():
        regions.load_regions(apps, None)
    seeds.seed(apps, None)


def _as(page, login, username):
    page.context.clear_cookies()
    login(username)


def _pick(page, selector, label):
    page.select_option(selector, label=label)


def test_the_muratara_story_from_the_audience_to_a_first_batch_under_the_pks(
    seeded, page, login, live_server, users, world, make_user
):
    make_user(world.muratara, Role.HEAD_OF_UNIT, username="kabapas")
    training.programme_create(
        actor=users.sysadmin,
        provider=world.blk,
        name="Barista",
        total_jp=160,
        training_days=20,
        scheme="Skema Barista",
        units=[("I.563000.001.01", "Membuat espresso")],
    )
    url = live_server.url
    today = timezone.localdate()

    # The audience of 12 December 2025, with both sides' attendees and a follow-up.
    _as(page, login, "kabapas")
    page.goto(f"{url}/partnerships/meetings/new/")
    _pick(page, "#id_unit", world.muratara.name)
    _pick(page, "#id_partners", world.blk.name)
    page.select_option("#id_kind", "audience")
    page.fill("#id_date", "12/12/2025")
    page.fill("#id_place", "UPTD BLK Lubuklinggau")
    page.fill("#id_agenda", "Persiapan pelatihan vokasi klien pidana kerja sosial 2026")
    page.fill("#id_unit_attendees", "Kabapas; Kepala Bapas\nKasubsi BKD; Kasubsi Bimbingan Klien Dewasa")
    page.fill("#id_partner_attendees", "Kepala BLK; Kepala UPTD BLK Lubuklinggau")
    page.click("#save")
    expect(page.get_by_text("Kasubsi Bimbingan Klien Dewasa")).to_be_visible()
    meeting_url = page.url
    page.get_by_role("link", name="Tindak lanjut baru").click()
    page.fill("#id_description", "Menyiapkan PKS dua tahun")
    page.fill("#id_due_date", "30/06/2026")
    _pick(page, "#id_owner_org", world.muratara.name)
    page.click("#save")
    expect(page.locator("#actions")).to_contain_text("Menyiapkan PKS dua tahun")
    minutes = page.request.get(meeting_url + "minutes.pdf")  # the berita acara generated from the record
    assert minutes.ok and minutes.body()[:5] == b"%PDF-"

    # The partnership: the idea, the audience, the proposal.
    page.goto(f"{url}/partnerships/new/")
    _pick(page, "#id_unit", world.muratara.name)
    _pick(page, "#id_partners", world.blk.name)
    page.fill("#id_title", "Pelatihan vokasi klien Bapas Muratara")
    page.click("#save")
    partnership = Partnership.objects.get()
    page.goto(f"{url}/partnerships/{partnership.pk}/steps/?kind=meeting")
    page.fill("#id_done_on", "12/12/2025")
    page.select_option("#id_meeting", index=1)
    page.click("#save")
    page.goto(f"{url}/partnerships/{partnership.pk}/steps/?kind=proposal")
    page.fill("#id_done_on", "20/01/2026")
    page.select_option("#id_programmes", label="Barista")
    page.fill("#id_participants", "16")
    page.set_input_files("#id_document", {"name": "proposal.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.click("#save")
    expect(page.locator("#stage")).to_have_text("Proposal")

    # The two-year PKS, proposed and signed by the Kabapas.
    page.goto(f"{url}/training/agreements/new/")
    page.select_option("#id_kind", "pks")
    page.fill("#id_number", "PKS/BAPAS-MURATARA/BLK-LLG/2026")
    page.fill("#id_title", "Pelatihan vokasi klien pemasyarakatan")
    _pick(page, "#id_unit", world.muratara.name)
    _pick(page, "#id_partners", world.blk.name)
    page.fill("#id_start_date", "02/03/2026")
    page.locator("main form button[type=submit]").first.click()
    page.click("#move-proposed")
    page.fill("#id_signing_date", "02/03/2026")  # signed on the day it starts: activation records the real date
    page.click("#move-active")
    page.click("#confirm")
    pks = Agreement.objects.get(number="PKS/BAPAS-MURATARA/BLK-LLG/2026")
    assert pks.status == "active" and pks.end_date == date(2028, 3, 1)  # two years, the rule's term
    page.goto(f"{url}/partnerships/{partnership.pk}/steps/?kind=pks")
    page.fill("#id_done_on", today.strftime("%d/%m/%Y"))
    page.select_option("#id_agreement", label=str(pks))
    page.click("#save")
    expect(page.locator("#stage")).to_have_text("Perjanjian kerja sama (PKS)")
    expect(page.locator("#steps")).to_contain_text(pks.number)

    # The first batch under the PKS: planned by a PK, no agreement warning to override.
    _as(page, login, "pk")
    page.goto(f"{url}/training/batches/new/")
    page.fill("#id_name", "Barista Klien Muratara I")
    _pick(page, "#id_programme", "Barista")
    page.fill("#id_start_date", "03/08/2026")
    page.fill("#id_end_date", "04/09/2026")
    page.locator("main form.card button[type=submit]").click()
    expect(page.get_by_role("heading", name="Barista Klien Muratara I")).to_be_visible()
    batch = Batch.objects.get(name="Barista Klien Muratara I")
    assert batch.agreement_warning == ""

    # The BLK's own page: the PKS, the partnership at the PKS stage, the batch.
    _as(page, login, "partner")
    page.goto(f"{url}/partnerships/mine/")
    main = page.locator("main")
    expect(main).to_contain_text(pks.number)
    expect(main).to_contain_text("Pelatihan vokasi klien Bapas Muratara")
    expect(main).to_contain_text("Barista Klien Muratara I")
