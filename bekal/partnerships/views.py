"""Partnership pages for the coordination log and the pipeline: permission, lookup, form, one service call,
message, redirect. Forums, awards and the partner pages are in ``views_forums.py``."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can, require
from bekal.accounts.types import AuthedRequest
from bekal.core.forms import form_add_service_errors
from bekal.core.pagination import paginate
from bekal.organizations.time import unit_today
from bekal.partnerships import documents, forms, selectors, services
from bekal.partnerships.models import Stage


def form_page(request: AuthedRequest, form: Any, title: str, back: str, *, upload: bool = False) -> HttpResponse:
    """Render a form page with its way back."""
    return render(request, "partnerships/form.html", {"form": form, "title": title, "back": back, "upload": upload})


def pdf_file(field: Any, filename: str) -> FileResponse:
    """Return a stored PDF."""
    return FileResponse(field.storage.open(field.name, "rb"), content_type="application/pdf", filename=filename)


def pdf_bytes(content: bytes, filename: str) -> HttpResponse:
    """Return a generated PDF."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _editor(request: AuthedRequest, capability: Capability) -> None:
    """Require the capability of staff: partner staff hold none of the partnership writes but their actions'."""
    require(request.user, capability)
    if selectors.partner_org(request.user) is not None:
        raise PermissionDenied(capability)


@login_required
def meeting_list(request: AuthedRequest) -> HttpResponse:
    """List the meetings and visits the user may see, newest first."""
    context = paginate(request, selectors.meeting_list(user=request.user))
    context["can_edit"] = can(request.user, Capability.PARTNERSHIP_EDIT) and not selectors.partner_org(request.user)
    return render(request, "partnerships/meeting_list.html", context)


