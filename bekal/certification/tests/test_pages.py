"""Certification pages over the training fixtures' batches: the ladder and the audited BNSP export."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from bekal.audit.models import AuditEvent
from bekal.certification import services as cert
from bekal.jobs.testing import job_file
from bekal.training.tests.conftest import END


def test_the_bnsp_export_is_audited(client_for, users, enrolled, open_batch, lsp, django_capture_on_commit_callbacks):
    event = cert.assessment_create(
        actor=users.officer, batch=open_batch, lsp=lsp, assessor="A", test_site="ad_hoc", date=END
    )
    client = client_for(users.officer)
    url = reverse("certification:bnsp-export", args=[event.pk])
    assert client_for(None).get(url).status_code == 302
    assert client_for(users.regional).get(url).status_code == 403
    assert client_for(users.other_officer).get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)
    sheet = load_workbook(io.BytesIO(job_file(client, response))).worksheets[0]
    assert next(sheet.iter_rows(values_only=True))[:3] == ("No", "NAMA ASESI", "NIK")
    assert AuditEvent.objects.filter(code="certification.bnsp_report.exported").count() == 1


def test_assessment_pages(client_for, users, open_batch, lsp, make_user, world):
    event = cert.assessment_create(
        actor=users.officer, batch=open_batch, lsp=lsp, assessor="A", test_site="ad_hoc", date=END
    )
    url = reverse("certification:assessment-detail", args=[event.pk])
    create = reverse("certification:assessment-create", args=[open_batch.pk])
    assert client_for(None).get(url).status_code == 302
    assert client_for(users.regional).get(create).status_code == 403
    assert client_for(users.other_officer).get(url).status_code == 404
    assert client_for(users.officer).get(url).status_code == 200
    assert client_for(make_user(lsp, "partner_staff")).get(url).status_code == 200
