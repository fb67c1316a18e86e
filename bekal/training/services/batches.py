"""Writes to batches: the plan with its calendar and its status moves (instructors: ``instructors.py``)."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record, created_diff, snapshot
from bekal.core.formats import number, readable
from bekal.organizations.models import Organization, OrganizationKind
from bekal.organizations.time import long_date
from bekal.rules.selectors import rule_int
from bekal.training import selectors, transitions
from bekal.training.models import Batch, BatchStatus, DayKind, Holiday, Programme, TrainingDay, Venue
from bekal.training.services._common import check_batch_reach, check_unit_in_scope
from bekal.training.services.agreements import active_agreement_exists, units_outside_area

BATCH_FIELDS = [
    "name",
    "programme",
    "provider",
    "lsp",
    "venue",
    "start_date",
    "end_date",
    "jp_per_day",
    "quota",
    "quota_override_reason",
    "area_override_reason",
    "status",
]
PLANNING = {BatchStatus.DRAFT, BatchStatus.OPEN}


def _check_span(start: date, end: date) -> None:
    """Refuse an end before the start, and a batch longer than the rule allows (before its days are planned)."""
    if end < start:
        raise ValidationError(
            {"end_date": _("End %(end)s is before the start %(start)s") % readable({"end": end, "start": start})}
        )
    longest = rule_int("training.batch.max_calendar_days", on=start)
    span = (end - start).days + 1
    if span > longest:
        raise ValidationError(
            {
                "end_date": _("The batch runs %(days)s calendar days; at most %(max)s")
                % {"days": number(span), "max": number(longest)}
            }
        )


def plan_days(start: date, end: date) -> list[date]:
    """Return the working days from start to end: weekends and national holidays (the Holiday table) skipped."""
    holidays = set(Holiday.objects.filter(date__range=(start, end)).values_list("date", flat=True))
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += timedelta(days=1)
    return days


def calendar_errors(programme: Programme, *, days: int, fmd_days: int, jp_per_day: int) -> dict[str, str]:
    """Return the programme's rules the calendar breaks, each message naming the rule and the value."""
    errors: dict[str, str] = {}
    if days < programme.min_days:
        errors["end_date"] = _("Training lasts %(days)s days; at least %(min)s days") % {
            "days": days,
            "min": programme.min_days,
        }
    if fmd_days < programme.fmd_days:
        errors["fmd_days"] = _("%(fmd)s FMD days planned; at least %(min)s FMD days") % {
            "fmd": fmd_days,
            "min": programme.fmd_days,
        }
    if jp_per_day > programme.max_jp_per_day:
        errors["jp_per_day"] = _("%(jp)s JP a day planned; at most %(max)s JP a day") % {
            "jp": jp_per_day,
            "max": programme.max_jp_per_day,
        }
    return errors


def _batch_calendar_errors(batch: Batch) -> dict[str, str]:
    days = list(batch.days.all())
    return calendar_errors(
        batch.programme,
        days=len(days),
        fmd_days=sum(1 for d in days if d.kind == DayKind.FMD),
        jp_per_day=max([d.jp for d in days], default=batch.jp_per_day),
    )


def _batch_party_errors(
    programme: Programme, *, venue: str, lsp: Organization | None, fmd_partner: Organization | None
) -> dict[str, str]:
    """Return what is wrong with the batch's programme, venue, LSP and FMD partner, by field."""
    errors: dict[str, str] = {}
    if not programme.is_active:
        errors["programme"] = _("Programme %(name)s is archived") % {"name": programme.name}
    if venue not in Venue.values:
        errors["venue"] = _("Venue %(value)s is not one of the allowed values") % {"value": venue}
    if lsp is not None and lsp.kind != OrganizationKind.LSP:
        errors["lsp"] = _("%(org)s is not an LSP") % {"org": lsp.name}
    if fmd_partner is not None and fmd_partner.kind != OrganizationKind.KODIM:
        errors["fmd_partner"] = _("%(org)s is not a Kodim") % {"org": fmd_partner.name}
    return errors


