"""Work-site pages: the list, a new site, a whole site-day, and placing a client at a site."""

import uuid
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bekal.accounts.access import Capability, can, require
from bekal.accounts.types import AuthedRequest
from bekal.community_service.forms import (
    PlacementEndForm,
    PlacementForm,
    PlacementMoveForm,
    SessionForm,
    WorkSiteEditForm,
    WorkSiteForm,
)
from bekal.community_service.models import WorkSession, WorkSite
from bekal.community_service.selectors import orders as order_selectors
from bekal.community_service.selectors import sites as site_selectors
from bekal.community_service.services import ledger as ledger_services
from bekal.community_service.services import placements as placement_services
from bekal.community_service.services import sites as site_services
from bekal.community_service.views._common import letter_confirm, order_form_page, wants_json
from bekal.core.formats import duration
from bekal.core.forms import form_add_service_errors, parse_date
from bekal.ops import idempotency
from bekal.organizations.time import unit_today


@login_required
def site_list(request: AuthedRequest) -> HttpResponse:
    """List the work sites the user may see."""
    sites = site_selectors.sites_visible_to(request.user).order_by("organization__name")
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
            site_services.work_site_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Work site registered."))
            return redirect("community_service:sites")
    return render(request, "community_service/form.html", {"form": form, "title": _("New work site")})


