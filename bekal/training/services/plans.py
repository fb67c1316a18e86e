"""Writes to the annual training plan: a unit's plan for a year, its lines per programme (the Ditjenpas mandatory
programme marked), and the head of unit's approval. An approved plan is the yardstick of the year and is not edited."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record, changed_fields, created_diff, snapshot
from bekal.core.formats import number
from bekal.core.races import refuse_duplicate
from bekal.organizations.models import Organization, OrganizationKind
from bekal.training.models import PlanLine, PlanStatus, Programme, TrainingPlan
from bekal.training.services._common import check_unit_in_scope

LINE_FIELDS = ["programme", "mandatory", "batches", "participants", "budget"]
YEARS = (2000, 2100)


@transaction.atomic
def plan_create(*, actor: Any, unit: Organization | None, year: int, note: str = "") -> TrainingPlan:
    """Start a unit's training plan for a year (a draft); one plan per unit and year."""
    require(actor, Capability.BUDGET_EDIT)
    unit = check_unit_in_scope(actor, unit)
    if unit.kind not in OrganizationKind.correctional_units():
        raise ValidationError({"unit": _("%(unit)s is not a Lapas, Rutan, LPKA or Bapas") % {"unit": unit.name}})
    if not YEARS[0] <= year <= YEARS[1]:
        raise ValidationError({"year": _("Year %(year)s is not between 2000 and 2100") % {"year": year}})
    taken = _("%(unit)s already has a training plan for %(year)s") % {"unit": unit.name, "year": year}
    if TrainingPlan.objects.filter(unit=unit, year=year).exists():
        raise ValidationError({"year": taken})
    with refuse_duplicate(
        constraint=("training_plan_once_per_unit_year", "trainingplan.unit_id"), field="year", message=taken
    ):
        plan = TrainingPlan.objects.create(unit=unit, year=year, note=note.strip())
    audit_record(code="training.plan.created", actor=actor, unit=unit, obj=plan, changes={"year": [None, year]})
    return plan


def _locked(plan: TrainingPlan) -> TrainingPlan:
    plan = TrainingPlan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(
            {
                "plan": _("The %(year)s plan of %(unit)s is approved and no longer changes")
                % {"year": plan.year, "unit": plan.unit.name}
            }
        )
    return plan


@transaction.atomic
def plan_line_set(
    *,
    actor: Any,
    plan: TrainingPlan,
    programme: Programme,
    batches: int,
    participants: int,
    budget: Decimal,
    mandatory: bool = False,
) -> PlanLine:
    """Plan a programme in a draft plan (or change its figures): batches, participants, budget. Participants follow
    the provider's standard: at most the programme's quota per batch."""
    require(actor, Capability.BUDGET_EDIT)
    check_unit_in_scope(actor, plan.unit)
    plan = _locked(plan)
    errors: dict[str, str] = {}
    if batches < 1:
        errors["batches"] = _("Planned batches must be at least 1")
    if participants < 1:
        errors["participants"] = _("Planned participants must be at least 1")
    elif batches >= 1 and participants > batches * programme.quota:
        errors["participants"] = _(
            "%(participants)s participants in %(batches)s batches is more than the quota of %(quota)s per batch"
        ) % {"participants": number(participants), "batches": batches, "quota": programme.quota}
    if budget < 0:
        errors["budget"] = _("Planned budget %(budget)s is below zero") % {"budget": number(budget)}
    if errors:
        raise ValidationError(errors)
    line = PlanLine.objects.filter(plan=plan, programme=programme).first()
    values = {"mandatory": mandatory, "batches": batches, "participants": participants, "budget": budget}
    if line is None:
        line = PlanLine.objects.create(plan=plan, programme=programme, **values)
        changes = created_diff(snapshot(line, LINE_FIELDS))
    else:
        before = snapshot(line, LINE_FIELDS)
        for key, value in values.items():
            setattr(line, key, value)
        line.save()
        changes = changed_fields(before, snapshot(line, LINE_FIELDS))
    audit_record(code="training.plan.line_set", actor=actor, unit=plan.unit, obj=plan, changes=changes)
    return line


@transaction.atomic
def plan_line_remove(*, actor: Any, line: PlanLine) -> None:
    """Take a programme out of a draft plan."""
    require(actor, Capability.BUDGET_EDIT)
    plan = line.plan
    check_unit_in_scope(actor, plan.unit)
    plan = _locked(plan)
    audit_record(
        code="training.plan.line_removed",
        actor=actor,
        unit=plan.unit,
        obj=plan,
        changes={"programme": [line.programme_id, None]},
    )
    line.delete()


@transaction.atomic
def plan_approve(*, actor: Any, plan: TrainingPlan, today: date) -> TrainingPlan:
    """Approve a draft plan (the head of unit): from now on the year is judged against it."""
    require(actor, Capability.PLAN_APPROVE)
    check_unit_in_scope(actor, plan.unit)
    plan = _locked(plan)
    if not plan.lines.exists():
        raise ValidationError({"plan": _("A plan with no programme cannot be approved")})
    plan.status, plan.approved_by, plan.approved_on = PlanStatus.APPROVED, actor, today
    plan.save(update_fields=["status", "approved_by", "approved_on"])
    audit_record(
        code="training.plan.approved",
        actor=actor,
        unit=plan.unit,
        obj=plan,
        changes={"status": [PlanStatus.DRAFT, PlanStatus.APPROVED], "approved_on": [None, today]},
    )
    return plan
