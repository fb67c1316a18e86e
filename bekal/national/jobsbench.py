"""The national people export as a background job on a real Celery worker: the time from "start export" to "file
ready", and the worker's peak memory (the pool process's high-water mark, VmHWM) against the 300 MB target.

Needs the bench run with ``BEKAL_REDIS_URL`` set (jobs then go to the broker instead of running in-process): the
worker is started here with the bench's environment, and stopped afterwards. This process only records the job; the
worker streams the rows.
"""

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from bekal.jobs.services import job_start
from bekal.national import scaleout

EXPORT_TARGET_MB = 300.0
KIND = "kpis.people_xlsx"


@dataclass
class ExportRun:
    seconds: float
    rows: int
    status: str
    worker_peak_mb: float
    summary: list[str]


def national_export(*, user: Any, params: dict[str, Any], timeout: float = 900.0) -> ExportRun:
    """Start the export as ``user`` on a worker of our own and wait for its file; return the figures."""
    worker = subprocess.Popen(  # noqa: S603 - our own celery worker for the bench's database
        [str(Path(sys.executable).parent / "celery"), "-A", "bekal", "worker", "--concurrency=1", "--loglevel=WARNING"],
        env={**os.environ, "BEKAL_LOG_LEVEL": "WARNING"},
        start_new_session=True,
    )
    peak = 0.0
    try:
        time.sleep(5)  # the worker imports Django and connects before the job is sent
        started = time.perf_counter()
        with transaction.atomic():
            job = job_start(actor=user, kind=KIND, params=params)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for pid in [worker.pid, *scaleout.children(worker.pid)]:
                peak = max(peak, scaleout.rss_mb(pid, "VmHWM"))
            job.refresh_from_db()
            if job.status in ("done", "failed"):
                break
            time.sleep(0.5)
        seconds = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return ExportRun(seconds, job.done, str(job.status), peak, [*(job.summary or []), job.error or ""])


def op_national_export(ctx: Any) -> Any:
    """The people behind the national certification rate's denominator, every year (about 150,000 at scale 1), as
    a job on a real worker: time to the file and the worker's peak memory."""
    from bekal.national.bench import Result, Timing, _skipped  # this module is one of bench's operations

    name = "national people export, as a job"
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return _skipped(name, "jobs run in-process: run the bench with BEKAL_REDIS_URL set")
    run = national_export(user=ctx.national, params={"kpi": "certification", "part": "denominator"})
    return Result(
        name,
        Timing(run.seconds * 1000, run.seconds * 1000),
        None,
        None,
        None,
        [
            (f"job {run.status}", run.status == "done"),
            (f"worker peak {run.worker_peak_mb:.0f} MB<300", run.worker_peak_mb < EXPORT_TARGET_MB),
        ],
        f"{run.rows:,} rows in {run.seconds:.1f} s; load {scaleout.load_average()}",
        [f"  {line}" for line in run.summary if line],
    )
