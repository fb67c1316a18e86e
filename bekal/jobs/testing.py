"""Test helpers for pages and endpoints that start a job (imported by tests only).

In a test the request's transaction never commits, so the job queued ``on_commit`` runs only when the test asks:
wrap the request in pytest-django's ``django_capture_on_commit_callbacks(execute=True)`` (eager mode: the job is done
when the block ends), then follow the answer to the job and its file with ``job_of`` and ``job_file``.
"""

from typing import Any

from django.urls import resolve, reverse

from bekal.jobs.models import Job, JobStatus


def job_of(response: Any) -> Job:
    """Return the job a page redirected to (302 to its page) or an endpoint answered with (202 and its id)."""
    if response.status_code == 202:
        return Job.objects.get(pk=response.json()["id"])
    assert response.status_code == 302, f"expected a redirect to a job, got {response.status_code}"
    match = resolve(response["Location"])
    assert match.view_name == "jobs:detail", f"redirected to {response['Location']}, not a job"
    return Job.objects.get(pk=match.kwargs["pk"])


def job_file(client: Any, response: Any) -> bytes:
    """Follow the answer to its job's page, check the job is done and return its file, downloaded as its user."""
    job = job_of(response)
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert page.status_code == 200
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, f"job {job.kind} is {job.status}: {job.error}"
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    return b"".join(download.streaming_content)
