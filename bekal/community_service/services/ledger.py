"""The hours ledger of an order: sessions, adjustments, and the completion the last minute brings."""

from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can, require
from bekal.accounts.models import Role
from bekal.audit.services import audit_record, created_diff, snapshot
from bekal.community_service import transitions
from bekal.community_service.models import (
    OUTCOME_FLAGS,
    Adjustment,
    CommunityServiceOrder,
    OrderStatus,
    Outcome,
    Placement,
    StepKind,
    Weekday,
    WorkSession,
)
from bekal.community_service.services._common import end_period, require_order_reach
from bekal.community_service.services.noncompliance import climb_ladder, issue_step, ladder_step_due
from bekal.core.formats import duration, readable
from bekal.organizations.time import long_date, unit_now, unit_today
from bekal.people.models import SupervisionEndReason
from bekal.rules.selectors import rule_int

SESSION_FIELDS = [
    "date",
    "start",
    "end",
    "minutes_credited",
    "outcome",
    "absence_reason",
    "placement",
    "site_exception",
    "site_exception_reason",
]


def _minutes(start: time, end: time) -> int:
    return int((datetime.combine(date.min, end) - datetime.combine(date.min, start)).total_seconds() // 60)


def _done_minutes(order: CommunityServiceOrder) -> int:
    credited = WorkSession.objects.filter(order=order).aggregate(t=Sum("minutes_credited"))["t"] or 0
    adjusted = Adjustment.objects.filter(order=order).aggregate(t=Sum("minutes"))["t"] or 0
    return credited + adjusted


def _placement_for(actor: Any, order: CommunityServiceOrder, on: date) -> Placement | None:
    placements = [p for p in order.placements.select_related("site") if p.is_open_on(on)]
    if actor.has_role(Role.SITE_SUPERVISOR) and not can(actor, Capability.COMMUNITY_EDIT):
        placements = [p for p in placements if p.site.organization_id == actor.organization_id]
        if not placements:
            raise ValidationError(
                {"date": _("The client is not placed at your site on %(date)s") % readable({"date": on})}
            )
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
    site_exception: bool = False,
    site_exception_reason: str = "",
    today: date | None = None,
) -> WorkSession:
    """Record one session in the ledger; an enforceable outcome climbs the warning ladder, the last minute closes
    the order with its completion report. ``today`` is the unit's (read from the clock unless given)."""
    require(actor, Capability.COMMUNITY_SESSION_RECORD)
    require_order_reach(actor, order)
    return write_session(
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
        site_exception=site_exception,
        site_exception_reason=site_exception_reason,
        today=today,
    )


def letters_due(
    order: CommunityServiceOrder,
    *,
    date: date,
    start: time,
    end: time,
    outcome: str,
    minutes_credited: int | None = None,
    absence_reason: str = "",
    today: date | None = None,
    **_: Any,
) -> list[str]:
    """Return the kinds of letter recording this session would issue (a warning or the report for an enforceable
    failure, the completion report for the last minute), read only, for the "check your answers" step; an entry
    a rule refuses issues nothing (recording it answers the reason)."""
    today, now = _clock(order, today)
    try:
        credit = _session_credit(
            order,
            today=today,
            now=now,
            date=date,
            start=start,
            end=end,
            outcome=outcome,
            minutes_credited=minutes_credited,
            absence_reason=absence_reason,
        )
    except ValidationError:
        return []
    kinds = []
    if OUTCOME_FLAGS[outcome][1] and (kind := ladder_step_due(order, on=date)):
        kinds.append(kind)
    if credit and credit == order.minutes_ordered - _done_minutes(order):
        kinds.append(str(StepKind.COMPLETION))
    return kinds


