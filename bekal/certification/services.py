"""Writes to assessments and certificates, and the BNSP candidate export. One transaction and audit event each."""

from datetime import date
from typing import IO, Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record
from bekal.certification.bnsp_template import candidate_sheet
from bekal.certification.models import AssessmentEvent, Certificate, Decision, TestSite, UnitResult, Verdict
from bekal.core.formats import readable
from bekal.core.races import refuse_duplicate
from bekal.organizations.models import Organization, OrganizationKind
from bekal.organizations.time import long_date
from bekal.rules.selectors import rule_int
from bekal.training.models import Batch, Enrollment, EnrollmentStatus
from bekal.training.selectors import batch_today, batch_unit, is_partner
from bekal.training.services._common import check_batch_reach

# How PostgreSQL and SQLite name the certificate number's unique constraint when they refuse a second row.
CERTIFICATE_NUMBER_UNIQUE = ("certification_certificate_number", "certification_certificate.number")


def _check_lsp_staff(actor: Any, lsp_id: int | None) -> None:
    # Partner staff record assessments only as staff of the LSP that assesses; a BLK's staff may not.
    if is_partner(actor) and lsp_id != actor.organization_id:
        raise ValidationError({"lsp": _("Only staff of the assessing LSP may record assessments")})


def _check_recorder(actor: Any, event: AssessmentEvent) -> None:
    """Refuse an actor who may not record this event's assessment: the capability, the batch in reach, the LSP's
    own staff for a partner."""
    require(actor, Capability.ASSESSMENT_RECORD)
    check_batch_reach(actor, event.batch)
    _check_lsp_staff(actor, event.lsp_id)


@transaction.atomic
def assessment_create(
    *,
    actor: Any,
    batch: Batch,
    lsp: Organization | None,
    assessor: str,
    test_site: str,
    date: date,
    assessor_number: str = "",
) -> AssessmentEvent:
    """Plan an assessment of the batch by an LSP's assessor at a test site (TUK)."""
    require(actor, Capability.ASSESSMENT_RECORD)
    check_batch_reach(actor, batch)
    _check_lsp_staff(actor, lsp.id if lsp else None)
    errors: dict[str, str] = {}
    if lsp is None or lsp.kind != OrganizationKind.LSP:
        errors["lsp"] = _("Choose an LSP")
    if test_site not in TestSite.values:
        errors["test_site"] = _("Test site %(value)s is not one of the allowed values") % {"value": test_site}
    if not assessor.strip():
        errors["assessor"] = _("Name the assessor")
    if date < batch.start_date:
        errors["date"] = _("%(date)s is before the batch starts on %(start)s") % readable(
            {
                "date": date,
                "start": batch.start_date,
            }
        )
    if errors:
        raise ValidationError(errors)
    assert lsp is not None
    event = AssessmentEvent.objects.create(
        batch=batch, lsp=lsp, assessor=assessor, assessor_number=assessor_number, test_site=test_site, date=date
    )
    audit_record(
        code="certification.assessment.created",
        actor=actor,
        unit=batch_unit(batch),
        obj=event,
        changes={"lsp": [None, lsp.pk if lsp else None], "date": [None, date]},
    )
    return event


@transaction.atomic
def results_record(
    *,
    actor: Any,
    event: AssessmentEvent,
    enrollment: Enrollment,
    verdicts: dict[int, str],
    today: date | None = None,
) -> Decision | None:
    """Record the assessor's K/BK per competency unit for a participant who completed training, once the
    assessment has taken place (``today`` is the batch's, read from the clock unless given)."""
    _check_recorder(actor, event)
    _record_results(
        actor=actor, event=event, enrollment=enrollment, verdicts=verdicts, today=today or batch_today(event.batch)
    )
    return None


