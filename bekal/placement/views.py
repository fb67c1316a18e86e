"""Placement pages: permission, lookup, form, one service call, message, redirect."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bekal.accounts.access import Capability, can, require
from bekal.accounts.types import AuthedRequest
from bekal.core.forms import form_add_service_errors
from bekal.core.keyset import Total
from bekal.core.pagination import paginate, paginate_keyset
from bekal.jobs.services import job_start
from bekal.organizations.scope import scoped_units
from bekal.people.selectors import current_custody
from bekal.placement import forms, jobs, selectors, services
from bekal.placement.demand import LABELS as DEMAND_LABELS
from bekal.placement.demand import demand_beside_supply, demand_unit
from bekal.placement.models import ToDoKind, ToDoStatus


def _form_page(request: AuthedRequest, form: Any, title: str, back: str, back_label: str) -> HttpResponse:
    return render(
        request, "placement/form.html", {"form": form, "title": title, "back": back, "back_label": back_label}
    )


@login_required
def due_list(request: AuthedRequest) -> HttpResponse:
    """List people due for release in the window who still have open pre-release to-dos."""
    today = timezone.localdate()
    show_all = request.GET.get("all") == "1"
    rows = selectors.releases_due_with_open_todos(user=request.user, today=today, only_open=not show_all)
    return render(
        request,
        "placement/due_list.html",
        {"rows": rows, "days": selectors.release_window_days(today), "show_all": show_all},
    )


@login_required
def person_work(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show a person's readiness, to-dos, matching vacancies, referrals, internships and placements."""
    person = selectors.get_person_for_placement(request.user, pk)
    today = timezone.localdate()
    return render(
        request,
        "placement/person.html",
        {
            "person": person,
            "readiness": getattr(person, "work_readiness", None),
            "checklist": selectors.todo_checklist(person),
            "matches": selectors.vacancies_for_person(person=person, today=today),
            "custody": current_custody(person, today),
            "can_edit": can(request.user, Capability.PLACEMENT_EDIT),
            "today": today,
        },
    )


