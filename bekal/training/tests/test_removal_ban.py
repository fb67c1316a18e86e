"""A removal for discipline applies to its batch only; a ban from later batches comes only when the incident says so,
with its end date, after which the person is eligible again. Through the service, the incident page and the API."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.training import services
from bekal.training.models import Incident
from bekal.training.tests.conftest import START


@pytest.fixture
def later_batch(users, world, programme):
    def make(start, end, name):
        batch = services.batch_create(
            actor=users.officer, programme=programme, units=[world.martapura], name=name, start_date=start, end_date=end
        )
        return services.batch_move(actor=users.officer, batch=batch, status="open")

    return make


def _remove(users, enrollment, **extra):
    return services.incident_record(
        actor=users.officer,
        enrollment=enrollment,
        date=START,
        severity="high",
        description="Berkelahi",
        action="removal",
        **extra,
    )


def _reasons(users, batch, person):
    enrollment = services.enrollment_nominate(
        actor=users.officer, batch=batch, person=person, interest_statement_on=START
    )
    return services.eligibility(enrollment)


def test_a_ban_keeps_the_person_out_until_its_end_date_and_names_it(enrolled, users, later_batch):
    _remove(users, enrolled, ban_until=date(2025, 9, 30))
    reasons = _reasons(users, later_batch(date(2025, 6, 2), date(2025, 7, 4), "Juni"), enrolled.person)
    assert [r.code for r in reasons] == ["discipline"]
    assert "30 September 2025" in reasons[0].message and "Barista Angkatan I" in reasons[0].message
    event = AuditEvent.objects.get(code="training.incident.recorded")
    assert event.changes["ban_until"] == [None, "2025-09-30"]


def test_after_the_ban_ends_the_person_is_eligible_again(enrolled, users, later_batch):
    _remove(users, enrolled, ban_until=date(2025, 9, 30))
    reasons = _reasons(users, later_batch(date(2025, 10, 6), date(2025, 11, 7), "Oktober"), enrolled.person)
    assert reasons == []


def test_a_ban_without_a_removal_is_refused(enrolled, users):
    with pytest.raises(ValidationError) as error:
        services.incident_record(
            actor=users.officer,
            enrollment=enrolled,
            date=START,
            severity="low",
            description="Terlambat",
            action="warning",
            ban_until=date(2025, 9, 30),
        )
    assert "30 September 2025" in error.value.message_dict["ban_until"][0]
    assert not Incident.objects.exists()


def test_a_ban_ending_before_the_incident_is_refused(enrolled, users):
    with pytest.raises(ValidationError) as error:
        _remove(users, enrolled, ban_until=START)
    assert "ban_until" in error.value.message_dict


def test_the_incident_page_records_a_ban(client_for, users, enrolled):
    url = reverse("training:incident-create", args=[enrolled.pk])
    client = client_for(users.officer)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "date": "2025-03-03",
            "severity": "high",
            "action": "removal",
            "description": "Berkelahi",
            "ban_until": "2025-12-31",
        },
    )
    assert response.status_code == 302
    assert Incident.objects.get().ban_until == date(2025, 12, 31)


def test_the_incident_page_refuses_a_ban_on_a_warning_without_a_500(client_for, users, enrolled):
    response = client_for(users.officer).post(
        reverse("training:incident-create", args=[enrolled.pk]),
        {"date": "2025-03-03", "severity": "low", "action": "warning", "description": "X", "ban_until": "2025-12-31"},
    )
    assert response.status_code == 200 and not Incident.objects.exists()


def test_the_incident_page_ladder(client_for, users, enrolled, make_user, world):
    url = reverse("training:incident-create", args=[enrolled.pk])
    assert client_for(None).get(url).status_code == 302
    assert client_for(make_user(world.martapura)).get(url).status_code == 403
    assert client_for(users.other_officer).get(url).status_code == 404


class TestAPI:
    def _post(self, client, enrollment, data):
        return client.post(
            f"/api/v1/enrollments/{enrollment.pk}/incidents", json.dumps(data), content_type="application/json"
        )

    def test_a_ban_over_the_api_is_stored_and_read_back(self, client_for, users, enrolled, open_batch):
        client = client_for(users.officer)
        body = {"date": str(START), "severity": "high", "description": "X", "action": "removal"}
        response = self._post(client, enrolled, {**body, "ban_until": "2025-12-31"})
        assert response.status_code == 201 and response.json()["ban_until"] == "2025-12-31"
        listed = client.get(f"/api/v1/batches/{open_batch.pk}/incidents").json()
        assert listed[0]["ban_until"] == "2025-12-31"

    def test_a_refused_ban_is_a_422_naming_it(self, client_for, users, enrolled):
        body = {"date": str(START), "severity": "low", "description": "X", "action": "warning"}
        response = self._post(client_for(users.officer), enrolled, {**body, "ban_until": "2025-12-31"})
        assert response.status_code == 422 and "ban_until" in response.json()["detail"]

    def test_the_ladder(self, client_for, users, enrolled, make_user, world):
        body = {"date": str(START), "severity": "high", "description": "X", "action": "removal"}
        assert self._post(client_for(None), enrolled, body).status_code == 401
        assert self._post(client_for(make_user(world.martapura)), enrolled, body).status_code == 403
        assert self._post(client_for(users.other_officer), enrolled, body).status_code == 404


class TestPersonPage:
    """The person page's path shows the training incidents (date, batch, severity, action, ban end) to whoever may see
    the batch, with the ladder."""

    def _record(self, users, enrolled):
        return _remove(users, enrolled, ban_until=date(2025, 12, 31))

    def test_a_removal_with_a_ban_shows_batch_severity_action_and_ban_end(self, client_for, users, enrolled):
        self._record(users, enrolled)
        services.incident_record(
            actor=users.officer,
            enrollment=enrolled,
            date=START,
            severity="low",
            description="Terlambat",
            action="warning",
        )
        body = client_for(users.officer).get(reverse("people:detail", args=[enrolled.person_id])).content.decode()
        removal = body[body.index(f"Insiden di angkatan {enrolled.batch.name}: Dikeluarkan") :]
        removal = removal[: removal.index("</li>")]
        assert "3 Maret 2025" in removal and "Berat" in removal and "Berkelahi" in removal
        assert "Dilarang mengikuti pelatihan sampai 31 Desember 2025" in removal
        warning = body[body.index(f"Insiden di angkatan {enrolled.batch.name}: Teguran") :]
        assert "Terlambat" in warning[: warning.index("</li>")] and "Dilarang" not in warning[: warning.index("</li>")]

    def test_the_ladder(self, client_for, users, enrolled):
        self._record(users, enrolled)
        url = reverse("people:detail", args=[enrolled.person_id])
        assert client_for(None).get(url).status_code == 302
        assert client_for(users.partner).get(url).status_code == 403
        assert client_for(users.other_officer).get(url).status_code == 404
        head = client_for(users.head).get(url)
        assert head.status_code == 200 and "Berkelahi" in head.content.decode()
        regional = client_for(users.regional).get(url)
        assert regional.status_code == 200 and "Berkelahi" in regional.content.decode()
