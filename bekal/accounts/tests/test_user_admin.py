"""Accounts kept in the app (issue 15 item 2): a unit administrator keeps their unit's users with their unit's roles,
never escalates; the system administrator keeps everyone. Pages, API and the temporary password, each audited."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from bekal.accounts.models import Role, User
from bekal.accounts.user_admin import (
    grantable_roles,
    may_manage_user,
    user_account_create,
    user_account_update,
    user_active_set,
)
from bekal.audit.models import AuditEvent

LOGIN = "/accounts/login/"


@pytest.fixture
def other_admin(world, make_user):
    return make_user(world.bandar_lampung, Role.UNIT_ADMIN, username="bdl_admin")


class TestTheRules:
    def test_a_unit_administrator_grants_their_units_roles_only(self, users, world):
        assert grantable_roles(users.unit_admin, world.martapura) == [
            Role.UNIT_ADMIN,
            Role.TRAINING_OFFICER,
            Role.PROBATION_OFFICER,
            Role.HEAD_OF_UNIT,
        ]
        assert grantable_roles(users.unit_admin, world.bandar_lampung) == []
        assert Role.SYSTEM_ADMIN in grantable_roles(users.sysadmin, world.martapura)
        assert grantable_roles(users.officer, world.martapura) == []

    @pytest.mark.parametrize(
        "role", [Role.SYSTEM_ADMIN, Role.NATIONAL_VIEWER, Role.PARTNER_STAFF, Role.REGIONAL_VIEWER]
    )
    def test_a_unit_administrator_cannot_escalate(self, users, world, role):
        with pytest.raises(ValidationError) as refused:
            user_account_create(actor=users.unit_admin, username="new", organization=world.martapura, roles=[role])
        assert "roles" in refused.value.message_dict
        with pytest.raises(ValidationError):
            user_account_update(actor=users.unit_admin, user=users.officer, roles=[Role.TRAINING_OFFICER, role])
        assert users.officer.role_grants.get().role == Role.TRAINING_OFFICER
        assert not User.objects.filter(username="new").exists()

    def test_a_unit_administrator_keeps_their_own_unit_only(self, users, world, other_admin):
        with pytest.raises(ValidationError) as refused:
            user_account_create(
                actor=users.unit_admin, username="x", organization=world.bandar_lampung, roles=[Role.TRAINING_OFFICER]
            )
        assert "organization" in refused.value.message_dict
        assert not may_manage_user(users.unit_admin, users.other_officer)
        assert not may_manage_user(users.unit_admin, users.sysadmin)
        assert not may_manage_user(users.unit_admin, users.unit_admin)
        with pytest.raises(PermissionDenied):
            user_account_update(actor=users.unit_admin, user=users.other_officer, first_name="X")
        with pytest.raises(PermissionDenied):
            user_active_set(actor=other_admin, user=users.officer, active=False)
        with pytest.raises(ValidationError):
            # Moving a user to another unit is the system administrator's.
            user_account_update(actor=users.unit_admin, user=users.officer, organization=world.bandar_lampung)
        with pytest.raises(PermissionDenied):
            user_account_create(actor=users.officer, username="y", organization=world.martapura, roles=[])

    def test_the_system_administrator_keeps_everyone_but_does_not_demote_or_lock_out_themself(self, users, world):
        user_account_update(actor=users.sysadmin, user=users.officer, organization=world.bandar_lampung)
        with pytest.raises(ValidationError):
            user_active_set(actor=users.sysadmin, user=users.sysadmin, active=False)
        with pytest.raises(ValidationError):
            user_account_update(actor=users.sysadmin, user=users.sysadmin, roles=[Role.NATIONAL_VIEWER])

    def test_create_update_deactivate_are_audited(self, users, world):
        user, password = user_account_create(
            actor=users.unit_admin,
            username=" siti ",
            organization=world.martapura,
            roles=[Role.TRAINING_OFFICER],
            first_name="Siti",
        )
        assert user.username == "siti" and user.must_change_password and user.check_password(password)
        user_account_update(actor=users.unit_admin, user=user, roles=[Role.HEAD_OF_UNIT], job_title="Kasi")
        user_active_set(actor=users.unit_admin, user=user, active=False)
        user_active_set(actor=users.unit_admin, user=user, active=True)
        codes = list(AuditEvent.objects.filter(object_id=str(user.pk)).order_by("id").values_list("code", flat=True))
        assert codes == [
            "accounts.user.created",
            "accounts.user.roles_changed",
            "accounts.user.updated",
            "accounts.user.roles_changed",
            "accounts.user.deactivated",
            "accounts.user.reactivated",
        ]
        assert all(e.unit == world.martapura and e.actor == users.unit_admin for e in AuditEvent.objects.all())
        assert password not in str(list(AuditEvent.objects.values_list("changes", flat=True)))

    def test_a_username_is_taken_once(self, users, world):
        with pytest.raises(ValidationError) as refused:
            user_account_create(actor=users.unit_admin, username="OFFICER", organization=world.martapura, roles=[])
        assert "username" in refused.value.message_dict

    def test_two_administrators_creating_one_username_at_once_get_one_account_and_a_refusal(
        self, users, world, monkeypatch
    ):
        # The race: both pass the check before either saves; the database's unique username stops the second.
        from bekal.accounts import user_admin

        user_account_create(actor=users.unit_admin, username="kembar", organization=world.martapura, roles=[])
        monkeypatch.setattr(user_admin, "check_username", lambda user: None)
        with pytest.raises(ValidationError) as refused:
            user_account_create(actor=users.unit_admin, username="kembar", organization=world.martapura, roles=[])
        assert "kembar" in refused.value.message_dict["username"][0]
        assert User.objects.filter(username="kembar").count() == 1


class TestThePages:
    def test_the_ladder(self, users, client_for, other_admin):
        pages = [
            reverse("accounts:unit-users"),
            reverse("accounts:user-create"),
            reverse("accounts:user-edit", args=[users.officer.pk]),
        ]
        for url in pages:
            assert client_for(None).get(url).status_code == 302, url
            assert client_for(users.head).get(url).status_code == 403, url
            assert client_for(users.unit_admin).get(url).status_code == 200, url
        assert client_for(other_admin).get(pages[2]).status_code == 404
        for name in ("accounts:user-active", "accounts:user-reset-link"):
            url = reverse(name, args=[users.officer.pk])
            assert client_for(None).post(url).status_code == 302
            assert client_for(users.head).post(url).status_code == 403
            assert client_for(other_admin).post(url).status_code == 404

    def test_a_unit_administrator_adds_a_user_who_changes_the_password_first(self, users, client_for, world):
        client = client_for(users.unit_admin)
        form = client.get(reverse("accounts:user-create")).content.decode()
        assert 'value="training_officer"' in form and 'value="system_admin"' not in form
        data = {
            "username": "budi",
            "first_name": "Budi",
            "roles": ["training_officer"],
            "organization": world.bandar_lampung.pk,
        }
        response = client.post(reverse("accounts:user-create"), data)
        password = re.search(r'id="new-password">([^<]+)<', response.content.decode()).group(1)
        budi = User.objects.get(username="budi")
        assert budi.organization == world.martapura and budi.roles == {"training_officer"}
        # The first sign-in leads to the password page, and nowhere else until it is changed.
        new = Client()
        assert new.post(LOGIN, {"username": "budi", "password": password}).status_code == 302
        assert new.get("/people/")["Location"].startswith("/accounts/password/")
        assert new.get("/api/v1/me").status_code == 403
        data = {"old_password": password, "new_password1": "Kebun-Kopi-2027!", "new_password2": "Kebun-Kopi-2027!"}
        assert new.post("/accounts/password/", data).status_code == 302
        budi.refresh_from_db()
        assert not budi.must_change_password and new.get("/people/").status_code == 200

    def test_roles_and_deactivation_through_the_page(self, users, client_for, world):
        client = client_for(users.unit_admin)
        url = reverse("accounts:user-edit", args=[users.officer.pk])
        data = {"username": "ignored", "first_name": "Ani", "roles": ["training_officer", "head_of_unit"]}
        assert client.post(url, data).status_code == 302
        users.officer.refresh_from_db()
        assert users.officer.first_name == "Ani" and users.officer.username == "officer"
        assert set(users.officer.role_grants.values_list("role", flat=True)) == {"training_officer", "head_of_unit"}
        escalate = client.post(url, {**data, "roles": ["system_admin"]})
        assert escalate.status_code == 200 and not users.officer.role_grants.filter(role="system_admin").exists()
        client.post(reverse("accounts:user-active", args=[users.officer.pk]), {"active": "0"})
        users.officer.refresh_from_db()
        assert not users.officer.is_active
        assert Client().post(LOGIN, {"username": "officer", "password": "pw"}).status_code != 302
        listing = client.get(reverse("accounts:unit-users"), {"state": "inactive"}).content.decode()
        assert ">officer</a>" in listing and ">head</a>" not in listing

    def test_a_reset_link_by_email_from_the_administrator(
        self, users, client_for, settings, django_capture_on_commit_callbacks
    ):
        settings.BEKAL_SITE_URL = "https://bekal.example.go.id"
        client = client_for(users.unit_admin)
        url = reverse("accounts:user-reset-link", args=[users.officer.pk])
        response = client.post(url, follow=True)
        assert "tidak punya alamat email" in response.content.decode() and not mail.outbox
        users.officer.email = "officer@lapas.example.go.id"
        users.officer.save()
        with django_capture_on_commit_callbacks(execute=True):
            with_email = client.post(url)
        assert with_email.status_code == 302
        assert mail.outbox[0].to == ["officer@lapas.example.go.id"]
        assert "https://bekal.example.go.id/accounts/password-reset/" in mail.outbox[0].body
        assert AuditEvent.objects.filter(code="accounts.user.reset_link_sent").count() == 1

    def test_the_menu_shows_the_administrators_pages(self, users, client_for):
        page = client_for(users.unit_admin).get("/").content.decode()
        assert reverse("accounts:unit-users") in page and reverse("organizations:manage") in page
        assert reverse("accounts:unit-users") not in client_for(users.officer).get("/").content.decode()


class TestTheApi:
    def test_the_ladder(self, users, client_for, other_admin):
        url = f"/api/v1/users/{users.officer.pk}"
        assert client_for(None).get("/api/v1/users").status_code == 401
        assert client_for(users.head).get("/api/v1/users").status_code == 403
        assert client_for(users.head).get(url).status_code == 403
        assert client_for(other_admin).get(url).status_code == 404
        assert client_for(other_admin).post(f"{url}/deactivate").status_code == 404
        assert client_for(users.unit_admin).get(url).json()["roles"] == ["training_officer"]
        names = [u["username"] for u in client_for(users.unit_admin).get("/api/v1/users").json()["items"]]
        assert "officer" in names and "other_officer" not in names and "sysadmin" not in names

    def test_create_update_deactivate_and_reset(self, users, client_for, world):
        client = client_for(users.unit_admin)
        body = {"username": "rina", "organization_id": world.martapura.pk, "roles": ["probation_officer"]}
        created = client.post("/api/v1/users", body, content_type="application/json")
        assert created.status_code == 201, created.content
        rina = created.json()["user"]
        assert rina["roles"] == ["probation_officer"] and rina["must_change_password"] is True
        assert created.json()["temporary_password"]
        escalate = client.patch(
            f"/api/v1/users/{rina['id']}", {"roles": ["system_admin"]}, content_type="application/json"
        )
        assert escalate.status_code == 422
        other = {**body, "username": "x", "organization_id": world.bandar_lampung.pk}
        assert client.post("/api/v1/users", other, content_type="application/json").status_code == 422
        patched = client.patch(
            f"/api/v1/users/{rina['id']}", {"job_title": "PK Pertama"}, content_type="application/json"
        )
        assert patched.json()["job_title"] == "PK Pertama"
        assert client.post(f"/api/v1/users/{rina['id']}/deactivate").json()["is_active"] is False
        assert client.post(f"/api/v1/users/{rina['id']}/reactivate").json()["is_active"] is True
        reset = client.post(f"/api/v1/users/{rina['id']}/password-reset")
        assert reset.status_code == 200 and User.objects.get(username="rina").check_password(
            reset.json()["temporary_password"]
        )
        assert client.post(f"/api/v1/users/{rina['id']}/reset-link").status_code == 422  # no email address
        assert client.delete(f"/api/v1/users/{rina['id']}/second-factor").status_code == 200


class TestSignInProtections:
    def test_the_second_factor_comes_before_the_users_and_organisations_pages(self, users, settings):
        settings.BEKAL_OTP_REQUIRED = True
        client = Client()
        assert client.post(LOGIN, {"username": "sysadmin", "password": "pw"}).status_code == 302
        for path in [reverse("accounts:unit-users"), reverse("organizations:manage"), "/api/v1/users"]:
            response = client.get(path)
            assert response.status_code in (302, 403) and "/accounts/password/" not in response.get("Location", "")

    def test_the_pages_carry_the_content_security_policy(self, users, client_for):
        client = client_for(users.unit_admin)
        for path in [reverse("accounts:unit-users"), reverse("accounts:user-create"), reverse("organizations:manage")]:
            response = client.get(path)
            assert "script-src 'self'" in response["Content-Security-Policy"], path
            assert "unsafe" not in response["Content-Security-Policy"], path

    def test_a_deactivated_accounts_api_token_stops_working(self, users, client_for):
        from bekal.accounts.services import api_token_issue

        with transaction.atomic():
            _token, raw = api_token_issue(user=users.officer, name="sdp", actor=users.officer)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
        assert Client().get("/api/v1/me", **headers).status_code == 200
        user_active_set(actor=users.unit_admin, user=users.officer, active=False)
        assert Client().get("/api/v1/me", **headers).status_code == 401

    def test_the_reset_request_answers_alike_for_known_and_unknown_addresses(self, users):
        users.officer.email = "officer@lapas.example.go.id"
        users.officer.save()
        known = Client().post("/accounts/password-reset/", {"email": "officer@lapas.example.go.id"})
        unknown = Client().post("/accounts/password-reset/", {"email": "nobody@example.com"})
        assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
