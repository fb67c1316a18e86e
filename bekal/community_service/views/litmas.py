"""Litmas pages: a person's litmas with the form for a new one, its PDF, and the PDF attached later."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bekal.accounts.access import Capability, can, require
from bekal.accounts.types import AuthedRequest
from bekal.community_service.forms import LitmasForm
from bekal.community_service.selectors import litmas as litmas_selectors
from bekal.community_service.services import litmas as litmas_services
from bekal.core.forms import form_add_service_errors
from bekal.organizations.models import OrganizationKind
from bekal.organizations.scope import scoped_units
from bekal.people import selectors as people_selectors


@login_required
def litmas_list(request: AuthedRequest, person_pk: int) -> HttpResponse:
    """List a person's litmas and, for those who may, record a new one with its PDF."""
    person = people_selectors.get_person_for_user(request.user, person_pk)
    reports = litmas_selectors.litmas_visible_to(request.user).filter(person=person)
    can_create = can(request.user, Capability.COMMUNITY_EDIT)
    units = scoped_units(request.user).filter(kind=OrganizationKind.BAPAS).order_by("name")
    form = LitmasForm(request.POST or None, request.FILES or None, units=units, initial={"unit": units.first()})
    if request.method == "POST":
        require(request.user, Capability.COMMUNITY_EDIT)
        if form.is_valid():
            try:
                litmas_services.litmas_create(actor=request.user, person=person, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Litmas recorded."))
                return redirect("community_service:litmas", person_pk=person.pk)
    return render(
        request,
        "community_service/litmas.html",
        {"person": person, "reports": reports, "form": form if can_create else None},
    )


@login_required
def litmas_document(request: AuthedRequest, pk: int) -> FileResponse:
    """Return a litmas PDF to a user of its unit."""
    report = litmas_selectors.get_litmas_for_user(request.user, pk)
    if not report.document:
        raise Http404
    return FileResponse(
        report.document.storage.open(report.document.name, "rb"),
        content_type="application/pdf",
        filename=f"litmas-{report.pk}.pdf",
    )


@login_required
@require_POST
def litmas_attach(request: AuthedRequest, pk: int) -> HttpResponse:
    """Attach the signed PDF to a litmas recorded without one."""
    require(request.user, Capability.COMMUNITY_EDIT)
    report = litmas_selectors.get_litmas_for_user(request.user, pk)
    document = request.FILES.get("document")
    try:
        if document is None:
            raise ValidationError({"document": _("Choose the PDF to attach")})
        litmas_services.litmas_attach_document(actor=request.user, report=report, document=document)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Litmas PDF attached."))
    return redirect("community_service:litmas", person_pk=report.person_id)
