"""An interest statement added after the nomination (page and API, one audited service), and an integration date
that passed unused no longer blocks training (issue 15 item 3)."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.people.models import CustodyPeriod
from bekal.training import services
from bekal.training.models import EnrollmentStatus
from bekal.training.tests.conftest import TODAY


def codes(enrollment):
    return [r.code for r in services.eligibility(enrollment)]


@pytest.fixture
def no_role(make_user, world):
    return make_user(world.martapura)


class TestIntegrationDate:
    def test_an_integration_date_before_the_batch_starts_no_longer_blocks(self, nominate):
        enrollment = nominate()
        CustodyPeriod.objects.filter(pk=enrollment.custody_period_id).update(
            expected_release_date=date(2027, 1, 1), assimilation_date=date(2024, 6, 1), parole_date=date(2025, 2, 1)
        )
        enrollment.refresh_from_db()
        assert codes(enrollment) == []

    def test_the_next_integration_date_still_counts(self, nominate):
        enrollment = nominate()
        CustodyPeriod.objects.filter(pk=enrollment.custody_period_id).update(
            expected_release_date=date(2027, 1, 1), assimilation_date=date(2024, 6, 1), parole_date=date(2025, 3, 20)
        )
        enrollment.refresh_from_db()
        assert codes(enrollment) == ["release"]
        assert "20" in services.eligibility(enrollment)[0].message

    def test_one_still_ahead_before_the_batch_starts_is_flagged(self, nominate, time_machine):
        time_machine.move_to("2025-02-10 09:00 +07:00")  # nominating three weeks before the batch
        enrollment = nominate()
        CustodyPeriod.objects.filter(pk=enrollment.custody_period_id).update(
            expected_release_date=date(2027, 1, 1), parole_date=date(2025, 2, 20)
        )
        enrollment.refresh_from_db()
        assert codes(enrollment) == ["release"]


class TestService:
    def test_it_is_recorded_after_the_nomination_and_audited(self, nominate, users):
        enrollment = nominate(interest=False)
        assert codes(enrollment) == ["interest"]
        services.enrollment_record_interest(
            actor=users.officer, enrollment=enrollment, signed_on=date(2025, 2, 20), today=TODAY
        )
        enrollment.refresh_from_db()
        assert enrollment.interest_statement_on == date(2025, 2, 20) and codes(enrollment) == []
        event = AuditEvent.objects.get(code="training.enrollment.interest_recorded", object_id=str(enrollment.pk))
        assert event.changes["interest_statement_on"] == [None, "2025-02-20"]

    def test_a_date_after_the_units_today_is_refused(self, nominate, users):
        enrollment = nominate(interest=False)
        with pytest.raises(ValidationError) as error:
            services.enrollment_record_interest(
                actor=users.officer, enrollment=enrollment, signed_on=date(2025, 4, 16), today=TODAY
            )
        assert "signed_on" in error.value.message_dict

    def test_an_ended_enrolment_keeps_its_record(self, nominate, users):
        enrollment = nominate(interest=False)
        services.enrollment_decide(actor=users.officer, enrollment=enrollment, selected=False, reason="Tidak hadir")
        with pytest.raises(ValidationError):
            services.enrollment_record_interest(
                actor=users.officer, enrollment=enrollment, signed_on=date(2025, 2, 20), today=TODAY
            )


class TestPage:
    def test_the_ladder_and_the_record(self, client_for, users, nominate, no_role):
        enrollment = nominate(interest=False)
        url = reverse("training:enrollment-interest", args=[enrollment.pk])
        anonymous = client_for(None).get(url)
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
        assert client_for(no_role).get(url).status_code == 403
        assert client_for(users.other_officer).get(url).status_code == 404
        client = client_for(users.officer)
        assert client.get(url).status_code == 200
        batch_page = client.get(reverse("training:batch-detail", args=[enrollment.batch_id])).content.decode()
        assert url in batch_page
        assert client.post(url, {"signed_on": "20/02/2025"}).status_code == 302
        enrollment.refresh_from_db()
        assert enrollment.interest_statement_on == date(2025, 2, 20)
        assert enrollment.status == EnrollmentStatus.NOMINATED


class TestApi:
    def test_the_ladder_and_the_record(self, client_for, users, nominate, no_role):
        enrollment = nominate(interest=False)
        url = f"/api/v1/enrollments/{enrollment.pk}/interest"
        body = json.dumps({"signed_on": "2025-02-20"})
        assert client_for(None).post(url, body, content_type="application/json").status_code == 401
        assert client_for(no_role).post(url, body, content_type="application/json").status_code == 403
        assert client_for(users.other_officer).post(url, body, content_type="application/json").status_code == 404
        response = client_for(users.officer).post(url, body, content_type="application/json")
        assert response.status_code == 200 and response.json()["interest_statement_on"] == "2025-02-20"
        future = json.dumps({"signed_on": "2999-01-01"})
        assert client_for(users.officer).post(url, future, content_type="application/json").status_code == 422
