"""Sign-in protection (issue 16, item 3): lockout by account and by address, the audit trail of sign-ins, the idle
timeout."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bekal.audit.models import AuditEvent
from bekal.home.security import forget_cached_rules
from bekal.rules.models import RuleValue

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _fresh_rules():
    forget_cached_rules()
    yield
    forget_cached_rules()


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_ten_wrong_passwords_lock_the_account_even_for_the_right_one(users):
    client = Client()
    for _ in range(9):
        assert sign_in(client, "officer", "wrong-password").status_code == 200
    locked = sign_in(client, "officer", "wrong-password")
    assert locked.status_code == 429
    # The right password, from another address too, is refused while the lock lasts.
    for address in ("10.0.0.1", "10.9.9.9"):
        response = sign_in(Client(), "officer", "pw", address)
        assert response.status_code == 429
        assert "_auth_user_id" not in Client().session
    text = response.content.decode()
    assert "Terlalu banyak kata sandi salah (10)" in text and "30 menit" in text
    codes = list(AuditEvent.objects.filter(object_id=str(users.officer.pk)).values_list("code", flat=True))
    assert codes.count("accounts.signin.failed") >= 10 and "accounts.signin.locked_out" in codes
    assert "accounts.signin.succeeded" not in codes
    event = AuditEvent.objects.filter(code="accounts.signin.locked_out").first()
    assert event.unit == users.officer.organization and event.actor is None


def test_the_lockout_message_follows_the_language(users):
    client = Client()
    client.cookies["django_language"] = "en"
    for _ in range(10):
        response = sign_in(client, "officer", "wrong-password")
    assert response.status_code == 429
    assert "Too many wrong passwords (10)" in response.content.decode()


def test_an_address_trying_many_accounts_is_locked(users):
    client = Client()
    names = ["officer", "head", "pk", "nobody1", "nobody2", "unit_admin", "regional", "national", "partner", "x"]
    for name in names:
        sign_in(client, name, "wrong-password", "10.1.1.1")
    assert sign_in(Client(), "sysadmin", "pw", "10.1.1.1").status_code == 429
    # The account itself is not locked: from another address it signs in.
    assert sign_in(Client(), "sysadmin", "pw", "10.2.2.2").status_code == 302


def test_the_limit_is_a_rule(users, today=None):
    RuleValue.objects.create(
        code="security.signin.failure_limit", value="3", valid_from=timezone.localdate(), source="test"
    )
    client = Client()
    for _ in range(2):
        assert sign_in(client, "officer", "wrong").status_code == 200
    assert sign_in(client, "officer", "wrong").status_code == 429


def test_a_success_resets_the_count_and_every_sign_in_and_out_is_audited(users):
    client = Client()
    for _ in range(5):
        sign_in(client, "officer", "wrong")
    assert sign_in(client, "officer", "pw").status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(5):
        sign_in(client, "officer", "wrong")
    assert sign_in(client, "officer", "pw").status_code == 302
    officer = AuditEvent.objects.filter(object_id=str(users.officer.pk), code__startswith="accounts.signin.")
    assert officer.filter(code="accounts.signin.succeeded", actor=users.officer).count() == 2
    assert officer.filter(code="accounts.signin.signed_out", actor=users.officer).count() == 1
    assert {e.unit_id for e in officer} == {users.officer.organization_id}
    assert officer.filter(code="accounts.signin.succeeded").first().changes == {"address": "10.0.0.1"}


def test_a_failure_for_an_unknown_username_is_recorded_without_an_object(db):
    sign_in(Client(), "ghost", "wrong")
    event = AuditEvent.objects.get(code="accounts.signin.failed")
    assert event.object_repr == "ghost" and event.object_id == "" and event.unit is None


class TestIdleTimeout:
    def test_idle_past_the_rule_signs_out(self, users):
        start = timezone.now()
        client = Client()
        with time_machine.travel(start, tick=False):
            assert sign_in(client, "officer", "pw").status_code == 302
            assert client.get("/").status_code == 200
        with time_machine.travel(start + timedelta(minutes=29), tick=False):
            assert client.get("/").status_code == 200
        with time_machine.travel(start + timedelta(minutes=29 + 31), tick=False):
            response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
        assert client.get("/").status_code == 302  # signed out for good, not only redirected once
        event = AuditEvent.objects.filter(code="accounts.signin.signed_out").get()
        assert event.changes["reason"] == "idle"

    def test_the_api_answers_401_after_the_idle_time(self, users):
        start = timezone.now()
        client = Client()
        with time_machine.travel(start, tick=False):
            sign_in(client, "officer", "pw")
            assert client.get("/api/v1/me").status_code == 200
        with time_machine.travel(start + timedelta(minutes=31), tick=False):
            response = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 401 and "30 minutes without activity" in response.json()["detail"]
