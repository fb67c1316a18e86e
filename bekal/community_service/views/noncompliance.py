"""Letter pages: a warning, report or completion letter as PDF, and the decision on a report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

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