@transaction.atomic
def write_session(
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
    site_exception: bool = False,
    site_exception_reason: str = "",
    today: date | None = None,
) -> WorkSession:
    """Check a session against every ledger rule and write it; the caller has checked who may record it."""
    order = (
        # ``of``: the unit's region is a nullable join, which PostgreSQL will not lock.
        CommunityServiceOrder.objects.select_for_update(of=("self",))
        .select_related("period__person", "period__unit__region__parent")
        .get(pk=order.pk)
    )
    errors = _site_errors(
        actor, placement, on=date, start=start, end=end, exception=site_exception, reason=site_exception_reason
    )
    if errors:
        raise ValidationError(errors)
    today, now = _clock(order, today)
    credit = _session_credit(
        order,
        today=today,
        now=now,
        date=date,
        start=start,
        end=end,
        outcome=outcome,
        minutes_credited=minutes_credited,
        absence_reason=absence_reason,
    )
    remaining = _check_hours_left(order, date=date, credit=credit)
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
        site_exception=site_exception,
        site_exception_reason=site_exception_reason.strip() if site_exception else "",
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
        climb_ladder(actor=actor, order=order, session=session)
    if credit and credit == remaining:
        _complete(actor=actor, order=order, on=date)
    return session


def _site_errors(
    actor: Any, placement: Placement | None, *, on: date, start: time, end: time, exception: bool, reason: str
) -> dict[str, str]:
    """Return why a session at the client's site breaks its opening days or hours; the PK may record an exception
    with its reason (the work was arranged outside them), which the session and its audit event carry."""
    errors: dict[str, str] = {}
    if exception:
        if not can(actor, Capability.COMMUNITY_EDIT):
            errors["site_exception"] = _("Only a probation officer (PK) may record an exception to the site's opening")
        elif not reason.strip():
            errors["site_exception_reason"] = _("An exception to the site's days and hours needs its reason")
        return errors
    if placement is None:
        return errors
    site = placement.site
    if on.weekday() not in site.days:
        errors["date"] = _(
            "%(site)s is closed on %(weekday)s %(date)s (open %(days)s); a PK may record an exception with its reason"
        ) % readable(
            {
                "site": site,
                "weekday": Weekday(on.weekday()).label,
                "date": long_date(on),
                "days": ", ".join(str(Weekday(d).label) for d in site.days),
            }
        )
    elif start < site.opens_at or end > site.closes_at:
        errors["start"] = _(
            "%(site)s is open %(opens)s-%(closes)s; the session %(start)s-%(end)s is outside those hours; a PK may "
            "record an exception with its reason"
        ) % readable(
            {
                "site": site,
                "opens": f"{site.opens_at:%H:%M}",
                "closes": f"{site.closes_at:%H:%M}",
                "start": f"{start:%H:%M}",
                "end": f"{end:%H:%M}",
            }
        )
    return errors


def _clock(order: CommunityServiceOrder, today: date | None) -> tuple[date, time | None]:
    """Return the unit's day and hour now from the clock, or the day a caller names and no hour (the demo's
    history, a training day credited by its attendance: they name a day, not an instant)."""
    if today is not None:
        return today, None
    now = unit_now(order.period.unit)
    return now.date(), now.time()


def _session_credit(
    order: CommunityServiceOrder,
    *,
    today: date,
    now: time | None = None,
    date: date,
    start: time,
    end: time,
    outcome: str,
    minutes_credited: int | None,
    absence_reason: str,
) -> int:
    """Return the minutes the session credits (its length when the outcome counts, unless given); refuse a session
    on a closed order, with an unknown outcome or its times out of order, credit beyond its length, an acceptable
    absence without its reason, a date in the unit's future (or a session today ending after the unit's hour now,
    when the day is the clock's) or outside the order's window, or one overlapping
    another of the person."""
    if order.status != OrderStatus.ACTIVE:
        raise ValidationError(
            {"__all__": _("The order is %(status)s; no session can be added") % {"status": order.get_status_display()}}
        )
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Outcome %(value)s is not one of the allowed values") % {"value": outcome}})
    counts, _enforceable = OUTCOME_FLAGS[outcome]
    if end <= start:
        raise ValidationError(
            {"end": _("End %(end)s is not after start %(start)s") % readable({"end": end, "start": start})}
        )
    length = _minutes(start, end)
    credit = (length if counts else 0) if minutes_credited is None else minutes_credited
    errors: dict[str, str] = {}
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
    if date > today:
        errors["date"] = _("Session date %(date)s is in the future; today at this unit is %(today)s") % readable(
            {
                "date": long_date(date),
                "today": long_date(today),
            }
        )
    elif now is not None and date == today and end > now:
        # A session is recorded once it is over: hours not yet worked are not credited (LEGAL.md "Time").
        errors["end"] = _(
            "The session ends at %(end)s, later than the time now at this unit (%(now)s); record it once it is over"
        ) % {"end": f"{end:%H:%M}", "now": f"{now:%H:%M}"}
    elif date < order.period.start_date or date > order.complete_by:
        errors["date"] = _(
            "KUHP Pasal 85: the work is done within the order's window, %(start)s to %(end)s; %(date)s is outside it"
        ) % readable({"start": order.period.start_date, "end": order.complete_by, "date": date})
    person = order.period.person
    if _same_day(order, date).filter(start__lt=end, end__gt=start).exists():
        errors["start"] = _("%(person)s already has a session on %(date)s overlapping %(start)s-%(end)s") % readable(
            {
                "person": person,
                "date": date,
                "start": f"{start:%H:%M}",
                "end": f"{end:%H:%M}",
            }
        )
    if errors:
        raise ValidationError(errors)
    return credit