def _agreement_check(
    programme: Programme, units: list[Organization], start: date, *, confirmed: bool
) -> tuple[dict[str, str], str]:
    """Return (errors, warning) for a batch without an active agreement: refused when BEKAL_AGREEMENT_REQUIRED,
    else asked to confirm, and once confirmed carried as a warning on the batch."""
    if active_agreement_exists(provider=programme.provider, units=units, on=start):
        return {}, ""
    message = _("%(provider)s has no active agreement with %(unit)s on %(date)s") % readable(
        {
            "provider": programme.provider.name,
            "unit": units[0].name,
            "date": start,
        }
    )
    if settings.BEKAL_AGREEMENT_REQUIRED:
        return {"programme": message}, ""
    if not confirmed:
        return {"__all__": message}, ""
    return {}, message


def quota_check(quota: int, *, reason: str, on: date) -> tuple[str, dict[str, str]]:
    """Return (the reason to keep, errors): a quota above the rule's ceiling is refused unless a reason for it is
    given; a reason is kept only when the quota needs one."""
    ceiling = rule_int("training.batch.quota.max", on=on)
    reason = reason.strip()
    if quota <= ceiling:
        return "", {}
    if not reason:
        message = _("Quota %(quota)s participants; at most %(max)s (give a reason to go above it)")
        return "", {"quota": message % {"quota": quota, "max": ceiling}}
    return reason, {}


def area_check(
    provider: Organization, units: list[Organization], *, reason: str, on: date
) -> tuple[str, dict[str, str]]:
    """Return (the reason to keep, errors): a provider that does not serve an organising unit's regency (issue 17,
    service area; rule ``training.batch.service_area.check``) needs a reason; a reason is kept only when needed."""
    outside = units_outside_area(provider=provider, units=units, on=on)
    reason = reason.strip()
    if not outside:
        return "", {}
    if not reason:
        message = _("%(provider)s does not serve the regency of %(units)s (give a reason to go ahead)") % {
            "provider": provider.name,
            "units": ", ".join(f"{u.name} ({u.region or '–'})" for u in outside),
        }
        return "", {"area_override_reason": message}
    return reason, {}


def _check_units(actor: Any, units: list[Organization]) -> None:
    require(actor, Capability.BATCH_EDIT)
    if not units:
        raise ValidationError({"units": _("Choose at least one organising unit")})
    for unit in units:
        check_unit_in_scope(actor, unit, field="units")


