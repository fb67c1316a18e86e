"""Every write to community service. Each function is one transaction with its audit event.

The legal figures come from ``bekal.rules`` (KUHP Pasal 85, fine categories of Pasal 79), never from constants here.
"""

from datetime import date, datetime, time
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can, require, unit_scope
from bekal.accounts.models import Role
from bekal.audit.services import audit_record, created_diff, snapshot
from bekal.community_service import selectors
from bekal.community_service.models import (
    OUTCOME_FLAGS,
    Adjustment,
    CommunityServiceOrder,
    ComplianceStep,
    Decision,
    OrderStatus,
    Outcome,
    Placement,
    Sanction,
    SiteType,
    StepKind,
    WorkSession,
    WorkSite,
)
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.people import services as people_services
from bekal.people.models import Person, SupervisionEndReason, SupervisionKind, SupervisionPeriod
from bekal.rules.selectors import rule_int

ORDER_FIELDS = [
    "court",
    "decision_number",
    "decision_date",
    "offence",
    "threatened_prison_months",
    "hours_ordered",
    "replaced_prison_months",
    "replaced_fine",
    "hours_per_day",
    "complete_by",
    "sanction",
    "prosecutor_office",
    "consent_recorded",
    "exception_reason",
    "exceptions",
    "training_counts",
]
SESSION_FIELDS = ["date", "start", "end", "minutes_credited", "outcome", "absence_reason", "placement"]


def _today() -> date:
    return timezone.localdate()


def _rupiah(amount: int) -> str:
    return f"Rp{amount:,}".replace(",", ".")


def _require_reach(actor: Any, order: CommunityServiceOrder) -> None:
    """Refuse an order the actor cannot see (a 404 on pages, never a hint that it exists)."""
    if not selectors.orders_visible_to(actor).filter(pk=order.pk).exists():
        raise PermissionDenied("order outside reach")


def order_rule_breaches(order: CommunityServiceOrder, *, start: date) -> dict[str, str]:
    """Return {field: message} for each limit of KUHP Pasal 85 the order goes beyond, figures read on its date."""
    on = order.decision_date
    out: dict[str, str] = {}
    low, high = rule_int("community_service.min_hours", on=on), rule_int("community_service.max_hours", on=on)
    if not low <= order.hours_ordered <= high:
        out["hours_ordered"] = _("KUHP Pasal 85: community service is %(low)s to %(high)s hours; %(value)s ordered") % {
            "low": low,
            "high": high,
            "value": order.hours_ordered,
        }
    per_day = rule_int("community_service.max_hours_per_day", on=on)
    if order.hours_per_day > per_day:
        out["hours_per_day"] = _("KUHP Pasal 85: at most %(max)s hours a day; %(value)s allowed") % {
            "max": per_day,
            "value": order.hours_per_day,
        }
    window = rule_int("community_service.max_window_months", on=on)
    if order.complete_by > start + relativedelta(months=window):
        out["complete_by"] = _(
            "KUHP Pasal 85: the work is done within at most %(months)s months; %(start)s to %(end)s is longer"
        ) % {"months": window, "start": start, "end": order.complete_by}
    threat = rule_int("community_service.threat_below_months", on=on)
    if order.threatened_prison_months >= threat:
        out["threatened_prison_months"] = _(
            "KUHP Pasal 85: the offence must carry a prison threat under %(max)s months; it carries %(value)s"
        ) % {"max": threat, "value": order.threatened_prison_months}
    max_prison = rule_int("community_service.max_replaced_prison_months", on=on)
    category = rule_int("community_service.max_replaced_fine_category", on=on)
    max_fine = rule_int(f"fine.category.{category}", on=on)
    if order.replaced_prison_months is not None and order.replaced_prison_months > max_prison:
        out["replaced_prison_months"] = _(
            "KUHP Pasal 85: it may replace at most %(max)s months' prison; %(value)s months replaced"
        ) % {"max": max_prison, "value": order.replaced_prison_months}
    if order.replaced_fine is not None and order.replaced_fine > max_fine:
        out["replaced_fine"] = _(
            "KUHP Pasal 85: it may replace a fine of at most category %(category)s (%(max)s, Pasal 79); "
            "%(value)s replaced"
        ) % {"category": category, "max": _rupiah(max_fine), "value": _rupiah(order.replaced_fine)}
    if not order.consent_recorded:
        out["consent_recorded"] = _("KUHP Pasal 85: the decision weighs the convict's consent; none is recorded")
    return out


