"""Work-site pages: the list, a new site, a whole site-day, and placing a client at a site."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bekal.accounts.access import Capability, can, require
from bekal.accounts.types import AuthedRequest
from bekal.community_service.forms import PlacementForm, SessionForm, WorkSiteForm
from bekal.community_service.models import WorkSite
from bekal.community_service.selectors import orders as order_selectors
from bekal.community_service.selectors import sites as site_selectors
from bekal.community_service.services import ledger as ledger_services
from bekal.community_service.services import sites as site_services
from bekal.community_service.views._common import order_form_page
from bekal.core.forms import form_add_service_errors, parse_date
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
def site_day(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show every client placed at a site on a day, each with a one-line session form."""
    site: WorkSite = site_selectors.get_site_for_user(request.user, pk)
    on = parse_date(request.GET.get("date", "")) or unit_today(site.organization)
    rows = site_selectors.site_day(user=request.user, site=site, on=on)
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
    site = site_selectors.get_site_for_user(request.user, pk)
    order = order_selectors.get_order_for_user(request.user, order_pk)
    if not order.placements.filter(site=site).exists():
        raise Http404
    form = SessionForm(request.POST, prefix=f"o{order.pk}")
    saved = None
    if form.is_valid():
        try:
            saved = ledger_services.session_record(actor=request.user, order=order, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
    return render(
        request, "community_service/_site_row.html", {"site": site, "order": order, "form": form, "saved": saved}
    )


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
