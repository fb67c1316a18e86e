"""Running a job: eager start, progress saved at most once a second, failures in the user's language, and a second
run of a finished job (a redelivered message) changing nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from bekal.audit.models import AuditEvent
from bekal.jobs import runner
from bekal.jobs.models import Job, JobStatus
from bekal.jobs.services import job_start
from bekal.jobs.tests.conftest import KIND, WorkerCrash


def start(user, django_capture_on_commit_callbacks, **params):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(actor=user, kind=KIND, params=params)
    job.refresh_from_db()
    return job


def test_a_started_job_runs_in_process_when_no_broker_is_set(users, echo_kind, django_capture_on_commit_callbacks):
    job = start(users.officer, django_capture_on_commit_callbacks)
    assert job.status == JobStatus.DONE and job.done == job.total == 5 and job.percent == 100
    assert job.result.read() == b"rows for officer\n" and job.result_name == "echo.txt"
    assert job.summary == ["5 rows"] and job.started_at and job.finished_at
    codes = list(AuditEvent.objects.filter(object_id=str(job.pk)).values_list("code", flat=True))
    assert sorted(codes) == ["jobs.job.completed", "jobs.job.started"]


def test_a_kind_refuses_at_the_start_whom_it_would_refuse_later(users, echo_kind):
    with pytest.raises(PermissionDenied):
        job_start(actor=users.partner, kind=KIND, params={})
    with pytest.raises(ValidationError) as refused:
        job_start(actor=users.officer, kind="no.such.kind", params={})
    assert "no.such.kind" in str(refused.value) and Job.objects.count() == 0


def test_progress_is_saved_at_most_once_a_second_and_at_the_end(users, echo_kind):
    job = job_start(actor=users.officer, kind=KIND, params={"rows": 100})
    ticks = iter([0.0, 0.2, 0.5, 0.9, 1.1, 1.5, 2.3] + [2.4] * 100)
    progress = runner.Progress(job, clock=lambda: next(ticks))
    seen = []
    for done in range(1, 101):
        progress(done, 100)
        seen.append(Job.objects.get(pk=job.pk).done)
    # Saved at 0.0 (first), 1.1, 2.3 (a second apart) and at the last row; every call in between waits.
    assert progress.saves == 4 and sorted(set(seen)) == [1, 5, 7, 100]
    assert Job.objects.get(pk=job.pk).percent is not None


@pytest.mark.parametrize(
    ("language", "words"),
    [("id", "Pekerjaan berhenti karena galat yang tidak terduga"), ("en", "The job stopped on an unexpected error")],
)
def test_a_failure_is_told_in_the_language_of_whoever_started_it(
    users, echo_kind, django_capture_on_commit_callbacks, language, words
):
    with translation.override(language):
        job = start(users.officer, django_capture_on_commit_callbacks, fail="crash")
    assert job.status == JobStatus.FAILED and words in job.error and str(job.pk) in job.error
    assert "disk on fire" not in job.error  # the details go to the log, not to the user
    assert AuditEvent.objects.filter(code="jobs.job.failed", object_id=str(job.pk)).count() == 1


def test_a_redelivered_message_of_a_done_job_changes_nothing(users, echo_kind, django_capture_on_commit_callbacks):
    job = start(users.officer, django_capture_on_commit_callbacks)
    events = AuditEvent.objects.count()
    assert runner.run(job.pk) == JobStatus.DONE
    assert AuditEvent.objects.count() == events and Job.objects.get(pk=job.pk).finished_at == job.finished_at


def test_a_job_whose_worker_died_runs_again_from_the_start(users, echo_kind):
    job = job_start(actor=users.officer, kind=KIND, params={"fail": "worker"})
    with pytest.raises(WorkerCrash):
        runner.run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING  # the message is redelivered: nothing marked it failed
    Job.objects.filter(pk=job.pk).update(params={"rows": 3, "fail": ""})
    assert runner.run(job.pk) == JobStatus.DONE
    assert Job.objects.get(pk=job.pk).done == 3
