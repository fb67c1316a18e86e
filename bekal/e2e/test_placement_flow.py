"""A Martapura training officer prepares a person due for release, refers them to a vacancy, and records the hire."""

from datetime import date, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from bekal.organizations.models import Organization, OrganizationKind
from bekal.people.models import CustodyPeriod
from bekal.placement.models import EmployerProfile, Placement, ToDoKind, Vacancy
from bekal.placement.todo_kinds import todo_kinds_load


def test_an_officer_prepares_refers_and_places_a_person(page, login, live_server, users, world, make_person, regions):
    # The live server's transactional tests flush every table, the kinds loaded by migration included.
    todo_kinds_load(ToDoKind)
    today = timezone.localdate()
    person = make_person(world.martapura, full_name="Andi Segera", admission_date=today - timedelta(days=400))
    person.home_region_id = "16.08"
    person.save()
    CustodyPeriod.objects.filter(person=person).update(expected_release_date=today + timedelta(days=30))
    make_person(world.martapura, full_name="Masih Lama", birth_date=date(1970, 1, 1))
    employer = Organization.objects.create(name="UMKM Mebel Jati", kind=OrganizationKind.UMKM, region_id="16.08")
    EmployerProfile.objects.create(organization=employer, sector="Mebel")
    Vacancy.objects.create(employer=employer, title="Tukang kayu", region_id="16.08", skills="mebel")

    login("officer")
    page.get_by_role("link", name="Kesiapan kerja").first.click()
    expect(page.get_by_role("heading", name="Kesiapan kerja menjelang bebas")).to_be_visible()
    expect(page.get_by_role("link", name="Masih Lama")).to_have_count(0)
    page.get_by_role("link", name="Andi Segera").click()

    page.locator("#edit-readiness").click()
    page.get_by_label("Kesiapan kerja").select_option("needs_support")
    page.locator("#save").click()
    expect(page.locator("#readiness")).to_contain_text("Perlu pendampingan")

    page.locator("#edit-todos").click()
    page.get_by_role("combobox", name="Kartu Tanda Penduduk (KTP)").select_option("done")
    page.get_by_role("combobox", name="Surat Keterangan Catatan Kepolisian (SKCK)").select_option("in_progress")
    page.locator("#save").click()
    expect(page.locator("#todos")).to_contain_text("Selesai")
    expect(page.locator("#todos")).to_contain_text("Sedang diproses")

    # The vacancy in his home regency is offered with its reasons; refer him from there.
    expect(page.locator("#matches")).to_contain_text("Pekerjaan di kabupaten/kota asal")
    page.locator("#matches").get_by_role("link", name="Rujuk").click()
    page.locator("#save").click()
    expect(page.locator("#referrals")).to_contain_text("Dirujuk")

    for status in ["interview", "offered", "hired"]:
        page.locator("#referrals").get_by_role("link", name="Perbarui").click()
        page.get_by_label("Status baru").select_option(status)
        page.locator("#save").click()
    expect(page.locator("#referrals")).to_contain_text("Diterima bekerja")

    # He is released today; the hire becomes a placement with its follow-ups.
    CustodyPeriod.objects.filter(person=person).update(release_date=today, release_reason="served")
    page.reload()
    page.get_by_role("link", name="Catat penempatan kerja").click()
    expect(page.get_by_label("Jabatan")).to_have_value("Tukang kayu")
    page.locator("#save").click()
    expect(page.locator("#placements")).to_contain_text("UMKM Mebel Jati")
    placement = Placement.objects.get(person=person)
    assert placement.kind == "employed" and placement.referral is not None
    page.locator("#placements").get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Pemantauan lanjutan")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(4)
