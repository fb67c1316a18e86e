"""Pages of the instructor registry (instructors per provider with their own certificates) and of the annual
training plan (a unit's planned programmes for a year, approved by the head of unit)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bekal.accounts.access import Capability, can, require
from bekal.accounts.types import AuthedRequest
from bekal.core.forms import form_add_service_errors
from bekal.core.pagination import paginate
from bekal.organizations.models import Organization
from bekal.organizations.scope import scoped_units
from bekal.organizations.time import unit_today
from bekal.training import forms, selectors, services
from bekal.training.services.programmes import PROVIDER_KINDS


def _providers(user: Any) -> Any:
    if selectors.is_partner(user):
        return Organization.objects.filter(pk=user.organization_id)
    return Organization.objects.filter(kind__in=PROVIDER_KINDS, is_active=True).order_by("name")


@login_required
def instructor_list(request: AuthedRequest) -> HttpResponse:
    """List the instructor registry with each instructor's certificates; add an instructor."""
    rows = selectors.instructor_list(user=request.user)
    can_edit = can(request.user, Capability.PROGRAMME_EDIT)
    form = forms.InstructorForm(request.POST or None, providers=_providers(request.user)) if can_edit else None
    if request.method == "POST":
        require(request.user, Capability.PROGRAMME_EDIT)
        assert form is not None
        if form.is_valid():
            try:
                instructor = services.instructor_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Instructor registered."))
                return redirect("training:instructor-detail", pk=instructor.pk)
    return render(request, "training/instructor_list.html", {**paginate(request, rows), "form": form})


@login_required
def instructor_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show an instructor's certificates and batches; record a certificate."""
    instructor = selectors.get_instructor_for_user(request.user, pk)
    can_edit = can(request.user, Capability.PROGRAMME_EDIT)
    form = forms.InstructorCertificateForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        require(request.user, Capability.PROGRAMME_EDIT)
        assert form is not None
        if form.is_valid():
            try:
                services.instructor_certificate_add(actor=request.user, instructor=instructor, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Certificate recorded."))
                return redirect("training:instructor-detail", pk=pk)
    return render(request, "training/instructor_detail.html", {"instructor": instructor, "form": form})


@login_required
def plan_list(request: AuthedRequest) -> HttpResponse:
    """List the annual training plans of the units in scope; start one."""
    plans = selectors.plans_visible_to(request.user).order_by("-year", "unit__name")
    can_edit = can(request.user, Capability.BUDGET_EDIT)
    form = forms.PlanForm(request.POST or None, units=scoped_units(request.user)) if can_edit else None
    if request.method == "POST":
        require(request.user, Capability.BUDGET_EDIT)
        assert form is not None
        if form.is_valid():
            try:
                plan = services.plan_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                return redirect("training:plan-detail", pk=plan.pk)
    return render(request, "training/plan_list.html", {**paginate(request, plans), "form": form})


@login_required
def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show a plan's programmes and totals; a draft takes programmes, the head of unit approves it."""
    plan = selectors.get_plan_for_user(request.user, pk)
    can_edit = can(request.user, Capability.BUDGET_EDIT) and plan.status == "draft"
    programmes = selectors.programmes_visible_to(request.user).filter(is_active=True)
    form = forms.PlanLineForm(request.POST or None, programmes=programmes) if can_edit else None
    if request.method == "POST":
        require(request.user, Capability.BUDGET_EDIT)
        if form is None:
            messages.error(request, _("The %(year)s plan is approved and no longer changes") % {"year": plan.year})
            return redirect("training:plan-detail", pk=pk)
        if form.is_valid():
            try:
                services.plan_line_set(actor=request.user, plan=plan, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                return redirect("training:plan-detail", pk=pk)
    lines = list(plan.lines.all())
    context = {
        "plan": plan,
        "lines": lines,
        "totals": selectors.plan_totals(lines),
        "form": form,
        "can_approve": can(request.user, Capability.PLAN_APPROVE) and plan.status == "draft",
    }
    return render(request, "training/plan_detail.html", context)


@login_required
@require_POST
def plan_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    """Approve a draft plan (the head of unit)."""
    require(request.user, Capability.PLAN_APPROVE)
    plan = selectors.get_plan_for_user(request.user, pk)
    try:
        services.plan_approve(actor=request.user, plan=plan, today=unit_today(plan.unit))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Plan approved."))
    return redirect("training:plan-detail", pk=pk)


@login_required
@require_POST
def plan_line_remove(request: AuthedRequest, pk: int, line_id: int) -> HttpResponse:
    """Take a programme out of a draft plan."""
    require(request.user, Capability.BUDGET_EDIT)
    plan = selectors.get_plan_for_user(request.user, pk)
    line = get_object_or_404(plan.lines.all(), pk=line_id)
    try:
        services.plan_line_remove(actor=request.user, line=line)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("training:plan-detail", pk=pk)
