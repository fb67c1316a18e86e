"""The attendance page answers the offline queue one mark at a time: a replay of a key writes nothing twice, a mark
someone else changed meanwhile comes back refused (409) with the person and the mark it has, a rule's refusal (422)
names the rule; the API honours the same key and the same check."""

import json

import pytest
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.ops.models import IdempotencyKey
from bekal.training import services
from bekal.training.tests.conftest import TODAY

KEY = "a3c2e1f0-1111-4222-8333-944455556666"
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def day(open_batch, time_machine):
    time_machine.move_to(TODAY)
    return open_batch.days.order_by("date").first()


def url(day):
    return reverse("training:attendance-day", args=[day.pk])


def test_one_mark_is_saved_once_however_often_it_is_sent(client_for, users, enrolled, day):
    client = client_for(users.officer)
    data = {f"mark_{enrolled.pk}": "present", f"base_{enrolled.pk}": ""}
    first = client.post(url(day), data, HTTP_IDEMPOTENCY_KEY=KEY, **JSON)
    again = client.post(url(day), data, HTTP_IDEMPOTENCY_KEY=KEY, **JSON)
    assert first.json() == {
        "ok": True,
        "replayed": False,
        "warnings": [],
        "marks": {str(enrolled.pk): "present"},
        "present": 1,
    }
    assert again.json()["replayed"] is True
    assert enrolled.attendances.get().reason.code == "present"
    assert AuditEvent.objects.filter(code="training.attendance.recorded").count() == 1
    assert IdempotencyKey.objects.get().scope == "training.attendance"


def test_a_mark_changed_meanwhile_is_a_conflict_with_the_reason(client_for, users, enrolled, day):
    services.attendance_record(actor=users.officer, day=day, marks={enrolled.pk: "sick"}, today=TODAY)
    # The device saw no mark (it was offline when the colleague marked "sick") and now sends "present".
    refused = client_for(users.officer).post(
        url(day), {f"mark_{enrolled.pk}": "present", f"base_{enrolled.pk}": ""}, HTTP_IDEMPOTENCY_KEY=KEY, **JSON
    )
    assert refused.status_code == 409
    body = refused.json()
    assert "Andi Saputra" in body["errors"][0] and body["marks"] == {str(enrolled.pk): "sick"}
    assert enrolled.attendances.get().reason.code == "sick"
    assert not IdempotencyKey.objects.exists()
    # The device saw "sick" (what the server holds): the change goes through.
    done = client_for(users.officer).post(
        url(day), {f"mark_{enrolled.pk}": "present", f"base_{enrolled.pk}": "sick"}, HTTP_IDEMPOTENCY_KEY=KEY, **JSON
    )
    assert done.status_code == 200 and enrolled.attendances.get().reason.code == "present"


def test_a_rule_refusal_is_422_and_names_the_rule(client_for, users, enrolled, open_batch, time_machine):
    time_machine.move_to(open_batch.start_date.replace(day=1))
    refused = client_for(users.officer).post(
        url(open_batch.days.order_by("date").first()), {f"mark_{enrolled.pk}": "present"}, **JSON
    )
    assert refused.status_code == 422 and "3 Maret 2025" in refused.json()["errors"][0]


def test_the_plain_form_saves_the_day_once(client_for, users, enrolled, day):
    client = client_for(users.officer)
    data = {f"mark_{enrolled.pk}": "present", "idempotency_key": KEY}
    assert client.post(url(day), data).status_code == 200
    assert client.post(url(day), data).status_code == 200
    assert AuditEvent.objects.filter(code="training.attendance.recorded").count() == 1
    page = client.get(url(day)).content.decode()
    assert 'name="idempotency_key"' in page and 'aria-live="polite"' in page
    # Enter in a radio presses the first submit button: saving the day, never "everyone else present".
    assert page.index('id="save-attendance"') < page.index('id="all-present"')
    assert "<script>" not in page and "attendance.js" in page


def test_the_offline_ladder(client_for, users, enrolled, day):
    data = {f"mark_{enrolled.pk}": "present"}
    assert client_for(None).post(url(day), data, **JSON).status_code == 302
    assert client_for(users.national).post(url(day), data, **JSON).status_code == 403
    assert client_for(users.other_officer).post(url(day), data, **JSON).status_code == 404
    assert not enrolled.attendances.exists()


def test_the_api_honours_the_key_and_the_expected_marks(client_for, users, enrolled, day):
    client = client_for(users.officer)
    api = f"/api/v1/days/{day.pk}/attendance"

    def post(body, key=KEY):
        return client.post(api, json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)

    body = {"marks": {str(enrolled.pk): "present"}}
    assert post(body).status_code == post(body).status_code == 200
    assert AuditEvent.objects.filter(code="training.attendance.recorded").count() == 1
    assert post({"marks": {str(enrolled.pk): "sick"}}).status_code == 422  # the key sent with other marks
    stale = post({"marks": {str(enrolled.pk): "sick"}, "expected": {str(enrolled.pk): ""}}, key=KEY + "-2")
    assert stale.status_code == 422 and "Andi Saputra" in json.dumps(stale.json())
    assert enrolled.attendances.get().reason.code == "present"
