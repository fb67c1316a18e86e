"""Outcome pages: recidivism by release cohort, the re-admissions behind it, and the identity review queue."""

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bekal.accounts.access import Capability, can, require
from bekal.core.types import AuthedRequest
from bekal.kpis.selectors import certified_person_ids, trained_person_ids
from bekal.outcomes import selectors, services
from bekal.placement.selectors import employed_person_ids


@login_required
def recidivism(request: AuthedRequest) -> HttpResponse:
    """Show re-admission rates by release cohort and follow-up year, overall and placed versus not placed."""
    today = timezone.localdate()
    groups = {
        "trained": trained_person_ids(),
        "certified": certified_person_ids(),
        "placed": employed_person_ids(),
    }
    overall, split = selectors.recidivism_splits(user=request.user, today=today, groups=groups)
    labels = {
        "trained": (_("Completed a training"), _("Without a completed training")),
        "certified": (_("With a competency certificate"), _("Without a competency certificate")),
        "placed": (_("With an employment placement"), _("Without an employment placement")),
    }
    splits = [
        (key, replace(split[key], label=inside_label), outside_label)
        for key, (inside_label, outside_label) in labels.items()
    ]
    return render(
        request,
        "outcomes/recidivism.html",
        {"overall": overall, "splits": splits, "years": selectors.FOLLOW_UP_YEARS, "today": today},
    )


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
