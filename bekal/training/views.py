"""Training pages: permission, lookup, form, one service call, message, redirect."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bekal.accounts.access import Capability, can, require
from bekal.accounts.models import User
from bekal.accounts.types import AuthedRequest
from bekal.core.confirm import confirm_page, confirmed
from bekal.core.formats import readable
from bekal.core.forms import form_add_service_errors
from bekal.core.pagination import paginate, paginate_keyset
from bekal.jobs.services import job_start
from bekal.organizations.models import Organization, OrganizationKind
from bekal.organizations.scope import scoped_units, unit_scope
from bekal.organizations.time import unit_today
from bekal.people.models import CustodyPeriod, Person, SupervisionPeriod
from bekal.rules.selectors import rule_int
from bekal.training import forms, jobs, selectors, services
from bekal.training.models import (
    AgreementStatus,
    BatchStatus,
    EnrollmentStatus,
    Instructor,
    absorption_percent,
)
from bekal.training.services.programmes import PROVIDER_KINDS
from bekal.training.transitions import AGREEMENT, BATCH


def _providers(user: Any) -> Any:
    if selectors.is_partner(user):
        return Organization.objects.filter(pk=user.organization_id)
    # A closed organisation keeps its history but takes no new programme.
    return Organization.objects.filter(kind__in=PROVIDER_KINDS, is_active=True).order_by("name")


@login_required
def programme_list(request: AuthedRequest) -> HttpResponse:
    """List the programme catalogue."""
    programmes = selectors.programmes_visible_to(request.user).order_by("-is_active", "provider__name", "name")
    context = paginate(request, programmes)
    context["can_edit"] = can(request.user, Capability.PROGRAMME_EDIT)
    return render(request, "training/programme_list.html", context)


@login_required
def programme_create(request: AuthedRequest) -> HttpResponse:
    """Add a programme; its figures start at the rules in force."""
    require(request.user, Capability.PROGRAMME_EDIT)
    form = forms.ProgrammeForm(
        request.POST or None, providers=_providers(request.user), initial=services.programme_defaults()
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        provider, units = data.pop("provider"), services.parse_units(data.pop("units"))
        try:
            programme = services.programme_create(actor=request.user, provider=provider, units=units, **data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Programme %(name)s saved.") % {"name": programme.name})
            return redirect("training:programme-detail", pk=programme.pk)
    return render(request, "training/form.html", {"form": form, "title": _("New programme")})


@login_required
def programme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show a programme, its competency units and its batches."""
    programme = selectors.get_programme_for_user(request.user, pk)
    batches = selectors.batches_visible_to(request.user).filter(programme=programme)
    return render(
        request,
        "training/programme_detail.html",
        {
            "programme": programme,
            "batches": batches,
            "can_batch": can(request.user, Capability.BATCH_EDIT) and programme.is_active,
            "can_edit": can(request.user, Capability.PROGRAMME_EDIT),
        },
    )


