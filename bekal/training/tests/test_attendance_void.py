"""An attendance mark made by mistake is voided with its reason: the row stays, the rate and the KPI facts skip it,
the participant may be marked again, the audit trail has it; through the page (after its check-your-answers step)
and the API."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.training import selectors, services
from bekal.training.models import Attendance
from bekal.training.tests.conftest import TODAY


@pytest.fixture
def mark(users, enrolled, open_batch, time_machine):
    time_machine.move_to(TODAY)
    day = open_batch.days.order_by("date")[0]
    services.attendance_record(actor=users.officer, day=day, marks={enrolled.pk: "present"}, today=TODAY)
    return Attendance.objects.get(day=day, enrollment=enrolled)


def test_a_void_keeps_the_row_and_the_counts_skip_it(users, enrolled, mark):
    assert selectors.enrollment_attendance(enrolled)[0] == 1
    services.attendance_void(actor=users.officer, attendance=mark, reason="Salah peserta")
    mark.refresh_from_db()
    assert mark.voided_at and mark.voided_by == users.officer and mark.void_reason == "Salah peserta"
    assert selectors.enrollment_attendance(enrolled)[0] == 0
    row = next(e for e in selectors.enrollments_of(enrolled.batch) if e.pk == enrolled.pk)
    assert (row.attended, row.marked) == (0, 0)
    assert AuditEvent.objects.get(code="training.attendance.voided").changes["reason"] == [None, "Salah peserta"]
    # The participant may be marked again on that day: the voided row stays beside the new one.
    services.attendance_record(actor=users.officer, day=mark.day, marks={enrolled.pk: "sick"}, today=TODAY)
    assert Attendance.objects.filter(day=mark.day, enrollment=enrolled).count() == 2


def test_a_void_needs_a_reason_and_happens_once(users, mark):
    with pytest.raises(ValidationError):
        services.attendance_void(actor=users.officer, attendance=mark, reason="")
    services.attendance_void(actor=users.officer, attendance=mark, reason="Keliru")
    with pytest.raises(ValidationError):
        services.attendance_void(actor=users.officer, attendance=mark, reason="Lagi")


def test_the_page_asks_first_and_the_ladder_holds(client_for, users, mark):
    url = reverse("training:attendance-void", args=[mark.pk])
    day_page = client_for(users.officer).get(reverse("training:attendance-day", args=[mark.day_id])).content.decode()
    assert url in day_page
    assert client_for(None).get(url).status_code == 302
    assert client_for(users.national).post(url, {"reason": "x"}).status_code == 403
    assert client_for(users.other_officer).post(url, {"reason": "x"}).status_code == 404
    client = client_for(users.officer)
    assert 'id="check-answers"' in client.get(url).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "Salah klik"}).status_code == 302
    mark.refresh_from_db()
    assert mark.void_reason == "Salah klik"


def test_the_api_voids(client_for, users, mark):
    url = f"/api/v1/attendance/{mark.pk}/void"
    body = json.dumps({"reason": "Salah klik"})
    assert client_for(users.other_officer).post(url, body, content_type="application/json").status_code == 404
    response = client_for(users.officer).post(url, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["void_reason"] == "Salah klik"
