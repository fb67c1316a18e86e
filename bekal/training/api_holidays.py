"""National holidays through the API: the year's list (every signed-in user: batch planning reads it), and for the
system administrator adding and removing one with a reason, and importing a year (a dry run unless ``apply``) through
the same services as the holidays pages."""

from datetime import date
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.core.api_types import NO_NUL
from bekal.organizations.time import unit_today
from bekal.training import services
from bekal.training.holiday_files import holiday_rows_read
from bekal.training.models import Holiday, HolidayKind

router = Router(tags=["training"])


class HolidayOut(Schema):
    id: int
    date: date
    name: str
    kind: str
    to_confirm: bool


class HolidayIn(Schema):
    date: date
    name: str = Field(max_length=120, pattern=NO_NUL)
    kind: HolidayKind = HolidayKind.HOLIDAY
    to_confirm: bool = False
    reason: str = Field(max_length=300, pattern=NO_NUL)


class HolidayRemoveIn(Schema):
    reason: str = Field(max_length=300, pattern=NO_NUL)


class HolidayRowOut(Schema):
    date: date
    name: str
    kind: str
    to_confirm: bool


class HolidayChangeOut(Schema):
    before: HolidayOut
    after: HolidayRowOut


class HolidayImportOut(Schema):
    year: int
    applied: bool
    added: list[HolidayRowOut]
    changed: list[HolidayChangeOut]
    removed: list[HolidayOut]
    unchanged: int


@router.get("/holidays", response=list[HolidayOut])
def holiday_list(request: AuthedRequest, year: int | None = None) -> list[Holiday]:
    """List a year's national holidays and joint leave days (this year unless ``year`` is given)."""
    return services.holidays_of_year(year or unit_today(None).year)


@router.post("/holidays", response={201: HolidayOut})
def holiday_add(request: AuthedRequest, payload: HolidayIn) -> Any:
    """Add a national holiday or joint leave day, with the reason (usually the decree)."""
    require(request.user, Capability.HOLIDAYS_EDIT)
    data = payload.dict()
    holiday = services.holiday_create(actor=request.user, day=data.pop("date"), **data)
    return Status(201, holiday)


@router.post("/holidays/{holiday_id}/remove", response={204: None})
def holiday_remove(request: AuthedRequest, holiday_id: int, payload: HolidayRemoveIn) -> Any:
    """Remove a holiday, with the reason."""
    require(request.user, Capability.HOLIDAYS_EDIT)
    holiday = get_object_or_404(Holiday, pk=holiday_id)
    services.holiday_delete(holiday=holiday, actor=request.user, reason=payload.reason)
    return Status(204, None)


@router.post("/holidays/import", response=HolidayImportOut)
def holiday_import(
    request: AuthedRequest,
    year: Form[int],
    file: File[UploadedFile],
    # Optional in the schema so that an empty reason reaches the service, which refuses it naming the field.
    reason: Form[str] = "",
    apply: Form[bool] = False,
) -> dict[str, Any]:
    """Replace a year's holidays with a CSV or XLSX file's (date, name, kind, to_confirm): without ``apply`` a dry
    run that says what would be added, changed and removed; with it, the changes are written and audited."""
    require(request.user, Capability.HOLIDAYS_EDIT)
    rows = holiday_rows_read(filename=file.name or "", content=file.read(), year=year)
    plan = services.holiday_import(year=year, rows=rows, reason=reason, apply=apply, actor=request.user)
    return {
        "year": plan.year,
        "applied": plan.applied,
        "added": plan.added,
        "changed": [{"before": old, "after": row} for old, row in plan.changed],
        "removed": plan.removed,
        "unchanged": plan.unchanged,
    }