@login_required
def meeting_create(request: AuthedRequest) -> HttpResponse:
    """Record a meeting or visit with its attendees."""
    _editor(request, Capability.PARTNERSHIP_EDIT)
    form = forms.MeetingForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        for key in ("unit_attendees", "partner_attendees"):
            data.pop(key)
        data["partners"] = list(data["partners"])
        try:
            meeting = services.meeting_create(actor=request.user, attendees=form.attendees(), **data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("partnerships:meeting", pk=meeting.pk)
    return form_page(request, form, _("New meeting"), reverse("partnerships:meetings"), upload=True)


@login_required
def meeting_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show a meeting: who came, the agenda, the outcome, its follow-up actions and the minutes."""
    meeting = selectors.get_meeting_for_user(request.user, pk)
    can_edit = can(request.user, Capability.PARTNERSHIP_EDIT) and not selectors.partner_org(request.user)
    actions = [(a, services.may_update_action(request.user, a)) for a in meeting.actions.all()]
    return render(
        request,
        "partnerships/meeting.html",
        {"meeting": meeting, "actions": actions, "can_edit": can_edit, "status_form": forms.MeetingStatusForm()},
    )


@login_required
def meeting_status(request: AuthedRequest, pk: int) -> HttpResponse:
    """Mark a planned meeting held or cancelled."""
    _editor(request, Capability.PARTNERSHIP_EDIT)
    meeting = selectors.get_meeting_for_user(request.user, pk)
    form = forms.MeetingStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_set_status(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting updated."))
            return redirect("partnerships:meeting", pk=pk)
    return form_page(request, form, _("Meeting status"), reverse("partnerships:meeting", args=[pk]))


@login_required
def meeting_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Correct a meeting's date, place, agenda, outcome and attendees."""
    _editor(request, Capability.PARTNERSHIP_EDIT)
    meeting = selectors.get_meeting_for_user(request.user, pk)
    form = forms.MeetingEditForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        for key in ("unit_attendees", "partner_attendees"):
            data.pop(key)
        try:
            services.meeting_update(actor=request.user, meeting=meeting, attendees=form.attendees(), **data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting updated."))
            return redirect("partnerships:meeting", pk=pk)
    return form_page(request, form, _("Edit the meeting"), reverse("partnerships:meeting", args=[pk]))


@login_required
def meeting_minutes_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    """Attach the signed minutes of a meeting."""
    _editor(request, Capability.PARTNERSHIP_EDIT)
    meeting = selectors.get_meeting_for_user(request.user, pk)
    form = forms.MinutesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_upload_minutes(actor=request.user, meeting=meeting, document=form.cleaned_data["minutes"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Minutes uploaded."))
            return redirect("partnerships:meeting", pk=pk)
    return form_page(request, form, _("Upload the minutes"), reverse("partnerships:meeting", args=[pk]), upload=True)


@login_required
def meeting_minutes(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """Return the minutes: the signed PDF when uploaded, else one generated from the record."""
    meeting = selectors.get_meeting_for_user(request.user, pk)
    name = f"berita-acara-{meeting.date:%Y%m%d}-{meeting.pk}.pdf"
    if meeting.minutes:
        return pdf_file(meeting.minutes, name)
    return pdf_bytes(documents.meeting_minutes(meeting), name)


@login_required
def action_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Add a follow-up action to a meeting."""
    _editor(request, Capability.PARTNERSHIP_EDIT)
    meeting = selectors.get_meeting_for_user(request.user, pk)
    form = forms.ActionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_create(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Follow-up action added."))
            return redirect("partnerships:meeting", pk=pk)
    return form_page(request, form, _("New follow-up action"), reverse("partnerships:meeting", args=[pk]))


@login_required
def action_status(request: AuthedRequest, pk: int) -> HttpResponse:
    """Mark a follow-up action done or cancelled (its owner, or staff)."""
    action = selectors.get_action_for_user(request.user, pk)
    if not services.may_update_action(request.user, action):
        raise PermissionDenied(Capability.PARTNERSHIP_EDIT)
    today = unit_today(request.user.organization)
    form = forms.ActionStatusForm(request.POST or None, initial={"status": "done", "on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.action_set_status(actor=request.user, action=action, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Follow-up action updated."))
            return redirect("partnerships:meeting", pk=action.meeting_id)
    return form_page(request, form, action.description, reverse("partnerships:meeting", args=[action.meeting_id]))


@login_required
def action_list(request: AuthedRequest) -> HttpResponse:
    """List the open follow-up actions the user owns, in person or through their organisation."""
    require(request.user, Capability.PARTNERSHIP_VIEW)
    context = paginate(request, selectors.actions_owned_by(request.user))
    context["today"] = unit_today(request.user.organization)
    return render(request, "partnerships/action_list.html", context)


@login_required
def pipeline(request: AuthedRequest) -> HttpResponse:
    """List every partnership the user may see at its stage, with what is overdue."""
    today = unit_today(request.user.organization)
    stage = request.GET.get("stage", "")
    rows = selectors.pipeline(user=request.user, today=today, stage=stage if stage in Stage.values else "")
    context = paginate(request, rows)
    context.update(
        today=today,
        stages=Stage.choices,
        stage=stage,
        can_edit=can(request.user, Capability.PARTNERSHIP_EDIT) and not selectors.partner_org(request.user),
    )
    return render(request, "partnerships/pipeline.html", context)


@login_required
def partnership_create(request: AuthedRequest) -> HttpResponse:
    """Start a partnership at the idea step."""
    _editor(request, Capability.PARTNERSHIP_EDIT)
    form = forms.PartnershipForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            partnership = services.partnership_create(
                actor=request.user, unit=data["unit"], partners=list(data["partners"]), title=data["title"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Partnership started."))
            return redirect("partnerships:partnership", pk=partnership.pk)
    return form_page(request, form, _("New partnership"), reverse("partnerships:pipeline"))


@login_required
def partnership_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show a partnership's steps in order, each dated and linked, with what is overdue."""
    partnership = selectors.get_partnership_for_user(request.user, pk)
    steps = {s.kind: s for s in partnership.steps.all()}
    return render(
        request,
        "partnerships/partnership.html",
        {
            "partnership": partnership,
            "rows": [(value, label, steps.get(value)) for value, label in Stage.choices],
            "today": unit_today(partnership.unit),
            "can_edit": can(request.user, Capability.PARTNERSHIP_EDIT) and not selectors.partner_org(request.user),
        },
    )


@login_required
def step_record(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record a step of a partnership: due, done, and its meeting, agreement, proposal document and request."""
    _editor(request, Capability.PARTNERSHIP_EDIT)
    partnership = selectors.get_partnership_for_user(request.user, pk)
    partner_ids = [p.pk for p in partnership.partners.all()]
    kind = request.GET.get("kind", "")
    initial: dict[str, Any] = {"kind": kind}
    existing = next((s for s in partnership.steps.all() if s.kind == kind), None)
    if existing is not None:
        initial.update(
            due_date=existing.due_date,
            done_on=existing.done_on,
            meeting=existing.meeting_id,
            agreement=existing.agreement_id,
            participants=existing.participants,
            note=existing.note,
            programmes=[p.pk for p in existing.programmes.all()],
        )
    form = forms.StepForm(
        request.POST or None, request.FILES or None, unit=partnership.unit, partner_ids=partner_ids, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["programmes"] = list(data["programmes"])
        try:
            services.step_record(actor=request.user, partnership=partnership, **data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Step recorded."))
            return redirect("partnerships:partnership", pk=pk)
    back = reverse("partnerships:partnership", args=[pk])
    return form_page(request, form, _("Record a step"), back, upload=True)


@login_required
def step_document(request: AuthedRequest, pk: int, kind: str) -> HttpResponseBase:
    """Return a step's document (the proposal) to those who see the partnership."""
    partnership = selectors.get_partnership_for_user(request.user, pk)
    step = next((s for s in partnership.steps.all() if s.kind == kind), None)
    if step is None or not step.document:
        raise Http404
    return pdf_file(step.document, f"{kind}-{pk}.pdf")
