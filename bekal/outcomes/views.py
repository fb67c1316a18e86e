"""Outcome pages: the re-admissions behind the recidivism figures, and the identity review queue (the recidivism page
itself reads the KPI facts: bekal.kpis.views.recidivism)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bekal.accounts.access import Capability, can, require
from bekal.accounts.types import AuthedRequest
from bekal.outcomes import selectors, services


@login_required
def readmission_list(request: AuthedRequest) -> HttpResponse:
    """List the people released from the user's units who came back into custody."""
    rows = selectors.readmissions(user=request.user)
    return render(request, "outcomes/readmissions.html", {"rows": rows})


@login_required
def identity_queue(request: AuthedRequest) -> HttpResponse:
    """List the pairs of records that may be one person, for a reviewer to confirm or reject."""
    candidates = selectors.identity_candidates(user=request.user)
    return render(
        request,
        "outcomes/identity_queue.html",
        {"candidates": candidates, "can_review": can(request.user, Capability.IDENTITY_REVIEW)},
    )


@login_required
@require_POST
def identity_decide(request: AuthedRequest, earlier: int, later: int) -> HttpResponse:
    """Record a reviewer's decision on one pair."""
    require(request.user, Capability.IDENTITY_REVIEW)
    candidate = selectors.get_candidate_for_user(request.user, earlier, later)
    try:
        services.identity_review_decide(
            actor=request.user,
            candidate=candidate,
            decision=request.POST.get("decision", ""),
            note=request.POST.get("note", "")[:300],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("outcomes:identity")
