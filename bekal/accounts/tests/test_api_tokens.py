"""API tokens (issue 16, item 3): expiry, scope, last-used time, shown once and stored hashed, revocable; each refusal
names its reason, 401 or 403."""

import json
from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from bekal.accounts.models import ApiToken, hash_token
from bekal.accounts.services import api_token_issue, api_token_revoke
from bekal.audit.models import AuditEvent


def bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


def write(client: Client):
    """A write every signed-in user may make: marking their notices read."""
    return client.post("/api/v1/notifications/read-all", data=json.dumps({}), content_type="application/json")


def test_a_token_is_shown_once_and_stored_hashed(users, client_for):
    client = client_for(users.officer)
    page = client.post("/accounts/profile/", {"name": "SDP", "scope": "write", "days": 30}).content.decode()
    token = ApiToken.objects.get(user=users.officer)
    raw = page.split('id="new-token">')[1].split("<")[0]
    assert token.key_hash == hash_token(raw) and raw not in str(token.__dict__)
    assert raw not in client.get("/accounts/profile/").content.decode()
    assert token.scope == "write" and abs(token.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(
        minutes=1
    )
    event = AuditEvent.objects.get(code="accounts.token.issued")
    assert raw not in str(event.changes) and event.changes["scope"] == [None, "write"]


def test_a_token_life_is_bounded(users, client_for, settings):
    response = client_for(users.officer).post("/accounts/profile/", {"name": "SDP", "scope": "read", "days": 400})
    assert response.status_code == 200 and not ApiToken.objects.exists()
    assert "365" in response.content.decode()


def test_an_expired_token_is_refused_with_its_date(users):
    _token, raw = api_token_issue(user=users.officer, name="SDP", actor=users.officer, days=1)
    assert bearer(raw).get("/api/v1/me").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        response = bearer(raw).get("/api/v1/me")
    assert response.status_code == 401
    assert "expired on" in response.json()["detail"] and raw[:8] in response.json()["detail"]


def test_a_read_only_token_reads_but_is_refused_on_a_write(users):
    _token, raw = api_token_issue(user=users.officer, name="Dashboard", actor=users.officer, scope="read")
    assert bearer(raw).get("/api/v1/me").status_code == 200
    response = write(bearer(raw))
    assert response.status_code == 403 and "read only" in response.json()["detail"]
    _token, raw_write = api_token_issue(user=users.officer, name="SDP", actor=users.officer, scope="write")
    assert write(bearer(raw_write)).status_code == 200


def test_a_revoked_or_unknown_token_is_refused(users):
    token, raw = api_token_issue(user=users.officer, name="SDP", actor=users.officer)
    api_token_revoke(token=token, actor=users.officer)
    response = bearer(raw).get("/api/v1/me")
    assert response.status_code == 401 and "was revoked" in response.json()["detail"]
    unknown = bearer("bkl_nothing").get("/api/v1/me")
    assert unknown.status_code == 401 and "Unknown API token" in unknown.json()["detail"]
    indonesian = Client(HTTP_AUTHORIZATION="Bearer bkl_nothing").get("/api/v1/me")
    assert "Token API tidak dikenal" in indonesian.json()["detail"]


def test_the_last_use_is_recorded(users):
    token, raw = api_token_issue(user=users.officer, name="SDP", actor=users.officer)
    assert token.last_used_at is None
    bearer(raw).get("/api/v1/me")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_profile_lists_scope_expiry_and_last_use(users, client_for):
    api_token_issue(user=users.officer, name="SDP", actor=users.officer, scope="write")
    page = client_for(users.officer).get("/accounts/profile/").content.decode()
    assert "Baca dan tulis" in page and "Berlaku sampai" in page
