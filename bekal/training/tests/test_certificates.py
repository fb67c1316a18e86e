"""Training certificates: issued once to a participant who completed, with a number from the unit's register and an
unguessable token; the public check its QR code opens answers valid, revoked or expired and shows nothing else (no
NIK, no prison); it is rate-limited. The day's attendance sheet and the batch summary print for those who see them."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.organizations import documents
from bekal.training import services
from bekal.training.documents_views import mask_name
from bekal.training.models import TrainingCertificate
from bekal.training.tests.conftest import END, mark_all


@pytest.fixture
def completed(enrolled, users, open_batch):
    mark_all(open_batch, enrolled, users.officer)
    return services.enrollment_complete(actor=users.officer, enrollment=enrolled, today=END)


@pytest.fixture
def certificate(completed, users, world):
    documents.letterhead_save(
        actor=users.sysadmin, unit=world.martapura, certificate_number_pattern="W6.PAS.PAS.8-PK.05.04-{n}/{year}"
    )
    return services.certificate_issue(actor=users.officer, enrollment=completed, today=END)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


def test_a_certificate_is_issued_once_with_a_register_number(certificate, completed, users):
    assert certificate.number == "W6.PAS.PAS.8-PK.05.04-1/2025"
    assert len(certificate.token) >= 32 and certificate.issued_on == END
    assert services.certificate_issue(actor=users.officer, enrollment=completed) == certificate
    assert TrainingCertificate.objects.count() == 1
    assert AuditEvent.objects.filter(code="training.certificate.issued").count() == 1


def test_only_an_enrolment_editor_issues_and_only_to_a_completer(enrolled, completed, users, nominate):
    with pytest.raises(PermissionDenied):
        services.certificate_issue(actor=users.regional, enrollment=completed)
    with pytest.raises(ValidationError):
        services.certificate_issue(actor=users.other_officer, enrollment=completed)  # another unit's batch
    with pytest.raises(ValidationError):
        services.certificate_issue(actor=users.officer, enrollment=nominate())


def page(client, certificate):
    return client.get(reverse("verify-certificate", args=[certificate.token]))


def test_the_public_check_of_a_valid_certificate_shows_only_what_it_should(client, certificate, completed, world):
    response = page(client, certificate)
    body = response.content.decode()
    assert response.status_code == 200
    assert "SAH" in body and certificate.number in body and completed.batch.programme.name in body
    assert completed.batch.provider.name in body and "28 Maret 2025" in body
    assert mask_name(completed.person.full_name) in body and completed.person.full_name not in body
    assert completed.person.nik and completed.person.nik not in body
    assert world.martapura.name not in body and "Lapas" not in body


def test_the_public_check_of_a_revoked_and_an_expired_certificate(client, certificate, users, completed):
    certificate.valid_until = END - timedelta(days=1)
    certificate.save(update_fields=["valid_until"])
    assert "KEDALUWARSA" in page(client, certificate).content.decode()
    services.certificate_revoke(actor=users.officer, certificate=certificate, reason="Data peserta keliru", on=END)
    body = page(client, certificate).content.decode()
    assert "DICABUT" in body and "28 Maret 2025" in body and "SAH" not in body
    with pytest.raises(ValidationError):
        services.certificate_revoke(actor=users.officer, certificate=certificate, reason="Lagi")
    assert client.get(reverse("verify-certificate", args=["tidak-ada"])).status_code == 404


def test_the_public_check_is_rate_limited(client, certificate, settings):
    settings.BEKAL_VERIFY_PER_MINUTE = 3
    assert [page(client, certificate).status_code for _ in range(4)] == [200, 200, 200, 429]
    other = client.get(reverse("verify-certificate", args=[certificate.token]), REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200


def test_names_are_masked_in_the_middle():
    assert mask_name("Andi Pratama Putra") == "Andi P*****a P***a"
    assert mask_name("Suparman") == "Su*****n"
    assert mask_name("Budi S") == "Budi S*"


def test_the_certificate_pdf_and_its_revocation_through_the_pages(client_for, certificate, completed, users):
    url = reverse("training:training-certificate", args=[completed.pk])
    assert client_for(None).get(url).status_code == 302
    assert client_for(users.other_officer).get(url).status_code == 404
    response = client_for(users.officer).get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    revoke = reverse("training:certificate-revoke", args=[completed.pk])
    assert client_for(users.regional).post(revoke, {"reason": "x"}).status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.revoked_on is None
    client_for(users.officer).post(revoke, {"reason": "Data peserta keliru"})
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "Data peserta keliru"


def test_the_attendance_sheet_and_batch_summary_ladder(client_for, open_batch, enrolled, users):
    day = open_batch.days.order_by("date").first()
    for name, url in [
        ("sheet", reverse("training:attendance-sheet", args=[day.pk])),
        ("summary", reverse("training:batch-summary", args=[open_batch.pk])),
    ]:
        assert client_for(None).get(url).status_code == 302, name
        assert client_for(users.other_officer).get(url).status_code == 404, name
        response = client_for(users.officer).get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), name
