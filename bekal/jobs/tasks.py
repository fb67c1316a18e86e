"""The Celery tasks: one runs any job, one runs the daily jobs (scheduled by ``CELERY_BEAT_SCHEDULE``)."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from bekal.jobs import daily, runner


@shared_task(name="bekal.jobs.tasks.run_job", acks_late=True, reject_on_worker_lost=True)
def run_job(job_id: int) -> str:
    """Run a background job; a redelivered message finds it done and changes nothing."""
    return runner.run(job_id)


@shared_task(name="bekal.jobs.tasks.run_daily_jobs", acks_late=True, reject_on_worker_lost=True)
def run_daily_jobs(day: str = "") -> dict[str, int | None]:
    """Run every registered daily job for the day (today in Jakarta when not given)."""
    today = date.fromisoformat(day) if day else timezone.localdate()
    return daily.daily_jobs_run(today=today)
