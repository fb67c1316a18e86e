"""The second factor (issue 16, item 3): required of system administrators, Kanwil and Ditjenpas users, offered to
everyone, and asked at every sign-in of whoever has it."""

import os
import subprocess
import sys

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from bekal.audit.models import AuditEvent

LOGIN = "/accounts/login/"
SETUP = "/accounts/second-factor/"
VERIFY = "/accounts/second-factor/verify/"


@pytest.fixture
def required(settings):
    settings.BEKAL_OTP_REQUIRED = True


def sign_in(username: str) -> Client:
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": "pw"})
    assert response.status_code == 302
    return client


def code_of(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def enrol(client: Client, user) -> TOTPDevice:
    assert client.get(SETUP).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": code_of(device), "next": "/"})
    assert response.status_code == 302, response.content.decode()[:2000]
    device.refresh_from_db()
    assert device.confirmed
    return device


@pytest.mark.parametrize("who", ["national", "regional", "sysadmin"])
def test_a_national_regional_or_admin_user_reaches_nothing_before_the_second_factor(users, required, who):
    client = sign_in(who)
    for path in ["/", "/people/", "/accounts/profile/", "/admin/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(SETUP), path
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and "faktor kedua" in api.json()["detail"]
    page = client.get(SETUP)
    assert page.status_code == 200 and "<svg" in page.content.decode() and 'id="otp-secret"' in page.content.decode()


def test_after_enrolling_the_user_gets_in_and_is_asked_the_code_at_the_next_sign_in(users, required):
    client = sign_in("national")
    enrol(client, users.national)
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/me").status_code == 200
    # Next sign-in: the code, not the set-up.
    again = sign_in("national")
    response = again.get("/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    wrong = again.post(VERIFY, {"code": "000000"})
    assert wrong.status_code == 200 and "bukan kode yang ditampilkan" in wrong.content.decode()
    assert again.get("/").status_code == 302
    device = TOTPDevice.objects.get(user=users.national)
    # A code is accepted once only; let the device's time step move on as a phone would.
    device.last_t = -1
    device.throttling_failure_count = 0
    device.save()
    assert again.post(VERIFY, {"code": code_of(device), "next": "/people/"})["Location"] == "/people/"
    assert again.get("/").status_code == 200
    codes = set(AuditEvent.objects.filter(object_id=str(users.national.pk)).values_list("code", flat=True))
    assert {
        "accounts.second_factor.begun",
        "accounts.second_factor.enrolled",
        "accounts.second_factor.failed",
        "accounts.second_factor.verified",
    } <= codes


def test_a_required_user_cannot_remove_the_second_factor(users, required):
    client = sign_in("sysadmin")
    enrol(client, users.sysadmin)
    client.post("/accounts/second-factor/remove/")
    assert TOTPDevice.objects.filter(user=users.sysadmin, confirmed=True).exists()


def test_unit_staff_are_not_asked_but_may_enrol_and_remove_it(users, required):
    client = sign_in("officer")
    assert client.get("/").status_code == 200
    profile = client.get("/accounts/profile/").content.decode()
    assert "Faktor kedua: tidak aktif" in profile
    enrol(client, users.officer)
    again = sign_in("officer")
    assert again.get("/")["Location"].startswith(VERIFY)
    client.post("/accounts/second-factor/remove/")
    assert not TOTPDevice.objects.filter(user=users.officer).exists()
    assert sign_in("officer").get("/").status_code == 200


def test_with_the_setting_off_the_demo_roles_sign_in_with_a_password(users, settings):
    settings.BEKAL_OTP_REQUIRED = False
    assert sign_in("national").get("/").status_code == 200


def test_the_setting_is_on_whenever_debug_is_off(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("BEKAL_")}
    env.update(BEKAL_DEBUG="0", BEKAL_SECRET_KEY="x" * 50, BEKAL_VAR_DIR=str(tmp_path))
    env.update(BEKAL_NIK_KEYS="tz3Yq0gWJ0lq2aV1mU6gq5G4i7Gm0Zb3b6Wc0sR2y1E=", BEKAL_NIK_HASH_KEY="h" * 32)
    code = "import bekal.settings as s; print(s.BEKAL_OTP_REQUIRED)"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    assert result.stdout.strip() == "True"


def test_an_administrator_removes_a_lost_authenticator(users, required, client_for, make_user, world):
    enrol(sign_in("officer"), users.officer)
    other_admin = make_user(world.bandar_lampung, "unit_admin", username="bdl_admin")
    url = f"/accounts/users/{users.officer.pk}/second-factor/remove/"
    assert client_for(other_admin).post(url).status_code == 404
    assert client_for(users.head).post(url).status_code == 403
    assert TOTPDevice.objects.filter(user=users.officer).exists()
    assert client_for(users.unit_admin).post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=users.officer).exists()
    event = AuditEvent.objects.get(code="accounts.second_factor.removed")
    assert event.actor == users.unit_admin and event.unit == users.officer.organization


def test_a_session_whose_authenticator_was_removed_is_not_stuck(users, required, client_for):
    enrol(sign_in("officer"), users.officer)
    client = sign_in("officer")
    assert client.get("/")["Location"].startswith(VERIFY)
    client_for(users.unit_admin).post(f"/accounts/users/{users.officer.pk}/second-factor/remove/")
    assert client.get(VERIFY + "?next=/people/")["Location"] == "/people/"
    assert client.get("/").status_code == 200
