"""Reads of jobs: a user sees the jobs they started, and no one else's (another's job is a 404)."""

from typing import Any

from django.http import Http404

from bekal.jobs.models import Job, JobQuerySet


def jobs_of_user(user: Any) -> JobQuerySet:
    """Return the user's jobs, newest first."""
    return Job.objects.of_user(user)


def get_job_for_user(user: Any, pk: int) -> Job:
    """Return the user's job; 404 for a job another user started or one that does not exist."""
    job = Job.objects.filter(pk=pk, user_id=user.pk).first()
    if job is None:
        raise Http404
    return job