def _record_results(
    *, actor: Any, event: AssessmentEvent, enrollment: Enrollment, verdicts: dict[int, str], today: date
) -> Enrollment:
    """``results_record`` once its actor is checked (``_check_recorder``); return the enrolment as read again, with
    its person, unit and batch (what the decision's audit names)."""
    if event.date > today:
        raise ValidationError(
            {
                "verdicts": _(
                    "The assessment of %(date)s has not taken place yet; today at this unit is %(today)s, and "
                    "results come after it"
                )
                % readable({"date": long_date(event.date), "today": long_date(today)})
            }
        )
    enrollment = Enrollment.objects.select_related("person", "unit").get(pk=enrollment.pk)
    if enrollment.batch_id != event.batch_id or enrollment.status != EnrollmentStatus.COMPLETED:
        raise ValidationError(
            {
                "enrollment": _("%(name)s has not completed this batch; assessment comes after training")
                % {"name": enrollment.person.full_name}
            }
        )
    units = {u.id: u for u in event.batch.programme.units.all()}
    errors = []
    for unit_id, verdict in verdicts.items():
        if unit_id not in units:
            errors.append(_("Competency unit %(id)s is not part of the programme") % {"id": unit_id})
        if verdict not in Verdict.values:
            errors.append(_("Result %(value)s is not K or BK") % {"value": verdict})
    if errors:
        raise ValidationError({"verdicts": errors})
    # One upsert for every unit (a unit recorded again takes its new verdict; two requests at once end in one row
    # per unit, never a duplicate or an error).
    UnitResult.objects.bulk_create(
        [UnitResult(event=event, enrollment=enrollment, unit=units[u], verdict=v) for u, v in verdicts.items()],
        update_conflicts=True,
        unique_fields=["event", "enrollment", "unit"],
        update_fields=["verdict"],
    )
    audit_record(
        code="certification.results.recorded",
        actor=actor,
        unit=enrollment.unit,
        obj=event,
        changes={units[u].code: [None, v] for u, v in verdicts.items()} | {"enrollment": [None, enrollment.pk]},
    )
    enrollment.batch = event.batch  # the same batch (checked above), already read with the event
    return enrollment


@transaction.atomic
def decision_record(
    *,
    actor: Any,
    event: AssessmentEvent,
    enrollment: Enrollment,
    verdict: str,
    on: date,
    today: date | None = None,
) -> Decision:
    """Record the LSP's decision, never dated in the batch's future (``today``, read from the clock unless given);
    Kompeten needs a K on every competency unit of the programme."""
    _check_recorder(actor, event)
    return _record_decision(
        actor=actor, event=event, enrollment=enrollment, verdict=verdict, on=on, today=today or batch_today(event.batch)
    )


def _record_decision(
    *, actor: Any, event: AssessmentEvent, enrollment: Enrollment, verdict: str, on: date, today: date
) -> Decision:
    """``decision_record`` once its actor is checked (``_check_recorder``)."""
    if on > today:
        raise ValidationError(
            {
                "decided_on": _("Decision date %(date)s is in the future; today at this unit is %(today)s")
                % readable({"date": long_date(on), "today": long_date(today)})
            }
        )
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Result %(value)s is not K or BK") % {"value": verdict}})
    results = dict(UnitResult.objects.filter(event=event, enrollment=enrollment).values_list("unit_id", "verdict"))
    units = list(event.batch.programme.units.all())
    if not units:
        raise ValidationError({"verdict": _("The programme has no competency units to assess")})
    missing = [u.code for u in units if u.id not in results]
    if missing:
        raise ValidationError({"verdict": _("No result yet for unit %(codes)s") % {"codes": ", ".join(missing)}})
    not_yet = [u.code for u in units if results[u.id] != Verdict.COMPETENT]
    if verdict == Verdict.COMPETENT and not_yet:
        raise ValidationError(
            {
                "verdict": _("Belum Kompeten on unit %(codes)s; a Kompeten decision needs K on every unit")
                % {"codes": ", ".join(not_yet)}
            }
        )
    decision, _created = Decision.objects.update_or_create(
        event=event, enrollment=enrollment, defaults={"verdict": verdict, "decided_on": on}
    )
    decision.event, decision.enrollment = event, enrollment  # read already: the audit's name needs no query
    audit_record(
        code="certification.decision.recorded",
        actor=actor,
        unit=enrollment.unit,
        obj=decision,
        changes={"verdict": [None, verdict], "enrollment": [None, enrollment.pk]},
    )
    return decision


@transaction.atomic
def certificate_issue(
    *, actor: Any, decision: Decision, number: str, issued_on: date, today: date | None = None
) -> Certificate:
    """Issue the competency certificate for a Kompeten decision, never dated in the batch's future (``today``, read
    from the clock unless given); valid for the rule's years (default 3)."""
    require(actor, Capability.ASSESSMENT_RECORD)
    decision = Decision.objects.select_related(
        "event__batch__programme", "enrollment__person", "enrollment__unit", "certificate"
    ).get(pk=decision.pk)
    _check_recorder(actor, decision.event)
    return _issue_certificate(
        actor=actor,
        decision=decision,
        number=number,
        issued_on=issued_on,
        today=today or batch_today(decision.event.batch),
    )


