"""The daily jobs: each in its own transaction, one failing leaves the others to run, twice a day changes nothing."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bekal.core import registry
from bekal.core.registry import DailyJob
from bekal.jobs.daily import daily_jobs_run
from bekal.jobs.tasks import run_daily_jobs


@pytest.fixture
def daily(db):
    seen: list[date] = []
    marked: set[date] = set()

    def mark(*, today):
        seen.append(today)
        if today in marked:
            return 0
        marked.add(today)
        return 1

    def broken(*, today):
        raise RuntimeError("mail server down")

    jobs = [DailyJob("tests.broken", broken), DailyJob("tests.mark", mark)]
    registry.daily_jobs.extend(jobs)
    yield seen
    for job in jobs:
        registry.daily_jobs.remove(job)


def test_one_failing_job_does_not_stop_the_others_and_a_second_run_changes_nothing(daily):
    first = daily_jobs_run(today=date(2026, 3, 2))
    assert first["tests.broken"] is None and first["tests.mark"] == 1
    assert daily_jobs_run(today=date(2026, 3, 2))["tests.mark"] == 0


def test_the_agreements_refresh_is_a_daily_job():
    assert "training.agreements_refresh" in [job.name for job in registry.daily_jobs]


def test_the_command_runs_one_job_for_a_date_and_names_the_known_ones(daily):
    out = StringIO()
    call_command("run_daily_jobs", "--date", "2026-03-02", "--only", "tests.mark", stdout=out)
    assert "2026-03-02 tests.mark: 1" in out.getvalue() and daily == [date(2026, 3, 2)]
    with pytest.raises(CommandError, match="agreements_refresh"):
        call_command("run_daily_jobs", "--only", "nope")
    with pytest.raises(CommandError, match="1 daily job"):
        call_command("run_daily_jobs", "--date", "2026-03-02", stdout=StringIO())


def test_the_scheduled_task_runs_them_for_the_day(daily):
    counts = run_daily_jobs.delay("2026-03-03").get()
    assert counts["tests.mark"] == 1 and counts["tests.broken"] is None


def test_the_beat_schedule_runs_the_daily_jobs_at_one_in_jakarta(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["daily-jobs"]
    assert entry["task"] == "bekal.jobs.tasks.run_daily_jobs"
    assert entry["schedule"].hour == {1} and entry["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == "Asia/Jakarta"
