"""The holidays pages (system administrators): a year's national holidays and joint leave days, added and removed
with a reason, or the whole year imported from a file after a dry run."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.core.formats import readable
from bekal.core.forms import form_add_service_errors
from bekal.organizations.time import unit_today
from bekal.training import services
from bekal.training.holiday_files import holiday_rows_read
from bekal.training.holiday_forms import HolidayForm, HolidayImportForm, HolidayRemoveForm
from bekal.training.models import Holiday

YEARS = (2000, 2100)
PLAN_SALT = "training.holiday-import"
PLAN_MAX_AGE = 3600  # seconds between the dry run and applying it


@login_required
def holiday_list(request: AuthedRequest) -> HttpResponse:
    """Open the current year's holidays."""
    require(request.user, Capability.HOLIDAYS_EDIT)
    return redirect("training:holiday-year", year=unit_today(None).year)


@login_required
def holiday_year(request: AuthedRequest, year: int) -> HttpResponse:
    """List the year's holidays and add one, with its reason."""
    require(request.user, Capability.HOLIDAYS_EDIT)
    if not YEARS[0] <= year <= YEARS[1]:
        raise Http404(year)
    form = HolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            holiday = services.holiday_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            done = _("%(date)s %(name)s added.") % readable({"date": holiday.date, "name": holiday.name})
            messages.success(request, done)
            return redirect("training:holiday-year", year=holiday.date.year)
    context = {
        "year": year,
        "holidays": services.holidays_of_year(year),
        "form": form,
        "remove_form": HolidayRemoveForm(),
    }
    return render(request, "training/holiday_year.html", context)


@login_required
@require_POST
def holiday_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    """Remove a holiday, with the reason."""
    require(request.user, Capability.HOLIDAYS_EDIT)
    holiday = get_object_or_404(Holiday, pk=pk)
    form = HolidayRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the change (the decree, or the mistake corrected)"))
    else:
        services.holiday_delete(holiday=holiday, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request, _("%(date)s %(name)s removed.") % readable({"date": holiday.date, "name": holiday.name})
        )
    return redirect("training:holiday-year", year=holiday.date.year)


def _rows_payload(rows: list[services.HolidayRow]) -> list[list[Any]]:
    return [[r.date.isoformat(), r.name, r.kind, r.to_confirm] for r in rows]


def _rows_from_payload(data: list[list[Any]]) -> list[services.HolidayRow]:
    return [services.HolidayRow(date.fromisoformat(d), name, kind, bool(c)) for d, name, kind, c in data]


def _apply(request: AuthedRequest) -> HttpResponse:
    try:
        data = signing.loads(request.POST.get("plan", ""), salt=PLAN_SALT, max_age=PLAN_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, _("The dry run has expired or was changed: upload the file again"))
        return redirect("training:holiday-import")
    plan = services.holiday_import(
        year=data["year"], rows=_rows_from_payload(data["rows"]), reason=data["reason"], apply=True, actor=request.user
    )
    done = _("Holidays of %(year)s imported: %(added)s added, %(changed)s changed, %(removed)s removed.")
    counts = {"year": plan.year, "added": len(plan.added), "changed": len(plan.changed), "removed": len(plan.removed)}
    messages.success(request, done % counts)
    return redirect("training:holiday-year", year=plan.year)


@login_required
def holiday_import(request: AuthedRequest) -> HttpResponse:
    """Import a year from CSV or XLSX: first a dry run listing what would change, then applying it."""
    require(request.user, Capability.HOLIDAYS_EDIT)
    if request.method == "POST" and "plan" in request.POST:
        return _apply(request)
    form = HolidayImportForm(request.POST or None, request.FILES or None, initial={"year": unit_today(None).year + 1})
    plan, token = None, ""
    if request.method == "POST" and form.is_valid():
        upload, year, reason = form.cleaned_data["file"], form.cleaned_data["year"], form.cleaned_data["reason"]
        try:
            rows = holiday_rows_read(filename=upload.name or "", content=upload.read(), year=year)
            plan = services.holiday_import(year=year, rows=rows, reason=reason, apply=False, actor=request.user)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            token = signing.dumps({"year": year, "reason": reason, "rows": _rows_payload(rows)}, salt=PLAN_SALT)
    return render(request, "training/holiday_import.html", {"form": form, "plan": plan, "token": token})
