"""Jobs API: start a job of any registered kind (202 with the job resource), read it, download its file, list mine."""

from datetime import datetime
from typing import Any

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from bekal.accounts.types import AuthedRequest
from bekal.core.api_types import BoundedPages
from bekal.jobs import registry, selectors, services
from bekal.jobs.models import Job, JobStatus
from bekal.jobs.views import file_response

router = Router(tags=["jobs"])


class JobIn(Schema):
    kind: str
    params: dict[str, Any] = {}


class JobStarted(Schema):
    id: int
    url: str


class JobOut(Schema):
    id: int
    kind: str
    label: str
    status: str
    done: int
    total: int | None
    percent: int | None
    summary: list[str]
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    url: str
    page_url: str
    download_url: str | None

    @staticmethod
    def resolve_label(obj: Job) -> str:
        return registry.label_of(obj.kind)

    @staticmethod
    def resolve_url(obj: Job) -> str:
        return job_api_url(obj)

    @staticmethod
    def resolve_page_url(obj: Job) -> str:
        return reverse("jobs:detail", args=[obj.pk])

    @staticmethod
    def resolve_download_url(obj: Job) -> str | None:
        if obj.status != JobStatus.DONE or not obj.result:
            return None
        return reverse("api-v1:job_file", args=[obj.pk])


def job_api_url(job: Job) -> str:
    """Return the API address of a job resource."""
    return reverse("api-v1:job_detail", args=[job.pk])


def accepted(job: Job) -> Status:
    """Return the 202 answer of an endpoint that started a job: where to follow it."""
    return Status(202, {"id": job.pk, "url": job_api_url(job)})


@router.post("/jobs", response={202: JobStarted})
def job_start(request: AuthedRequest, payload: JobIn) -> Status:
    """Start a job of a registered kind (an export, the KPI facts rebuild...): 202 with the job's address."""
    return accepted(services.job_start(actor=request.user, kind=payload.kind, params=payload.params))


@router.get("/jobs", response=list[JobOut])
@paginate(BoundedPages)
def job_list(request: AuthedRequest) -> Any:
    """List the caller's jobs, newest first."""
    return selectors.jobs_of_user(request.user)


@router.get("/jobs/{job_id}", response=JobOut, url_name="job_detail")
def job_detail(request: AuthedRequest, job_id: int) -> Job:
    """Return one of the caller's jobs: status, progress, and the download address once done."""
    return selectors.get_job_for_user(request.user, job_id)


@router.get("/jobs/{job_id}/file", response={200: None}, url_name="job_file")
def job_file(request: HttpRequest, job_id: int) -> FileResponse:
    """Download a done job's file; only the user who started it may."""
    return file_response(selectors.get_job_for_user(request.user, job_id))
