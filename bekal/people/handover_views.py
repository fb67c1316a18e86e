"""Pages of the hand-over from a Lapas to a Bapas: both sides' queue, the proposal, the record with its actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bekal.accounts.access import Capability, can, require
from bekal.accounts.types import AuthedRequest
from bekal.core.forms import form_add_service_errors
from bekal.core.pagination import paginate
from bekal.organizations.scope import unit_scope
from bekal.people import handovers, selectors
from bekal.people.forms import HandOverAcceptForm, HandOverCancelForm, HandOverForm
from bekal.people.models import HANDOVER_KINDS, HandOver, HandOverStatus


@login_required
def handover_list(request: AuthedRequest) -> HttpResponse:
    """The hand-overs of the user's units, the Lapas's proposals and the Bapas's queue, open ones first."""
    rows = handovers.handovers_visible_to(request.user)
    status = request.GET.get("status", "open")
    if status == "open":
        rows = rows.filter(status__in=[HandOverStatus.PROPOSED, HandOverStatus.ACCEPTED])
    elif status in HandOverStatus.values:
        rows = rows.filter(status=status)
    context = paginate(request, rows.order_by("integration_date", "pk"))
    context.update(status=status, statuses=HandOverStatus.choices)
    return render(request, "people/handover_list.html", context)


@login_required
def handover_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """The Lapas proposes an inmate of one of its custody periods for an integration programme."""
    require(request.user, Capability.CUSTODY_EDIT)
    period = selectors.get_custody_period_for_user(request.user, pk)
    initial = {"integration_date": period.parole_date, "bapas": handovers.home_bapas(period.person)}
    form = HandOverForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            handover = handovers.handover_propose(actor=request.user, period=period, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Hand-over proposed to %(bapas)s.") % {"bapas": handover.bapas})
            return redirect("people:handover", pk=handover.pk)
    eligibility = [(label, getattr(period, field)) for label, field in _eligibility_labels()]
    return render(
        request,
        "people/handover_form.html",
        {"form": form, "period": period, "person": period.person, "eligibility": eligibility},
    )


def _eligibility_labels() -> list[tuple[str, str]]:
    return [(str(kind.label), field) for kind, field in HANDOVER_KINDS.items()]


def _detail(request: AuthedRequest, handover: HandOver, **forms: object) -> HttpResponse:
    scope = unit_scope(request.user)
    at_bapas = scope.contains(handover.bapas_id)
    may_accept = at_bapas and handover.is_open and can(request.user, Capability.SUPERVISION_EDIT)
    may_cancel = handover.is_open and can(request.user, Capability.PEOPLE_EDIT)
    context = {
        "handover": handover,
        "at_bapas": at_bapas,
        "accept_form": forms.get("accept_form")
        or (
            HandOverAcceptForm(
                bapas=handover.bapas, initial={"officer": handover.officer, "conditions": handover.conditions}
            )
            if may_accept
            else None
        ),
        "cancel_form": forms.get("cancel_form") or (HandOverCancelForm() if may_cancel else None),
    }
    return render(request, "people/handover_detail.html", context)


@login_required
def handover_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One hand-over as both sides see it, with what each may do next."""
    return _detail(request, handovers.get_handover_for_user(request.user, pk))


@login_required
@require_POST
def handover_accept(request: AuthedRequest, pk: int) -> HttpResponse:
    """The Bapas accepts the hand-over and assigns its PK."""
    handover = handovers.get_handover_for_user(request.user, pk)
    form = HandOverAcceptForm(request.POST, bapas=handover.bapas)
    if form.is_valid():
        try:
            handovers.handover_accept(actor=request.user, handover=handover, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, _("Hand-over accepted; %(officer)s is the PK.") % {"officer": form.cleaned_data["officer"]}
            )
            return redirect("people:handover", pk=handover.pk)
    return _detail(request, handover, accept_form=form)


@login_required
@require_POST
def handover_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    """Either side cancels an open hand-over with a reason."""
    handover = handovers.get_handover_for_user(request.user, pk)
    form = HandOverCancelForm(request.POST)
    if form.is_valid():
        try:
            handovers.handover_cancel(actor=request.user, handover=handover, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Hand-over cancelled."))
            return redirect("people:handover", pk=handover.pk)
    return _detail(request, handover, cancel_form=form)
