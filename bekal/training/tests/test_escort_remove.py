"""Escorts removed or swapped through the day's escort page and the API (one audited service), read-only once the
batch has finished; the batch page lists its incidents without a query per row. Each with the ladder: anonymous,
wrong role, another unit's officer, the right role."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bekal.accounts.models import Role
from bekal.audit.models import AuditEvent
from bekal.training import services
from bekal.training.models import Batch, BatchStatus, Escort
from bekal.training.tests.conftest import START


@pytest.fixture
def no_role(make_user, world):
    return make_user(world.martapura)


@pytest.fixture
def second_officer(make_user, world):
    return make_user(world.martapura, Role.TRAINING_OFFICER, username="officer2")


@pytest.fixture
def escort(open_batch, users):
    return services.escort_assign(
        actor=users.officer, day=open_batch.days.order_by("date").first(), officer=users.officer
    )


def _finish(escort: Escort) -> Escort:
    """Finish the escort's batch and return the escort read again."""
    Batch.objects.filter(pk=escort.day.batch_id).update(status=BatchStatus.FINISHED)
    return Escort.objects.select_related("day__batch", "officer").get(pk=escort.pk)


def test_an_escort_is_swapped_through_the_service_and_audited(escort, users, second_officer):
    day = escort.day
    services.escort_remove(actor=users.officer, escort=escort)
    assert not Escort.objects.filter(day=day).exists()
    event = AuditEvent.objects.get(code="training.escort.removed")
    assert event.changes == {"officer": [users.officer.pk, None]}
    services.escort_assign(actor=users.officer, day=day, officer=second_officer)
    assert list(Escort.objects.filter(day=day).values_list("officer_id", flat=True)) == [second_officer.pk]


def test_the_escorts_of_a_finished_batch_cannot_change(escort, users, second_officer):
    escort = _finish(escort)
    with pytest.raises(ValidationError) as error:
        services.escort_remove(actor=users.officer, escort=escort)
    assert escort.day.batch.name in error.value.message_dict["day"][0]
    with pytest.raises(ValidationError):
        services.escort_assign(actor=users.officer, day=escort.day, officer=second_officer)
    assert Escort.objects.filter(pk=escort.pk).exists()
    assert not AuditEvent.objects.filter(code="training.escort.removed").exists()


def test_the_escort_page_removes_with_the_ladder(client_for, escort, users, no_role):
    page = f"/training/days/{escort.day_id}/escort/"
    url = f"/training/days/{escort.day_id}/escorts/{escort.pk}/remove/"
    assert client_for(None).post(url).status_code == 302 and Escort.objects.filter(pk=escort.pk).exists()
    assert client_for(no_role).post(url).status_code == 403
    assert client_for(users.other_officer).post(url).status_code == 404
    assert Escort.objects.filter(pk=escort.pk).exists()
    shown = client_for(users.officer).get(page)
    assert url in shown.content.decode()
    response = client_for(users.officer).post(url)
    assert response.status_code == 302 and response["Location"] == page
    assert not Escort.objects.filter(pk=escort.pk).exists()


def test_the_escort_page_of_a_finished_batch_is_read_only(client_for, escort, users):
    escort = _finish(escort)
    page = f"/training/days/{escort.day_id}/escort/"
    url = f"/training/days/{escort.day_id}/escorts/{escort.pk}/remove/"
    body = client_for(users.officer).get(page).content.decode()
    assert url not in body and 'name="officer"' not in body
    client_for(users.officer).post(url)
    assert Escort.objects.filter(pk=escort.pk).exists()


def test_the_api_removes_with_the_ladder(client_for, escort, users, no_role):
    url = f"/api/v1/days/{escort.day_id}/escorts/{escort.pk}"
    assert client_for(None).delete(url).status_code == 401
    assert client_for(no_role).delete(url).status_code == 403
    assert client_for(users.other_officer).delete(url).status_code == 404
    assert Escort.objects.filter(pk=escort.pk).exists()
    assert client_for(users.officer).delete(url).status_code == 204
    assert not Escort.objects.filter(pk=escort.pk).exists()
    assert client_for(users.officer).delete(url).status_code == 404


def test_the_api_refuses_a_finished_batch(client_for, escort, users):
    escort = _finish(escort)
    response = client_for(users.officer).delete(f"/api/v1/days/{escort.day_id}/escorts/{escort.pk}")
    assert response.status_code == 422
    assert escort.day.batch.name in response.content.decode()
    assert Escort.objects.filter(pk=escort.pk).exists()


def test_the_batch_page_lists_its_incidents_with_the_ladder(client_for, users, open_batch, enrolled, nominate, no_role):
    services.incident_record(
        actor=users.officer, enrollment=enrolled, date=START, severity="low", description="Terlambat", action="warning"
    )
    page = f"/training/batches/{open_batch.pk}/"
    assert client_for(None).get(page).status_code == 302
    assert client_for(no_role).get(page).status_code == 403
    assert client_for(users.other_officer).get(page).status_code == 404
    client = client_for(users.officer)
    with CaptureQueriesContext(connection) as one:
        body = client.get(page).content.decode()
    assert 'id="incidents"' in body and "Terlambat" in body and enrolled.person.full_name in body
    # More incidents add no query.
    for name in ("Citra Lestari", "Dedi Kurniawan"):
        other = nominate(name)
        services.enrollment_decide(actor=users.officer, enrollment=other, selected=True, reason="Berminat")
        services.enrollment_enrol(actor=users.officer, enrollment=other)
        services.incident_record(
            actor=users.officer,
            enrollment=other,
            date=START,
            severity="high",
            description=f"Ribut {name}",
            action="warning",
        )
    assert "Ribut Dedi Kurniawan" in client.get(page).content.decode()
    with CaptureQueriesContext(connection) as three:
        client.get(page)
    assert len(three) <= len(one)
