"""The subject export: everything held on one person, as JSON and PDF, for the roles that may see them, audited."""

import json
from datetime import date

import pytest
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.people.models import CustodyPeriod


@pytest.fixture
def person(world, make_person):
    person = make_person(world.martapura, full_name="Budi Subjek")
    CustodyPeriod.objects.filter(person=person).update(release_date=date(2025, 6, 1), release_reason="served")
    return person


def test_the_ladder_on_the_page_and_the_api(client_for, users, person):
    page = reverse("people:subject-json", args=[person.pk])
    api = f"/api/v1/people/{person.pk}/subject"
    assert client_for(None).get(page).status_code == 302
    assert client_for(None).get(api).status_code == 401
    assert client_for(users.partner).get(page).status_code == 403
    assert client_for(users.other_officer).get(page).status_code == 404
    assert client_for(users.other_officer).get(api).status_code == 404
    assert client_for(users.officer).get(page).status_code == 200
    assert client_for(users.officer).get(api).status_code == 200
    assert AuditEvent.objects.filter(code="people.subject.exported", object_id=str(person.pk)).count() == 2


def test_the_json_holds_the_person_their_periods_and_their_audit_trail(client_for, users, person):
    response = client_for(users.officer).get(reverse("people:subject-json", args=[person.pk]))
    assert response["Cache-Control"] == "no-store"
    body = json.loads(response.content)
    sections = {s["table"]: s["rows"] for s in body["sections"]}
    assert sections["people.person"][0]["full_name"] == "Budi Subjek"
    assert sections["people.person"][0]["nik"] == person.nik and "nik_hash" not in sections["people.person"][0]
    assert sections["people.custodyperiod"][0]["release_date"] == "2025-06-01"
    event = AuditEvent.objects.get(code="people.subject.exported")
    assert event.unit == person.registered_unit and event.actor == users.officer
    again = json.loads(client_for(users.officer).get(reverse("people:subject-json", args=[person.pk])).content)
    assert [row["code"] for row in {s["table"]: s for s in again["sections"]}["audit.auditevent"]["rows"]] == [
        "people.subject.exported"
    ]


def test_a_viewer_without_the_nik_reveal_gets_the_nik_masked(client_for, users, person):
    body = client_for(users.regional).get(f"/api/v1/people/{person.pk}/subject").json()
    assert body["sections"][0]["rows"][0]["nik"] == person.nik_masked


def test_the_pdf_and_the_link_on_the_person_page(client_for, users, person):
    client = client_for(users.officer)
    response = client.get(f"/api/v1/people/{person.pk}/subject?pdf=true")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client.get(reverse("people:subject-pdf", args=[person.pk])).content.startswith(b"%PDF")
    detail = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert reverse("people:subject-pdf", args=[person.pk]) in detail
