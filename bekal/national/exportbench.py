"""The national exports as jobs, measured one by one in this process: what starting one costs the process that
starts it (the web request: the job's row and its audit event), then the job's own run, with its wall and CPU time,
the resident memory at its start and its peak (VmHWM, reset before each run), optionally the peak of Python's
allocations (tracemalloc), and the load average beside each.

Run by ``manage.py export_bench [--trace] [--only KIND ...]`` on a generated nation (``generate_national``), with
``BEKAL_DEBUG=0`` as a worker runs. The job is run here by ``bekal.jobs.runner`` (as a Celery worker runs it), not
queued: the figures are the job's alone.
"""

import os
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from unittest import mock

from django.db import transaction
from django.utils import timezone

from bekal.accounts.models import User
from bekal.jobs import runner, services
from bekal.jobs.models import Job
from bekal.national.scaleout import rss_mb
from bekal.national.sdpbench import _cpu, _reset_peak, load_average

# (kind, the generated user who starts it, parameters): the biggest list each export can make at national scope.
EXPORTS: list[tuple[str, str, dict[str, Any]]] = [
    ("kpis.people_xlsx", "bench.national", {"kpi": "certification", "part": "denominator"}),
    ("placement.karirhub_xlsx", "bench.national", {}),
    ("accounts.audit_export", "bench.admin", {"format": "xlsx"}),
    ("accounts.audit_export", "bench.admin", {"format": "csv"}),
]


@dataclass
class ExportRun:
    kind: str
    params: dict[str, Any]
    status: str
    rows: int
    summary: list[str]
    start_cost_mb: float  # resident growth of the starting process across job_start (the web request's share)
    seconds: float
    cpu_seconds: float
    start_mb: float
    peak_mb: float
    traced_peak_mb: float | None
    file_mb: float
    load: str


def _started(user: User, kind: str, params: dict[str, Any]) -> tuple[Job, float]:
    before = rss_mb(os.getpid())
    with mock.patch.object(services, "_enqueue", lambda job_id: None), transaction.atomic():
        job = services.job_start(actor=user, kind=kind, params=params)
    return job, rss_mb(os.getpid()) - before


def export_run(user: User, kind: str, params: dict[str, Any], *, trace: bool = False) -> ExportRun:
    """Start one export as ``user`` and run its job here; return the figures."""
    job, start_cost = _started(user, kind, params)
    _reset_peak()
    start_mb = rss_mb(os.getpid())
    if trace:
        tracemalloc.start()
    started, cpu = time.perf_counter(), _cpu()
    status = runner.run(job.pk)
    seconds, cpu_seconds = time.perf_counter() - started, _cpu() - cpu
    traced = None
    if trace:
        traced = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    peak = rss_mb(os.getpid(), "VmHWM")
    job.refresh_from_db()
    size = job.result.size / 2**20 if job.result else 0.0
    summary = [*(job.summary or []), *([job.error] if job.error else [])]
    return ExportRun(
        kind, params, status, job.done, summary, start_cost, seconds, cpu_seconds, start_mb, peak, traced, size,
        load_average(),
    )  # fmt: skip


def seed_audit(rows: int) -> int:
    """Add synthetic audit events until the trail holds ``rows`` (a generated nation bypasses the audit trail, so its
    export would have nothing to stream); return how many were added."""
    from bekal.audit.models import AuditEvent

    missing = rows - AuditEvent.objects.count()
    now = timezone.now()
    admin = User.objects.filter(username="bench.admin").first()
    for start in range(0, max(missing, 0), 5_000):
        AuditEvent.objects.bulk_create(
            AuditEvent(
                code="people.person.updated",
                at=now,
                actor=admin,
                unit_id=admin.organization_id if admin else None,
                object_type="people.person",
                object_id=str(start + i),
                object_repr=f"Warga Binaan {start + i}",
                changes={"phone": ["0812", f"0813{start + i:06d}"]},
            )
            for i in range(min(5_000, missing - start))
        )
    return max(missing, 0)


def run_export_bench(
    *, log: Callable[[str], Any], trace: bool = False, only: list[str] | None = None, audit_rows: int = 50_000
) -> list[ExportRun]:
    """Run each national export once; log and return the figures."""
    if audit_rows and (not only or "accounts.audit_export" in only):
        log(f"audit events added for the audit export: {seed_audit(audit_rows):,}")
    log(f"load average before: {load_average()}; resident {rss_mb(os.getpid()):.0f} MB")
    runs = []
    for kind, username, params in EXPORTS:
        if only and kind not in only:
            continue
        user = User.objects.filter(username=username).first()
        if user is None:
            log(f"{kind}: skipped, no user {username} (generate the nation first)")
            continue
        run = export_run(user, kind, params, trace=trace)
        runs.append(run)
        traced = f", Python allocations at peak {run.traced_peak_mb:.1f} MB" if run.traced_peak_mb else ""
        log(
            f"{kind} {params}: {run.status}, {run.rows:,} rows, file {run.file_mb:.1f} MB; starting it cost the "
            f"starting process {run.start_cost_mb:+.1f} MB; job {run.seconds:.1f} s wall, {run.cpu_seconds:.1f} s CPU; "
            f"resident {run.start_mb:.0f} MB at start, peak {run.peak_mb:.0f} MB{traced}; load average {run.load}; "
            f"{'; '.join(run.summary)}"
        )
    return runs