@login_required
def readiness_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record a person's work readiness."""
    require(request.user, Capability.PLACEMENT_EDIT)
    person = selectors.get_person_for_placement(request.user, pk)
    current = getattr(person, "work_readiness", None)
    initial = {"assessed_on": timezone.localdate()}
    if current:
        initial |= {"status": current.status, "declined_reason": current.declined_reason, "note": current.note}
    form = forms.ReadinessForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.readiness_set(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Work readiness saved."))
            return redirect("placement:person", pk=person.pk)
    back = reverse("placement:person", args=[person.pk])
    return _form_page(request, form, _("Work readiness"), back, person.full_name)


@login_required
def todos_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Set the status and date of every pre-release item of a person."""
    require(request.user, Capability.PLACEMENT_EDIT)
    person = selectors.get_person_for_placement(request.user, pk)
    kinds = list(ToDoKind.objects.filter(is_active=True))
    existing = {t.kind_id: t for t in person.pre_release_todos.all()}
    initial: dict[str, Any] = {}
    for kind in kinds:
        todo = existing.get(kind.pk)
        initial[f"status_{kind.code}"] = todo.status if todo else ToDoStatus.OPEN
        initial[f"date_{kind.code}"] = todo.status_date if todo else None
    form = forms.ToDoChecklistForm(request.POST or None, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        today = timezone.localdate()
        items = []
        for kind in kinds:
            status, on = form.cleaned_data[f"status_{kind.code}"], form.cleaned_data[f"date_{kind.code}"]
            todo = existing.get(kind.pk)
            if todo is None and status == ToDoStatus.OPEN and on is None:
                continue  # untouched and never started: nothing to record
            if todo and todo.status == status and (on is None or on == todo.status_date):
                continue
            items.append({"kind": kind, "status": status, "status_date": on or today})
        try:
            services.todo_list_set(actor=request.user, person=person, items=items)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Pre-release list saved."))
            return redirect("placement:person", pk=person.pk)
    return render(request, "placement/todos.html", {"form": form, "person": person})


@login_required
def referral_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Refer a person to an open vacancy; the matching vacancies are offered first."""
    require(request.user, Capability.PLACEMENT_EDIT)
    person = selectors.get_person_for_placement(request.user, pk)
    today = timezone.localdate()
    vacancies = selectors.vacancies_visible_to(request.user).open_on(today).order_by("title")
    form = forms.ReferralForm(
        request.POST or None, vacancies=vacancies, initial={"vacancy": request.GET.get("vacancy")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_create(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Referral recorded."))
            return redirect("placement:person", pk=person.pk)
    return _form_page(
        request, form, _("Refer to a vacancy"), reverse("placement:person", args=[person.pk]), person.full_name
    )


@login_required
def referral_move(request: AuthedRequest, pk: int) -> HttpResponse:
    """Move a referral to its next status (interview, offered, hired, not hired)."""
    require(request.user, Capability.PLACEMENT_EDIT)
    referral = selectors.get_referral_for_user(request.user, pk)
    form = forms.ReferralMoveForm(
        request.POST or None, allowed=referral.allowed_next(), initial={"on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_move(actor=request.user, referral=referral, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Referral updated."))
            return redirect("placement:person", pk=referral.person_id)
    title = _("Referral: %(vacancy)s") % {"vacancy": referral.vacancy}
    return _form_page(
        request, form, title, reverse("placement:person", args=[referral.person_id]), referral.person.full_name
    )


@login_required
def internship_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record an internship (magang) before release."""
    require(request.user, Capability.PLACEMENT_EDIT)
    person = selectors.get_person_for_placement(request.user, pk)
    form = forms.InternshipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.internship_create(actor=request.user, person=person, **data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Internship recorded."))
            return redirect("placement:person", pk=person.pk)
    return _form_page(
        request, form, _("New internship"), reverse("placement:person", args=[person.pk]), person.full_name
    )


@login_required
def internship_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record an internship's outcome or correct it."""
    require(request.user, Capability.PLACEMENT_EDIT)
    internship = selectors.get_internship_for_user(request.user, pk)
    initial = {name: getattr(internship, name) for name in services.INTERNSHIP_FIELDS}
    form = forms.InternshipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.internship_update(actor=request.user, internship=internship, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Internship saved."))
            return redirect("placement:person", pk=internship.person_id)
    back = reverse("placement:person", args=[internship.person_id])
    return _form_page(request, form, _("Internship"), back, internship.person.full_name)


@login_required
def placement_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record a released person's situation: employed, self-employed or not working."""
    require(request.user, Capability.PLACEMENT_EDIT)
    person = selectors.get_person_for_placement(request.user, pk)
    referral = None
    initial: dict[str, Any] = {"start_date": timezone.localdate()}
    if request.GET.get("referral", "").isdigit():
        referral = selectors.get_referral_for_user(request.user, int(request.GET["referral"]))
        initial |= {"kind": "employed", "employer": referral.vacancy.employer_id, "position": referral.vacancy.title}
    form = forms.PlacementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_create(actor=request.user, person=person, referral=referral, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Placement recorded; follow-ups are scheduled."))
            return redirect("placement:person", pk=person.pk)
    return _form_page(
        request, form, _("New placement"), reverse("placement:person", args=[person.pk]), person.full_name
    )


@login_required
def placement_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show a placement with its follow-ups, and the form that ends it."""
    placement = selectors.get_placement_for_user(request.user, pk)
    can_edit = can(request.user, Capability.PLACEMENT_EDIT)
    form = forms.PlacementEndForm(request.POST or None) if can_edit and not placement.ended_on else None
    if request.method == "POST":
        require(request.user, Capability.PLACEMENT_EDIT)
        if form is not None and form.is_valid():
            try:
                services.placement_end(actor=request.user, placement=placement, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Placement ended."))
                return redirect("placement:placement", pk=placement.pk)
    return render(request, "placement/placement.html", {"placement": placement, "form": form, "can_edit": can_edit})


@login_required
def follow_up_record(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record a follow-up of a placement."""
    require(request.user, Capability.PLACEMENT_EDIT)
    follow_up = selectors.get_follow_up_for_user(request.user, pk)
    form = forms.FollowUpForm(request.POST or None, initial={"done_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_record(actor=request.user, follow_up=follow_up, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Follow-up recorded."))
            return redirect("placement:placement", pk=follow_up.placement_id)
    title = _("Follow-up at %(month)s months") % {"month": follow_up.month}
    back = reverse("placement:placement", args=[follow_up.placement_id])
    return _form_page(request, form, title, back, follow_up.placement.person.full_name)


@login_required
def follow_ups_due(request: AuthedRequest) -> HttpResponse:
    """List follow-ups due in the next two weeks or overdue: mine, or the whole unit's."""
    mine = request.GET.get("all") != "1"
    rows = selectors.follow_ups_due(user=request.user, today=timezone.localdate(), mine_only=mine)
    context = paginate_keyset(request, rows, total=Total(rows.order_by().count()))
    context.update(mine=mine, today=timezone.localdate())
    return render(request, "placement/follow_ups.html", context)


@login_required
def employer_list(request: AuthedRequest) -> HttpResponse:
    """List employers and UMKM with their sector, partner status and vacancies."""
    require(request.user, Capability.PLACEMENT_VIEW)
    context = paginate(request, selectors.employer_list(query=request.GET.get("q", "")))
    context.update(q=request.GET.get("q", ""), can_edit=can(request.user, Capability.PLACEMENT_EDIT))
    return render(request, "placement/employer_list.html", context)


@login_required
def employer_create(request: AuthedRequest) -> HttpResponse:
    """Add an employer or UMKM."""
    require(request.user, Capability.PLACEMENT_EDIT)
    form = forms.EmployerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.employer_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s added.") % {"name": profile.organization.name})
            return redirect("placement:employer", pk=profile.pk)
    return _form_page(request, form, _("New employer"), reverse("placement:employers"), _("Employers"))


@login_required
def employer_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show an employer's profile and its vacancies."""
    profile = selectors.get_employer(request.user, pk)
    vacancies = selectors.vacancies_visible_to(request.user).filter(employer=profile.organization)
    return render(
        request,
        "placement/employer.html",
        {
            "profile": profile,
            "vacancies": vacancies,
            "agreements": selectors.employer_agreements(request.user, profile),
            "can_edit": can(request.user, Capability.PLACEMENT_EDIT),
        },
    )


@login_required
def employer_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Change an employer's placement profile."""
    require(request.user, Capability.PLACEMENT_EDIT)
    profile = selectors.get_employer(request.user, pk)
    initial = {
        k: getattr(profile, k) for k in ["sector", "kbli", "kbji", "partner_status", "agreement_reference", "note"]
    }
    form = forms.EmployerProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_profile_update(actor=request.user, profile=profile, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("placement:employer", pk=profile.pk)
    return _form_page(
        request, form, str(profile.organization), reverse("placement:employer", args=[profile.pk]), str(profile)
    )


@login_required
def vacancy_list(request: AuthedRequest) -> HttpResponse:
    """List vacancies: every open one for correctional staff, their own for an employer's staff."""
    today = timezone.localdate()
    show_closed = request.GET.get("closed") == "1"
    vacancies = selectors.vacancy_list(
        user=request.user, today=today, query=request.GET.get("q", ""), open_only=not show_closed
    )
    context = paginate(request, vacancies)
    context.update(
        q=request.GET.get("q", ""),
        show_closed=show_closed,
        can_edit=can(request.user, Capability.PLACEMENT_EDIT),
    )
    return render(request, "placement/vacancy_list.html", context)


@login_required
def vacancy_create(request: AuthedRequest) -> HttpResponse:
    """Publish a vacancy for an employer."""
    require(request.user, Capability.PLACEMENT_EDIT)
    form = forms.VacancyForm(request.POST or None, initial={"employer": request.GET.get("employer")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            vacancy = services.vacancy_create(actor=request.user, **data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Vacancy published."))
            return redirect("placement:vacancy", pk=vacancy.pk)
    return _form_page(request, form, _("New vacancy"), reverse("placement:vacancies"), _("Vacancies"))


@login_required
def vacancy_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Change a vacancy."""
    require(request.user, Capability.PLACEMENT_EDIT)
    vacancy = selectors.get_vacancy_for_user(request.user, pk)
    initial = {name: getattr(vacancy, name) for name in services.VACANCY_FIELDS}
    initial["programmes"] = list(vacancy.programmes.all())
    form = forms.VacancyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.vacancy_update(actor=request.user, vacancy=vacancy, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("placement:vacancy", pk=vacancy.pk)
    return _form_page(request, form, vacancy.title, reverse("placement:vacancy", args=[vacancy.pk]), vacancy.title)


@login_required
def vacancy_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show a vacancy, the referrals to it and, for staff, the candidates in their units."""
    vacancy = selectors.get_vacancy_for_user(request.user, pk)
    staff = can(request.user, Capability.PLACEMENT_VIEW)
    today = timezone.localdate()
    return render(
        request,
        "placement/vacancy.html",
        {
            "vacancy": vacancy,
            "referrals": selectors.referrals_for_vacancy(user=request.user, vacancy=vacancy),
            "candidates": selectors.candidates_for_vacancy(user=request.user, vacancy=vacancy, today=today)
            if staff
            else None,
            "staff": staff,
            "can_edit": can(request.user, Capability.PLACEMENT_EDIT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def karirhub_export(request: AuthedRequest) -> HttpResponse:
    """Start the export of the vacancies (and, for staff, the placements) in the columns Kemnaker's Karirhub asks
    for, as a background job; its page offers the file."""
    job = job_start(actor=request.user, kind=jobs.KIND, params={})
    return redirect("jobs:detail", pk=job.pk)


@login_required
def demand(request: AuthedRequest) -> HttpResponse:
    """Show what partner employers and vacancies in the unit's province ask for beside what its programmes supply."""
    today = timezone.localdate()
    raw_unit, raw_year = request.GET.get("unit", ""), request.GET.get("year", "")
    if not (raw_unit.isdigit() or raw_unit == "") or not (raw_year.isdigit() or raw_year == ""):
        raise Http404
    unit = demand_unit(request.user, int(raw_unit) if raw_unit else None)
    year = int(raw_year) if raw_year and 2000 <= int(raw_year) <= 2100 else today.year
    result = demand_beside_supply(unit=unit, year=year, today=today) if unit is not None else None
    units = list(scoped_units(request.user).order_by("name").values_list("pk", "name"))
    return render(
        request, "placement/demand.html", {"demand": result, "units": units, "year": year, "figures": DEMAND_LABELS}
    )
