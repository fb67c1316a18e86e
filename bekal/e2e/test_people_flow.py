"""A training officer at Lapas Martapura finds and opens a person, and cannot open a Bandar Lampung person."""

from datetime import date

from playwright.sync_api import expect


def test_the_martapura_officer_searches_opens_and_is_kept_out_of_bandar_lampung(
    page, login, live_server, users, world, make_person
):
    own = make_person(world.martapura, full_name="Andi Saputra")
    make_person(world.martapura, full_name="Budi Pratama", birth_date=date(1980, 3, 3))
    foreign = make_person(world.bandar_lampung, full_name="Rudi Lampung", birth_date=date(1985, 2, 2))

    login("officer")
    page.get_by_role("link", name="Warga binaan & klien").first.click()
    page.get_by_label("Nama, NIK, atau nomor register").fill("andi")
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_role("link", name="Andi Saputra")).to_be_visible()
    expect(page.get_by_role("link", name="Budi Pratama")).to_have_count(0)

    page.get_by_role("link", name="Andi Saputra").click()
    expect(page.get_by_role("heading", name="Andi Saputra")).to_be_visible()
    expect(page.locator("#nik")).not_to_contain_text(own.nik)
    page.get_by_role("button", name="Tampilkan NIK lengkap").click()
    expect(page.locator("#nik")).to_contain_text(own.nik)

    response = page.goto(f"{live_server.url}/people/{foreign.pk}/")
    assert response is not None and response.status == 404