@login_required
def site_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Change a site's days, hours, capacity and supervisor."""
    site = site_selectors.get_site_for_user(request.user, pk)
    require(request.user, Capability.COMMUNITY_SITE_EDIT)
    initial = {name: getattr(site, name) for name in site_services.SITE_FIELDS}
    form = WorkSiteEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            site_services.work_site_update(actor=request.user, site=site, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Work site %(name)s saved.") % {"name": site})
            return redirect("community_service:sites")
    title = _("Edit work site %(name)s") % {"name": site}
    return render(request, "community_service/form.html", {"form": form, "title": title})


def _row_form(site: WorkSite, on: date, order_pk: int) -> SessionForm:
    # Start at the site's opening; the end is left for the supervisor to state (no full day credited by one tap).
    return SessionForm(
        initial={"date": on, "start": site.opens_at, "idempotency_key": uuid.uuid4().hex}, prefix=f"o{order_pk}"
    )


def _site_day_page(
    request: AuthedRequest, site: WorkSite, on: date, bound: SessionForm | None = None, order_pk: int = 0
) -> HttpResponse:
    rows = site_selectors.site_day(user=request.user, site=site, on=on)
    for row in rows:
        order_id = row["placement"].order_id
        row["form"] = bound if bound is not None and order_id == order_pk else _row_form(site, on, order_id)
    return render(
        request,
        "community_service/site_day.html",
        {"site": site, "on": on, "rows": rows, "can_record": can(request.user, Capability.COMMUNITY_SESSION_RECORD)},
    )


@login_required
def site_day(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show every client placed at a site on a day, each with a one-line session form (kept offline by
    ``community_service/site_day.js``; a plain form post without it)."""
    site: WorkSite = site_selectors.get_site_for_user(request.user, pk)
    on = parse_date(request.GET.get("date", "")) or unit_today(site.organization)
    return _site_day_page(request, site, on)


@login_required
@require_POST
def site_day_record(request: AuthedRequest, pk: int, order_pk: int) -> HttpResponse:
    """Record one row of the site-day page: the session of one client, once per idempotency key (a replay answers
    the first session). Answers JSON to the offline queue (a refusal: 422 with the reasons and the row's errors),
    the row to htmx, and the whole page (or a redirect to it) to a plain form post."""
    require(request.user, Capability.COMMUNITY_SESSION_RECORD)
    site = site_selectors.get_site_for_user(request.user, pk)
    order = order_selectors.get_order_for_user(request.user, order_pk)
    if not order.placements.filter(site=site).exists():
        raise Http404
    form = SessionForm(request.POST, prefix=f"o{order.pk}")
    saved = None
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "idempotency_key"}
        back = f"{reverse('community_service:site-day', args=[site.pk])}?date={data['date']:%Y-%m-%d}"
        if (check := letter_confirm(request, order, data, back)) is not None:
            return check

        def write() -> dict[str, Any]:
            session = ledger_services.session_record(actor=request.user, order=order, **data)
            return {"session": session.pk, "minutes": session.minutes_credited}

        try:
            outcome = idempotency.run_once(
                user=request.user,
                key=idempotency.key_from(request) or form.cleaned_data["idempotency_key"],
                scope="community_service.session",
                payload={"order": order.pk, **idempotency.form_payload(request)},
                write=write,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            saved = WorkSession.objects.get(pk=outcome.response["session"])
    context = {"site": site, "order": order, "form": form, "saved": saved, "can_record": True}
    if wants_json(request):
        html = render_to_string("community_service/_site_row.html", context, request=request)
        if saved is None:
            errors = [str(e) for errors in form.errors.values() for e in errors]
            return JsonResponse({"ok": False, "errors": errors, "html": html}, status=422)
        return JsonResponse({"ok": True, "session": saved.pk, "minutes": saved.minutes_credited, "html": html})
    if request.headers.get("HX-Request"):
        return render(request, "community_service/_site_row.html", context)
    on = form.cleaned_data["date"] if form.is_valid() else unit_today(site.organization)
    if saved is not None:
        messages.success(
            request,
            _("%(person)s: %(duration)s credited.")
            % {"person": order.period.person.full_name, "duration": duration(saved.minutes_credited)},
        )
        return redirect(f"{reverse('community_service:site-day', args=[site.pk])}?date={on:%Y-%m-%d}")
    return _site_day_page(request, site, on, bound=form, order_pk=order.pk)


@login_required
def placement_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Place the client at a work site with a plan."""
    require(request.user, Capability.COMMUNITY_EDIT)
    order = order_selectors.get_order_for_user(request.user, pk)
    form = PlacementForm(
        request.POST or None,
        sites=site_selectors.sites_visible_to(request.user),
        initial={"start_date": unit_today(order.period.unit), "hours_per_day": order.hours_per_day},
    )
    if request.method == "POST" and form.is_valid():
        try:
            site_services.placement_create(actor=request.user, order=order, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Placement recorded."))
            return redirect("community_service:detail", pk=order.pk)
    return order_form_page(request, form, order, _("Place at a work site"))


@login_required
def placement_end(request: AuthedRequest, pk: int) -> HttpResponse:
    """End a client's placement at a work site on a date, with the reason."""
    require(request.user, Capability.COMMUNITY_EDIT)
    placement = site_selectors.get_placement_for_user(request.user, pk)
    order = placement.order
    form = PlacementEndForm(request.POST or None, initial={"end_date": unit_today(order.period.unit)})
    if request.method == "POST" and form.is_valid():
        try:
            placement_services.placement_end(actor=request.user, placement=placement, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Placement ended."))
            return redirect("community_service:detail", pk=order.pk)
    return order_form_page(request, form, order, _("End the placement at %(site)s") % {"site": placement.site})


@login_required
def placement_move(request: AuthedRequest, pk: int) -> HttpResponse:
    """Move a client to another work site from a date, with the reason; the old placement is kept, ended."""
    require(request.user, Capability.COMMUNITY_EDIT)
    placement = site_selectors.get_placement_for_user(request.user, pk)
    order = placement.order
    form = PlacementMoveForm(
        request.POST or None,
        sites=site_selectors.sites_visible_to(request.user).exclude(pk=placement.site_id),
        initial={"on": unit_today(order.period.unit), "hours_per_day": placement.hours_per_day},
    )
    if request.method == "POST" and form.is_valid():
        try:
            placement_services.placement_move(actor=request.user, placement=placement, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Moved to %(site)s.") % {"site": form.cleaned_data["site"]})
            return redirect("community_service:detail", pk=order.pk)
    return order_form_page(request, form, order, _("Move from %(site)s to another site") % {"site": placement.site})
