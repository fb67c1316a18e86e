"""Non-compliance with an order: the warning ladder, the report to the prosecutor and its decision."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record
from bekal.community_service import transitions
from bekal.community_service.models import (
    CommunityServiceOrder,
    ComplianceStep,
    Decision,
    OrderStatus,
    StepKind,
    WorkSession,
)
from bekal.community_service.services._common import end_period, require_order_reach
from bekal.core.formats import readable
from bekal.notifications.models import NoticeKind
from bekal.notifications.services import notify
from bekal.organizations import documents as paperwork
from bekal.organizations.models import Official
from bekal.organizations.time import long_date, unit_today
from bekal.people.models import SupervisionEndReason
from bekal.rules.selectors import rule_int


def next_step_number(order: CommunityServiceOrder) -> int:
    last = ComplianceStep.objects.filter(order=order).order_by("-number").first()
    return last.number + 1 if last else 1


def issue_step(
    *, order: CommunityServiceOrder, kind: str, issued_on: date, session: WorkSession | None = None
) -> ComplianceStep:
    """Create the order's next letter with a number from the Bapas's register and its default signatory, and tell
    the client's PK it was issued (in the caller's transaction)."""
    unit = order.period.unit
    step = ComplianceStep.objects.create(
        order=order,
        kind=kind,
        number=next_step_number(order),
        issued_on=issued_on,
        session=session,
        letter_number=paperwork.next_number(unit, series=paperwork.LETTERS, day=issued_on),
        signatory=paperwork.signatory_of(unit),
    )
    officer = order.period.officer
    notify(
        kind=NoticeKind.LETTER_ISSUED,
        unit=unit,
        obj=step,
        key="issued",
        users=[officer] if officer else [],
        today=issued_on,
        link=reverse("community_service:detail", args=[order.pk]),
        context={
            "person": order.period.person.full_name,
            "letter": step.get_kind_display(),
            "number": step.letter_number,
            "order": order.decision_number,
        },
    )
    return step


@transaction.atomic
def step_sign(*, actor: Any, step: ComplianceStep, official: Official) -> ComplianceStep:
    """Choose which of the Bapas's active officials signs a letter (printed with name, NIP and position)."""
    require(actor, Capability.COMMUNITY_EDIT)
    require_order_reach(actor, step.order)
    step = ComplianceStep.objects.select_for_update(of=("self",)).select_related("order__period__unit").get(pk=step.pk)
    unit = step.order.period.unit
    if official.unit_id != unit.pk or not official.is_active:
        raise ValidationError(
            {
                "signatory": _("%(name)s is not an active official of %(unit)s")
                % {"name": official.name, "unit": unit.name}
            }
        )
    before = step.signatory_id
    step.signatory = official
    step.save(update_fields=["signatory"])
    audit_record(
        code="community_service.step.signatory_set",
        actor=actor,
        unit=unit,
        obj=step,
        changes={"signatory": [before, official.pk]},
    )
    return step


def ladder_step_due(order: CommunityServiceOrder, *, on: date) -> str:
    """Return the kind of letter an enforceable failure on ``on`` would issue now (a warning up to the configured
    count, then the report), or "" while a report still awaits its decision."""
    steps = list(ComplianceStep.objects.filter(order=order).exclude(kind=StepKind.COMPLETION))
    if any(s.kind == StepKind.REPORT and not s.decision for s in steps):
        return ""
    warnings = sum(1 for s in steps if s.kind == StepKind.WARNING)
    allowed = rule_int("community_service.warnings_before_report", on=on)
    return str(StepKind.WARNING if warnings < allowed else StepKind.REPORT)


def climb_ladder(*, actor: Any, order: CommunityServiceOrder, session: WorkSession) -> ComplianceStep | None:
    """Issue the next letter for an enforceable failure: warnings up to the configured count, then the report to
    the prosecutor, who supervises the sentence (KUHP Pasal 85)."""
    kind = ladder_step_due(order, on=session.date)
    if not kind:
        return None
    step = issue_step(order=order, kind=kind, issued_on=session.date, session=session)
    audit_record(
        code=f"community_service.step.{kind}",
        actor=actor,
        unit=order.period.unit,
        obj=step,
        changes={
            "kind": [None, kind],
            "number": [None, step.number],
            "letter_number": [None, step.letter_number],
            "session": [None, session.pk],
        },
    )
    return step


@transaction.atomic
def step_decide(
    *,
    actor: Any,
    step: ComplianceStep,
    decision: str,
    decided_on: date,
    note: str = "",
    today: date | None = None,
) -> ComplianceStep:
    """Record what the prosecutor or court decided on a report (KUHP Pasal 85 ayat (7)): continue, repeat the
    work, serve the replaced prison term or pay the replaced fine; the last two end the order. A decision is never
    dated in the unit's future (``today`` is the unit's, read from the clock unless given)."""
    require(actor, Capability.COMMUNITY_EDIT)
    step = (
        ComplianceStep.objects.select_for_update(of=("self",))
        .select_related("order__period__unit__region__parent")
        .get(pk=step.pk)
    )
    require_order_reach(actor, step.order)
    today = today or unit_today(step.order.period.unit)
    errors: dict[str, str] = {}
    if step.kind != StepKind.REPORT:
        errors["decision"] = _("Only a report to the prosecutor receives a decision")
    elif step.decision:
        errors["decision"] = _("This report was decided on %(date)s") % readable({"date": step.decided_on})
    if decision not in Decision.values:
        errors["decision"] = _("Decision %(value)s is not one of the allowed values") % {"value": decision}
    if decided_on > today:
        errors["decided_on"] = _("Decision date %(date)s is in the future; today at this unit is %(today)s") % readable(
            {
                "date": long_date(decided_on),
                "today": long_date(today),
            }
        )
    elif decided_on < step.issued_on:
        errors["decided_on"] = _("Decision date %(date)s is before the report of %(issued)s") % readable(
            {
                "date": decided_on,
                "issued": step.issued_on,
            }
        )
    if errors:
        raise ValidationError(errors)
    step.decision, step.decided_on, step.decision_note = decision, decided_on, note.strip()
    step.save(update_fields=["decision", "decided_on", "decision_note"])
    order = step.order
    audit_record(
        code="community_service.step.decided",
        actor=actor,
        unit=order.period.unit,
        obj=step,
        changes={"decision": ["", decision], "decided_on": [None, decided_on]},
    )
    if decision in (Decision.SERVE_PRISON, Decision.PAY_FINE):
        transitions.ORDER.move(order, OrderStatus.ENFORCED)
        order.save(update_fields=["status"])
        end_period(order.period, on=decided_on, reason=SupervisionEndReason.REVOKED)
        audit_record(
            code="community_service.order.enforced",
            actor=actor,
            unit=order.period.unit,
            obj=order,
            changes={"status": [OrderStatus.ACTIVE, OrderStatus.ENFORCED], "decision": decision},
        )
    return step
