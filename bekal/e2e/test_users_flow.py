"""The administrator of Lapas Martapura adds a training officer on a phone, who signs in with the temporary password
and must choose their own before anything else (issue 15 item 2)."""

from playwright.sync_api import expect

from bekal.e2e.conftest import SCREENSHOTS


def test_a_unit_administrator_adds_a_user_who_then_chooses_a_password(page, login, live_server, users, axe):
    page.set_viewport_size({"width": 390, "height": 844})
    login("unit_admin")
    page.goto(f"{live_server.url}/accounts/users/")
    expect(page.get_by_role("link", name="officer", exact=True)).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "users-list-phone.png"), full_page=True)
    assert axe(page) == []
    page.get_by_role("link", name="Pengguna baru").click()
    page.get_by_label("Nama pengguna").fill("sari")
    page.get_by_label("Nama depan").fill("Sari")
    page.get_by_label("Petugas Bimker (Pembinaan Kerja)").check()
    page.get_by_role("button", name="Simpan").click()
    password = page.locator("#new-password").inner_text()
    assert len(password) >= 12

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "sari")
    page.fill("#id_password", password)
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/accounts/password/**")
    page.fill("#id_old_password", password)
    page.fill("#id_new_password1", "Pempek-Palembang-26")
    page.fill("#id_new_password2", "Pempek-Palembang-26")
    page.get_by_role("button", name="Ganti kata sandi").click()
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/")
