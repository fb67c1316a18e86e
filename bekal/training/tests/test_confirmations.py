"""No irreversible action on a single tap: completing an enrolment, finishing or closing a batch, activating or
terminating an agreement first show what will change; only the confirmation acts."""

from django.urls import reverse

from bekal.training.models import AgreementStatus, BatchStatus, EnrollmentStatus
from bekal.training.tests.conftest import TODAY, mark_all


def test_completing_asks_first_then_completes(client_for, users, enrolled, open_batch, time_machine):
    mark_all(open_batch, enrolled, users.officer)
    time_machine.move_to(TODAY)
    client = client_for(users.officer)
    url = reverse("training:enrollment-step", args=[enrolled.pk])
    page = client.post(url, {"step": "complete"})
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="check-answers"' in body and "Andi Saputra" in body and "20 / 20" in body
    enrolled.refresh_from_db()
    assert enrolled.status == EnrollmentStatus.ENROLLED
    assert client.post(url, {"step": "complete", "confirm": "1"}).status_code == 302
    enrolled.refresh_from_db()
    assert enrolled.status == EnrollmentStatus.COMPLETED


def test_finishing_a_batch_asks_first(client_for, users, open_batch, time_machine):
    time_machine.move_to(TODAY)
    client = client_for(users.officer)
    url = reverse("training:batch-move", args=[open_batch.pk])
    page = client.post(url, {"status": BatchStatus.CANCELLED})
    assert page.status_code == 200 and 'name="confirm" value="1"' in page.content.decode()
    open_batch.refresh_from_db()
    assert open_batch.status == BatchStatus.OPEN
    client.post(url, {"status": BatchStatus.CANCELLED, "confirm": "1"})
    open_batch.refresh_from_db()
    assert open_batch.status == BatchStatus.CANCELLED
    assert client_for(users.other_officer).post(url, {"status": BatchStatus.CLOSED}).status_code == 404


def test_terminating_an_agreement_asks_first(client_for, users, agreement):
    client = client_for(users.officer)
    url = reverse("training:agreement-move", args=[agreement.pk])
    page = client.post(url, {"status": AgreementStatus.TERMINATED})
    assert page.status_code == 200 and "PKS/01/2025" in page.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    client.post(url, {"status": AgreementStatus.TERMINATED, "confirm": "1"})
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.TERMINATED
