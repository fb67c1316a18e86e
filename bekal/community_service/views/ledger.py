"""Ledger pages: a session (htmx fragment or page), an adjustment of the hours."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.community_service.forms import AdjustmentForm, SessionForm, VoidForm
from bekal.community_service.models import WorkSession
from bekal.community_service.selectors import ledger as ledger_selectors
from bekal.community_service.selectors import orders as order_selectors
from bekal.community_service.services import corrections
from bekal.community_service.services import ledger as ledger_services
from bekal.community_service.views._common import letter_confirm, order_form_page
from bekal.core.forms import form_add_service_errors
from bekal.ops import idempotency
from bekal.organizations.time import unit_today


@login_required
def session_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record a session (an htmx fragment on the order and site-day pages, a full page otherwise)."""
    require(request.user, Capability.COMMUNITY_SESSION_RECORD)
    order = order_selectors.get_order_for_user(request.user, pk)
    today = unit_today(order.period.unit)
    form = SessionForm(request.POST or None, initial={"date": today, "idempotency_key": uuid.uuid4().hex})
    saved = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "idempotency_key"}
        back = reverse("community_service:detail", args=[order.pk])
        if (check := letter_confirm(request, order, data, back)) is not None:
            return check

        def write() -> dict[str, Any]:
            return {"session": ledger_services.session_record(actor=request.user, order=order, **data).pk}

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
        else:
            saved = WorkSession.objects.get(pk=outcome.response["session"])
            form = SessionForm(initial={"date": form.cleaned_data["date"], "idempotency_key": uuid.uuid4().hex})
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
    order = order_selectors.get_order_for_user(request.user, pk)
    form = AdjustmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ledger_services.adjustment_create(actor=request.user, order=order, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Adjustment recorded."))
            return redirect("community_service:detail", pk=order.pk)
    return order_form_page(request, form, order, _("Adjust hours"))


@login_required
def session_void(request: AuthedRequest, pk: int) -> HttpResponse:
    """Void a session recorded by mistake: the page shows the entry and the hours before and after ("check your
    answers"), then the reason and the confirmation; one tap on the order page never voids anything."""
    require(request.user, Capability.COMMUNITY_EDIT)
    session = get_object_or_404(WorkSession.objects.only("order_id"), pk=pk)
    order = order_selectors.get_order_for_user(request.user, session.order_id)
    session = order.sessions.select_related("placement__site__organization", "recorded_by").get(pk=pk)
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            corrections.session_void(actor=request.user, session=session, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, _("Session of %(date)s voided: its hours no longer count.") % {"date": session.date}
            )
            return redirect("community_service:detail", pk=order.pk)
    progress = ledger_selectors.progress_of(order, today=unit_today(order.period.unit))
    return render(
        request,
        "community_service/session_void.html",
        {
            "order": order,
            "session": session,
            "form": form,
            "done_now": progress.completed + progress.adjusted,
            "done_after": progress.completed + progress.adjusted - session.minutes_credited,
        },
    )
