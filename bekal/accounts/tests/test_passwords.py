"""Passwords (issue 15 item 2, issue 16 item 3): change by every user, reset by email and by a unit administrator,
the policy with its list of common passwords; each audited."""

import re

from django.core import mail
from django.test import Client

from bekal.audit.models import AuditEvent

LOGIN = "/accounts/login/"


def signs_in(username: str, password: str) -> bool:
    return Client().post(LOGIN, {"username": username, "password": password}).status_code == 302


def test_every_user_changes_their_own_password(users, client_for):
    client = client_for(users.partner)
    assert client.get("/accounts/password/").status_code == 200
    data = {"old_password": "pw", "new_password1": "Sawah-Padi-2027!", "new_password2": "Sawah-Padi-2027!"}
    assert client.post("/accounts/password/", data)["Location"] == "/accounts/profile/"
    assert signs_in("partner", "Sawah-Padi-2027!") and not signs_in("partner", "pw")
    assert client.get("/").status_code == 200  # the session that changed it stays signed in
    event = AuditEvent.objects.get(code="accounts.password.changed")
    assert event.actor == users.partner and event.unit == users.partner.organization and event.changes == {}


def test_the_policy_refuses_common_and_short_passwords(users, client_for, settings):
    client = client_for(users.officer)
    for weak, message in [("password123", "terlalu umum"), ("Ab1-xyz", "12 karakter")]:
        response = client.post(
            "/accounts/password/", {"old_password": "pw", "new_password1": weak, "new_password2": weak}
        )
        assert response.status_code == 200 and message in response.content.decode(), weak
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 16}}
    ]
    response = client.post(
        "/accounts/password/",
        {"old_password": "pw", "new_password1": "Sawah-Padi-27!", "new_password2": "Sawah-Padi-27!"},
    )
    assert "16 karakter" in response.content.decode()
    assert not AuditEvent.objects.filter(code="accounts.password.changed").exists()


def test_reset_by_email_through_the_emailed_link(users, settings):
    settings.BEKAL_SITE_URL = "https://bekal.example.go.id"
    users.officer.email = "officer@lapas.example.go.id"
    users.officer.save()
    client = Client()
    assert client.post("/accounts/password-reset/", {"email": "officer@lapas.example.go.id"}).status_code == 302
    # An unknown address answers the same, and sends nothing.
    assert client.post("/accounts/password-reset/", {"email": "nobody@example.com"}).status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["officer@lapas.example.go.id"]
    link = re.search(r"https://bekal\.example\.go\.id(/accounts/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert 'id="password-set-form"' in form.content.decode()
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Kopi-Lampung-77", "new_password2": "Kopi-Lampung-77"}
    )
    assert response["Location"] == "/accounts/password-reset/done/"
    assert signs_in("officer", "Kopi-Lampung-77")
    event = AuditEvent.objects.get(code="accounts.password.reset_by_email")
    assert event.unit == users.officer.organization
    assert "tidak berlaku lagi" in client.get(link, follow=True).content.decode()


class TestResetByAUnitAdministrator:
    def test_the_ladder(self, users, client_for, make_user, world):
        target = f"/accounts/users/{users.officer.pk}/password-reset/"
        assert client_for(None).post(target).status_code == 302  # to the sign-in page
        assert client_for(users.head).post(target).status_code == 403  # not an administrator
        other_admin = make_user(world.bandar_lampung, "unit_admin", username="bdl_admin")
        assert client_for(other_admin).post(target).status_code == 404  # another unit's user
        assert (
            client_for(users.unit_admin).post(f"/accounts/users/{users.sysadmin.pk}/password-reset/").status_code == 404
        )
        listing = client_for(users.unit_admin).get("/accounts/users/").content.decode()
        assert "officer" in listing and "other_officer" not in listing and "sysadmin" not in listing
        assert signs_in("officer", "pw")
        response = client_for(users.unit_admin).post(target)
        assert response.status_code == 200
        password = re.search(r'id="new-password">([^<]+)<', response.content.decode()).group(1)
        assert signs_in("officer", password) and not signs_in("officer", "pw")
        event = AuditEvent.objects.get(code="accounts.user.password_reset")
        assert event.actor == users.unit_admin and event.unit == users.officer.organization
        assert password not in str(event.changes)

    def test_a_reset_lifts_the_lockout(self, users, client_for):
        for _ in range(10):
            Client().post(LOGIN, {"username": "officer", "password": "wrong"})
        assert Client().post(LOGIN, {"username": "officer", "password": "pw"}).status_code == 429
        response = client_for(users.sysadmin).post(f"/accounts/users/{users.officer.pk}/password-reset/")
        password = re.search(r'id="new-password">([^<]+)<', response.content.decode()).group(1)
        assert signs_in("officer", password)
