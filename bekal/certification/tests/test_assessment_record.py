"""Recording an assessment is one transaction: results, decision and certificate are saved together or not at all,
and a certificate number two officers record at once ends in one certificate and a refusal."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.certification import services
from bekal.certification.models import Certificate, Decision, UnitResult
from bekal.certification.tests.test_certification import all_units, completed, event  # noqa: F401 - fixtures


def _post(client, rec, number="BNSP-7"):
    url = reverse("certification:assessment-record", args=[rec.event.pk, rec.completed.pk])
    units = all_units(rec.programme)
    data = {f"unit_{u}": v for u, v in units.items()} | {"decision": "K", "certificate_number": number}
    return client.post(url, data, follow=True)


@pytest.fixture
def rec(users, event, completed, programme):  # noqa: F811
    """The officer, the assessment and the participant who completed its batch."""
    return SimpleNamespace(officer=users.officer, event=event, completed=completed, programme=programme)


def _nothing_saved():
    return (
        not UnitResult.objects.exists()
        and not Decision.objects.exists()
        and not Certificate.objects.exists()
        and not AuditEvent.objects.filter(code__startswith="certification.results").exists()
    )


def test_a_refused_certificate_leaves_no_results_and_no_decision_and_the_page_says_so(client_for, rec, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"number": "Nomor sertifikat ditolak (uji)"})

    monkeypatch.setattr(services, "_issue_certificate", refuse)  # the certificate step of the three
    response = _post(client_for(rec.officer), rec)
    assert response.status_code == 200
    assert "Nomor sertifikat ditolak (uji)" in response.content.decode()
    assert _nothing_saved()


def test_a_crash_at_the_certificate_step_leaves_nothing_saved(client_for, rec, monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(services, "_issue_certificate", crash)
    client = client_for(rec.officer)
    client.raise_request_exception = False
    response = _post(client, rec)
    assert response.status_code == 500
    assert _nothing_saved()


def test_the_three_steps_are_saved_together(client_for, rec):
    response = _post(client_for(rec.officer), rec)
    assert response.status_code == 200
    assert Certificate.objects.get().number == "BNSP-7"
    assert Decision.objects.get().verdict == "K"
    assert UnitResult.objects.count() == rec.programme.units.count()


def test_a_certificate_number_taken_by_a_concurrent_request_is_a_refusal_not_a_500(client_for, rec, monkeypatch):
    services.results_record(
        actor=rec.officer, event=rec.event, enrollment=rec.completed, verdicts=all_units(rec.programme)
    )
    decision = services.decision_record(
        actor=rec.officer, event=rec.event, enrollment=rec.completed, verdict="K", on=rec.event.date
    )
    services.certificate_issue(actor=rec.officer, decision=decision, number="BNSP-9", issued_on=rec.event.date)
    second = services.assessment_create(
        actor=rec.officer,
        batch=rec.event.batch,
        lsp=rec.event.lsp,
        assessor="B",
        test_site="ad_hoc",
        date=rec.event.date,
    )
    services.results_record(
        actor=rec.officer, event=second, enrollment=rec.completed, verdicts=all_units(rec.programme)
    )
    decision2 = services.decision_record(
        actor=rec.officer, event=second, enrollment=rec.completed, verdict="K", on=rec.event.date
    )
    # Play the race: the check before the insert sees no certificate with the number (the other request has not
    # committed yet), so only the unique constraint can stop the second row.
    unseen = SimpleNamespace(filter=lambda **kwargs: Certificate.objects.none(), create=Certificate.objects.create)
    monkeypatch.setattr(services, "Certificate", SimpleNamespace(objects=unseen))
    with pytest.raises(ValidationError) as refused:
        services.certificate_issue(actor=rec.officer, decision=decision2, number="BNSP-9", issued_on=rec.event.date)
    assert refused.value.message_dict["number"] == ["Nomor sertifikat BNSP-9 sudah tercatat"]
    monkeypatch.undo()
    assert Certificate.objects.filter(number="BNSP-9").count() == 1


def test_results_recorded_again_take_the_new_verdicts_in_place(rec):
    units = all_units(rec.programme)
    services.results_record(actor=rec.officer, event=rec.event, enrollment=rec.completed, verdicts=units)
    first = next(iter(units))
    services.results_record(
        actor=rec.officer, event=rec.event, enrollment=rec.completed, verdicts={**units, first: "BK"}
    )
    results = dict(UnitResult.objects.filter(enrollment=rec.completed).values_list("unit_id", "verdict"))
    assert UnitResult.objects.filter(enrollment=rec.completed).count() == len(units)  # one row per unit still
    assert results == {**units, first: "BK"}
