"""Litmas (social inquiry reports): written by a PK of the Bapas, PDF only, seen only inside the unit's scope."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bekal.community_service.models import LitmasPurpose
from bekal.community_service.services import litmas as litmas_services

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def client_person(world, make_person):
    return make_person(world.muratara, full_name="Rizky Pratama", custody=False, nik=None)


def create(users, world, person, **extra):
    data = {
        "actor": users.pk,
        "person": person,
        "unit": world.muratara,
        "officer": users.pk,
        "date": date(2026, 2, 10),
        "purpose": LitmasPurpose.PRE_SENTENCE,
        "recommendation": "Layak menjalani pidana kerja sosial",
    }
    return litmas_services.litmas_create(**(data | extra))


def test_pasal_85_a_pk_records_the_pre_sentence_litmas_with_its_pdf(users, world, client_person):
    """KUHP Pasal 85: Bapas writes the social inquiry report (litmas) before sentencing."""
    report = create(users, world, client_person, document=SimpleUploadedFile("litmas.pdf", PDF))
    assert report.document.read() == PDF


def test_the_document_must_be_a_pdf(users, world, client_person):
    with pytest.raises(ValidationError) as caught:
        create(users, world, client_person, document=SimpleUploadedFile("litmas.docx", b"PK\x03\x04"))
    assert "document" in caught.value.message_dict


def test_the_writer_is_a_pk_of_the_bapas(users, world, client_person, cs):
    with pytest.raises(ValidationError):
        create(users, world, client_person, officer=cs.lampung_pk)
    with pytest.raises(PermissionDenied):
        create(users, world, client_person, actor=cs.prosecutor_user)


def test_the_pages_climb_the_ladder(client_for, users, world, cs, client_person, make_person):
    report = create(users, world, client_person, document=SimpleUploadedFile("litmas.pdf", PDF))
    foreign = make_person(cs.lampung_bapas, full_name="Rudi Lampung", custody=False, nik=None)
    urls = [
        reverse("community_service:litmas", args=[client_person.pk]),
        reverse("community_service:litmas-document", args=[report.pk]),
    ]
    for url in urls:
        assert client_for(None).get(url).status_code == 302
        assert client_for(cs.site_user).get(url).status_code == 403
        assert client_for(users.pk).get(url).status_code == 200
    assert client_for(cs.lampung_pk).get(urls[1]).status_code == 404
    assert client_for(users.pk).get(reverse("community_service:litmas", args=[foreign.pk])).status_code == 404


def test_the_page_uploads_a_litmas(client_for, users, world, client_person):
    response = client_for(users.pk).post(
        reverse("community_service:litmas", args=[client_person.pk]),
        {
            "unit": world.muratara.pk,
            "officer": users.pk.pk,
            "date": "2026-02-10",
            "purpose": "pre_sentence",
            "recommendation": "Layak",
            "document": SimpleUploadedFile("litmas.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    assert client_person.litmas_reports.get().document
    assert (
        client_for(users.regional).post(reverse("community_service:litmas", args=[client_person.pk]), {}).status_code
        == 403
    )
