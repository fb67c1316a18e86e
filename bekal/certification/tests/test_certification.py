"""Assessment after training, Kompeten only with K on every unit, certificates valid three years, BNSP export."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from bekal.audit.models import AuditEvent
from bekal.certification import services
from bekal.certification.selectors import certificates_expiring, certification_figures
from bekal.training import services as training
from bekal.training.tests.conftest import END, TODAY, mark_all


@pytest.fixture
def completed(enrolled, users, open_batch):
    mark_all(open_batch, enrolled, users.officer)
    return training.enrollment_complete(actor=users.officer, enrollment=enrolled)


@pytest.fixture
def event(open_batch, users, lsp):
    return services.assessment_create(
        actor=users.officer, batch=open_batch, lsp=lsp, assessor="Asesor Satu", test_site="ad_hoc", date=END
    )


def all_units(programme, verdict="K"):
    return {u.id: verdict for u in programme.units.all()}


def test_assessment_comes_after_training(enrolled, event, users, programme):
    with pytest.raises(ValidationError):
        services.results_record(actor=users.officer, event=event, enrollment=enrolled, verdicts=all_units(programme))


def test_kompeten_needs_k_on_every_unit(completed, event, users, programme):
    verdicts = all_units(programme)
    verdicts[next(iter(verdicts))] = "BK"
    services.results_record(actor=users.officer, event=event, enrollment=completed, verdicts=verdicts)
    with pytest.raises(ValidationError):
        services.decision_record(actor=users.officer, event=event, enrollment=completed, verdict="K", on=END)
    decision = services.decision_record(actor=users.officer, event=event, enrollment=completed, verdict="BK", on=END)
    with pytest.raises(ValidationError):
        services.certificate_issue(actor=users.officer, decision=decision, number="X", issued_on=END)


def test_a_certificate_is_valid_three_years(completed, event, users, programme):
    services.results_record(actor=users.officer, event=event, enrollment=completed, verdicts=all_units(programme))
    decision = services.decision_record(actor=users.officer, event=event, enrollment=completed, verdict="K", on=END)
    certificate = services.certificate_issue(actor=users.officer, decision=decision, number="BNSP-1", issued_on=END)
    assert certificate.valid_until == date(2028, 3, 28) and certificate.scheme == "Skema Barista"
    assert list(certificates_expiring(user=users.officer, today=date(2028, 1, 15))) == [certificate]
    assert list(certificates_expiring(user=users.officer, today=TODAY)) == []
    assert certification_figures(user=users.officer)["rate"] == 100


def test_the_bnsp_report_has_every_candidate_with_the_nik_and_is_audited(completed, event, users, programme, lsp):
    services.results_record(actor=users.officer, event=event, enrollment=completed, verdicts=all_units(programme, "BK"))
    services.decision_record(actor=users.officer, event=event, enrollment=completed, verdict="BK", on=END)
    content = services.bnsp_report(actor=users.officer, event=event).read()
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[1][2] == completed.person.nik and rows[1][18] == "BK"
    assert AuditEvent.objects.filter(code="certification.bnsp_report.exported").count() == 1


def test_only_the_assessing_lsps_staff_may_record_among_partners(completed, users, open_batch, lsp, make_user):
    with pytest.raises(ValidationError):
        services.assessment_create(
            actor=users.partner, batch=open_batch, lsp=lsp, assessor="A", test_site="ad_hoc", date=END
        )
    staff = make_user(lsp, "partner_staff")
    event = services.assessment_create(
        actor=staff, batch=open_batch, lsp=lsp, assessor="A", test_site="ad_hoc", date=END
    )
    content = services.bnsp_report(actor=staff, event=event).read()
    assert content[:2] == b"PK"
    with pytest.raises(ValidationError):
        services.bnsp_report(actor=users.partner, event=event)
