"""Certification pages: assessment, results and decisions, certificates, the BNSP export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bekal.accounts.access import Capability, can, require
from bekal.accounts.types import AuthedRequest
from bekal.certification import jobs, selectors, services
from bekal.certification.forms import AssessmentForm
from bekal.certification.models import Decision, UnitResult, Verdict
from bekal.core.forms import form_add_service_errors
from bekal.core.pagination import paginate
from bekal.jobs.services import job_start
from bekal.training import selectors as training_selectors
from bekal.training.models import Enrollment, EnrollmentStatus


@login_required
def assessment_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Plan an assessment of a batch."""
    require(request.user, Capability.ASSESSMENT_RECORD)
    batch = training_selectors.get_batch_for_user(request.user, pk)
    form = AssessmentForm(
        request.POST or None, initial={"lsp": batch.lsp, "date": batch.end_date, "test_site": "ad_hoc"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.assessment_create(actor=request.user, batch=batch, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("certification:assessment-detail", pk=event.pk)
    return render(request, "training/form.html", {"form": form, "title": _("New assessment")})


@login_required
def assessment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show each completer with a K/BK per competency unit, the LSP decision and the certificate."""
    event = selectors.get_assessment_for_user(request.user, pk)
    units = list(event.batch.programme.units.all())
    results: dict[tuple[int, int], str] = {
        (r.enrollment_id, r.unit_id): r.verdict for r in UnitResult.objects.filter(event=event)
    }
    decisions = {d.enrollment_id: d for d in Decision.objects.filter(event=event).select_related("certificate")}
    own_lsp = not training_selectors.is_partner(request.user) or event.lsp_id == request.user.organization_id
    completers = Enrollment.objects.filter(batch=event.batch, status=EnrollmentStatus.COMPLETED).select_related(
        "person"
    )
    rows = [
        {
            "enrollment": e,
            "units": [{"unit": u, "verdict": results.get((e.id, u.id), "")} for u in units],
            "decision": decisions.get(e.id),
        }
        for e in completers
    ]
    return render(
        request,
        "certification/assessment_detail.html",
        {
            "event": event,
            "units": units,
            "rows": rows,
            "verdicts": Verdict.choices,
            "can_record": can(request.user, Capability.ASSESSMENT_RECORD) and own_lsp,
            "can_export": can(request.user, Capability.BNSP_EXPORT) and own_lsp,
        },
    )


@login_required
@require_POST
def assessment_record(request: AuthedRequest, pk: int, enrollment_id: int) -> HttpResponse:
    """Record one participant's unit results and the LSP decision, and issue the certificate when Kompeten."""
    require(request.user, Capability.ASSESSMENT_RECORD)
    event = selectors.get_assessment_for_user(request.user, pk)
    enrollment = training_selectors.get_enrollment_for_user(request.user, enrollment_id)
    verdicts = {
        int(key.removeprefix("unit_")): str(value)
        for key, value in request.POST.items()
        if key.startswith("unit_") and key.removeprefix("unit_").isdigit()
    }
    try:
        if not all(verdicts.values()) or not request.POST.get("decision"):
            # Verdicts start empty (no "Kompeten" by default): each one is the assessor's, chosen on purpose.
            raise ValidationError(_("Choose a verdict for every unit and for the LSP decision"))
        services.assessment_record(
            actor=request.user,
            event=event,
            enrollment=enrollment,
            verdicts=verdicts,
            decision=request.POST.get("decision", ""),
            certificate_number=request.POST.get("certificate_number", ""),
            today=training_selectors.batch_today(event.batch),
        )
    except ValidationError as error:
        messages.error(request, f"{enrollment.person.full_name}: {' '.join(error.messages)}")
    else:
        messages.success(request, _("Saved for %(name)s.") % {"name": enrollment.person.full_name})
    return redirect("certification:assessment-detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def bnsp_export(request: AuthedRequest, pk: int) -> HttpResponse:
    """Start the BNSP candidate report (XLSX) with every candidate, K and BK, and their NIK, as a background job
    (the export is logged); its page offers the file."""
    try:
        job = job_start(actor=request.user, kind=jobs.KIND, params={"event": pk})
    except ValidationError as error:
        # A refused export (an LSP that is not the caller's, a BLK's own batch): the refusal, not a 500.
        messages.error(request, " ".join(error.messages))
        return redirect("certification:assessment-detail", pk=pk)
    return redirect("jobs:detail", pk=job.pk)


@login_required
def certificate_list(request: AuthedRequest) -> HttpResponse:
    """List the certificates of the visible batches, those expiring soon first, with the certification rate."""
    require(request.user, Capability.TRAINING_VIEW)
    today = timezone.localdate()
    context = paginate(request, selectors.certificates_visible_to(request.user).order_by("valid_until"))
    context.update(
        expiring=list(selectors.certificates_expiring(user=request.user, today=today)),
        figures=selectors.certification_figures(user=request.user),
    )
    return render(request, "certification/certificate_list.html", context)
