"""Certification pages over the training fixtures' batches: the ladder and the audited BNSP export."""

from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.certification import services as cert
from bekal.training.tests.conftest import END


def test_the_bnsp_export_is_audited(client_for, users, enrolled, open_batch, lsp):
    event = cert.assessment_create(
        actor=users.officer, batch=open_batch, lsp=lsp, assessor="A", test_site="ad_hoc", date=END
    )
    response = client_for(users.officer).get(reverse("certification:bnsp-export", args=[event.pk]))
    assert response.status_code == 200
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
