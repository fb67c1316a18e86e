"""The SDP import pages: upload a file for a dry run, read its plan row by row, then import it as a job."""

import csv
import io
from itertools import islice
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.core.forms import form_add_service_errors
from bekal.jobs import selectors as job_selectors
from bekal.jobs.models import Job, JobStatus
from bekal.jobs.services import job_start
from bekal.organizations.models import OrganizationKind
from bekal.organizations.scope import scoped_units
from bekal.people.forms import PeopleImportForm
from bekal.people.sdp import jobs
from bekal.people.sdp.columns import HEADERS

SHOWN_ROWS = 500  # the page shows the plan's first rows; the whole plan is the dry run's file


def _mapping() -> list[tuple[str, str]]:
    return [(", ".join(aliases[:-1]), aliases[-1]) for aliases in HEADERS.values()]


@login_required
def sdp_import(request: AuthedRequest) -> HttpResponse:
    """Upload an SDP export: a dry run starts at once, and its page shows what the import would do."""
    require(request.user, Capability.PEOPLE_EDIT)
    units = scoped_units(request.user).filter(kind__in=OrganizationKind.correctional_units()).order_by("name")
    own = units.filter(pk=request.user.organization_id or 0).first() or units.first()
    form = PeopleImportForm(request.POST or None, request.FILES or None, units=units, initial={"registered_unit": own})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = job_start(
                actor=request.user,
                kind=jobs.CHECK,
                params={"unit": form.cleaned_data["registered_unit"].pk},
                upload=(upload.name, upload),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("people:sdp-check", pk=job.pk)
    return render(request, "people/sdp/import.html", {"form": form, "mapping": _mapping()})


def _plan_rows(job: Job) -> tuple[list[str], list[list[str]]]:
    with job.result.open("rb") as file:
        text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
        sample = text.readline()
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
        header = next(reader, [])
        rows = list(islice(csv.reader(text, delimiter=delimiter), SHOWN_ROWS))
    return header, rows


@login_required
def sdp_check(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show a dry run: its progress, then each row's action and reasons, and the button that imports the file."""
    require(request.user, Capability.PEOPLE_EDIT)
    job = job_selectors.get_job_for_user(request.user, pk)
    if job.kind != jobs.CHECK:
        raise Http404
    context: dict[str, Any] = {"job": job, "shown": SHOWN_ROWS}
    if request.method == "POST":
        try:
            started = job_start(actor=request.user, kind=jobs.IMPORT, params={"check": job.pk})
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
        else:
            return redirect("jobs:detail", pk=started.pk)
    if job.status == JobStatus.DONE and job.result:
        context["header"], context["rows"] = _plan_rows(job)
    return render(request, "people/sdp/check.html", context)
