"""Community-service pages: permission, lookup, form, one service call, message, redirect."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bekal.accounts.access import Capability, can, require
from bekal.accounts.models import Role
from bekal.accounts.types import AuthedRequest
from bekal.community_service import letters, litmas, selectors, services
from bekal.community_service.forms import (
    AdjustmentForm,
    DecisionForm,
    LitmasForm,
    OrderForm,
    PlacementForm,
    SessionForm,
    TrainingCountsForm,
    WorkSiteForm,
)
from bekal.community_service.models import CommunityServiceOrder, OrderStatus, WorkSite
from bekal.core.forms import form_add_service_errors
from bekal.organizations.models import OrganizationKind
from bekal.organizations.scope import scoped_units
from bekal.people import selectors as people_selectors


@login_required
def order_list(request: AuthedRequest) -> HttpResponse:
    """List the orders the user may see with their hours; ``?at_risk=1`` keeps the orders whose pace misses."""
    today = timezone.localdate()
    at_risk = request.GET.get("at_risk") == "1"
    status = request.GET.get("status", OrderStatus.ACTIVE)
    if status not in OrderStatus.values:
        status = ""
    rows = selectors.order_list(user=request.user, today=today, status=status, at_risk=at_risk)
    return render(
        request,
        "community_service/list.html",
        {
            "rows": rows,
            "at_risk": at_risk,
            "status": status,
            "statuses": OrderStatus.choices,
            "can_create": can(request.user, Capability.COMMUNITY_EDIT),
            "sees_sentence": selectors.sees_sentence(request.user),
            "show_sentences": not request.user.has_role(Role.SITE_SUPERVISOR)
            or can(request.user, Capability.PEOPLE_VIEW),
        },
    )


@login_required
def order_create(request: AuthedRequest, person_pk: int) -> HttpResponse:
    """Record a community-service order for a person, with a new supervision period or attached to the open
    community-service period already registered for them (``?period=<id>`` preselects it)."""
    require(request.user, Capability.COMMUNITY_EDIT)
    person = people_selectors.get_person_for_user(request.user, person_pk)
    units = scoped_units(request.user).filter(kind=OrganizationKind.BAPAS).order_by("name")
    periods = selectors.periods_awaiting_order(user=request.user, person=person)
    initial: dict[str, Any] = {"unit": units.first(), "hours_per_day": 8}
    chosen = periods.filter(pk=request.GET.get("period") or 0).first()
    if chosen is not None:
        initial.update(period=chosen, unit=chosen.unit, officer=chosen.officer, start_date=chosen.start_date)
    form = OrderForm(request.POST or None, units=units, periods=periods, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        period = data.pop("period", None)
        unit, officer, start = data.pop("unit"), data.pop("officer"), data.pop("start_date")
        data["exception_reason"] = data.get("exception_reason") or ""
        if period is not None:
            unit, officer, start = period.unit, period.officer, period.start_date
        try:
            order = services.order_create(
                actor=request.user, person=person, unit=unit, officer=officer, start_date=start, period=period, **data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Community-service order recorded."))
            return redirect("community_service:detail", pk=order.pk)
    return render(
        request,
        "community_service/form.html",
        {"form": form, "title": _("New community-service order"), "back": person},
    )


def _session_initial(order: CommunityServiceOrder, today: date) -> dict[str, Any]:
    """Return today's date and, when the client is placed today, the site's opening and the planned hours."""
    initial: dict[str, Any] = {"date": today}
    for placement in order.placements.select_related("site"):
        if placement.is_open_on(today):
            opens = placement.site.opens_at
            end_hour = min(opens.hour + placement.hours_per_day, 23)
            initial |= {"start": opens, "end": opens.replace(hour=end_hour)}
            break
    return initial


def _detail_context(request: AuthedRequest, order: Any, today: date) -> dict[str, Any]:
    user = request.user
    return {
        "order": order,
        "progress": selectors.progress_of(order, today=today),
        "sessions": order.sessions.select_related("placement__site__organization")[:50],
        "adjustments": order.adjustments.all(),
        "placements": order.placements.select_related("site__organization"),
        "steps": order.steps.all(),
        "session_form": SessionForm(initial=_session_initial(order, today)),
        "can_record": can(user, Capability.COMMUNITY_SESSION_RECORD) and order.status == OrderStatus.ACTIVE,
        "can_edit": can(user, Capability.COMMUNITY_EDIT),
        "can_litmas": can(user, Capability.PEOPLE_VIEW),
        "sees_sentence": selectors.sees_sentence(user),
        "can_adjust": can(user, Capability.COMMUNITY_HOURS_ADJUST) and order.status == OrderStatus.ACTIVE,
        "today": today,
    }


@login_required
def order_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show an order: its hours, projected finish, placements, sessions, letters, and the quick session form."""
    order = selectors.get_order_for_user(request.user, pk)
    return render(request, "community_service/detail.html", _detail_context(request, order, timezone.localdate()))


