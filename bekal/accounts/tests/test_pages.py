from django.urls import reverse

from bekal.accounts.models import ApiToken
from bekal.audit.models import AuditEvent


def test_login_page_is_indonesian_by_default(client_for, db):
    body = client_for(None).get(reverse("accounts:login")).content.decode()
    assert 'lang="id"' in body


def test_english_is_one_click_away(client_for, db):
    client = client_for(None)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert 'lang="en"' in client.get(reverse("accounts:login")).content.decode()


def test_logging_in_lands_on_home(client_for, users):
    client = client_for(None)
    response = client.post(reverse("accounts:login"), {"username": "officer", "password": "pw"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_profile_needs_login(client_for, db):
    assert client_for(None).get(reverse("accounts:profile")).status_code == 302


def test_a_token_is_shown_once_and_stored_hashed(client_for, users):
    client = client_for(users.officer)
    body = client.post(reverse("accounts:profile"), {"name": "SDP"}).content.decode()
    token = ApiToken.objects.get(user=users.officer)
    assert token.prefix in body and token.key_hash not in body
    assert AuditEvent.objects.filter(code="accounts.token.issued").exists()
    assert token.prefix in client.get(reverse("accounts:profile")).content.decode()


def test_a_user_cannot_revoke_someone_elses_token(client_for, users):
    client_for(users.officer).post(reverse("accounts:profile"), {"name": "SDP"})
    token = ApiToken.objects.get(user=users.officer)
    assert client_for(users.pk).post(reverse("accounts:token-revoke", args=[token.pk])).status_code == 404
    assert client_for(users.officer).post(reverse("accounts:token-revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_me_endpoint_reports_roles(client_for, users):
    data = client_for(users.pk).get("/api/v1/me").json()
    assert data["roles"] == ["probation_officer"] and data["organization_id"] == users.pk.organization_id


def test_a_browser_set_to_english_still_gets_indonesian_pages(client_for, db):
    body = client_for(None).get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in body


def test_the_api_answers_in_the_language_asked_for(client_for, db):
    response = client_for(None).get("/api/v1/people", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en"
