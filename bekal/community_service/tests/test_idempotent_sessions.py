"""A session sent twice with one key (a double tap, the offline queue replaying after a lost answer) is one
session, through the site-day page and the API alike; the key reused for another session is refused; a session a
rule refuses comes back with the reason and stores no key."""

import json
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.community_service.models import Outcome, WorkSession
from bekal.ops.models import IdempotencyKey

KEY = "0d9f3c1e-7a55-4f0b-8c1e-5b2d6a7f9e10"
JSON = {"HTTP_ACCEPT": "application/json"}


def row(order, **overrides):
    data = {"date": "2026-03-03", "start": "08:00", "end": "12:00", "outcome": Outcome.ATTENDED_COMPLIED}
    data |= overrides
    return {f"o{order.pk}-{name}": value for name, value in data.items()}


def record_url(cs, order):
    return reverse("community_service:site-day-record", args=[cs.site.pk, order.pk])


def test_the_site_day_answers_a_replay_with_the_first_session(client_for, cs, order):
    client = client_for(cs.site_user)
    first = client.post(record_url(cs, order), row(order), HTTP_IDEMPOTENCY_KEY=KEY, **JSON)
    again = client.post(record_url(cs, order), row(order), HTTP_IDEMPOTENCY_KEY=KEY, **JSON)
    assert first.status_code == again.status_code == 200
    assert first.json()["session"] == again.json()["session"]
    assert again.json()["minutes"] == 240 and "4 jam diakui" in again.json()["html"]
    assert WorkSession.objects.filter(order=order).count() == 1
    assert AuditEvent.objects.filter(code="community_service.session.recorded").count() == 1


def test_the_key_reused_for_another_session_is_refused_with_the_reason(client_for, cs, order):
    client = client_for(cs.site_user)
    client.post(record_url(cs, order), row(order), HTTP_IDEMPOTENCY_KEY=KEY, **JSON)
    other = client.post(record_url(cs, order), row(order, start="13:00", end="15:00"), HTTP_IDEMPOTENCY_KEY=KEY, **JSON)
    assert other.status_code == 422
    assert any(KEY in error for error in other.json()["errors"])
    assert WorkSession.objects.filter(order=order).count() == 1


def test_a_rule_refusal_comes_back_with_the_reason_and_keeps_no_key(client_for, cs, order):
    client = client_for(cs.site_user)
    refused = client.post(
        record_url(cs, order), row(order, start="05:00", end="09:00"), HTTP_IDEMPOTENCY_KEY=KEY, **JSON
    )
    assert refused.status_code == 422
    assert any("07:00-17:00" in error for error in refused.json()["errors"])
    assert 'class="errorlist"' in refused.json()["html"]
    assert not IdempotencyKey.objects.exists()
    fixed = client.post(record_url(cs, order), row(order), HTTP_IDEMPOTENCY_KEY=KEY + "-2", **JSON)
    assert fixed.status_code == 200 and WorkSession.objects.filter(order=order).count() == 1


def test_without_javascript_the_row_form_posts_and_comes_back_to_the_day(client_for, cs, order):
    client = client_for(cs.site_user)
    data = row(order) | {f"o{order.pk}-idempotency_key": KEY}
    response = client.post(record_url(cs, order), data)
    assert response.status_code == 302 and "date=2026-03-03" in response["Location"]
    assert client.post(record_url(cs, order), data).status_code == 302  # the same form sent twice
    assert WorkSession.objects.filter(order=order).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "4 jam diakui" in page and 'name="o' in page
    refused = client.post(record_url(cs, order), row(order, start="12:00", end="13:00", date="2026-03-07"))
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()


def test_the_site_day_ladder(client_for, users, cs, order, foreign_order):
    url = record_url(cs, order)
    assert client_for(None).post(url, row(order), **JSON).status_code == 302
    assert client_for(cs.prosecutor_user).post(url, row(order), **JSON).status_code == 403
    assert client_for(cs.site_user).post(record_url(cs, foreign_order), row(foreign_order), **JSON).status_code == 404
    assert client_for(cs.other_site_user).post(url, row(order), **JSON).status_code == 404
    assert not WorkSession.objects.exists()


def test_the_api_answers_a_replay_with_the_first_session(client_for, users, order):
    client = client_for(users.pk)
    url = f"/api/v1/community-service/orders/{order.pk}/sessions"
    body = {"date": "2026-03-03", "start": "08:00", "end": "12:00", "outcome": Outcome.ATTENDED_COMPLIED}

    def post(data):
        return client.post(url, json.dumps(data), content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY)

    first, again = post(body), post(body)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert WorkSession.objects.filter(order=order).count() == 1
    other = post(body | {"start": "13:00", "end": "14:00"})
    assert other.status_code == 422 and KEY in json.dumps(other.json()["detail"])


def test_the_order_page_form_is_idempotent_too(client_for, users, order):
    client = client_for(users.pk)
    data = {"date": "2026-03-03", "start": "08:00", "end": "10:00", "outcome": Outcome.ATTENDED_COMPLIED}
    data["idempotency_key"] = KEY
    url = reverse("community_service:session-create", args=[order.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert WorkSession.objects.filter(order=order).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_requests_racing_with_one_key_write_one_session(users, cs, order):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write; the race needs two connections at once")
    from django.test import Client

    barrier = threading.Barrier(2)
    answers = []

    def send():
        client = Client()
        client.force_login(cs.site_user)
        barrier.wait()
        answers.append(client.post(record_url(cs, order), row(order), HTTP_IDEMPOTENCY_KEY=KEY, **JSON))
        connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [200, 200]
    assert len({a.json()["session"] for a in answers}) == 1
    assert WorkSession.objects.filter(order=order).count() == 1
