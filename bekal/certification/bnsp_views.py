"""The pages that load BNSP's certificate list for an assessment: upload (a dry run starts as a job), then the dry
run's page with each row and the button that starts the import job."""

import csv
import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.certification import bnsp, jobs, selectors
from bekal.jobs import selectors as job_selectors
from bekal.jobs.models import Job, JobStatus
from bekal.jobs.services import job_start


class CertificateFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("BNSP's certificate list (XLSX or CSV)"))


@login_required
def bnsp_certificates(request: AuthedRequest, pk: int) -> HttpResponse:
    """Upload BNSP's certificate list: its dry run starts as a job, and its page shows what each row would do."""
    require(request.user, Capability.ASSESSMENT_RECORD)
    event = selectors.get_assessment_for_user(request.user, pk)
    form = CertificateFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = job_start(
                actor=request.user,
                kind=jobs.CERTIFICATES_CHECK,
                params={"event": event.pk},
                upload=(upload.name, upload),
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            return redirect("certification:bnsp-certificates-check", pk=event.pk, job=job.pk)
    return render(request, "certification/bnsp_certificates.html", {"event": event, "form": form})


def _plan_rows(job: Job) -> tuple[list[str], list[list[str]]]:
    with job.result.open("rb") as file:
        rows = list(csv.reader(io.TextIOWrapper(file, encoding="utf-8-sig", newline="")))
    return (rows[0], rows[1:]) if rows else ([], [])


@login_required
def bnsp_certificates_check(request: AuthedRequest, pk: int, job: int) -> HttpResponse:
    """Show a dry run of BNSP's certificate list (its progress, then each row) and the button that imports it."""
    require(request.user, Capability.ASSESSMENT_RECORD)
    event = selectors.get_assessment_for_user(request.user, pk)
    check = job_selectors.get_job_for_user(request.user, job)
    if check.kind != jobs.CERTIFICATES_CHECK or check.params.get("event") != event.pk:
        raise Http404
    context: dict[str, object] = {"event": event, "job": check}
    if request.method == "POST":
        try:
            started = job_start(actor=request.user, kind=jobs.CERTIFICATES_IMPORT, params={"check": check.pk})
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
        else:
            return redirect("jobs:detail", pk=started.pk)
    if check.status == JobStatus.DONE and check.result:
        header, rows = _plan_rows(check)
        with translation.override(check.language):  # the file's labels are in the language it was written in
            created = str(bnsp.ACTION_LABELS[bnsp.CREATE])
        context.update(header=header, rows=rows, can_import=any(len(row) > 1 and row[1] == created for row in rows))
    return render(request, "certification/bnsp_certificates_check.html", context)