def _order_errors(order: CommunityServiceOrder) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not order.decision_number.strip():
        errors["decision_number"] = _("Decision number is required")
    if order.court.kind != OrganizationKind.COURT:
        errors["court"] = _("%(org)s is not a court") % {"org": order.court}
    if order.prosecutor_office.kind != OrganizationKind.PROSECUTOR:
        errors["prosecutor_office"] = _("%(org)s is not a prosecutor's office") % {"org": order.prosecutor_office}
    if order.replaced_prison_months is None and order.replaced_fine is None:
        errors["replaced_prison_months"] = _("State the prison term or the fine the community service replaces")
    if order.sanction not in Sanction.values:
        errors["sanction"] = _("Sanction %(value)s is not one of the allowed values") % {"value": order.sanction}
    if order.hours_per_day < 1:
        errors["hours_per_day"] = _("Hours allowed per day must be at least 1")
    return errors


def _apply_rules(order: CommunityServiceOrder, *, start: date) -> None:
    """Refuse an order outside Pasal 85, unless the court's stated reason is given: then save it flagged."""
    errors = _order_errors(order)
    if order.complete_by < start:
        errors["complete_by"] = _("Complete-by date %(end)s is before the start %(start)s") % {
            "end": order.complete_by,
            "start": start,
        }
    if errors:
        raise ValidationError(errors)
    breaches = order_rule_breaches(order, start=start)
    order.exception_reason = order.exception_reason.strip()
    if breaches and not order.exception_reason:
        raise ValidationError(
            breaches
            | {
                "exception_reason": _(
                    "Outside the limits of Pasal 85 the order is saved only with the court's stated reason"
                )
            }
        )
    order.exceptions = sorted(breaches)


@transaction.atomic
def order_create(
    *,
    actor: Any,
    person: Person,
    unit: Organization | None,
    officer: Any,
    start_date: date | None,
    period: SupervisionPeriod | None = None,
    **data: Any,
) -> CommunityServiceOrder:
    """Record a community-service order and its supervision period (``kerja_sosial``), or attach it to one."""
    require(actor, Capability.COMMUNITY_EDIT)
    order = CommunityServiceOrder(**data)
    if period is None:
        if start_date is None:
            raise ValidationError({"start_date": _("Give the start date of a new supervision period")})
        start = start_date
    else:
        start = period.start_date
        if period.kind != SupervisionKind.COMMUNITY_SERVICE or period.person_id != person.pk:
            raise ValidationError({"period": _("The supervision period is not this person's community service")})
        if CommunityServiceOrder.objects.filter(period=period).exists():
            raise ValidationError({"period": _("This supervision period already has an order")})
        if not unit_scope(actor).contains(period.unit_id):
            raise ValidationError({"period": _("%(unit)s is not one of your units") % {"unit": period.unit.name}})
    _apply_rules(order, start=start)
    if period is None:
        period = people_services.supervision_period_create(
            actor=actor,
            person=person,
            unit=unit,
            kind=SupervisionKind.COMMUNITY_SERVICE,
            officer=officer,
            start_date=start,
            expected_end_date=order.complete_by,
        )
    order.period = period
    order.save()
    audit_record(
        code="community_service.order.created",
        actor=actor,
        unit=period.unit,
        obj=order,
        changes=created_diff(snapshot(order, ORDER_FIELDS)),
    )
    return order


@transaction.atomic
def order_set_training_counts(*, actor: Any, order: CommunityServiceOrder, value: bool) -> CommunityServiceOrder:
    """Say whether training days count toward the order's hours (off unless set)."""
    require(actor, Capability.COMMUNITY_EDIT)
    _require_reach(actor, order)
    order = CommunityServiceOrder.objects.select_for_update().select_related("period__unit").get(pk=order.pk)
    if order.training_counts != value:
        order.training_counts = value
        order.save(update_fields=["training_counts"])
        audit_record(
            code="community_service.order.training_counts_changed",
            actor=actor,
            unit=order.period.unit,
            obj=order,
            changes={"training_counts": [not value, value]},
        )
    return order


