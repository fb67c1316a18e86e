"""What the community-service pages share."""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from bekal.accounts.types import AuthedRequest
from bekal.community_service.models import CommunityServiceOrder, Outcome, StepKind
from bekal.community_service.services import ledger as ledger_services
from bekal.core.confirm import confirm_page, confirmed
from bekal.organizations.time import long_date


def order_form_page(request: AuthedRequest, form: Any, order: CommunityServiceOrder, title: str) -> HttpResponse:
    return render(request, "community_service/form.html", {"form": form, "title": title, "order": order})


def wants_json(request: HttpRequest) -> bool:
    """Return True for the offline queue's requests (they accept JSON), False for a browser's form post or htmx."""
    return request.headers.get("Accept", "").startswith("application/json")


def letter_confirm(request: HttpRequest, order: CommunityServiceOrder, data: dict[str, Any], back: str) -> Any:
    """Return the "check your answers" page when recording this session would issue a letter (a warning, the
    report to the prosecutor or the completion report) and the post is not yet confirmed; None otherwise. The page
    posts the same fields (and the same idempotency key) back with ``confirm=1``. An htmx post gets the page in
    place of the whole body. The offline queue's JSON post gets a 409 naming the letters and writes nothing: the page
    shows the row as needing confirmation and resends it with ``confirm=1`` once the officer confirms, so no letter
    goes out from a queue that was never checked."""
    if confirmed(request):
        return None
    kinds = ledger_services.letters_due(order, **data)
    if not kinds:
        return None
    labels = ", ".join(str(StepKind(kind).label) for kind in kinds)
    outcome = Outcome(data["outcome"]).label
    if wants_json(request):
        message = _(
            "%(person)s, %(date)s, %(outcome)s: recording this session issues %(letters)s. Confirm to record it."
        )
        params = {"person": order.period.person.full_name, "date": long_date(data["date"]), "outcome": outcome}
        return JsonResponse(
            {"ok": False, "confirm": True, "letters": labels, "errors": [message % (params | {"letters": labels})]},
            status=409,
        )
    response = confirm_page(
        request,
        title=_("Record the session and issue: %(letters)s") % {"letters": labels},
        facts=[
            (_("Client"), order.period.person.full_name),
            (_("Order"), order.decision_number),
            (_("Date"), long_date(data["date"])),
            (_("Outcome"), outcome),
            (_("Letters issued"), labels),
        ],
        fields={k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken"},
        back=back,
        confirm_label=_("Confirm: record and issue the letter"),
        warning=_("The letter gets its number from the register and is sent to the PK; it cannot be taken back."),
    )
    if request.headers.get("HX-Request"):
        response["HX-Retarget"] = "body"
        response["HX-Reswap"] = "innerHTML"
    return response
