"""Every write to supervision sentences (pidana pengawasan, KUHP Pasal 75-77), one transaction and one audit event
each. The figures (threat, longest term) come from ``bekal.rules``."""

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record, created_diff, snapshot
from bekal.community_service import transitions
from bekal.community_service.models import (
    BreachCase,
    BreachOutcome,
    BreachStage,
    MonthlyReport,
    SupervisionSentence,
)
from bekal.community_service.selectors.supervision import sentences_visible_to
from bekal.core.formats import readable
from bekal.organizations.models import Organization, OrganizationKind
from bekal.organizations.time import long_date, unit_today
from bekal.people import services as people_services
from bekal.people.models import Person, SupervisionKind, SupervisionPeriod
from bekal.rules.selectors import rule_int

SENTENCE_FIELDS = [
    "court",
    "decision_number",
    "decision_date",
    "offence",
    "threatened_prison_months",
    "term_months",
    "prosecutor_office",
    "special_conditions",
]


def _require_reach(actor: Any, sentence: SupervisionSentence) -> None:
    if not sentences_visible_to(actor).filter(pk=sentence.pk).exists():
        raise PermissionDenied("sentence outside reach")


def _future_date(on: date, today: date) -> str:
    return _("Date %(date)s is in the future; today at this unit is %(today)s") % readable(
        {
            "date": long_date(on),
            "today": long_date(today),
        }
    )


def _sentence_errors(sentence: SupervisionSentence) -> dict[str, str]:
    errors: dict[str, str] = {}
    on = sentence.decision_date
    if not sentence.decision_number.strip():
        errors["decision_number"] = _("Decision number is required")
    if sentence.court.kind != OrganizationKind.COURT:
        errors["court"] = _("%(org)s is not a court") % {"org": sentence.court}
    if sentence.prosecutor_office.kind != OrganizationKind.PROSECUTOR:
        errors["prosecutor_office"] = _("%(org)s is not a prosecutor's office") % {"org": sentence.prosecutor_office}
    threat = rule_int("supervision_sentence.max_threat_months", on=on)
    if sentence.threatened_prison_months > threat:
        errors["threatened_prison_months"] = _(
            "KUHP Pasal 75: a supervision sentence needs an offence threatened with at most %(max)s months' prison; "
            "it carries %(value)s"
        ) % {"max": threat, "value": sentence.threatened_prison_months}
    longest = min(rule_int("supervision_sentence.max_term_months", on=on), sentence.threatened_prison_months)
    if not 1 <= sentence.term_months <= longest:
        errors["term_months"] = _(
            "KUHP Pasal 75: the term is at most the threatened prison term and at most %(max)s months; "
            "%(value)s months given"
        ) % {"max": rule_int("supervision_sentence.max_term_months", on=on), "value": sentence.term_months}
    return errors


@transaction.atomic
def sentence_create(
    *, actor: Any, person: Person, unit: Organization | None, officer: Any, start_date: date, **data: Any
) -> SupervisionSentence:
    """Record a supervision sentence and its supervision period (``pengawasan``)."""
    require(actor, Capability.COMMUNITY_EDIT)
    sentence = SupervisionSentence(**data)
    errors = _sentence_errors(sentence)
    if errors:
        raise ValidationError(errors)
    period = people_services.supervision_period_create(
        actor=actor,
        person=person,
        unit=unit,
        kind=SupervisionKind.SUPERVISION_SENTENCE,
        officer=officer,
        start_date=start_date,
        expected_end_date=start_date + relativedelta(months=sentence.term_months) - relativedelta(days=1),
    )
    sentence.period = period
    sentence.save()
    audit_record(
        code="community_service.sentence.created",
        actor=actor,
        unit=period.unit,
        obj=sentence,
        changes=created_diff(snapshot(sentence, SENTENCE_FIELDS)),
    )
    return sentence


@transaction.atomic
def monthly_report_record(
    *,
    actor: Any,
    sentence: SupervisionSentence,
    month: date,
    reported_on: date,
    notes: str = "",
    today: date | None = None,
) -> MonthlyReport:
    """Record the client's report to the PK for a month (wajib lapor), made in that month or after it, never in
    the unit's future (``today`` is the unit's, read from the clock unless given)."""
    require(actor, Capability.COMMUNITY_EDIT)
    _require_reach(actor, sentence)
    sentence = SupervisionSentence.objects.select_related("period__unit__region__parent").get(pk=sentence.pk)
    month = month.replace(day=1)
    period = sentence.period
    today = today or unit_today(period.unit)
    errors: dict[str, str] = {}
    if month > today:
        errors["month"] = _("The month %(month)s has not begun; today at this unit is %(today)s") % readable(
            {
                "month": f"{month:%Y-%m}",
                "today": long_date(today),
            }
        )
    elif month < period.start_date.replace(day=1) or (
        period.expected_end_date is not None and month > period.expected_end_date
    ):
        errors["month"] = _("%(month)s is outside the supervision, %(start)s to %(end)s") % readable(
            {
                "month": f"{month:%Y-%m}",
                "start": period.start_date,
                "end": period.expected_end_date,
            }
        )
    if reported_on > today:
        errors["reported_on"] = _("Report date %(date)s is in the future; today at this unit is %(today)s") % readable(
            {
                "date": long_date(reported_on),
                "today": long_date(today),
            }
        )
    elif reported_on < month:
        errors["reported_on"] = _("A report on %(date)s cannot be for the later month %(month)s") % readable(
            {
                "date": reported_on,
                "month": f"{month:%Y-%m}",
            }
        )
    if MonthlyReport.objects.filter(sentence=sentence, month=month).exists():
        errors["month"] = _("The report for %(month)s is already recorded") % {"month": f"{month:%Y-%m}"}
    if errors:
        raise ValidationError(errors)
    report = MonthlyReport.objects.create(
        sentence=sentence, month=month, reported_on=reported_on, notes=notes.strip(), recorded_by=actor
    )
    audit_record(
        code="community_service.sentence.reported",
        actor=actor,
        unit=period.unit,
        obj=report,
        changes={"month": [None, month], "reported_on": [None, reported_on]},
    )
    return report