def _issue_certificate(*, actor: Any, decision: Decision, number: str, issued_on: date, today: date) -> Certificate:
    """``certificate_issue`` once its actor is checked (``_check_recorder``), of a decision read with its event's
    batch and programme and its enrolment's person and unit."""
    errors: dict[str, str] = {}
    if issued_on > today:
        errors["issued_on"] = _("Issue date %(date)s is in the future; today at this unit is %(today)s") % readable(
            {
                "date": long_date(issued_on),
                "today": long_date(today),
            }
        )
    if decision.verdict != Verdict.COMPETENT:
        errors["decision"] = _("The LSP decided Belum Kompeten; a certificate needs Kompeten")
    if hasattr(decision, "certificate"):
        errors["decision"] = _("Certificate %(number)s is already issued") % {"number": decision.certificate.number}
    if not number.strip():
        errors["number"] = _("Give the certificate number")
    elif Certificate.objects.filter(number=number).exists():
        errors["number"] = _("Certificate number %(number)s is already recorded") % {"number": number}
    if errors:
        raise ValidationError(errors)
    years = rule_int("certification.validity_years", on=issued_on)
    # Two officers may record one number at once: both pass the check above, the unique number stops the second.
    taken = _("Certificate number %(number)s is already recorded") % {"number": number.strip()}
    with refuse_duplicate(constraint=CERTIFICATE_NUMBER_UNIQUE, field="number", message=taken):
        certificate = Certificate.objects.create(
            decision=decision,
            enrollment=decision.enrollment,
            number=number.strip(),
            scheme=decision.event.batch.programme.scheme or decision.event.batch.programme.name,
            issued_on=issued_on,
            valid_until=issued_on + relativedelta(years=years),
        )
    audit_record(
        code="certification.certificate.issued",
        actor=actor,
        unit=certificate.enrollment.unit,
        obj=certificate,
        changes={"number": [None, certificate.number], "valid_until": [None, certificate.valid_until]},
    )
    return certificate


@transaction.atomic
def assessment_record(
    *,
    actor: Any,
    event: AssessmentEvent,
    enrollment: Enrollment,
    verdicts: dict[int, str],
    decision: str,
    certificate_number: str = "",
    issued_on: date | None = None,
    today: date | None = None,
) -> Decision:
    """Record one participant's unit results and the LSP decision, and with a number issue the certificate of a
    Kompeten decision: all three in one transaction, so a refusal or failure at any step saves none of them."""
    # The actor checked once for the three writes (they are the same event's, in one transaction).
    _check_recorder(actor, event)
    today = today or batch_today(event.batch)
    enrollment = _record_results(actor=actor, event=event, enrollment=enrollment, verdicts=verdicts, today=today)
    recorded = _record_decision(
        actor=actor, event=event, enrollment=enrollment, verdict=decision, on=event.date, today=today
    )
    number = certificate_number.strip()
    if number and recorded.verdict == Verdict.COMPETENT:  # recorded carries its event and enrolment, read above
        _issue_certificate(
            actor=actor, decision=recorded, number=number, issued_on=issued_on or event.date, today=today
        )
    return recorded  # with its certificate, if one was issued: the answer names its number


def bnsp_report_check(*, actor: Any, event: AssessmentEvent) -> None:
    """Raise unless the actor may export the event's candidates: BNSP export, the batch in reach, the LSP's own."""
    require(actor, Capability.BNSP_EXPORT)
    check_batch_reach(actor, event.batch)
    _check_lsp_staff(actor, event.lsp_id)


@transaction.atomic
def bnsp_report(*, actor: Any, event: AssessmentEvent) -> IO[bytes]:
    """Return the BNSP candidate report (XLSX, on a temporary file): every candidate, K and BK, with the NIK. The
    export is audited, because it is the one place a partner's LSP staff see a full NIK."""
    bnsp_report_check(actor=actor, event=event)
    decisions = {d.enrollment_id: d for d in Decision.objects.filter(event=event)}
    candidates = (
        Enrollment.objects.filter(batch=event.batch, id__in=list(decisions))
        .select_related("person")
        .order_by("person__full_name", "id")
    )
    content, count = candidate_sheet(event=event, decisions=decisions, candidates=candidates.iterator(chunk_size=500))
    audit_record(
        code="certification.bnsp_report.exported",
        actor=actor,
        unit=actor.organization,
        obj=event,
        changes={"candidates": [None, count], "nik_included": [None, True]},
    )
    return content