def _same_day(order: CommunityServiceOrder, on: date) -> QuerySet[WorkSession]:
    """Return the sessions of the order's client on the date, under any of their orders."""
    return WorkSession.objects.filter(order__period__person=order.period.person, date=on, voided_at__isnull=True)


def _check_hours_left(order: CommunityServiceOrder, *, date: date, credit: int) -> int:
    """Refuse credit beyond the hours allowed that day or beyond the hours left; return the minutes left before
    this session."""
    # KUHP Pasal 85 ayat (4): at most 8 hours a day (the rule's figure, or the court's lower one for this order).
    # The day is the session's date, which is the unit's own (LEGAL.md "Time"): never a Jakarta day.
    day_max = min(rule_int("community_service.max_hours_per_day", on=date), order.hours_per_day) * 60
    day_done = _same_day(order, date).aggregate(t=Sum("minutes_credited"))["t"] or 0
    if credit and day_done + credit > day_max:
        raise ValidationError(
            {
                "end": _(
                    "KUHP Pasal 85: at most %(max)s of community service a day; %(date)s already has "
                    "%(done)s, this session would add %(add)s"
                )
                % readable(
                    {
                        "max": duration(day_max),
                        "date": date,
                        "done": duration(day_done),
                        "add": duration(credit),
                    }
                )
            }
        )
    remaining = order.minutes_ordered - _done_minutes(order)
    if credit > remaining:
        raise ValidationError(
            {
                "minutes_credited": _("Only %(remaining)s of the %(ordered)s remain; %(value)s is too much")
                % {
                    "remaining": duration(remaining),
                    "ordered": duration(order.minutes_ordered),
                    "value": duration(credit),
                }
            }
        )
    return remaining


def _complete(*, actor: Any, order: CommunityServiceOrder, on: date) -> None:
    """Close the order and its supervision period, and issue the completion report to the prosecutor."""
    transitions.ORDER.move(order, OrderStatus.COMPLETED)
    order.completed_on = on
    order.save(update_fields=["status", "completed_on"])
    end_period(order.period, on=on, reason=SupervisionEndReason.COMPLETED)
    step = issue_step(order=order, kind=StepKind.COMPLETION, issued_on=on)
    audit_record(
        code="community_service.order.completed",
        actor=actor,
        unit=order.period.unit,
        obj=order,
        changes={"status": [OrderStatus.ACTIVE, OrderStatus.COMPLETED], "completed_on": [None, on], "step": step.pk},
    )


@transaction.atomic
def adjustment_create(
    *, actor: Any, order: CommunityServiceOrder, minutes: int, reason: str, on: date | None = None
) -> Adjustment:
    """Add or take off minutes with a reason, dated the unit's today unless given; authorised roles only, and never
    below zero or above the order."""
    require(actor, Capability.COMMUNITY_HOURS_ADJUST)
    require_order_reach(actor, order)
    order = (
        CommunityServiceOrder.objects.select_for_update(of=("self",))
        .select_related("period__unit__region__parent")
        .get(pk=order.pk)
    )
    on = on or unit_today(order.period.unit)
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