@transaction.atomic
def work_site_create(
    *,
    actor: Any,
    name: str,
    region: Region | None,
    site_type: str,
    capacity: int,
    days: list[int],
    opens_at: time,
    closes_at: time,
    address: str = "",
    supervisor_name: str = "",
    supervisor_phone: str = "",
) -> WorkSite:
    """Register a work site: an organisation of kind work site and what it offers community service."""
    require(actor, Capability.COMMUNITY_SITE_EDIT)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Name is required")
    elif Organization.objects.filter(name=name.strip(), kind=OrganizationKind.WORK_SITE).exists():
        errors["name"] = _("A work site named %(name)s already exists") % {"name": name}
    if site_type not in SiteType.values:
        # KUHP Pasal 85: the work is not commercialised; only public and social places take community service.
        errors["site_type"] = _(
            "KUHP Pasal 85: community service is unpaid work at a public or social place; site type %(value)s is "
            "not one of: %(types)s"
        ) % {"value": site_type, "types": ", ".join(str(t.label) for t in SiteType)}
    if capacity < 1:
        errors["capacity"] = _("Capacity %(value)s must be at least 1") % {"value": capacity}
    if not days or any(d not in range(7) for d in days):
        errors["days"] = _("Choose the weekdays the site takes people")
    if closes_at <= opens_at:
        errors["closes_at"] = _("Closing time %(end)s is not after opening time %(start)s") % {
            "end": closes_at,
            "start": opens_at,
        }
    if region is not None and region.level != Region.Level.REGENCY:
        errors["region"] = _("%(region)s is a province; choose a regency or city") % {"region": region.name}
    if errors:
        raise ValidationError(errors)
    org = Organization.objects.create(
        name=name.strip(), kind=OrganizationKind.WORK_SITE, region=region, address=address, phone=supervisor_phone
    )
    site = WorkSite.objects.create(
        organization=org,
        site_type=site_type,
        capacity=capacity,
        days=sorted(set(days)),
        opens_at=opens_at,
        closes_at=closes_at,
        supervisor_name=supervisor_name,
        supervisor_phone=supervisor_phone,
    )
    audit_record(
        code="community_service.site.created",
        actor=actor,
        obj=site,
        changes={
            "name": [None, org.name],
            "site_type": [None, site_type],
            "capacity": [None, capacity],
            "days": [None, site.days],
        },
    )
    return site


def _placements_overlapping(site: WorkSite, start: date, end: date | None) -> list[Placement]:
    placements = Placement.objects.filter(site=site, order__status=OrderStatus.ACTIVE)
    if end is not None:
        placements = placements.filter(start_date__lte=end)
    return [p for p in placements if p.end_date is None or p.end_date >= start]


