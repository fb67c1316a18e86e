"""Issue 16, item 2: uploaded documents are never served by URL (in debug mode too), and an upload is checked by its
first bytes and by the size limit of its kind, with a message naming the limit."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from bekal.community_service.models import LitmasPurpose, LitmasReport
from bekal.community_service.services import litmas as litmas_services

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def client_person(world, make_person):
    return make_person(world.muratara, full_name="Rizky Pratama", custody=False, nik=None)


def create(users, world, person, document):
    return litmas_services.litmas_create(
        actor=users.pk,
        person=person,
        unit=world.muratara,
        officer=users.pk,
        date=date(2026, 2, 10),
        purpose=LitmasPurpose.PRE_SENTENCE,
        recommendation="Layak menjalani pidana kerja sosial",
        document=document,
    )


@pytest.mark.parametrize("debug", [False, True])
def test_a_litmas_file_has_no_public_url(users, world, client_person, client_for, debug):
    report = create(users, world, client_person, SimpleUploadedFile("litmas.pdf", PDF))
    url = f"/{report.document.url.lstrip('/')}"
    assert url.startswith("/media/litmas/")
    with pytest.raises(Resolver404):
        resolve(url)
    with override_settings(DEBUG=debug):  # `make run` is in debug mode: no static handler serves the uploads there
        assert Client().get(url).status_code == 404
        assert client_for(users.pk).get(url).status_code == 404  # not even to its own unit: only the checked view
    protected = reverse("community_service:litmas-document", args=[report.pk])
    assert client_for(None).get(protected).status_code == 302
    assert client_for(users.pk).get(protected).status_code == 200


def test_a_file_that_is_not_a_pdf_is_refused_by_its_content(users, world, client_person):
    with pytest.raises(ValidationError) as caught:
        create(users, world, client_person, SimpleUploadedFile("litmas.pdf", b"PK\x03\x04 a zip renamed"))
    assert "litmas.pdf" in caught.value.message_dict["document"][0]


def test_an_oversize_pdf_is_refused_naming_the_limit(users, world, client_person, settings):
    settings.BEKAL_UPLOAD_MAX_MB = {"document": 1, "table": 1}
    big = SimpleUploadedFile("litmas.pdf", PDF + b"0" * (1024 * 1024))
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        create(users, world, client_person, big)
    message = caught.value.message_dict["document"][0]
    assert "litmas.pdf" in message and "1 MB" in message and "maksimal" in message
    assert not LitmasReport.objects.filter(person=client_person).exists()
