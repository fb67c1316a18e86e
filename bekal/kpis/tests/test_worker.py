"""One export through a real Celery worker on Redis and PostgreSQL: the deployment's path, not the in-process one.

Starts ``celery -A bekal worker`` as a subprocess on its own queue (Redis database 1 unless ``BEKAL_TEST_REDIS_URL``
says otherwise), sends it the job, waits for the job row to be done and stops the worker. Skipped when no Redis
answers or the tests do not run on PostgreSQL (the worker must share the test database). Under 30 s.
"""

import io
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection
from openpyxl import load_workbook

from bekal.jobs.models import Job, JobStatus
from bekal.jobs.services import job_start

REDIS_URL = os.environ.get("BEKAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
ROOT = Path(__file__).resolve().parents[3]


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def _database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_export_runs_on_a_real_worker(users, tmp_path):
    if not _redis_answers():
        pytest.skip(f"no Redis answers at {REDIS_URL}: start redis-server to run the worker test")
    if connection.vendor != "postgresql":
        pytest.skip(
            "the worker test needs PostgreSQL: run with DATABASE_URL=postgres://... "
            "(SQLite's test database is in memory)"
        )
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "BEKAL_REDIS_URL": REDIS_URL,
        "BEKAL_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "BEKAL_SECRET_KEY": settings.SECRET_KEY,
    }
    command = [sys.executable, "-m", "celery", "-A", "bekal", "worker", "--pool=solo", "-Q", queue, "-l", "info"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        job = job_start(actor=users.officer, kind="kpis.table_xlsx", params={"by": "unit"})
        # The people export saves its progress inside its transaction through a second connection (PostgreSQL).
        people = job_start(
            actor=users.officer, kind="kpis.people_xlsx", params={"kpi": "completion", "part": "numerator"}
        )
        sender = Celery(broker=REDIS_URL)
        for started in (job, people):
            sender.send_task("bekal.jobs.tasks.run_job", args=[started.pk], queue=queue)
        deadline = time.monotonic() + 25
        while (
            time.monotonic() < deadline and Job.objects.filter(pk__in=[job.pk, people.pk], status="done").count() != 2
        ):
            time.sleep(0.25)
        job.refresh_from_db()
        people.refresh_from_db()
        for done in (job, people):
            assert done.status == JobStatus.DONE, f"job {done.status} {done.error}\n{log.read_text()[-3000:]}"
        sheet = load_workbook(io.BytesIO(job.result.read())).worksheets[0]
        assert [row[0] for row in sheet.iter_rows(min_row=3, max_row=3, values_only=True)] == ["Tingkat sertifikasi"]
        listed = load_workbook(io.BytesIO(people.result.read())).worksheets[0]
        assert list(listed.iter_rows(values_only=True)) == [("Nama", "NIK", "Tanggal lahir", "Didaftarkan di")]
        sender.close()
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
    assert Job.objects.get(pk=job.pk).finished_at is not None