@transaction.atomic
def batch_create(
    *,
    actor: Any,
    programme: Programme,
    units: list[Organization],
    name: str,
    start_date: date,
    end_date: date,
    venue: str = Venue.BLK,
    jp_per_day: int | None = None,
    quota: int | None = None,
    quota_override_reason: str = "",
    lsp: Organization | None = None,
    fmd_partner: Organization | None = None,
    fmd_dates: list[date] | None = None,
    confirm_without_agreement: bool = False,
    area_override_reason: str = "",
) -> Batch:
    """Plan a batch: its calendar is the working days between start and end, the first FMD-days of them FMD days.

    Refused when shorter than the programme's minimum days, with fewer FMD days than it requires, or with more JP a
    day than its cap; refused (or warned, per BEKAL_AGREEMENT_REQUIRED) without an active agreement.
    """
    _check_units(actor, units)
    _check_span(start_date, end_date)
    errors = _batch_party_errors(programme, venue=venue, lsp=lsp, fmd_partner=fmd_partner)
    jp = jp_per_day or max(1, -(-programme.total_jp // max(programme.training_days, 1)))
    dates = plan_days(start_date, end_date)
    fmd = sorted(set(fmd_dates)) if fmd_dates is not None else dates[: programme.fmd_days]
    missing = [d for d in fmd if d not in dates]
    if missing:
        errors["fmd_days"] = _("FMD day %(date)s is not a training day of this batch") % readable({"date": missing[0]})
    errors |= calendar_errors(programme, days=len(dates), fmd_days=len(fmd), jp_per_day=jp)
    quota = quota or programme.quota
    reason, quota_errors = quota_check(quota, reason=quota_override_reason, on=start_date)
    agreement_errors, warning = _agreement_check(programme, units, start_date, confirmed=confirm_without_agreement)
    area_reason, area_errors = area_check(programme.provider, units, reason=area_override_reason, on=start_date)
    errors |= agreement_errors | quota_errors | area_errors
    if errors:
        raise ValidationError(errors)
    batch = Batch.objects.create(
        name=name,
        programme=programme,
        provider=programme.provider,
        lsp=lsp,
        venue=venue,
        start_date=start_date,
        end_date=end_date,
        jp_per_day=jp,
        quota=quota,
        quota_override_reason=reason,
        area_override_reason=area_reason,
        agreement_warning=warning,
    )
    batch.units.set(units)
    TrainingDay.objects.bulk_create(
        [
            TrainingDay(
                batch=batch,
                date=d,
                kind=DayKind.FMD if d in fmd else DayKind.TRAINING,
                jp=jp,
                partner=fmd_partner if d in fmd else None,
            )
            for d in dates
        ]
    )
    audit_record(
        code="training.batch.created",
        actor=actor,
        unit=units[0],
        obj=batch,
        changes=created_diff(snapshot(batch, BATCH_FIELDS))
        | {"days": [None, len(dates)], "fmd_days": [None, [str(d) for d in fmd]]},
    )
    return batch


@transaction.atomic
def batch_day_set(*, actor: Any, batch: Batch, day: date, kind: str | None, jp: int | None = None) -> Batch:
    """Add, change (kind None removes) a day of a batch still being planned; the calendar rules are rechecked."""
    require(actor, Capability.BATCH_EDIT)
    check_batch_reach(actor, batch)
    batch = Batch.objects.select_for_update().select_related("programme").get(pk=batch.pk)
    if batch.status not in PLANNING:
        raise ValidationError(
            {"date": _("The calendar of a %(status)s batch cannot change") % {"status": batch.get_status_display()}}
        )
    existing = TrainingDay.objects.filter(batch=batch, date=day).first()
    if kind is None:
        if existing is None:
            raise ValidationError({"date": _("%(date)s is not a day of this batch") % readable({"date": day})})
        existing.delete()
    elif kind not in DayKind.values:
        raise ValidationError({"kind": _("Day kind %(value)s is not one of the allowed values") % {"value": kind}})
    else:
        TrainingDay.objects.update_or_create(
            batch=batch, date=day, defaults={"kind": kind, "jp": jp or batch.jp_per_day}
        )
    dates = list(batch.days.values_list("date", flat=True))
    errors = _batch_calendar_errors(batch)
    if errors:
        raise ValidationError(errors)
    batch.start_date, batch.end_date = min(dates), max(dates)
    batch.save(update_fields=["start_date", "end_date"])
    audit_record(
        code="training.batch.day_changed",
        actor=actor,
        obj=batch,
        changes={"date": [str(day), kind]},
    )
    return batch


@transaction.atomic
def batch_move(*, actor: Any, batch: Batch, status: str, today: date | None = None) -> Batch:
    """Move a batch along its allowed statuses; opening rechecks the calendar rules, finishing needs every training
    day behind it (``today`` is the batch's, read from the clock unless given)."""
    require(actor, Capability.BATCH_EDIT)
    check_batch_reach(actor, batch)
    batch = Batch.objects.select_for_update().select_related("programme").get(pk=batch.pk)
    transitions.BATCH.check(batch.status, status)
    if status == BatchStatus.OPEN:
        errors = _batch_calendar_errors(batch)
        if errors:
            raise ValidationError(errors)
    if status == BatchStatus.FINISHED:
        today = today or selectors.batch_today(batch)
        last = selectors.batch_last_day(batch)
        if last > today:
            raise ValidationError(
                {
                    "status": _(
                        "Batch %(batch)s has training days until %(last)s; it cannot finish before then (today at "
                        "this unit is %(today)s)"
                    )
                    % readable({"batch": batch.name, "last": long_date(last), "today": long_date(today)})
                }
            )
    old = transitions.BATCH.move(batch, status)
    batch.save(update_fields=["status"])
    audit_record(
        code=f"training.batch.{status}",
        actor=actor,
        unit=selectors.batch_unit(batch),
        obj=batch,
        changes={"status": [old, status]},
    )
    return batch
