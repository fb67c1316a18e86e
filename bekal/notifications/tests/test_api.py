"""The notifications API: the caller's own inbox (anonymous -> 401, another user's notice -> 404)."""

import json

import pytest

from bekal.notifications.models import Notice, NotificationPreference

pytestmark = pytest.mark.django_db


def test_anonymous_gets_401(client_for, tell, users):
    (notice,) = tell()
    client = client_for(None)
    assert client.get("/api/v1/notifications").status_code == 401
    assert client.post(f"/api/v1/notifications/{notice.pk}/read").status_code == 401
    assert client.post("/api/v1/notifications/read-all").status_code == 401
    assert client.get("/api/v1/notifications/preferences").status_code == 401


def test_the_list_holds_ones_own_notices(client_for, tell, users):
    (notice,) = tell()
    items = client_for(users.head).get("/api/v1/notifications").json()["items"]
    assert [(i["id"], i["kind"], i["read_at"]) for i in items] == [(notice.pk, "agreement_expiring", None)]
    assert client_for(users.officer).get("/api/v1/notifications").json()["items"] == []


def test_reading_one_and_all(client_for, tell, users):
    (notice,) = tell()
    client = client_for(users.head)
    assert client_for(users.officer).post(f"/api/v1/notifications/{notice.pk}/read").status_code == 404
    response = client.post(f"/api/v1/notifications/{notice.pk}/read")
    assert response.status_code == 200 and response.json()["read_at"]
    assert client.get("/api/v1/notifications?unread=true").json()["items"] == []
    Notice.objects.update(read_at=None)
    assert client.post("/api/v1/notifications/read-all").json() == {"marked": 1}


def test_the_preferences(client_for, users):
    client = client_for(users.pk)
    assert client.get("/api/v1/notifications/preferences").json() == {"email_enabled": True, "language": "id"}
    body = json.dumps({"email_enabled": False, "language": "en"})
    response = client.put("/api/v1/notifications/preferences", body, content_type="application/json")
    assert response.json() == {"email_enabled": False, "language": "en"}
    assert not NotificationPreference.objects.get(user=users.pk).email_enabled
    bad = json.dumps({"email_enabled": True, "language": "xx"})
    response = client.put("/api/v1/notifications/preferences", bad, content_type="application/json")
    assert response.status_code == 422 and "language" in response.json()["detail"]
