"""The people import as a job: a worker dying half-way through writing leaves nothing, and the retry writes each row
once; the refused rows come back as the job's file."""

from datetime import date

import pytest
from django.utils import translation

from bekal.conftest import valid_nik
from bekal.jobs import runner
from bekal.jobs.models import Job, JobStatus
from bekal.jobs.services import job_start
from bekal.people import imports
from bekal.people.models import Person

HEADER = "full_name,nik,birth_date,sex,education,home_region,phone"


class WorkerCrash(BaseException):
    """The worker process dying: nothing in it may catch this and mark the job failed."""


def rows(n):
    lines = [HEADER]
    for i in range(n):
        born = date(1980, 1, 1 + i % 28)
        lines.append(f"Orang Nomor {i},{valid_nik(birth=born, female=False)},{born.isoformat()},M,,,")
    lines.append("Tanpa Tanggal,,,M,,,")  # refused: no birth date
    return "\n".join(lines).encode()


def test_a_crash_mid_import_leaves_nothing_and_the_retry_writes_each_row_once(users, world, monkeypatch):
    job = job_start(
        actor=users.officer, kind="people.import", params={"unit": world.martapura.pk}, upload=("p.csv", rows(6))
    )
    real_insert = imports.bulk_insert

    def insert_half_then_die(model, fields, values):
        real_insert(model, fields, list(values)[:3])  # three rows reach the database...
        raise WorkerCrash  # ...then the worker is killed before the commit

    monkeypatch.setattr(imports, "bulk_insert", insert_half_then_die)
    with pytest.raises(WorkerCrash):
        runner.run(job.pk)
    assert Person.objects.count() == 0 and Job.objects.get(pk=job.pk).status == JobStatus.RUNNING

    monkeypatch.setattr(imports, "bulk_insert", real_insert)
    assert runner.run(job.pk) == JobStatus.DONE  # the redelivered message
    assert runner.run(job.pk) == JobStatus.DONE  # and once more: already done, skipped
    names = list(Person.objects.values_list("full_name", flat=True))
    assert len(names) == 6 and len(set(names)) == 6
    job.refresh_from_db()
    refused = job.result.read().decode("utf-8-sig").splitlines()
    assert refused[0] == "Baris,Alasan" and refused[1].startswith("8,") and len(refused) == 2
    assert job.summary == ["6 orang terdaftar", "1 baris ditolak"] and job.done == job.total == 7


def test_a_file_without_the_required_columns_fails_with_the_reason_in_english(users, world):
    with translation.override("en"):
        job = job_start(
            actor=users.officer,
            kind="people.import",
            params={"unit": world.martapura.pk},
            upload=("p.csv", b"nama\nA\n"),
        )
    runner.run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "Missing columns: full_name, birth_date, sex" in job.error
