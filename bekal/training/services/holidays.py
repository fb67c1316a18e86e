"""Writes to the national holidays that batch planning skips. A change applies to batches planned after it; days
already planned stay as they are (a batch's days are changed one by one with batch_day_set)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record, changed_fields, snapshot
from bekal.core.formats import readable
from bekal.training.models import Holiday

HOLIDAY_FIELDS = ["date", "name"]


def _check(*, day: date, name: str, pk: int | None) -> None:
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give the holiday's name")
    others = Holiday.objects.filter(date=day)
    other = (others if pk is None else others.exclude(pk=pk)).first()
    if other is not None:
        errors["date"] = _("%(date)s is already a holiday: %(name)s") % readable({"date": day, "name": other.name})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def holiday_create(*, day: date, name: str, actor: Any) -> Holiday:
    """Add a national holiday or joint leave day."""
    require(actor, Capability.HOLIDAYS_EDIT)
    name = name.strip()
    _check(day=day, name=name, pk=None)
    holiday = Holiday.objects.create(date=day, name=name)
    audit_record(
        code="training.holiday.created",
        actor=actor,
        obj=holiday,
        changes={k: [None, v] for k, v in snapshot(holiday, HOLIDAY_FIELDS).items()},
    )
    return holiday


@transaction.atomic
def holiday_update(*, holiday: Holiday, day: date, name: str, actor: Any) -> Holiday:
    """Move or rename a holiday (the government shifts joint leave days by decree)."""
    require(actor, Capability.HOLIDAYS_EDIT)
    holiday = Holiday.objects.select_for_update().get(pk=holiday.pk)
    name = name.strip()
    _check(day=day, name=name, pk=holiday.pk)
    before = snapshot(holiday, HOLIDAY_FIELDS)
    holiday.date, holiday.name = day, name
    holiday.save()
    changes = changed_fields(before, snapshot(holiday, HOLIDAY_FIELDS))
    if changes:
        audit_record(code="training.holiday.updated", actor=actor, obj=holiday, changes=changes)
    return holiday


@transaction.atomic
def holiday_delete(*, holiday: Holiday, actor: Any) -> None:
    """Remove a holiday entered by mistake or cancelled."""
    require(actor, Capability.HOLIDAYS_EDIT)
    holiday = Holiday.objects.select_for_update().get(pk=holiday.pk)
    audit_record(
        code="training.holiday.deleted",
        actor=actor,
        obj=holiday,
        changes={k: [v, None] for k, v in snapshot(holiday, HOLIDAY_FIELDS).items()},
    )
    holiday.delete()
