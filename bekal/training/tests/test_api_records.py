"""Attendance, escorts, incidents, expiring agreements and competency units read through the API, each with the
ladder: anonymous, wrong role, another unit's officer, the right role."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bekal.training import services
from bekal.training.models import Agreement, AgreementStatus
from bekal.training.tests.conftest import START


@pytest.fixture
def no_role(make_user, world):
    return make_user(world.martapura)


def test_a_days_attendance_is_read_back(client_for, users, open_batch, enrolled, no_role):
    day = open_batch.days.order_by("date").first()
    services.attendance_record(actor=users.officer, day=day, marks={enrolled.pk: "present"}, today=day.date)
    url = f"/api/v1/days/{day.pk}/attendance"
    assert client_for(None).get(url).status_code == 401
    assert client_for(no_role).get(url).status_code == 403
    assert client_for(users.other_officer).get(url).status_code == 404
    body = client_for(users.officer).get(url).json()
    assert body == [
        {
            "enrollment_id": enrolled.pk,
            "person_id": enrolled.person_id,
            "full_name": enrolled.person.full_name,
            "reason": "present",
            "counts_as_attended": True,
        }
    ]
    assert client_for(users.partner).get(url).status_code == 200  # the BLK takes the attendance


def test_a_batchs_escorts_are_read_back(client_for, users, open_batch):
    day = open_batch.days.order_by("date").first()
    escort = services.escort_assign(actor=users.officer, day=day, officer=users.officer)
    url = f"/api/v1/batches/{open_batch.pk}/escorts"
    assert client_for(None).get(url).status_code == 401
    assert client_for(users.partner).get(url).status_code == 403
    assert client_for(users.other_officer).get(url).status_code == 404
    body = client_for(users.officer).get(url).json()
    assert [(e["id"], e["day_id"], e["officer_id"]) for e in body] == [(escort.pk, day.pk, users.officer.pk)]


def test_a_batchs_incidents_are_read_back(client_for, users, open_batch, enrolled):
    incident = services.incident_record(
        actor=users.officer, enrollment=enrolled, date=START, severity="low", description="Terlambat", action="warning"
    )
    url = f"/api/v1/batches/{open_batch.pk}/incidents"
    assert client_for(None).get(url).status_code == 401
    assert client_for(users.regional).get(url).status_code == 403
    assert client_for(users.other_officer).get(url).status_code == 404
    body = client_for(users.officer).get(url).json()
    assert [(i["id"], i["description"], i["action"]) for i in body] == [(incident.pk, "Terlambat", "warning")]


def test_the_expiring_agreements_are_listed(client_for, users, world, no_role):
    agreement = Agreement.objects.create(
        kind="pks",
        number="PKS/99/2026",
        title="Pelatihan",
        unit=world.martapura,
        start_date=timezone.localdate() - timedelta(days=300),
        end_date=timezone.localdate() + timedelta(days=5),
        status=AgreementStatus.ACTIVE,
    )
    url = "/api/v1/agreements/expiring"
    assert client_for(None).get(url).status_code == 401
    assert client_for(no_role).get(url).status_code == 403
    assert client_for(users.other_officer).get(url).json() == []
    assert [a["id"] for a in client_for(users.officer).get(url).json()] == [agreement.pk]


def test_a_programme_returns_its_competency_units(client_for, users, programme):
    body = client_for(users.officer).get(f"/api/v1/programmes/{programme.pk}").json()
    assert [(u["id"], u["code"]) for u in body["units"]] == [(u.pk, u.code) for u in programme.units.order_by("id")]
    listed = client_for(users.officer).get("/api/v1/programmes").json()["items"]
    assert [u["title"] for u in listed[0]["units"]] == ["Menyiapkan espresso", "Melayani tamu"]
