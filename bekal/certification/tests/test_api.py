"""Certification over the API: the assessment, the BNSP report, expiring certificates and the training certificate,
with the same ladder as the pages."""

import io

from openpyxl import load_workbook

from bekal.audit.models import AuditEvent
from bekal.certification import services
from bekal.certification.tests.test_certification import all_units, completed, event  # noqa: F401 - fixtures
from bekal.jobs.testing import job_file
from bekal.training.tests.conftest import END


def _certify(users, event, completed, programme):  # noqa: F811
    services.results_record(actor=users.officer, event=event, enrollment=completed, verdicts=all_units(programme))
    decision = services.decision_record(actor=users.officer, event=event, enrollment=completed, verdict="K", on=END)
    return services.certificate_issue(actor=users.officer, decision=decision, number="BNSP-1", issued_on=END)


def test_an_assessment_and_its_bnsp_report_over_the_api(
    client_for,
    users,
    event,  # noqa: F811
    completed,  # noqa: F811
    programme,
    django_capture_on_commit_callbacks,
):
    certificate = _certify(users, event, completed, programme)
    url = f"/api/v1/assessments/{event.pk}"
    assert client_for(None).get(url).status_code == 401
    assert client_for(users.other_officer).get(url).status_code == 404
    body = client_for(users.officer).get(url).json()
    assert body["decisions"] == [
        {
            "id": body["decisions"][0]["id"],
            "enrollment_id": completed.pk,
            "verdict": "K",
            "certificate_number": "BNSP-1",
        }
    ]
    assert certificate.number == "BNSP-1"
    assert client_for(users.partner).post(f"{url}/bnsp-export").status_code in (403, 404, 422)
    assert client_for(users.other_officer).post(f"{url}/bnsp-export").status_code == 404
    client = client_for(users.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}/bnsp-export")
    assert response.status_code == 202  # the request starts the job; a worker writes the file
    rows = list(load_workbook(io.BytesIO(job_file(client, response))).active.iter_rows(values_only=True))
    assert rows[1][2] == completed.person.nik and rows[1][18] == "K"  # K/BK, last in BNSP's template
    assert AuditEvent.objects.filter(code="certification.bnsp_report.exported").count() == 1


def test_expiring_certificates_over_the_api(client_for, users, event, completed, programme, time_machine):  # noqa: F811
    _certify(users, event, completed, programme)
    url = "/api/v1/certificates/expiring"
    assert client_for(None).get(url).status_code == 401
    assert client_for(users.officer).get(url).json() == []
    time_machine.move_to("2028-01-15")
    assert [c["number"] for c in client_for(users.officer).get(url).json()] == ["BNSP-1"]
    assert client_for(users.other_officer).get(url).json() == []


def test_the_training_certificate_pdf_over_the_api(client_for, users, completed, enrolled):  # noqa: F811
    url = f"/api/v1/enrollments/{completed.pk}/certificate.pdf"
    assert client_for(None).get(url).status_code == 401
    assert client_for(users.other_officer).get(url).status_code == 404
    response = client_for(users.officer).get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
