"""Writes to jobs: started by a person (audited, enqueued once the transaction commits), then moved by the runner."""

import functools
from datetime import datetime
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import translation

from bekal.audit.services import audit_record
from bekal.core.uploads import SNIFF_BYTES, check_upload
from bekal.jobs import registry
from bekal.jobs.models import Job, JobStatus
from bekal.jobs.transitions import JOB


class JobAlreadyFinished(Exception):
    """Raised inside a job's transaction when another run finished it first: the transaction rolls back."""


def _enqueue(job_id: int) -> None:
    from bekal.jobs.tasks import run_job

    run_job.delay(job_id)


@transaction.atomic
def job_start(
    *, actor: Any, kind: str, params: dict[str, Any], upload: tuple[str, bytes | IO[bytes]] | None = None
) -> Job:
    """Record a job of a registered kind for the actor and queue it once this transaction commits.

    The kind's ``prepare`` checks the actor may do this work (each kind needs its own capability) and cleans the
    parameters, so a refusal answers the request at once. With no broker configured the job runs in-process right
    after the commit (``CELERY_TASK_ALWAYS_EAGER``): it is done when the caller redirects to its page.
    """
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("jobs.start")
    spec = registry.get_kind(kind)
    params = spec.prepare(actor, dict(params)) if spec.prepare else dict(params)
    job = Job(kind=kind, user=actor, params=params, language=translation.get_language() or "id")
    if upload is not None:
        name, content = upload
        stored: File
        if isinstance(content, bytes):
            head, size, stored = content[:SNIFF_BYTES], len(content), ContentFile(content)
        else:
            # An uploaded file (Django keeps a big one on disk): copied to the storage in chunks, never read whole
            # into the request's memory.
            head = content.read(SNIFF_BYTES)
            content.seek(0, 2)
            size = content.tell()
            content.seek(0)
            stored = File(content)
        # Every upload a job reads is a table (a register or catalogue import): its kind and size are checked here.
        check_upload(name=name, head=head, size=size, kind="table", field="file")
        job.input_name = name[:255]
        job.input_file.save(name, stored, save=False)
    job.save()
    audit_record(
        code="jobs.job.started",
        actor=actor,
        unit=getattr(actor, "organization", None),
        obj=job,
        changes={"kind": [None, kind], "params": [None, params], "file": [None, job.input_name or None]},
    )
    transaction.on_commit(functools.partial(_enqueue, job.pk))
    return job


def job_mark_running(*, job: Job, now: datetime) -> None:
    """Mark a queued job running; a running one (its message redelivered after a worker died) starts again."""
    if job.status != JobStatus.RUNNING:
        JOB.move(job, JobStatus.RUNNING)
    job.done, job.started_at = 0, now
    Job.objects.filter(pk=job.pk).update(status=job.status, done=0, started_at=now)


def job_complete(*, job: Job, result: registry.JobResult, now: datetime) -> None:
    """Store the job's file and mark it done, in the caller's transaction (with the work itself for a kind that
    writes). Raise JobAlreadyFinished when another run got there first, so this run's work is rolled back."""
    JOB.check(JobStatus.RUNNING, JobStatus.DONE)
    job.result.save(result.name, _as_file(result.content), save=False)
    job.result_name = result.name[:255]
    finished = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=JobStatus.DONE,
        result=job.result.name,
        result_name=job.result_name,
        summary=[str(line) for line in result.summary],
        total=job.total,
        done=job.total or 0,
        error="",
        finished_at=now,
    )
    if finished != 1:
        job.result.delete(save=False)
        raise JobAlreadyFinished(job.pk)
    job.status = JobStatus.DONE
    audit_record(
        code="jobs.job.completed",
        actor=job.user,
        unit=job.user.organization,
        obj=job,
        changes={"status": [JobStatus.RUNNING, JobStatus.DONE], "file": [None, job.result_name]},
        at=now,
    )


@transaction.atomic
def job_fail(*, job: Job, message: str, now: datetime) -> None:
    """Mark a job failed with a reason in its user's language; a job already finished is left as it is."""
    old = Job.objects.select_for_update().get(pk=job.pk).status
    if old in (JobStatus.DONE, JobStatus.FAILED):
        return
    JOB.check(old, JobStatus.FAILED)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error=message, finished_at=now)
    job.status, job.error, job.finished_at = JobStatus.FAILED, message, now
    audit_record(
        code="jobs.job.failed",
        actor=job.user,
        unit=job.user.organization,
        obj=job,
        changes={"status": [old, JobStatus.FAILED], "error": [None, message]},
        at=now,
    )


def _as_file(content: Any) -> File:
    """Return the job's content as a Django File for the storage API (bytes, a file object or chunks)."""
    if isinstance(content, bytes):
        return ContentFile(content)
    if hasattr(content, "read"):
        content.seek(0)
        return File(content)
    import tempfile

    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (closed with the File)
    for chunk in content:
        spool.write(chunk)
    spool.seek(0)
    return File(spool)