@transaction.atomic
def breach_open(
    *,
    actor: Any,
    sentence: SupervisionSentence,
    condition: str,
    advised_on: date,
    advice: str,
    today: date | None = None,
) -> BreachCase:
    """Open a breach of a special condition with the PK's advice (KUHP Pasal 77), never dated in the unit's
    future."""
    require(actor, Capability.COMMUNITY_EDIT)
    _require_reach(actor, sentence)
    today = today or unit_today(sentence.period.unit)
    errors: dict[str, str] = {}
    if advised_on > today:
        errors["advised_on"] = _future_date(advised_on, today)
    if not condition.strip():
        errors["condition"] = _("Name the condition that was breached")
    if not advice.strip():
        errors["advice"] = _("The PK's advice is required")
    elif advised_on < sentence.period.start_date:
        errors["advised_on"] = _("Advice of %(date)s is before the supervision began on %(start)s") % readable(
            {
                "date": advised_on,
                "start": sentence.period.start_date,
            }
        )
    if errors:
        raise ValidationError(errors)
    case = BreachCase.objects.create(
        sentence=sentence, condition=condition.strip(), advised_on=advised_on, advice=advice.strip()
    )
    audit_record(
        code="community_service.breach.advised",
        actor=actor,
        unit=sentence.period.unit,
        obj=case,
        changes={"condition": [None, case.condition], "advised_on": [None, advised_on]},
    )
    return case


@transaction.atomic
def breach_advance(
    *,
    actor: Any,
    case: BreachCase,
    stage: str,
    on: date,
    text: str = "",
    outcome: str = "",
    extension_months: int | None = None,
    today: date | None = None,
) -> BreachCase:
    """Move a breach to its next stage: the prosecutor's proposal, then the court's decision (extend or other).
    An extension lengthens the supervision, never past the longest term of KUHP Pasal 75."""
    require(actor, Capability.COMMUNITY_EDIT)
    case = BreachCase.objects.select_for_update().select_related("sentence__period__unit").get(pk=case.pk)
    sentence = case.sentence
    _require_reach(actor, sentence)
    transitions.BREACH.check(case.stage, stage)
    last = case.proposed_on or case.advised_on
    today = today or unit_today(sentence.period.unit)
    if on > today:
        raise ValidationError({"on": _future_date(on, today)})
    if on < last:
        raise ValidationError(
            {"on": _("%(date)s is before the previous stage of %(last)s") % readable({"date": on, "last": last})}
        )
    changes: dict[str, Any] = {"stage": [case.stage, stage]}
    if stage == BreachStage.PROSECUTOR_PROPOSAL:
        if not text.strip():
            raise ValidationError({"text": _("The prosecutor's proposal is required")})
        case.proposed_on, case.proposal = on, text.strip()
    else:
        if outcome not in BreachOutcome.values:
            raise ValidationError({"outcome": _("Choose the court's decision")})
        if outcome == BreachOutcome.EXTEND:
            longest = rule_int("supervision_sentence.max_term_months", on=on)
            if not extension_months or sentence.term_months + extension_months > longest:
                raise ValidationError(
                    {
                        "extension_months": _(
                            "KUHP Pasal 75: the supervision lasts at most %(max)s months; %(term)s months plus "
                            "%(value)s is too long"
                        )
                        % {"max": longest, "term": sentence.term_months, "value": extension_months or 0}
                    }
                )
            sentence.term_months += extension_months
            sentence.save(update_fields=["term_months"])
            period = sentence.period
            period.expected_end_date = (
                period.start_date + relativedelta(months=sentence.term_months) - relativedelta(days=1)
            )
            SupervisionPeriod.objects.filter(pk=period.pk).update(expected_end_date=period.expected_end_date)
            changes["term_months"] = [sentence.term_months - extension_months, sentence.term_months]
        case.decided_on, case.outcome, case.extension_months, case.decision_note = (
            on,
            outcome,
            extension_months if outcome == BreachOutcome.EXTEND else None,
            text.strip(),
        )
        changes["outcome"] = [None, outcome]
    transitions.BREACH.move(case, stage, attr="stage")
    case.save()
    audit_record(
        code=f"community_service.breach.{stage}", actor=actor, unit=sentence.period.unit, obj=case, changes=changes
    )
    return case
