"""Writes to the national holidays that batch planning skips. A change applies to batches planned after it; days
already planned stay as they are (a batch's days are changed one by one with batch_day_set).

Holidays are national (the SKB of the three ministers), kept a year at a time: added or removed one by one with a
reason, or a whole year imported from a file (`holiday_import`: a dry run says what would change, then it applies)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record, changed_fields, snapshot
from bekal.core.formats import readable
from bekal.core.races import refuse_duplicate
from bekal.training.models import Holiday, HolidayKind

HOLIDAY_FIELDS = ["date", "name", "kind", "to_confirm"]


def _check(*, day: date, name: str, kind: str, pk: int | None) -> None:
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give the holiday's name")
    if kind not in HolidayKind.values:
        errors["kind"] = _("Unknown kind of holiday %(kind)s") % {"kind": kind}
    others = Holiday.objects.filter(date=day)
    other = (others if pk is None else others.exclude(pk=pk)).first()
    if other is not None:
        errors["date"] = _("%(date)s is already a holiday: %(name)s") % readable({"date": day, "name": other.name})
    if errors:
        raise ValidationError(errors)


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the change (the decree, or the mistake corrected)")})
    return reason


@transaction.atomic
def holiday_create(
    *,
    day: date,
    name: str,
    actor: Any,
    reason: str,
    kind: str = HolidayKind.HOLIDAY,
    to_confirm: bool = False,
) -> Holiday:
    """Add a national holiday or joint leave day, with the reason (usually the decree)."""
    require(actor, Capability.HOLIDAYS_EDIT)
    name, reason = name.strip(), _reason(reason)
    _check(day=day, name=name, kind=kind, pk=None)
    message = _("%(date)s is already a holiday") % readable({"date": day})
    with refuse_duplicate(constraint=("training_holiday", "date"), field="date", message=message):
        holiday = Holiday.objects.create(date=day, name=name, kind=kind, to_confirm=to_confirm)
    audit_record(
        code="training.holiday.created",
        actor=actor,
        obj=holiday,
        changes={k: [None, v] for k, v in snapshot(holiday, HOLIDAY_FIELDS).items()} | {"reason": reason},
    )
    return holiday


@transaction.atomic
def holiday_update(
    *,
    holiday: Holiday,
    day: date,
    name: str,
    actor: Any,
    reason: str,
    kind: str | None = None,
    to_confirm: bool | None = None,
) -> Holiday:
    """Move or rename a holiday (the government shifts joint leave days by decree)."""
    require(actor, Capability.HOLIDAYS_EDIT)
    holiday = Holiday.objects.select_for_update().get(pk=holiday.pk)
    name, reason = name.strip(), _reason(reason)
    kind = holiday.kind if kind is None else kind
    _check(day=day, name=name, kind=kind, pk=holiday.pk)
    before = snapshot(holiday, HOLIDAY_FIELDS)
    holiday.date, holiday.name, holiday.kind = day, name, kind
    if to_confirm is not None:
        holiday.to_confirm = to_confirm
    holiday.save()
    changes = changed_fields(before, snapshot(holiday, HOLIDAY_FIELDS))
    if changes:
        audit_record(code="training.holiday.updated", actor=actor, obj=holiday, changes=changes | {"reason": reason})
    return holiday


@transaction.atomic
def holiday_delete(*, holiday: Holiday, actor: Any, reason: str) -> None:
    """Remove a holiday entered by mistake or cancelled, with the reason."""
    require(actor, Capability.HOLIDAYS_EDIT)
    reason = _reason(reason)
    holiday = Holiday.objects.select_for_update().get(pk=holiday.pk)
    audit_record(
        code="training.holiday.deleted",
        actor=actor,
        obj=holiday,
        changes={k: [v, None] for k, v in snapshot(holiday, HOLIDAY_FIELDS).items()} | {"reason": reason},
    )
    holiday.delete()


def holidays_of_year(year: int) -> list[Holiday]:
    """Return the year's holidays in date order."""
    return list(Holiday.objects.filter(date__year=year).order_by("date"))


@dataclass
class HolidayRow:
    """One holiday as a file states it."""

    date: date
    name: str
    kind: str
    to_confirm: bool


@dataclass
class HolidayPlan:
    """What importing a year does: the days added, changed (with their old values) and removed."""

    year: int
    added: list[HolidayRow] = field(default_factory=list)
    changed: list[tuple[Holiday, HolidayRow]] = field(default_factory=list)
    removed: list[Holiday] = field(default_factory=list)
    unchanged: int = 0
    applied: bool = False

    @property
    def has_changes(self) -> bool:
        """Return whether importing changes anything."""
        return bool(self.added or self.changed or self.removed)


def holiday_plan(*, year: int, rows: list[HolidayRow]) -> HolidayPlan:
    """Compare the year's holidays with the file's: the file is the whole year, so a day it leaves out goes."""
    plan = HolidayPlan(year=year)
    existing = {h.date: h for h in holidays_of_year(year)}
    for row in rows:
        current = existing.pop(row.date, None)
        if current is None:
            plan.added.append(row)
        elif (current.name, current.kind, current.to_confirm) != (row.name, row.kind, row.to_confirm):
            plan.changed.append((current, row))
        else:
            plan.unchanged += 1
    plan.removed = sorted(existing.values(), key=lambda h: h.date)
    return plan


@transaction.atomic
def holiday_import(*, year: int, rows: list[HolidayRow], reason: str, apply: bool, actor: Any) -> HolidayPlan:
    """Replace the year's holidays with the file's rows: a dry run (``apply=False``) returns what would change and
    writes nothing; applying writes each change with its own audit event, and one event for the import."""
    require(actor, Capability.HOLIDAYS_EDIT)
    reason = _reason(reason)
    # Lock the year so two imports of it run one after the other.
    list(Holiday.objects.select_for_update().filter(date__year=year).values_list("pk", flat=True))
    plan = holiday_plan(year=year, rows=rows)
    if not apply or not plan.has_changes:
        return plan
    for holiday in plan.removed:
        holiday_delete(holiday=holiday, actor=actor, reason=reason)
    for holiday, row in plan.changed:
        holiday_update(
            holiday=holiday,
            day=row.date,
            name=row.name,
            kind=row.kind,
            to_confirm=row.to_confirm,
            actor=actor,
            reason=reason,
        )
    for row in plan.added:
        holiday_create(
            day=row.date, name=row.name, kind=row.kind, to_confirm=row.to_confirm, actor=actor, reason=reason
        )
    audit_record(
        code="training.holiday.imported",
        actor=actor,
        obj=None,
        changes={
            "year": year,
            "added": len(plan.added),
            "changed": len(plan.changed),
            "removed": len(plan.removed),
            "reason": reason,
        },
    )
    plan.applied = True
    return plan
