"""An enrolment completed by mistake is reopened with its reason, within the rule's window, audited; through the page
(after its check-your-answers step) and the API alike."""

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.rules.models import RuleValue
from bekal.training import services
from bekal.training.models import EnrollmentStatus
from bekal.training.tests.conftest import TODAY, mark_all


@pytest.fixture
def completed(users, enrolled, open_batch, time_machine):
    mark_all(open_batch, enrolled, users.officer)
    time_machine.move_to(TODAY)
    return services.enrollment_complete(actor=users.officer, enrollment=enrolled)


def test_a_completion_is_reopened_with_its_reason(users, completed):
    services.enrollment_reopen(actor=users.officer, enrollment=completed, reason="Salah orang")
    completed.refresh_from_db()
    assert completed.status == EnrollmentStatus.ENROLLED
    event = AuditEvent.objects.get(code="training.enrollment.reopened")
    assert event.changes["reason"] == [None, "Salah orang"] and event.actor == users.officer
    with pytest.raises(ValidationError):  # now enrolled: nothing to reopen
        services.enrollment_reopen(actor=users.officer, enrollment=completed, reason="Lagi")


def test_a_reason_is_needed(users, completed):
    with pytest.raises(ValidationError) as refused:
        services.enrollment_reopen(actor=users.officer, enrollment=completed, reason=" ")
    assert "reason" in refused.value.message_dict


def test_the_window_is_the_rules(users, completed):
    later = TODAY + timedelta(days=15)
    with pytest.raises(ValidationError) as refused:
        services.enrollment_reopen(actor=users.officer, enrollment=completed, reason="Terlambat", today=later)
    assert "14" in refused.value.message_dict["status"][0]
    RuleValue.objects.create(
        code="training.enrollment.reopen_days", value="30", valid_from=date(2025, 1, 1), source="test"
    )
    services.enrollment_reopen(actor=users.officer, enrollment=completed, reason="Masih dalam 30 hari", today=later)


def test_the_page_asks_first_and_the_ladder_holds(client_for, users, completed):
    url = reverse("training:enrollment-reopen", args=[completed.pk])
    assert client_for(None).get(url).status_code == 302
    assert client_for(users.national).post(url, {"reason": "x"}).status_code == 403
    assert client_for(users.other_officer).post(url, {"reason": "x"}).status_code == 404
    client = client_for(users.officer)
    page = client.get(url).content.decode()
    assert 'id="check-answers"' in page and "Andi Saputra" in page
    assert 'id="error-summary"' in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "Salah klik"}).status_code == 302
    completed.refresh_from_db()
    assert completed.status == EnrollmentStatus.ENROLLED


def test_the_api_reopens(client_for, users, completed):
    url = f"/api/v1/enrollments/{completed.pk}/reopen"
    body = json.dumps({"reason": "Salah klik"})
    assert client_for(users.other_officer).post(url, body, content_type="application/json").status_code == 404
    response = client_for(users.officer).post(url, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == EnrollmentStatus.ENROLLED
