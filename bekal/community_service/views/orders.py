"""Order pages: the list, finding a client, recording an order, the order page, the training switch."""

import uuid
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can, require
from bekal.accounts.models import Role
from bekal.accounts.types import AuthedRequest
from bekal.community_service.forms import OrderForm, SessionForm, TrainingCountsForm
from bekal.community_service.models import CommunityServiceOrder, OrderStatus
from bekal.community_service.selectors import ledger as ledger_selectors
from bekal.community_service.selectors import orders as order_selectors
from bekal.community_service.services import orders as order_services
from bekal.community_service.views._common import order_form_page
from bekal.core.forms import form_add_service_errors
from bekal.core.pagination import paginate_keyset
from bekal.organizations.models import Official, OrganizationKind
from bekal.organizations.scope import scoped_units
from bekal.organizations.time import unit_today
from bekal.people import selectors as people_selectors


@login_required
def order_list(request: AuthedRequest) -> HttpResponse:
    """List the orders the user may see with their hours; ``?at_risk=1`` keeps the orders whose pace misses."""
    today = timezone.localdate()
    at_risk = request.GET.get("at_risk") == "1"
    status = request.GET.get("status", OrderStatus.ACTIVE)
    if status not in OrderStatus.values:
        status = ""
    orders = order_selectors.order_queryset(user=request.user, today=today, status=status, at_risk=at_risk)
    total = order_selectors.order_total(user=request.user, orders=orders, status=status, at_risk=at_risk)
    context = paginate_keyset(request, orders, total=total)
    return render(
        request,
        "community_service/list.html",
        {
            **context,
            "rows": order_selectors.order_rows(context["page_obj"], today=today),
            "at_risk": at_risk,
            "status": status,
            "statuses": OrderStatus.choices,
            "can_create": can(request.user, Capability.COMMUNITY_EDIT),
            "sees_sentence": order_selectors.sees_sentence(request.user),
            "show_sentences": not request.user.has_role(Role.SITE_SUPERVISOR)
            or can(request.user, Capability.PEOPLE_VIEW),
        },
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
def order_create(request: AuthedRequest, person_pk: int) -> HttpResponse:
    """Record a community-service order for a person, with a new supervision period or attached to the open
    community-service period already registered for them (``?period=<id>`` preselects it)."""
    require(request.user, Capability.COMMUNITY_EDIT)
    person = people_selectors.get_person_for_user(request.user, person_pk)
    units = scoped_units(request.user).filter(kind=OrganizationKind.BAPAS).order_by("name")
    periods = order_selectors.periods_awaiting_order(user=request.user, person=person)
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
            order = order_services.order_create(
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
    """Return today's date, a fresh idempotency key and, when the client is placed today, the site's opening as the
    start; the end is left for the officer to state, so one tap never credits a full day."""
    initial: dict[str, Any] = {"date": today, "idempotency_key": uuid.uuid4().hex}
    for placement in order.placements.select_related("site"):
        if placement.is_open_on(today):
            initial["start"] = placement.site.opens_at
            break
    return initial


def _detail_context(request: AuthedRequest, order: Any, today: date) -> dict[str, Any]:
    user = request.user
    return {
        "order": order,
        "progress": ledger_selectors.progress_of(order, today=today),
        "sessions": order.sessions.select_related("placement__site__organization")[:50],
        "adjustments": order.adjustments.all(),
        "placements": order.placements.select_related("site__organization", "moved_to__site__organization"),
        "steps": order.steps.select_related("signatory"),
        "officials": Official.objects.filter(unit_id=order.period.unit_id, is_active=True).order_by("name"),
        "session_form": SessionForm(initial=_session_initial(order, today)),
        "can_record": can(user, Capability.COMMUNITY_SESSION_RECORD) and order.status == OrderStatus.ACTIVE,
        "can_edit": can(user, Capability.COMMUNITY_EDIT),
        "can_litmas": can(user, Capability.PEOPLE_VIEW),
        "sees_sentence": order_selectors.sees_sentence(user),
        "can_adjust": can(user, Capability.COMMUNITY_HOURS_ADJUST) and order.status == OrderStatus.ACTIVE,
        "today": today,
    }


@login_required
def order_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show an order: its hours, projected finish, placements, sessions, letters, and the quick session form."""
    order = order_selectors.get_order_for_user(request.user, pk)
    return render(
        request, "community_service/detail.html", _detail_context(request, order, unit_today(order.period.unit))
    )


@login_required
def training_counts(request: AuthedRequest, pk: int) -> HttpResponse:
    """Say whether training days count toward the order's hours."""
    require(request.user, Capability.COMMUNITY_EDIT)
    order = order_selectors.get_order_for_user(request.user, pk)
    form = TrainingCountsForm(request.POST or None, initial={"training_counts": order.training_counts})
    if request.method == "POST" and form.is_valid():
        order_services.order_set_training_counts(
            actor=request.user, order=order, value=form.cleaned_data["training_counts"]
        )
        messages.success(request, _("Changes saved."))
        return redirect("community_service:detail", pk=order.pk)
    return order_form_page(request, form, order, _("Training days"))
