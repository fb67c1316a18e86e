"""People pages: permission, lookup, form, one service call, message, redirect."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bekal.accounts.access import Capability, can, require
from bekal.accounts.types import AuthedRequest
from bekal.audit.models import AuditEvent
from bekal.core import registry
from bekal.core.forms import form_add_service_errors
from bekal.core.pagination import paginate_keyset
from bekal.jobs.services import job_start
from bekal.organizations.models import OrganizationKind
from bekal.organizations.scope import scoped_units, unit_scope
from bekal.people import imports, jobs, privacy, selectors, services, subject
from bekal.people.forms import (
    CustodyPeriodForm,
    PeopleImportForm,
    PersonFilterForm,
    PersonForm,
    ReleaseForm,
    SupervisionPeriodForm,
)
from bekal.people.models import Person


@login_required
def person_list(request: AuthedRequest) -> HttpResponse:
    """List the people in the user's units: search by name, NIK or register number; filter by status and sex."""
    require(request.user, Capability.PEOPLE_VIEW)
    today = timezone.localdate()
    units = scoped_units(request.user)
    form = PersonFilterForm(request.GET or None, units=units)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    unit = filters.get("unit")
    scope = unit_scope(request.user)  # read once for the list and its total
    people = selectors.person_list(
        user=request.user,
        today=today,
        query=filters.get("q", ""),
        status=filters.get("status", ""),
        sex=filters.get("sex", ""),
        unit_id=unit.id if unit else None,
        scope=scope,
    )
    unfiltered = not any(filters.get(name) for name in ("q", "status", "sex", "unit"))
    context = paginate_keyset(request, people, total=selectors.list_total(scope, people, unfiltered=unfiltered))
    rows = [
        {
            "person": p,
            "custody": selectors.current_custody(p, today),
            "supervision": selectors.current_supervision(p, today),
        }
        for p in context["page_obj"]
    ]
    context.update(form=form, rows=rows, can_create=can(request.user, Capability.PEOPLE_EDIT))
    return render(request, "people/list.html", context)


def _person_form_units(user: Any) -> Any:
    return scoped_units(user).order_by("name")


@login_required
def people_import(request: AuthedRequest) -> HttpResponse:
    """Register many people from a CSV or XLSX file, as a background job: its page shows how many were registered
    and offers the refused rows with their reasons as a file."""
    require(request.user, Capability.PEOPLE_EDIT)
    units = _person_form_units(request.user).filter(kind__in=OrganizationKind.correctional_units())
    own = units.filter(pk=request.user.organization_id).first() or units.first()
    form = PeopleImportForm(request.POST or None, request.FILES or None, units=units, initial={"registered_unit": own})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imports.import_size_check(upload.size)
            content = upload.read()
            imports.import_bounds_check(upload.name, content)
            job = job_start(
                actor=request.user,
                kind=jobs.KIND,
                params={"unit": form.cleaned_data["registered_unit"].pk},
                upload=(upload.name, content),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("jobs:detail", pk=job.pk)
    return render(request, "people/import.html", {"form": form, "columns": ", ".join(imports.COLUMNS)})


@login_required
def person_create(request: AuthedRequest) -> HttpResponse:
    """Register a person; a possible twin is shown instead of being created."""
    require(request.user, Capability.PEOPLE_EDIT)
    units = _person_form_units(request.user)
    form = PersonForm(request.POST or None, units=units)
    duplicates: list[Person] = []
    duplicate_by_nik = False
    outside = 0
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("registered_unit")
        try:
            person = services.person_create(
                actor=request.user, unit=unit, confirm_new=request.POST.get("confirm_new") == "1", **data
            )
        except services.DuplicatePersonError as error:
            duplicates, duplicate_by_nik, outside = error.matches, error.by_nik, error.outside
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s registered.") % {"name": person.full_name})
            return redirect("people:detail", pk=person.pk)
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "duplicates": duplicates,
            "duplicate_outside": outside,
            "how_to_transfer": privacy.HOW_TO_TRANSFER,
            "duplicate_by_nik": duplicate_by_nik,
            "creating": True,
        },
    )


@login_required
def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show a person and their whole path (custody, training, certificate, work, community service, returns) as one
    timeline, each part as the user's role may see it, and what was last changed."""
    person = selectors.get_person_for_user(request.user, pk)
    today = timezone.localdate()
    user = request.user
    history = AuditEvent.objects.filter(object_type="people.person", object_id=str(person.pk)).select_related("actor")[
        :10
    ]
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "timeline": registry.person_timeline(user, person),
            "custody": selectors.current_custody(person, today),
            "supervision": selectors.current_supervision(person, today),
            "today": today,
            "history": history,
            "can_edit": can(user, Capability.PEOPLE_EDIT),
            "can_custody": can(user, Capability.CUSTODY_EDIT),
            "can_supervision": can(user, Capability.SUPERVISION_EDIT),
            "can_reveal": can(user, Capability.NIK_REVEAL),
        },
    )