@transaction.atomic
def placement_create(
    *,
    actor: Any,
    order: CommunityServiceOrder,
    site: WorkSite,
    start_date: date,
    days: list[int],
    hours_per_day: int,
    end_date: date | None = None,
) -> Placement:
    """Place the client at a work site on planned weekdays; a site never takes more people a day than its capacity."""
    require(actor, Capability.COMMUNITY_EDIT)
    _require_reach(actor, order)
    site = WorkSite.objects.select_for_update().select_related("organization").get(pk=site.pk)
    order = CommunityServiceOrder.objects.select_related("period__unit").get(pk=order.pk)
    errors: dict[str, str] = {}
    days = sorted(set(days))
    closed = [d for d in days if d not in site.days]
    if not days:
        errors["days"] = _("Choose the weekdays of the plan")
    elif closed:
        errors["days"] = _("%(site)s does not take people on weekday(s) %(days)s") % {
            "site": site,
            "days": ", ".join(str(d) for d in closed),
        }
    if not 1 <= hours_per_day <= order.hours_per_day:
        errors["hours_per_day"] = _("Hours a day %(value)s must be between 1 and the order's %(max)s") % {
            "value": hours_per_day,
            "max": order.hours_per_day,
        }
    if start_date < order.period.start_date or start_date > order.complete_by:
        errors["start_date"] = _("Start %(date)s is outside the order's window %(start)s to %(end)s") % {
            "date": start_date,
            "start": order.period.start_date,
            "end": order.complete_by,
        }
    if end_date is not None and end_date < start_date:
        errors["end_date"] = _("End %(end)s is before the start %(start)s") % {"end": end_date, "start": start_date}
    if not errors:
        others = _placements_overlapping(site, start_date, end_date)
        for day in days:
            taken = sum(1 for p in others if day in p.days)
            if taken >= site.capacity:
                errors["days"] = _(
                    "%(site)s takes at most %(capacity)s people on weekday %(day)s and has %(taken)s already"
                ) % {"site": site, "capacity": site.capacity, "day": day, "taken": taken}
                break
    if errors:
        raise ValidationError(errors)
    placement = Placement.objects.create(
        order=order, site=site, start_date=start_date, end_date=end_date, days=days, hours_per_day=hours_per_day
    )
    audit_record(
        code="community_service.placement.created",
        actor=actor,
        unit=order.period.unit,
        obj=placement,
        changes={"site": [None, site.pk], "days": [None, days], "hours_per_day": [None, hours_per_day]},
    )
    return placement


