"""Agreement pages beyond the list and the status moves: editing the parties, scope and dates, further documents
(served only to those who may see the agreement), and adding an interest statement after a nomination."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.core.forms import form_add_service_errors
from bekal.training import forms, selectors, services


@login_required
def agreement_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Change an agreement's title, partners, programmes, covered regencies and its proposal and signing dates."""
    require(request.user, Capability.AGREEMENT_EDIT)
    agreement = selectors.get_agreement_for_user(request.user, pk)
    initial = {
        "title": agreement.title,
        "partners": list(agreement.partners.all()),
        "programmes": list(agreement.programmes.all()),
        "regions": list(agreement.regions.all()),
        "proposal_date": agreement.proposal_date,
        "signing_date": agreement.signing_date,
    }
    form = forms.AgreementEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        for name in ("partners", "programmes", "regions"):
            data[name] = list(data[name])
        try:
            services.agreement_update(actor=request.user, agreement=agreement, **data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Agreement %(number)s saved.") % {"number": agreement.number})
            return redirect("training:agreement-detail", pk=agreement.pk)
    title = _("Change agreement %(number)s") % {"number": agreement.number}
    return render(request, "training/form.html", {"form": form, "title": title})


@login_required
@require_POST
def agreement_attach(request: AuthedRequest, pk: int) -> HttpResponse:
    """Add a further document (annex, minutes, amendment) to an agreement."""
    require(request.user, Capability.AGREEMENT_EDIT)
    agreement = selectors.get_agreement_for_user(request.user, pk)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
        return redirect("training:agreement-detail", pk=pk)
    try:
        services.agreement_attach(actor=request.user, agreement=agreement, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Document uploaded."))
    return redirect("training:agreement-detail", pk=pk)


@login_required
def attachment_download(request: AuthedRequest, pk: int, attachment_id: int) -> FileResponse:
    """Return a further document of an agreement the user may see (404 for anyone else)."""
    agreement = selectors.get_agreement_for_user(request.user, pk)
    attachment = agreement.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return FileResponse(
        attachment.file.storage.open(attachment.file.name, "rb"),
        content_type="application/pdf",
        filename=f"{agreement.number}-{attachment.pk}.pdf",
    )


@login_required
def enrollment_interest(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record (or correct) the date the person signed the interest statement, also after the nomination."""
    require(request.user, Capability.ENROLLMENT_EDIT)
    enrollment = selectors.get_enrollment_for_user(request.user, pk)
    form = forms.InterestForm(request.POST or None, initial={"signed_on": enrollment.interest_statement_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.enrollment_record_interest(
                actor=request.user, enrollment=enrollment, signed_on=form.cleaned_data["signed_on"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, _("Interest statement of %(name)s recorded.") % {"name": enrollment.person.full_name}
            )
            return redirect("training:batch-detail", pk=enrollment.batch_id)
    return render(
        request,
        "training/enrollment_form.html",
        {"form": form, "enrollment": enrollment, "reasons": None, "title": _("Interest statement")},
    )