@login_required
def programme_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Change a programme's figures and competency units; its provider stays."""
    require(request.user, Capability.PROGRAMME_EDIT)
    programme = selectors.get_programme_for_user(request.user, pk)
    units = "\n".join(f"{u.code} {u.title}" for u in programme.units.all())
    initial = {name: getattr(programme, name) for name in forms.ProgrammeEditForm.base_fields if name != "units"}
    form = forms.ProgrammeEditForm(request.POST or None, initial=initial | {"units": units})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["units"] = services.parse_units(data.pop("units"))
        try:
            services.programme_update(actor=request.user, programme=programme, **data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Programme %(name)s saved.") % {"name": data["name"]})
            return redirect("training:programme-detail", pk=programme.pk)
    title = _("Edit programme %(name)s") % {"name": programme.name}
    return render(request, "training/form.html", {"form": form, "title": title})


@login_required
@require_POST
def programme_active(request: AuthedRequest, pk: int) -> HttpResponse:
    """Retire a programme (``active=0``) or bring it back (``active=1``)."""
    require(request.user, Capability.PROGRAMME_EDIT)
    programme = selectors.get_programme_for_user(request.user, pk)
    active = request.POST.get("active") == "1"
    if not active and programme.is_active and not confirmed(request):
        # Retiring takes the programme off every new batch's list: asked again first, like the other such actions.
        return confirm_page(
            request,
            title=_("Retire programme %(name)s") % {"name": programme.name},
            facts=[
                (_("Programme"), programme.name),
                (_("Provider"), str(programme.provider)),
                (_("Batches so far"), programme.batches.count()),
            ],
            fields={"active": "0"},
            back=reverse("training:programme-detail", args=[programme.pk]),
            confirm_label=_("Confirm: retire the programme"),
            warning=_("A retired programme keeps its batches and history but is offered for no new batch."),
        )
    try:
        services.programme_set_active(actor=request.user, programme=programme, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = _("Programme %(name)s is active again.") if active else _("Programme %(name)s is retired.")
        messages.success(request, done % {"name": programme.name})
    return redirect("training:programme-detail", pk=programme.pk)


@login_required
def programme_import(request: AuthedRequest) -> HttpResponse:
    """Import a catalogue from CSV or XLSX as a background job: its page counts the programmes added and offers the
    refused rows with their reasons as a file."""
    require(request.user, Capability.PROGRAMME_EDIT)
    form = forms.ImportForm(request.POST or None, request.FILES or None, providers=_providers(request.user))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = job_start(
                actor=request.user,
                kind=jobs.KIND,
                params={"provider": form.cleaned_data["provider"].pk},
                upload=(upload.name, upload.read()),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("jobs:detail", pk=job.pk)
    return render(request, "training/programme_import.html", {"form": form})


def _agreement_units(user: Any) -> Any:
    # A unit's staff sign for their unit; agreements of a Kanwil are recorded by those who see every unit.
    if unit_scope(user).everything:
        kinds = [*OrganizationKind.correctional_units(), OrganizationKind.KANWIL]
        return Organization.objects.filter(kind__in=kinds).order_by("name")
    return scoped_units(user).order_by("name")


@login_required
def agreement_list(request: AuthedRequest) -> HttpResponse:
    """List the agreements of the user's units."""
    context = paginate(request, selectors.agreements_visible_to(request.user))
    context["can_edit"] = can(request.user, Capability.AGREEMENT_EDIT)
    org = request.user.organization
    today = unit_today(org) if org is not None else timezone.localdate()
    context["expiring"] = selectors.agreements_expiring(user=request.user, today=today)
    context["notice_days"] = rule_int("training.agreement.notice_days", on=today)
    return render(request, "training/agreement_list.html", context)


@login_required
def agreement_create(request: AuthedRequest) -> HttpResponse:
    """Record an agreement in draft."""
    require(request.user, Capability.AGREEMENT_EDIT)
    form = forms.AgreementForm(request.POST or None, request.FILES or None, units=_agreement_units(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["partners"], data["programmes"], data["regions"] = (
            list(data["partners"]),
            list(data["programmes"]),
            list(data["regions"]),
        )
        try:
            agreement = services.agreement_create(actor=request.user, **data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Agreement %(number)s saved.") % {"number": agreement.number})
            return redirect("training:agreement-detail", pk=agreement.pk)
    return render(request, "training/form.html", {"form": form, "title": _("New agreement"), "multipart": True})


@login_required
def agreement_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show an agreement, its parties and scope, and the status moves open to the user."""
    agreement = selectors.get_agreement_for_user(request.user, pk)
    moves = (
        [(m, AgreementStatus(m).label) for m in sorted(AGREEMENT.allowed(agreement.status))]
        if can(request.user, Capability.AGREEMENT_EDIT)
        else []
    )
    return render(
        request,
        "training/agreement_detail.html",
        {
            "agreement": agreement,
            "moves": moves,
            "document_form": forms.DocumentForm(),
            "attachment_form": forms.AttachmentForm(),
            "move_form": forms.AgreementMoveForm(initial={"signing_date": agreement.signing_date}),
            "can_activate": any(m == AgreementStatus.ACTIVE for m, _label in moves),
            "renew_form": forms.RenewForm() if AGREEMENT.can_move(agreement.status, AgreementStatus.RENEWED) else None,
        },
    )


@login_required
@require_POST
def agreement_move(request: AuthedRequest, pk: int) -> HttpResponse:
    """Move an agreement to another status."""
    require(request.user, Capability.AGREEMENT_EDIT)
    agreement = selectors.get_agreement_for_user(request.user, pk)
    move = forms.AgreementMoveForm(request.POST)
    status = request.POST.get("status", "")
    if not move.is_valid():
        messages.error(request, " ".join(str(m) for errors in move.errors.values() for m in errors))
        return redirect("training:agreement-detail", pk=pk)
    signing_date = move.cleaned_data["signing_date"]
    if status in (AgreementStatus.ACTIVE, AgreementStatus.TERMINATED) and not confirmed(request):
        return confirm_page(
            request,
            title=_("Set the agreement to %(status)s") % {"status": AgreementStatus(status).label},
            facts=[
                (_("Agreement"), f"{agreement.number} · {agreement.title}"),
                (_("Partners"), ", ".join(str(p) for p in agreement.partners.all())),
                (_("Term"), f"{agreement.start_date} – {agreement.end_date or '…'}"),
                (_("Status"), f"{agreement.get_status_display()} → {AgreementStatus(status).label}"),
                *(
                    [(_("Signing date"), readable({"d": signing_date or agreement.signing_date or "–"})["d"])]
                    if status == AgreementStatus.ACTIVE
                    else []
                ),
            ],
            fields={"status": status, "signing_date": request.POST.get("signing_date", "")},
            back=reverse("training:agreement-detail", args=[pk]),
            confirm_label=_("Confirm: set to %(status)s") % {"status": AgreementStatus(status).label},
            warning=_("Terminating ends the agreement for every batch under it; this cannot be undone.")
            if status == AgreementStatus.TERMINATED
            else "",
        )
    try:
        services.agreement_move(
            actor=request.user,
            agreement=agreement,
            status=status,
            on=unit_today(agreement.unit),
            signing_date=signing_date,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("training:agreement-detail", pk=pk)


@login_required
@require_POST
def agreement_document(request: AuthedRequest, pk: int) -> HttpResponse:
    """Attach the signed PDF."""
    require(request.user, Capability.AGREEMENT_EDIT)
    agreement = selectors.get_agreement_for_user(request.user, pk)
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.agreement_upload_document(
                actor=request.user, agreement=agreement, document=form.cleaned_data["document"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Document uploaded."))
    return redirect("training:agreement-detail", pk=pk)


@login_required
def agreement_download(request: AuthedRequest, pk: int) -> FileResponse:
    """Return the signed PDF of an agreement the user may see."""
    agreement = selectors.get_agreement_for_user(request.user, pk)
    if not agreement.document:
        from django.http import Http404

        raise Http404
    return FileResponse(
        agreement.document.storage.open(agreement.document.name, "rb"),
        content_type="application/pdf",
        filename=f"{agreement.number}.pdf",
    )


@login_required
def batch_list(request: AuthedRequest) -> HttpResponse:
    """List the batches the user may see, with their participant counts."""
    status = request.GET.get("status", "")
    batches = selectors.batch_list(user=request.user, status=status)
    context = paginate_keyset(request, batches, total=selectors.batch_total(user=request.user, status=status))
    context.update(
        can_create=can(request.user, Capability.BATCH_EDIT) and not selectors.is_partner(request.user),
        statuses=BatchStatus.choices,
        can_programmes=True,
    )
    return render(request, "training/batch_list.html", context)


@login_required
def batch_create(request: AuthedRequest) -> HttpResponse:
    """Plan a batch; its calendar is built from the working days between start and end."""
    require(request.user, Capability.BATCH_EDIT)
    units = scoped_units(request.user).order_by("name")
    programmes = selectors.programmes_visible_to(request.user).filter(is_active=True)
    initial: dict[str, Any] = {"units": list(units[:1]) if units.count() == 1 else []}
    if request.GET.get("programme"):
        initial["programme"] = request.GET["programme"]
    form = forms.BatchForm(request.POST or None, programmes=programmes, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["units"] = list(data["units"])
        try:
            batch = services.batch_create(actor=request.user, **data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Batch %(name)s planned.") % {"name": batch.name})
            return redirect("training:batch-detail", pk=batch.pk)
    return render(request, "training/form.html", {"form": form, "title": _("New batch")})


@login_required
def batch_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show a batch: calendar with escorts, participants with attendance rates and eligibility, instructors."""
    user = request.user
    batch = selectors.get_batch_for_user(user, pk)
    days = list(batch.days.all())
    partner = selectors.is_partner(user)
    enrollments = selectors.enrollments_of(batch)
    screened = (EnrollmentStatus.NOMINATED, EnrollmentStatus.WAITLISTED)
    reasons = {} if partner else services.eligibility_of([e for e in enrollments if e.status in screened])
    rows = [
        {
            "enrollment": enrollment,
            "rate": selectors.attendance_rate(attended=getattr(enrollment, "attended", 0), total_days=len(days)),
            "reasons": reasons.get(enrollment.pk, []),
        }
        for enrollment in enrollments
    ]
    gaps = {d.id for d in selectors.days_without_escort(batch)}
    editable = can(user, Capability.BATCH_EDIT) and not partner
    return render(
        request,
        "training/batch_detail.html",
        {
            "batch": batch,
            "days": days,
            "gaps": gaps,
            "rows": rows,
            "moves": [(m, BatchStatus(m).label) for m in sorted(BATCH.allowed(batch.status))] if editable else [],
            "can_enrol": can(user, Capability.ENROLLMENT_EDIT) and not partner,
            "can_attend": can(user, Capability.ATTENDANCE_RECORD)
            and (not partner or batch.provider_id == user.organization_id),
            "can_escort": can(user, Capability.ESCORT_ASSIGN) and not partner,
            "can_edit": editable,
            "can_assess": can(user, Capability.ASSESSMENT_RECORD)
            and (not partner or batch.lsp_id == user.organization_id),
            "partner": partner,
            "min_attendance": batch.programme.min_attendance_percent,
            "instructor_form": forms.BatchInstructorForm(
                instructors=Instructor.objects.filter(provider=batch.provider, is_active=True).order_by("name")
            ),
            "instructor_status": selectors.batch_instructor_status(batch),
            "day_form": forms.DayForm() if batch.status in (BatchStatus.DRAFT, BatchStatus.OPEN) else None,
            "assessments": batch.assessments.select_related("lsp"),  # type: ignore[attr-defined]
            "incidents": selectors.incidents_of(batch) if can(user, Capability.INCIDENT_RECORD) else None,
        },
    )


@login_required
@require_POST
def batch_move(request: AuthedRequest, pk: int) -> HttpResponse:
    """Move a batch to another status."""
    require(request.user, Capability.BATCH_EDIT)
    batch = selectors.get_batch_for_user(request.user, pk)
    status = request.POST.get("status", "")
    if status in FINAL_BATCH_MOVES and not confirmed(request):
        return _batch_move_confirm(request, batch, status)
    try:
        services.batch_move(actor=request.user, batch=batch, status=status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("training:batch-detail", pk=pk)


FINAL_BATCH_MOVES = (BatchStatus.FINISHED, BatchStatus.CLOSED, BatchStatus.CANCELLED)


def _batch_move_confirm(request: AuthedRequest, batch: Any, status: str) -> HttpResponse:
    """Ask again before a batch finishes, closes or is cancelled: attendance becomes read-only."""
    counts = batch.enrollments.values("status").annotate(n=Count("id")).order_by()
    by_status = {row["status"]: row["n"] for row in counts}
    days_ahead = batch.days.filter(date__gt=selectors.batch_today(batch)).count()
    return confirm_page(
        request,
        title=_("Set %(batch)s to %(status)s") % {"batch": batch.name, "status": BatchStatus(status).label},
        facts=[
            (_("Batch"), f"{batch.name} ({batch.start_date} – {batch.end_date})"),
            (_("Status"), f"{batch.get_status_display()} → {BatchStatus(status).label}"),
            (_("Enrolled"), by_status.get(EnrollmentStatus.ENROLLED, 0)),
            (_("Completed"), by_status.get(EnrollmentStatus.COMPLETED, 0)),
            (_("Training days still ahead"), days_ahead),
        ],
        fields={"status": status},
        back=reverse("training:batch-detail", args=[batch.pk]),
        confirm_label=_("Confirm: set to %(status)s") % {"status": BatchStatus(status).label},
        warning=_("After this the batch's attendance can no longer change."),
    )


@login_required
@require_POST
def batch_day(request: AuthedRequest, pk: int) -> HttpResponse:
    """Add, change or remove a day of a batch being planned; the calendar rules are checked again."""
    require(request.user, Capability.BATCH_EDIT)
    batch = selectors.get_batch_for_user(request.user, pk)
    form = forms.DayForm(request.POST)
    if form.is_valid():
        try:
            services.batch_day_set(
                actor=request.user,
                batch=batch,
                day=form.cleaned_data["date"],
                kind=None if form.cleaned_data["kind"] == "remove" else form.cleaned_data["kind"],
                jp=form.cleaned_data["jp"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(
            request, " ".join(f"{form[name].label}: {' '.join(str(m) for m in e)}" for name, e in form.errors.items())
        )
    return redirect("training:batch-detail", pk=pk)


@login_required
@require_POST
def agreement_renew(request: AuthedRequest, pk: int) -> HttpResponse:
    """Renew an agreement: a new draft with the same parties and scope."""
    require(request.user, Capability.AGREEMENT_EDIT)
    agreement = selectors.get_agreement_for_user(request.user, pk)
    form = forms.RenewForm(request.POST)
    if form.is_valid():
        try:
            new = services.agreement_renew(actor=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("training:agreement-detail", pk=new.pk)
    return redirect("training:agreement-detail", pk=pk)


@login_required
@require_POST
def instructor_add(request: AuthedRequest, pk: int) -> HttpResponse:
    """Add a registered instructor of the provider to the batch (with a reason when uncertified and allowed)."""
    require(request.user, Capability.BATCH_EDIT)
    batch = selectors.get_batch_for_user(request.user, pk)
    form = forms.BatchInstructorForm(request.POST, instructors=Instructor.objects.filter(provider=batch.provider))
    if form.is_valid():
        try:
            services.batch_instructor_add(actor=request.user, batch=batch, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
    return redirect("training:batch-detail", pk=pk)


@login_required
def batch_nominate(request: AuthedRequest, pk: int) -> HttpResponse:
    """Search the organising units' inmates and clients and nominate them."""
    require(request.user, Capability.ENROLLMENT_EDIT)
    batch = selectors.get_batch_for_user(request.user, pk)
    scope = unit_scope(request.user)
    unit_ids = [u.id for u in batch.units.all() if scope.contains(u.id)]
    form = forms.NominateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = Person.objects.filter(pk=form.cleaned_data["person"]).in_units(frozenset(unit_ids)).first()
        try:
            if person is None:
                raise ValidationError({"person": _("Choose a person of an organising unit")})
            services.enrollment_nominate(
                actor=request.user,
                batch=batch,
                person=person,
                interest_statement_on=form.cleaned_data["interest_statement_on"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s nominated.") % {"name": person.full_name})
        return redirect("training:batch-nominate", pk=pk)
    on = batch.start_date
    query = request.GET.get("q", "").strip()
    candidates = Person.objects.filter(
        Q(id__in=CustodyPeriod.objects.current(on).filter(unit_id__in=unit_ids).values("person_id"))
        | Q(id__in=SupervisionPeriod.objects.current(on).filter(unit_id__in=unit_ids).values("person_id"))
    ).exclude(enrollments__batch=batch)
    if query:
        candidates = candidates.filter(search_name__contains=query.lower())
    people = list(candidates.order_by("full_name")[:50])
    reasons = services.candidate_eligibility(batch, people, unit_ids)
    return render(
        request,
        "training/batch_nominate.html",
        {
            "batch": batch,
            "candidates": [{"person": p, "reasons": reasons[p.pk]} for p in people],
            "q": query,
            "today": timezone.localdate(),
        },
    )


@login_required
def enrollment_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record the selection decision with its reason."""
    require(request.user, Capability.ENROLLMENT_EDIT)
    enrollment = selectors.get_enrollment_for_user(request.user, pk)
    form = forms.DecisionForm(request.POST or None, initial={"selected": "1"})
    if request.method == "POST" and form.is_valid():
        try:
            services.enrollment_decide(actor=request.user, enrollment=enrollment, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("training:batch-detail", pk=enrollment.batch_id)
    return render(
        request,
        "training/enrollment_form.html",
        {"form": form, "enrollment": enrollment, "reasons": services.eligibility(enrollment), "title": _("Selection")},
    )


@login_required
@require_POST
def enrollment_step(request: AuthedRequest, pk: int) -> HttpResponse:
    """Enrol a selected participant, or record completion."""
    require(request.user, Capability.ENROLLMENT_EDIT)
    enrollment = selectors.get_enrollment_for_user(request.user, pk)
    step = request.POST.get("step")
    if step == "complete" and not confirmed(request):
        attended, total = selectors.enrollment_attendance(enrollment)
        return confirm_page(
            request,
            title=_("Complete %(name)s") % {"name": enrollment.person.full_name},
            facts=[
                (_("Participant"), enrollment.person.full_name),
                (_("Batch"), f"{enrollment.batch.name} ({enrollment.batch.start_date} – {enrollment.batch.end_date})"),
                (
                    _("Attendance"),
                    f"{attended} / {total} ({selectors.attendance_rate(attended=attended, total_days=total)}%)",
                ),
                (_("Status"), f"{enrollment.get_status_display()} → {EnrollmentStatus.COMPLETED.label}"),
            ],
            fields={"step": "complete"},
            back=reverse("training:batch-detail", args=[enrollment.batch_id]),
            confirm_label=_("Confirm: record completion"),
        )
    try:
        if step == "enrol":
            services.enrollment_enrol(actor=request.user, enrollment=enrollment)
        elif step == "complete":
            services.enrollment_complete(actor=request.user, enrollment=enrollment)
        else:
            raise ValidationError(_("Unknown step"))
    except ValidationError as error:
        messages.error(request, f"{enrollment.person.full_name}: {' '.join(error.messages)}")
    return redirect("training:batch-detail", pk=enrollment.batch_id)


@login_required
def enrollment_end(request: AuthedRequest, pk: int) -> HttpResponse:
    """End an enrolment as dropped out or not completed."""
    require(request.user, Capability.ENROLLMENT_EDIT)
    enrollment = selectors.get_enrollment_for_user(request.user, pk)
    form = forms.EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrollment_end(actor=request.user, enrollment=enrollment, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("training:batch-detail", pk=enrollment.batch_id)
    return render(
        request, "training/enrollment_form.html", {"form": form, "enrollment": enrollment, "title": _("End enrolment")}
    )


@login_required
def incident_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record a discipline incident; a removal ends the enrolment."""
    require(request.user, Capability.INCIDENT_RECORD)
    enrollment = selectors.get_enrollment_for_user(request.user, pk)
    form = forms.IncidentForm(request.POST or None, initial={"date": selectors.batch_today(enrollment.batch)})
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_record(actor=request.user, enrollment=enrollment, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Incident recorded."))
            return redirect("training:batch-detail", pk=enrollment.batch_id)
    return render(
        request,
        "training/enrollment_form.html",
        {"form": form, "enrollment": enrollment, "title": _("Discipline incident")},
    )


@login_required
def escort_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    """Assign an officer of an organising unit to escort on a training day."""
    require(request.user, Capability.ESCORT_ASSIGN)
    day = selectors.get_day_for_user(request.user, pk)
    officers = (
        User.objects.filter(
            organization__in=day.batch.units.filter(kind__in=OrganizationKind.correctional_units()), is_active=True
        )
        .filter(organization__in=scoped_units(request.user))
        .order_by("first_name")
    )
    form = forms.EscortForm(request.POST or None, officers=officers)
    if request.method == "POST" and form.is_valid():
        try:
            services.escort_assign(actor=request.user, day=day, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Escort assigned."))
            return redirect("training:batch-detail", pk=day.batch_id)
    return render(
        request,
        "training/escort_assign.html",
        {
            "form": form,
            "day": day,
            "escorts": day.escorts.select_related("officer__organization").order_by("id"),
            "read_only": selectors.attendance_is_closed(day.batch),
            "title": _("Escort on %(date)s") % readable({"date": day.date}),
        },
    )


@login_required
@require_POST
def escort_remove(request: AuthedRequest, pk: int, escort_id: int) -> HttpResponse:
    """Remove an officer from escorting a day; another can then be assigned in their place."""
    require(request.user, Capability.ESCORT_ASSIGN)
    day = selectors.get_day_for_user(request.user, pk)
    escort = get_object_or_404(day.escorts.select_related("officer__organization", "day__batch"), pk=escort_id)
    try:
        services.escort_remove(actor=request.user, escort=escort)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(officer)s no longer escorts this day.") % {"officer": escort.officer_label})
    return redirect("training:escort-assign", pk=day.pk)


@login_required
def budget(request: AuthedRequest) -> HttpResponse:
    """Show each unit's allocation per year, its realisation and absorption; add allocations and lines."""
    require(request.user, Capability.BUDGET_VIEW)
    allocations = selectors.allocations_visible_to(request.user).order_by("-year", "unit__name")
    rows = [
        {
            "allocation": a,
            "realised": Decimal(getattr(a, "realised", None) or 0),
            "rate": absorption_percent(a.amount, Decimal(getattr(a, "realised", None) or 0)),
        }
        for a in allocations
    ]
    form = None
    if can(request.user, Capability.BUDGET_EDIT):
        units = scoped_units(request.user).order_by("name")
        initial = {"unit": units.first(), "year": timezone.localdate().year} if units.count() == 1 else {}
        form = forms.AllocationForm(request.POST or None, units=units, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.allocation_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Budget saved."))
                return redirect("training:budget")
    return render(request, "training/budget.html", {"rows": rows, "form": form})


@login_required
def allocation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show an allocation's realisation lines and add one."""
    require(request.user, Capability.BUDGET_VIEW)
    allocation = selectors.get_allocation_for_user(request.user, pk)
    lines = allocation.realisations.select_related("batch")
    form = None
    if can(request.user, Capability.BUDGET_EDIT):
        batches = selectors.batches_visible_to(request.user).filter(units=allocation.unit)
        form = forms.RealisationForm(request.POST or None, batches=batches)
        if request.method == "POST" and form.is_valid():
            try:
                services.realisation_add(actor=request.user, allocation=allocation, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                return redirect("training:allocation-detail", pk=pk)
    rate = absorption_percent(allocation.amount, Decimal(getattr(allocation, "realised", None) or 0))
    return render(
        request,
        "training/allocation_detail.html",
        {"allocation": allocation, "lines": lines, "form": form, "rate": rate},
    )