@login_required
def session_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record a session (an htmx fragment on the order and site-day pages, a full page otherwise)."""
    require(request.user, Capability.COMMUNITY_SESSION_RECORD)
    order = selectors.get_order_for_user(request.user, pk)
    today = timezone.localdate()
    form = SessionForm(request.POST or None, initial={"date": today})
    saved = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.session_record(actor=request.user, order=order, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            form = SessionForm(initial={"date": form.cleaned_data["date"]})
    context = {"order": order, "session_form": form, "saved": saved}
    if request.headers.get("HX-Request"):
        return render(request, "community_service/_session_form.html", context)
    if saved is not None:
        messages.success(request, _("Session recorded."))
        return redirect("community_service:detail", pk=order.pk)
    return render(request, "community_service/session_page.html", context)


@login_required
def adjustment_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Add or take off minutes with a reason."""
    require(request.user, Capability.COMMUNITY_HOURS_ADJUST)
    order = selectors.get_order_for_user(request.user, pk)
    form = AdjustmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.adjustment_create(actor=request.user, order=order, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Adjustment recorded."))
            return redirect("community_service:detail", pk=order.pk)
    return _order_form_page(request, form, order, _("Adjust hours"))


def _order_form_page(request: AuthedRequest, form: Any, order: CommunityServiceOrder, title: str) -> HttpResponse:
    return render(request, "community_service/form.html", {"form": form, "title": title, "order": order})


@login_required
def placement_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Place the client at a work site with a plan."""
    require(request.user, Capability.COMMUNITY_EDIT)
    order = selectors.get_order_for_user(request.user, pk)
    form = PlacementForm(
        request.POST or None,
        sites=selectors.sites_visible_to(request.user),
        initial={"start_date": timezone.localdate(), "hours_per_day": order.hours_per_day},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_create(actor=request.user, order=order, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Placement recorded."))
            return redirect("community_service:detail", pk=order.pk)
    return _order_form_page(request, form, order, _("Place at a work site"))


@login_required
def training_counts(request: AuthedRequest, pk: int) -> HttpResponse:
    """Say whether training days count toward the order's hours."""
    require(request.user, Capability.COMMUNITY_EDIT)
    order = selectors.get_order_for_user(request.user, pk)
    form = TrainingCountsForm(request.POST or None, initial={"training_counts": order.training_counts})
    if request.method == "POST" and form.is_valid():
        services.order_set_training_counts(actor=request.user, order=order, value=form.cleaned_data["training_counts"])
        messages.success(request, _("Changes saved."))
        return redirect("community_service:detail", pk=order.pk)
    return _order_form_page(request, form, order, _("Training days"))


@login_required
def step_letter(request: AuthedRequest, pk: int) -> HttpResponse:
    """Return a warning, report or completion letter as PDF."""
    step = selectors.get_step_for_user(request.user, pk)
    order = selectors.get_order_for_user(request.user, step.order_id)
    pdf = letters.step_pdf(step, progress=selectors.progress_of(order, today=timezone.localdate()))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="surat-{order.pk}-{step.number}.pdf"'
    return response


@login_required
def step_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record what the prosecutor or court decided on a report."""
    require(request.user, Capability.COMMUNITY_EDIT)
    step = selectors.get_step_for_user(request.user, pk)
    form = DecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.step_decide(
                actor=request.user,
                step=step,
                decision=data["decision"],
                decided_on=data["decided_on"],
                note=data["note"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("community_service:detail", pk=step.order_id)
    return _order_form_page(request, form, step.order, _("Record the decision"))


@login_required
def site_list(request: AuthedRequest) -> HttpResponse:
    """List the work sites the user may see."""
    sites = selectors.sites_visible_to(request.user).order_by("organization__name")
    return render(
        request,
        "community_service/site_list.html",
        {"sites": sites, "can_create": can(request.user, Capability.COMMUNITY_SITE_EDIT)},
    )


@login_required
def site_create(request: AuthedRequest) -> HttpResponse:
    """Register a work site."""
    require(request.user, Capability.COMMUNITY_SITE_EDIT)
    form = WorkSiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.work_site_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Work site registered."))
            return redirect("community_service:sites")
    return render(request, "community_service/form.html", {"form": form, "title": _("New work site")})


@login_required
def site_day(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show every client placed at a site on a day, each with a one-line session form."""
    site: WorkSite = selectors.get_site_for_user(request.user, pk)
    on = parse_date(request.GET.get("date", "")) or timezone.localdate()
    rows = selectors.site_day(user=request.user, site=site, on=on)
    for row in rows:
        row["form"] = SessionForm(
            initial={"date": on, "start": site.opens_at, "end": site.closes_at}, prefix=f"o{row['placement'].order_id}"
        )
    return render(
        request,
        "community_service/site_day.html",
        {"site": site, "on": on, "rows": rows, "can_record": can(request.user, Capability.COMMUNITY_SESSION_RECORD)},
    )


@login_required
@require_POST
def site_day_record(request: AuthedRequest, pk: int, order_pk: int) -> HttpResponse:
    """Record one row of the site-day page (htmx): the session of one client."""
    require(request.user, Capability.COMMUNITY_SESSION_RECORD)
    site = selectors.get_site_for_user(request.user, pk)
    order = selectors.get_order_for_user(request.user, order_pk)
    if not order.placements.filter(site=site).exists():
        raise Http404
    form = SessionForm(request.POST, prefix=f"o{order.pk}")
    saved = None
    if form.is_valid():
        try:
            saved = services.session_record(actor=request.user, order=order, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
    return render(
        request, "community_service/_site_row.html", {"site": site, "order": order, "form": form, "saved": saved}
    )


@login_required
def client_search(request: AuthedRequest) -> HttpResponse:
    """Find a person to record a community-service order or a supervision sentence for."""
    require(request.user, Capability.COMMUNITY_EDIT)
    query = request.GET.get("q", "").strip()
    people = (
        people_selectors.person_list(user=request.user, today=timezone.localdate(), query=query)[:20] if query else []
    )
    return render(request, "community_service/client_search.html", {"q": query, "people": people})


@login_required
def litmas_list(request: AuthedRequest, person_pk: int) -> HttpResponse:
    """List a person's litmas and, for those who may, record a new one with its PDF."""
    person = people_selectors.get_person_for_user(request.user, person_pk)
    reports = litmas.litmas_visible_to(request.user).filter(person=person)
    can_create = can(request.user, Capability.COMMUNITY_EDIT)
    units = scoped_units(request.user).filter(kind=OrganizationKind.BAPAS).order_by("name")
    form = LitmasForm(request.POST or None, request.FILES or None, units=units, initial={"unit": units.first()})
    if request.method == "POST":
        require(request.user, Capability.COMMUNITY_EDIT)
        if form.is_valid():
            try:
                litmas.litmas_create(actor=request.user, person=person, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Litmas recorded."))
                return redirect("community_service:litmas", person_pk=person.pk)
    return render(
        request,
        "community_service/litmas.html",
        {"person": person, "reports": reports, "form": form if can_create else None},
    )


@login_required
def litmas_document(request: AuthedRequest, pk: int) -> FileResponse:
    """Return a litmas PDF to a user of its unit."""
    report = litmas.get_litmas_for_user(request.user, pk)
    if not report.document:
        raise Http404
    return FileResponse(report.document.open("rb"), content_type="application/pdf", filename=f"litmas-{report.pk}.pdf")
