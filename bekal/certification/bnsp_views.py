"""The page that loads BNSP's certificate list for an assessment: a dry run first, then the import."""

import base64

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.certification import bnsp, selectors

TOKEN_SECONDS = 3600  # how long a checked file may wait for its import


class CertificateFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("BNSP's certificate list (XLSX or CSV)"))


def _salt(request: AuthedRequest, pk: int) -> str:
    # A checked file is bound to its user and assessment: a token cannot be replayed elsewhere.
    return f"bnsp-certificates:{request.user.pk}:{pk}"


@login_required
def bnsp_certificates(request: AuthedRequest, pk: int) -> HttpResponse:
    """Upload BNSP's certificate list: the dry run shows each row; "Import" issues the certificates it accepts."""
    require(request.user, Capability.ASSESSMENT_RECORD)
    event = selectors.get_assessment_for_user(request.user, pk)
    form = CertificateFileForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"event": event, "form": form}
    try:
        if request.method == "POST" and "token" in request.POST:
            data = signing.loads(request.POST["token"], salt=_salt(request, pk), max_age=TOKEN_SECONDS)
            rows = bnsp.certificates_import(
                actor=request.user, event=event, filename=data["name"], content=base64.b64decode(data["content"])
            )
            created = sum(1 for r in rows if r.action == bnsp.CREATE)
            message = ngettext("%(n)s certificate recorded", "%(n)s certificates recorded", created)
            messages.success(request, message % {"n": created})
            return redirect("certification:assessment-detail", pk=event.pk)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            rows = bnsp.certificates_plan(actor=request.user, event=event, filename=upload.name, content=content)
            token = {"name": upload.name, "content": base64.b64encode(content).decode()}
            context.update(
                rows=rows,
                token=signing.dumps(token, salt=_salt(request, pk), compress=True),
                can_import=any(r.action == bnsp.CREATE for r in rows),
            )
    except signing.BadSignature:
        form.add_error(None, _("The checked file has expired; upload it again."))
    except ValidationError as error:
        form.add_error(None, " ".join(error.messages))
    return render(request, "certification/bnsp_certificates.html", context)
