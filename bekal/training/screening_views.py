"""The bulk nomination page: the organising units' inmates filtered by release window, education, prior
certificates and eligibility, several nominated in one action (``services.enrollment_nominate_many``). The filters
refresh the list in place with htmx (the list fragment) and work as a plain GET form without it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.training import forms, selectors, services
from bekal.training.models import EnrollmentStatus


@login_required
def batch_nominate_bulk(request: AuthedRequest, pk: int) -> HttpResponse:
    """List the candidates with what screening needs and nominate the chosen ones together."""
    require(request.user, Capability.ENROLLMENT_EDIT)
    batch = selectors.get_batch_for_user(request.user, pk)
    unit_ids = services.organising_units_in_reach(request.user, batch)
    chosen: list[int] = []
    form = forms.BulkNominateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["person_ids"]
        try:
            done = services.enrollment_nominate_many(
                actor=request.user,
                batch=batch,
                person_ids=chosen,
                interest_statement_on=form.cleaned_data["interest_statement_on"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            count = len(done)
            messages.success(
                request,
                ngettext("%(count)s person nominated.", "%(count)s people nominated.", count) % {"count": count},
            )
            return redirect("training:batch-detail", pk=pk)
    filters = forms.CandidateFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    candidates = services.nomination_candidates(
        batch, unit_ids=unit_ids, filters=services.CandidateFilters(**{k: v for k, v in values.items() if v})
    )
    taken = batch.enrollments.filter(status__in=[EnrollmentStatus.SELECTED, EnrollmentStatus.ENROLLED]).count()
    context = {
        "batch": batch,
        "candidates": candidates,
        "filters": filters,
        "form": form,
        "chosen": set(chosen),
        "taken": taken,
    }
    if request.headers.get("HX-Request") and request.method == "GET":
        return render(request, "training/_nominate_candidates.html", context)
    return render(request, "training/batch_nominate_bulk.html", context)
