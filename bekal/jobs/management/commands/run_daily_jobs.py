"""``manage.py run_daily_jobs [--date YYYY-MM-DD] [--only NAME]``: the daily jobs, in-process (as the scheduler's
task does at 01:00). Safe to run twice the same day: each job changes nothing the second time."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from bekal.jobs.daily import daily_jobs_run


class Command(BaseCommand):
    help = "Run every registered daily job (agreements expiring, ...) for a day; each in its own transaction."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", default="", help="the day (YYYY-MM-DD); today in Jakarta if omitted")
        parser.add_argument("--only", default="", help="run only the daily job of this name")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date {options['date']!r} is not a date (YYYY-MM-DD)") from exc
        try:
            counts = daily_jobs_run(today=today, only=options["only"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for name, count in counts.items():
            self.stdout.write(f"{today} {name}: {'FAILED' if count is None else count}")
        if any(count is None for count in counts.values()):
            raise CommandError(f"{sum(c is None for c in counts.values())} daily job(s) failed: see the log")
