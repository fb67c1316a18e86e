"""The notifications' part of the demo: the day's jobs, run over every other app's demo data."""

from datetime import date
from typing import Any

from bekal.core import registry


def load(*, today: date, users: dict[str, Any]) -> None:
    """Run every daily job for the demo's date, as the scheduler would that morning, so the demo users find notices
    in their inbox (and the bell shows a count). Each job is safe to run again: a second load tells nobody twice."""
    for job in registry.daily_jobs:
        job.func(today=today)
