"""Running one job: the kind's work, its progress, its file, done or failed; safe to run twice (Celery's acks_late
redelivers the message of a worker that died)."""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bekal.jobs import registry
from bekal.jobs.models import Job
from bekal.jobs.services import JobAlreadyFinished, job_complete, job_fail, job_mark_running

logger = logging.getLogger(__name__)


class Progress:
    """The ``progress(done, total)`` callback handed to a kind: saves at most once per ``interval`` seconds (and the
    last step), so a loop may call it on every row.

    A kind that writes runs in one transaction; a save through that transaction would stay invisible to the job page
    until the end. On PostgreSQL the figures go through a second connection of their own instead (in autocommit);
    SQLite has one writer at a time, so there they wait for the end like the rows.
    """

    def __init__(self, job: Job, *, interval: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.job = job
        self.interval = interval
        self.clock = clock
        self.last: float | None = None
        self.saves = 0
        self._side: Any = None

    def __call__(self, done: int, total: int | None = None) -> None:
        if total is not None:
            self.job.total = total
        self.job.done = min(done, self.job.total) if self.job.total is not None else done
        now = self.clock()
        last_step = self.job.total is not None and self.job.done >= self.job.total
        if self.last is not None and now - self.last < self.interval and not last_step:
            return
        self.last = now
        self.saves += 1
        if not (connection.in_atomic_block and connection.vendor == "postgresql" and self._save_aside()):
            Job.objects.filter(pk=self.job.pk).update(done=self.job.done, total=self.job.total)

    def _save_aside(self) -> bool:
        """Save through the second connection; False when it cannot see the row (a test's open transaction)."""
        if self._side is None:
            self._side = connections.create_connection(DEFAULT_DB_ALIAS)
        with self._side.cursor() as cursor:
            cursor.execute(
                "UPDATE jobs_job SET done = %s, total = %s WHERE id = %s",
                [self.job.done, self.job.total, self.job.pk],
            )
            return bool(cursor.rowcount)

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


def failure_message(error: Exception, *, job_id: int) -> str:
    """Return why a job failed, in the active language, as its user can act on it."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, PermissionDenied):
        return _("You may no longer do this work: your roles changed after the job was started.")
    if isinstance(error, Http404):
        return _("A record this job needs no longer exists or is no longer within your reach.")
    return _(
        "The job stopped on an unexpected error. Start it again; if it fails again, tell the administrators "
        "(job %(id)s)."
    ) % {"id": job_id}


def run(job_id: int, *, interval: float = 1.0) -> str:
    """Run a job once and return its status; a job already done or failed is left as it is."""
    job = Job.objects.select_related("user", "user__organization").filter(pk=job_id).first()
    if job is None:
        logger.warning("job %s: no such job", job_id)
        return "missing"
    if job.is_finished:
        logger.info("job %s: already %s, skipped", job_id, job.status)
        return str(job.status)
    with translation.override(job.language):
        return _run(job, interval=interval)


def _run(job: Job, *, interval: float) -> str:
    progress = Progress(job, interval=interval)
    try:
        spec = registry.get_kind(job.kind)
        job_mark_running(job=job, now=timezone.now())
        if spec.atomic:
            # The rows and "done" commit together: a crash before the commit leaves nothing for the retry to double.
            with transaction.atomic():
                job_complete(job=job, result=spec.run(job, progress), now=timezone.now())
        else:
            result = spec.run(job, progress)
            with transaction.atomic():
                job_complete(job=job, result=result, now=timezone.now())
    except JobAlreadyFinished:
        logger.info("job %s: finished by another run meanwhile; this run rolled back", job.pk)
        return "skipped"
    except Exception as error:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job_fail(job=job, message=failure_message(error, job_id=job.pk), now=timezone.now())
    finally:
        progress.close()
    logger.info("job %s (%s): %s", job.pk, job.kind, job.status)
    return str(job.status)
