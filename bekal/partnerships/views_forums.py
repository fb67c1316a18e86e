"""Partnership pages for the Forum Komunikasi Tenaga Kerja, awards, a partner's page and the partner's own home."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can, require
from bekal.accounts.types import AuthedRequest
from bekal.core.forms import form_add_service_errors
from bekal.core.pagination import paginate
from bekal.organizations.time import unit_today
from bekal.partnerships import documents, forms, forums, selectors
from bekal.partnerships.views import form_page, pdf_bytes, pdf_file


def _staff_editor(request: AuthedRequest) -> bool:
    return can(request.user, Capability.PARTNERSHIP_EDIT) and selectors.partner_org(request.user) is None


def _editor(request: AuthedRequest, capability: Capability) -> None:
    """Require the capability of staff: partner staff hold none of the partnership writes but their actions'."""
    require(request.user, capability)
    if selectors.partner_org(request.user) is not None:
        raise PermissionDenied(capability)


@login_required
def forum_list(request: AuthedRequest) -> HttpResponse:
    """List the forums the user may see."""
    context = paginate(request, selectors.forum_list(user=request.user))
    context["can_edit"] = _staff_editor(request)
    return render(request, "partnerships/forum_list.html", context)


@login_required
def forum_create(request: AuthedRequest) -> HttpResponse:
    """Found a forum."""
    _editor(request, Capability.PARTNERSHIP_EDIT)
    form = forms.ForumForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["members"] = list(data["members"])
        try:
            forum = forums.forum_create(actor=request.user, **data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Forum founded."))
            return redirect("partnerships:forum", pk=forum.pk)
    return form_page(request, form, _("New forum"), reverse("partnerships:forums"))


@login_required
def forum_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Rename a forum or change its province or regency (its convener's staff)."""
    _editor(request, Capability.PARTNERSHIP_EDIT)
    forum = selectors.get_forum_for_user(request.user, pk)
    if not forums.may_edit_forum(request.user, forum):
        raise PermissionDenied(Capability.PARTNERSHIP_EDIT)
    form = forms.ForumEditForm(request.POST or None, initial={"name": forum.name, "region": forum.region_id})
    if request.method == "POST" and form.is_valid():
        try:
            forums.forum_update(actor=request.user, forum=forum, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Forum updated."))
            return redirect("partnerships:forum", pk=pk)
    return form_page(request, form, _("Edit the forum"), reverse("partnerships:forum", args=[pk]))


@login_required
def forum_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show a forum on one page: members, meetings, decisions and commitments, and the members' figures."""
    forum = selectors.get_forum_for_user(request.user, pk)
    return render(
        request,
        "partnerships/forum.html",
        {
            "forum": forum,
            "figures": selectors.forum_figures(forum),
            "can_edit": _staff_editor(request),
            "can_rename": forums.may_edit_forum(request.user, forum),
        },
    )


@login_required
def forum_member_add(request: AuthedRequest, pk: int) -> HttpResponse:
    """Add a member organisation to a forum."""
    _editor(request, Capability.PARTNERSHIP_EDIT)
    forum = selectors.get_forum_for_user(request.user, pk)
    form = forms.MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            forums.forum_add_member(actor=request.user, forum=forum, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Member added."))
            return redirect("partnerships:forum", pk=pk)
    return form_page(request, form, _("Add a member"), reverse("partnerships:forum", args=[pk]))


@login_required
def commitment_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record a forum's decision or a member's commitment."""
    _editor(request, Capability.PARTNERSHIP_EDIT)
    forum = selectors.get_forum_for_user(request.user, pk)
    form = forms.CommitmentForm(request.POST or None, forum=forum)
    if request.method == "POST" and form.is_valid():
        try:
            forums.commitment_create(actor=request.user, forum=forum, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("partnerships:forum", pk=pk)
    return form_page(request, form, _("New decision or commitment"), reverse("partnerships:forum", args=[pk]))


@login_required
def commitment_status(request: AuthedRequest, pk: int) -> HttpResponse:
    """Mark a forum commitment done or cancelled."""
    _editor(request, Capability.PARTNERSHIP_EDIT)
    commitment = selectors.get_commitment_for_user(request.user, pk)
    form = forms.CommitmentStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            forums.commitment_set_status(actor=request.user, commitment=commitment, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Commitment updated."))
            return redirect("partnerships:forum", pk=commitment.forum_id)
    return form_page(request, form, commitment.text, reverse("partnerships:forum", args=[commitment.forum_id]))


@login_required
def award_list(request: AuthedRequest) -> HttpResponse:
    """List the awards the user may see."""
    context = paginate(request, selectors.awards_visible_to(request.user))
    context["can_edit"] = _staff_editor(request)
    return render(request, "partnerships/award_list.html", context)


@login_required
def award_create(request: AuthedRequest) -> HttpResponse:
    """Record an award given to a partner."""
    _editor(request, Capability.PARTNERSHIP_EDIT)
    form = forms.AwardForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            award = forums.award_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Award recorded."))
            return redirect("partnerships:partner", pk=award.partner_id)
    return form_page(request, form, _("New award"), reverse("partnerships:awards"), upload=True)


@login_required
def award_document(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """Return the award's document: the signed PDF when uploaded, else one generated from the record."""
    award = selectors.get_award_for_user(request.user, pk)
    name = f"piagam-{award.date:%Y%m%d}-{award.pk}.pdf"
    if award.document:
        return pdf_file(award.document, name)
    return pdf_bytes(documents.award_certificate(award), name)


@login_required
def award_minutes(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """Return the signed minutes (berita acara) of the award's handover."""
    award = selectors.get_award_for_user(request.user, pk)
    if not award.minutes:
        raise Http404
    return pdf_file(award.minutes, f"berita-acara-piagam-{award.pk}.pdf")


@login_required
def partner_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show a partner: its awards and its contribution figures as the user may see them."""
    partner = selectors.get_partner_for_user(request.user, pk)
    return render(
        request,
        "partnerships/partner.html",
        {
            "partner": partner,
            "awards": selectors.awards_visible_to(request.user).filter(partner=partner),
            "figures": selectors.partner_figures(user=request.user, partner=partner),
            "can_edit": _staff_editor(request),
        },
    )


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    """The partner's own page: agreements and pipeline, batches, forums, awards and follow-up actions."""
    require(request.user, Capability.PARTNERSHIP_VIEW)
    org = selectors.partner_org(request.user)
    if org is None:
        raise PermissionDenied(Capability.PARTNERSHIP_VIEW)
    today = unit_today(org)
    summary = selectors.partner_home(user=request.user, today=today)
    figures = selectors.partner_figures(user=request.user, partner=org)
    return render(
        request, "partnerships/mine.html", {"org": org, "summary": summary, "figures": figures, "today": today}
    )