@login_required
def person_summary(request: AuthedRequest, pk: int) -> HttpResponse:
    """The person and their path on one A4 page, to print for a release board, a litmas or an employer referral."""
    person = selectors.get_person_for_user(request.user, pk)
    today = timezone.localdate()
    return render(
        request,
        "people/person_summary.html",
        {
            "person": person,
            "timeline": registry.person_timeline(request.user, person),
            "custody": selectors.current_custody(person, today),
            "supervision": selectors.current_supervision(person, today),
            "today": today,
        },
    )


@login_required
@require_POST
def person_nik_reveal(request: AuthedRequest, pk: int) -> HttpResponse:
    """Return the full NIK (an htmx fragment) and log that it was shown."""
    person = selectors.get_person_for_user(request.user, pk)
    nik = services.person_nik_reveal(actor=request.user, person=person)
    return render(request, "people/_nik.html", {"nik": nik})


@login_required
def person_subject_export(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    """Download everything Bekal holds on the person, as JSON or PDF, for the person who asked (audited)."""
    person = selectors.get_person_for_user(request.user, pk)
    _data, content = subject.person_subject_export(actor=request.user, person=person, fmt=fmt)
    kind = "application/pdf" if fmt == "pdf" else "application/json"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="bekal-person-{person.pk}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def person_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Correct a person's record."""
    require(request.user, Capability.PEOPLE_EDIT)
    person = selectors.get_person_for_user(request.user, pk)
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


def _render_period_form(request: AuthedRequest, form: Any, person: Person, title: str) -> HttpResponse:
    return render(request, "people/period_form.html", {"form": form, "person": person, "title": title})


@login_required
def custody_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Add a custody period to a person."""
    require(request.user, Capability.CUSTODY_EDIT)
    person = selectors.get_person_for_user(request.user, pk)
    units = scoped_units(request.user).filter(kind__in=OrganizationKind.custody()).order_by("name")
    form = CustodyPeriodForm(request.POST or None, units=units, initial={"unit": units.first()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        try:
            services.custody_period_create(actor=request.user, person=person, unit=unit, **data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Custody period added."))
            return redirect("people:detail", pk=person.pk)
    return _render_period_form(request, form, person, _("New custody period"))


@login_required
def custody_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Correct a custody period."""
    require(request.user, Capability.CUSTODY_EDIT)
    period = selectors.get_custody_period_for_user(request.user, pk)
    units = scoped_units(request.user).filter(kind__in=OrganizationKind.custody()).order_by("name")
    fields = list(CustodyPeriodForm.base_fields)
    form = CustodyPeriodForm(request.POST or None, units=units, initial={f: getattr(period, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.custody_period_update(actor=request.user, period=period, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Custody period saved."))
            return redirect("people:detail", pk=period.person_id)
    return _render_period_form(request, form, period.person, _("Edit custody period"))


@login_required
def custody_release(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record the release that ends a custody period."""
    require(request.user, Capability.CUSTODY_EDIT)
    period = selectors.get_custody_period_for_user(request.user, pk)
    form = ReleaseForm(request.POST or None, initial={"release_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.custody_period_release(actor=request.user, period=period, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Release recorded."))
            return redirect("people:detail", pk=period.person_id)
    return _render_period_form(request, form, period.person, _("Record release"))


@login_required
def supervision_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Place a person under a Bapas's supervision."""
    require(request.user, Capability.SUPERVISION_EDIT)
    person = selectors.get_person_for_user(request.user, pk)
    units = scoped_units(request.user).filter(kind=OrganizationKind.BAPAS).order_by("name")
    initial = {"unit": units.first(), "officer": request.user if request.user.has_role("probation_officer") else None}
    form = SupervisionPeriodForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        try:
            services.supervision_period_create(actor=request.user, person=person, unit=unit, **data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Supervision period added."))
            return redirect("people:detail", pk=person.pk)
    return _render_period_form(request, form, person, _("New supervision period"))


@login_required
def supervision_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Correct or end a supervision period."""
    require(request.user, Capability.SUPERVISION_EDIT)
    period = selectors.get_supervision_period_for_user(request.user, pk)
    units = scoped_units(request.user).filter(kind=OrganizationKind.BAPAS).order_by("name")
    fields = list(SupervisionPeriodForm.base_fields)
    form = SupervisionPeriodForm(request.POST or None, units=units, initial={f: getattr(period, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.supervision_period_update(actor=request.user, period=period, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Supervision period saved."))
            return redirect("people:detail", pk=period.person_id)
    return _render_period_form(request, form, period.person, _("Edit supervision period"))
