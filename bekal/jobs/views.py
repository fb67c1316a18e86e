"""The job page (progress, the file, the failure reason), "My downloads", and the download of a job's file."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render

from bekal.accounts.types import AuthedRequest
from bekal.core.pagination import paginate
from bekal.jobs import registry, selectors
from bekal.jobs.models import Job, JobStatus


def file_response(job: Job) -> FileResponse:
    """Stream a done job's file from the default storage (local disk or S3: the storage API, never a path)."""
    if job.status != JobStatus.DONE or not job.result:
        raise Http404
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name or "")


@login_required
def job_list(request: AuthedRequest) -> HttpResponse:
    """List the user's jobs, newest first, with their state and file."""
    context = paginate(request, selectors.jobs_of_user(request.user))
    for job in context["page_obj"]:
        job.label = registry.label_of(job.kind)
    return render(request, "jobs/job_list.html", context)


@login_required
def job_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show a job; htmx polls the status block every second until the job is done or failed."""
    job = selectors.get_job_for_user(request.user, pk)
    context = {"job": job, "label": registry.label_of(job.kind)}
    if request.headers.get("HX-Request"):
        return render(request, "jobs/_status.html", context)
    return render(request, "jobs/job_detail.html", context)


@login_required
def job_download(request: AuthedRequest, pk: int) -> FileResponse:
    """Send the job's file to the user who started it."""
    return file_response(selectors.get_job_for_user(request.user, pk))