def _minutes(start: time, end: time) -> int:
    return int((datetime.combine(date.min, end) - datetime.combine(date.min, start)).total_seconds() // 60)


def _done_minutes(order: CommunityServiceOrder) -> int:
    credited = WorkSession.objects.filter(order=order).aggregate(t=Sum("minutes_credited"))["t"] or 0
    adjusted = Adjustment.objects.filter(order=order).aggregate(t=Sum("minutes"))["t"] or 0
    return credited + adjusted


def _hours(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _placement_for(actor: Any, order: CommunityServiceOrder, on: date) -> Placement | None:
    placements = [p for p in order.placements.select_related("site") if p.is_open_on(on)]
    if actor.has_role(Role.SITE_SUPERVISOR) and not can(actor, Capability.COMMUNITY_EDIT):
        placements = [p for p in placements if p.site.organization_id == actor.organization_id]
        if not placements:
            raise ValidationError({"date": _("The client is not placed at your site on %(date)s") % {"date": on}})
    return placements[0] if placements else None


@transaction.atomic
def session_record(
    *,
    actor: Any,
    order: CommunityServiceOrder,
    date: date,
    start: time,
    end: time,
    outcome: str,
    minutes_credited: int | None = None,
    absence_reason: str = "",
    work_quality: int | None = None,
    behaviour: int | None = None,
    supervised_by: str = "",
    notes: str = "",
) -> WorkSession:
    """Record one session in the ledger; an enforceable outcome climbs the warning ladder, the last minute closes
    the order with its completion report."""
    require(actor, Capability.COMMUNITY_SESSION_RECORD)
    _require_reach(actor, order)
    return _session_write(
        actor=actor,
        order=order,
        date=date,
        start=start,
        end=end,
        outcome=outcome,
        minutes_credited=minutes_credited,
        absence_reason=absence_reason,
        work_quality=work_quality,
        behaviour=behaviour,
        supervised_by=supervised_by,
        notes=notes,
        placement=_placement_for(actor, order, date),
    )


@transaction.atomic
def _session_write(
    *,
    actor: Any,
    order: CommunityServiceOrder,
    date: date,
    start: time,
    end: time,
    outcome: str,
    minutes_credited: int | None = None,
    absence_reason: str = "",
    work_quality: int | None = None,
    behaviour: int | None = None,
    supervised_by: str = "",
    notes: str = "",
    placement: Placement | None = None,
    training_day: Any = None,
) -> WorkSession:
    """Check a session against every ledger rule and write it; the caller has checked who may record it."""
    order = (
        CommunityServiceOrder.objects.select_for_update()
        .select_related("period__person", "period__unit")
        .get(pk=order.pk)
    )
    errors: dict[str, str] = {}
    if order.status != OrderStatus.ACTIVE:
        raise ValidationError(
            {"__all__": _("The order is %(status)s; no session can be added") % {"status": order.get_status_display()}}
        )
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Outcome %(value)s is not one of the allowed values") % {"value": outcome}})
    counts, _enforceable = OUTCOME_FLAGS[outcome]
    if end <= start:
        raise ValidationError({"end": _("End %(end)s is not after start %(start)s") % {"end": end, "start": start}})
    length = _minutes(start, end)
    credit = (length if counts else 0) if minutes_credited is None else minutes_credited
    if credit < 0 or credit > length:
        errors["minutes_credited"] = _("Minutes credited %(value)s must be between 0 and the session's %(max)s") % {
            "value": credit,
            "max": length,
        }
    if credit and not counts:
        errors["minutes_credited"] = _("Outcome %(outcome)s does not count toward the hours; credit 0 minutes") % {
            "outcome": Outcome(outcome).label
        }
    if outcome == Outcome.ACCEPTABLE_ABSENCE and not absence_reason.strip():
        errors["absence_reason"] = _("An acceptable absence needs its reason")
    if date < order.period.start_date or date > order.complete_by:
        errors["date"] = _(
            "KUHP Pasal 85: the work is done within the order's window, %(start)s to %(end)s; %(date)s is outside it"
        ) % {"start": order.period.start_date, "end": order.complete_by, "date": date}
    person = order.period.person
    same_day = WorkSession.objects.filter(order__period__person=person, date=date)
    if same_day.filter(start__lt=end, end__gt=start).exists():
        errors["start"] = _("%(person)s already has a session on %(date)s overlapping %(start)s-%(end)s") % {
            "person": person,
            "date": date,
            "start": f"{start:%H:%M}",
            "end": f"{end:%H:%M}",
        }
    if errors:
        raise ValidationError(errors)
    # KUHP Pasal 85 ayat (4): at most 8 hours a day (the rule's figure, or the court's lower one for this order).
    day_max = min(rule_int("community_service.max_hours_per_day", on=date), order.hours_per_day) * 60
    day_done = same_day.aggregate(t=Sum("minutes_credited"))["t"] or 0
    if credit and day_done + credit > day_max:
        raise ValidationError(
            {
                "end": _(
                    "KUHP Pasal 85: at most %(max)s hours of community service a day; %(date)s already has "
                    "%(done)s, this session would add %(add)s"
                )
                % {"max": _hours(day_max), "date": date, "done": _hours(day_done), "add": _hours(credit)}
            }
        )
    remaining = order.minutes_ordered - _done_minutes(order)
    if credit > remaining:
        raise ValidationError(
            {
                "minutes_credited": _("Only %(remaining)s of the %(ordered)s hours remain; %(value)s is too much")
                % {"remaining": _hours(remaining), "ordered": order.hours_ordered, "value": _hours(credit)}
            }
        )
    session = WorkSession.objects.create(
        order=order,
        placement=placement,
        training_day=training_day,
        date=date,
        start=start,
        end=end,
        minutes_credited=credit,
        outcome=outcome,
        absence_reason=absence_reason.strip(),
        work_quality=work_quality,
        behaviour=behaviour,
        supervised_by=supervised_by.strip(),
        notes=notes.strip(),
        recorded_by=actor,
    )
    audit_record(
        code="community_service.session.recorded",
        actor=actor,
        unit=order.period.unit,
        obj=session,
        changes=created_diff(snapshot(session, SESSION_FIELDS)),
    )
    if session.enforceable:
        _climb_ladder(actor=actor, order=order, session=session)
    if credit and credit == remaining:
        _complete(actor=actor, order=order, on=date)
    return session


def _next_number(order: CommunityServiceOrder) -> int:
    last = ComplianceStep.objects.filter(order=order).order_by("-number").first()
    return last.number + 1 if last else 1


def _climb_ladder(*, actor: Any, order: CommunityServiceOrder, session: WorkSession) -> ComplianceStep | None:
    """Issue the next letter for an enforceable failure: warnings up to the configured count, then the report to
    the prosecutor, who supervises the sentence (KUHP Pasal 85)."""
    steps = list(ComplianceStep.objects.filter(order=order).exclude(kind=StepKind.COMPLETION))
    warnings = sum(1 for s in steps if s.kind == StepKind.WARNING)
    if any(s.kind == StepKind.REPORT and not s.decision for s in steps):
        return None
    allowed = rule_int("community_service.warnings_before_report", on=session.date)
    kind = StepKind.WARNING if warnings < allowed else StepKind.REPORT
    step = ComplianceStep.objects.create(
        order=order, kind=kind, number=_next_number(order), issued_on=session.date, session=session
    )
    audit_record(
        code=f"community_service.step.{kind}",
        actor=actor,
        unit=order.period.unit,
        obj=step,
        changes={"kind": [None, kind], "number": [None, step.number], "session": [None, session.pk]},
    )
    return step


def _complete(*, actor: Any, order: CommunityServiceOrder, on: date) -> None:
    """Close the order and its supervision period, and issue the completion report to the prosecutor."""
    order.status = OrderStatus.COMPLETED
    order.completed_on = on
    order.save(update_fields=["status", "completed_on"])
    _end_period(order.period, on=on, reason=SupervisionEndReason.COMPLETED)
    step = ComplianceStep.objects.create(
        order=order, kind=StepKind.COMPLETION, number=_next_number(order), issued_on=on
    )
    audit_record(
        code="community_service.order.completed",
        actor=actor,
        unit=order.period.unit,
        obj=order,
        changes={"status": [OrderStatus.ACTIVE, OrderStatus.COMPLETED], "completed_on": [None, on], "step": step.pk},
    )


def _end_period(period: SupervisionPeriod, *, on: date, reason: str) -> None:
    # The order's own write closes its period: a site supervisor who records the last hour holds no
    # supervision.edit, and the audit event of the order names the change.
    SupervisionPeriod.objects.filter(pk=period.pk).update(ended_on=max(on, period.start_date), end_reason=reason)


@transaction.atomic
def adjustment_create(
    *, actor: Any, order: CommunityServiceOrder, minutes: int, reason: str, on: date | None = None
) -> Adjustment:
    """Add or take off minutes with a reason; authorised roles only, and never below zero or above the order."""
    require(actor, Capability.COMMUNITY_HOURS_ADJUST)
    _require_reach(actor, order)
    order = CommunityServiceOrder.objects.select_for_update().select_related("period__unit").get(pk=order.pk)
    on = on or _today()
    errors: dict[str, str] = {}
    if order.status != OrderStatus.ACTIVE:
        errors["minutes"] = _("The order is %(status)s; its hours cannot change") % {
            "status": order.get_status_display()
        }
    if not minutes:
        errors["minutes"] = _("An adjustment of 0 minutes changes nothing")
    if not reason.strip():
        errors["reason"] = _("Give the reason for the adjustment")
    done = _done_minutes(order)
    if not errors and not 0 <= done + minutes <= order.minutes_ordered:
        errors["minutes"] = _("%(value)s minutes would put the hours done at %(total)s of %(ordered)s minutes") % {
            "value": minutes,
            "total": done + minutes,
            "ordered": order.minutes_ordered,
        }
    if errors:
        raise ValidationError(errors)
    adjustment = Adjustment.objects.create(
        order=order, date=on, minutes=minutes, reason=reason.strip(), recorded_by=actor
    )
    audit_record(
        code="community_service.adjustment.created",
        actor=actor,
        unit=order.period.unit,
        obj=adjustment,
        changes={"minutes": [None, minutes], "reason": [None, adjustment.reason]},
    )
    if done + minutes == order.minutes_ordered:
        _complete(actor=actor, order=order, on=on)
    return adjustment


@transaction.atomic
def step_decide(*, actor: Any, step: ComplianceStep, decision: str, decided_on: date, note: str = "") -> ComplianceStep:
    """Record what the prosecutor or court decided on a report (KUHP Pasal 85 ayat (7)): continue, repeat the
    work, serve the replaced prison term or pay the replaced fine; the last two end the order."""
    require(actor, Capability.COMMUNITY_EDIT)
    step = ComplianceStep.objects.select_for_update().select_related("order__period__unit").get(pk=step.pk)
    _require_reach(actor, step.order)
    errors: dict[str, str] = {}
    if step.kind != StepKind.REPORT:
        errors["decision"] = _("Only a report to the prosecutor receives a decision")
    elif step.decision:
        errors["decision"] = _("This report was decided on %(date)s") % {"date": step.decided_on}
    if decision not in Decision.values:
        errors["decision"] = _("Decision %(value)s is not one of the allowed values") % {"value": decision}
    if decided_on < step.issued_on:
        errors["decided_on"] = _("Decision date %(date)s is before the report of %(issued)s") % {
            "date": decided_on,
            "issued": step.issued_on,
        }
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
        order.status = OrderStatus.ENFORCED
        order.save(update_fields=["status"])
        _end_period(order.period, on=decided_on, reason=SupervisionEndReason.REVOKED)
        audit_record(
            code="community_service.order.enforced",
            actor=actor,
            unit=order.period.unit,
            obj=order,
            changes={"status": [OrderStatus.ACTIVE, OrderStatus.ENFORCED], "decision": decision},
        )
    return step


def _training_session_notes(day: Any) -> str:
    return _("Training: %(batch)s (%(kind)s)") % {"batch": day.batch.name, "kind": day.get_kind_display()}


@transaction.atomic
def training_attendance_credit(*, actor: Any, day: Any, attended: list[Any], withdrawn: list[Any]) -> list[str]:
    """Credit a training day to the active community-service order of each participant newly marked attended, when
    the order lets training count (off by default); withdraw the credit when attendance is corrected to absent.

    The attendance itself is the authorised act (the caller may record attendance, not the ledger): every ledger
    rule still applies (8 hours a day, the window, no overlap, no credit beyond the hours ordered), and a refusal
    is returned as a warning instead of undoing the attendance."""
    warnings: list[str] = []
    orders = {
        o.period.person_id: o
        for o in CommunityServiceOrder.objects.filter(
            period__person_id__in=[e.person_id for e in attended], status=OrderStatus.ACTIVE, training_counts=True
        ).select_related("period__person", "period__unit")
    }
    minutes = day.jp * rule_int("training.jp.minutes", on=day.date)
    start_hour = rule_int("community_service.training_session_start_hour", on=day.date)
    end_minutes = start_hour * 60 + minutes
    already = set(
        WorkSession.objects.filter(training_day=day, order__in=orders.values()).values_list("order_id", flat=True)
    )
    instructor = day.batch.instructors.order_by("name").first() if orders else None
    for enrollment in attended:
        order = orders.get(enrollment.person_id)
        if order is None or order.pk in already or minutes <= 0:
            continue
        if end_minutes >= 24 * 60:
            warnings.append(
                _("%(person)s: %(jp)s JP from %(hour)s:00 run past midnight; not credited")
                % {"person": order.period.person, "jp": day.jp, "hour": start_hour}
            )
            continue
        try:
            _session_write(
                actor=actor,
                order=order,
                date=day.date,
                start=time(start_hour, 0),
                end=time(end_minutes // 60, end_minutes % 60),
                outcome=Outcome.ATTENDED_COMPLIED,
                supervised_by=instructor.name if instructor else day.batch.programme.provider.name,
                notes=_training_session_notes(day),
                training_day=day,
            )
        except ValidationError as error:
            warnings.append(
                _("%(person)s: the training day of %(date)s was not credited to the community-service order: %(why)s")
                % {"person": order.period.person, "date": day.date, "why": " ".join(error.messages)}
            )
    credited = WorkSession.objects.filter(
        training_day=day, order__period__person_id__in=[e.person_id for e in withdrawn]
    ).select_related("order__period__person", "order__period__unit")
    for session in credited:
        order = session.order
        if order.status != OrderStatus.ACTIVE:
            warnings.append(
                _(
                    "%(person)s: the training day of %(date)s stays credited because the order is %(status)s; "
                    "an authorised officer may adjust the hours"
                )
                % {"person": order.period.person, "date": day.date, "status": order.get_status_display()}
            )
            continue
        audit_record(
            code="community_service.session.withdrawn",
            actor=actor,
            unit=order.period.unit,
            obj=order,
            changes={"session": [snapshot(session, SESSION_FIELDS), None]},
        )
        session.delete()
    return warnings
