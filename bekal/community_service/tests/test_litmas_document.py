"""A litmas PDF attached after the litmas was recorded, through its page and the API (multipart, a validated PDF
within the size limit), read back through the API; a litmas that has its PDF keeps it. With the ladder."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.community_service.models import LitmasPurpose, LitmasReport
from bekal.community_service.services import litmas as litmas_services

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def report(users, world, make_person):
    person = make_person(world.muratara, full_name="Rizky Pratama", custody=False, nik=None)
    return litmas_services.litmas_create(
        actor=users.pk,
        person=person,
        unit=world.muratara,
        officer=users.pk,
        date=date(2026, 2, 10),
        purpose=LitmasPurpose.PRE_SENTENCE,
        recommendation="Layak",
    )


def pdf(name="litmas.pdf", body=PDF):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def test_the_pdf_is_attached_once_and_audited(users, report):
    litmas_services.litmas_attach_document(actor=users.pk, report=report, document=pdf())
    report.refresh_from_db()
    assert report.document.read() == PDF
    assert AuditEvent.objects.filter(code="community_service.litmas.document_attached").count() == 1
    with pytest.raises(ValidationError) as caught:
        litmas_services.litmas_attach_document(actor=users.pk, report=report, document=pdf())
    assert "10 Februari 2026" in caught.value.message_dict["document"][0]


def test_anything_but_a_pdf_is_refused(users, report):
    with pytest.raises(ValidationError) as caught:
        litmas_services.litmas_attach_document(
            actor=users.pk, report=report, document=pdf("litmas.docx", b"PK\x03\x04")
        )
    assert "document" in caught.value.message_dict
    report.refresh_from_db()
    assert not report.document


def test_a_pdf_over_the_size_limit_is_refused(users, report, settings):
    settings.BEKAL_UPLOAD_MAX_MB = {**settings.BEKAL_UPLOAD_MAX_MB, "document": 1}
    big = pdf(body=PDF + b"0" * 2_000_000)
    with pytest.raises(ValidationError) as caught:
        litmas_services.litmas_attach_document(actor=users.pk, report=report, document=big)
    assert "1" in caught.value.message_dict["document"][0]
    report.refresh_from_db()
    assert not report.document


class TestPage:
    def test_the_list_offers_the_upload_and_the_page_attaches(self, client_for, users, report):
        page = reverse("community_service:litmas", args=[report.person_id])
        url = reverse("community_service:litmas-attach", args=[report.pk])
        client = client_for(users.pk)
        assert url in client.get(page).content.decode()
        response = client.post(url, {"document": pdf()})
        assert response.status_code == 302 and response["Location"] == page
        assert LitmasReport.objects.get().document

    def test_a_refused_file_is_a_message_not_a_500(self, client_for, users, report):
        url = reverse("community_service:litmas-attach", args=[report.pk])
        response = client_for(users.pk).post(url, {"document": pdf("x.docx", b"PK\x03\x04")}, follow=True)
        assert response.status_code == 200 and not LitmasReport.objects.get().document
        response = client_for(users.pk).post(url, {}, follow=True)
        assert response.status_code == 200

    def test_the_ladder(self, client_for, users, report, cs):
        url = reverse("community_service:litmas-attach", args=[report.pk])
        assert client_for(None).post(url, {"document": pdf()}).status_code == 302
        assert client_for(cs.site_user).post(url, {"document": pdf()}).status_code == 403
        assert client_for(cs.lampung_pk).post(url, {"document": pdf()}).status_code == 404
        assert not LitmasReport.objects.get().document


class TestAPI:
    def url(self, report):
        return f"/api/v1/community-service/litmas/{report.pk}/document"

    def test_upload_then_download(self, client_for, users, report):
        client = client_for(users.pk)
        assert client.get(self.url(report)).status_code == 404
        response = client.post(self.url(report), {"document": pdf()})
        assert response.status_code == 200 and response.json()["has_document"] is True
        download = client.get(self.url(report))
        assert download.status_code == 200 and b"".join(download.streaming_content) == PDF

    def test_a_refused_file_is_a_422(self, client_for, users, report):
        response = client_for(users.pk).post(self.url(report), {"document": pdf("x.docx", b"PK\x03\x04")})
        assert response.status_code == 422 and "document" in response.json()["detail"]

    def test_the_ladder(self, client_for, users, report, cs):
        assert client_for(None).post(self.url(report), {"document": pdf()}).status_code == 401
        assert client_for(cs.site_user).post(self.url(report), {"document": pdf()}).status_code == 403
        assert client_for(cs.lampung_pk).post(self.url(report), {"document": pdf()}).status_code == 404
        assert client_for(cs.lampung_pk).get(self.url(report)).status_code == 404
        assert not LitmasReport.objects.get().document
