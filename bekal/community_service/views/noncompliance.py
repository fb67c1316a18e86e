"""Letter pages: a warning, report or completion letter as PDF, and the decision on a report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.community_service import letters
from bekal.community_service.forms import DecisionForm
from bekal.community_service.selectors import ledger as ledger_selectors
from bekal.community_service.selectors import noncompliance as noncompliance_selectors
from bekal.community_service.selectors import orders as order_selectors
from bekal.community_service.services import noncompliance as noncompliance_services
from bekal.community_service.views._common import order_form_page
from bekal.core.forms import form_add_service_errors
from bekal.organizations.models import Official
from bekal.organizations.time import unit_today


@login_required
def step_letter(request: AuthedRequest, pk: int) -> HttpResponse:
    """Return a warning, report or completion letter as PDF."""
    step = noncompliance_selectors.get_step_for_user(request.user, pk)
    order = order_selectors.get_order_for_user(request.user, step.order_id)
    pdf = letters.step_pdf(step, progress=ledger_selectors.progress_of(order, today=unit_today(order.period.unit)))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="surat-{order.pk}-{step.number}.pdf"'
    return response


@login_required
@require_POST
def step_sign(request: AuthedRequest, pk: int) -> HttpResponse:
    """Choose the official who signs a letter."""
    require(request.user, Capability.COMMUNITY_EDIT)
    step = noncompliance_selectors.get_step_for_user(request.user, pk)
    official = Official.objects.filter(pk=request.POST.get("signatory") or 0).first()
    if official is None:
        messages.error(request, _("Choose the official who signs the letter"))
    else:
        try:
            noncompliance_services.step_sign(actor=request.user, step=step, official=official)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(name)s signs letter %(number)s.")
                % {"name": official.name, "number": step.letter_number or step.number},
            )
    return redirect("community_service:detail", pk=step.order_id)


@login_required
def step_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record what the prosecutor or court decided on a report."""
    require(request.user, Capability.COMMUNITY_EDIT)
    step = noncompliance_selectors.get_step_for_user(request.user, pk)
    form = DecisionForm(request.POST or None, initial={"decided_on": unit_today(step.order.period.unit)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            noncompliance_services.step_decide(
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
    return order_form_page(request, form, step.order, _("Record the decision"))
