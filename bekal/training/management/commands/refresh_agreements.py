"""``manage.py refresh_agreements [--date YYYY-MM-DD]``: the daily job that marks agreements expiring and expired.

Runs ``agreements_refresh`` as the system: its audit events have no actor, which is how the trail shows a scheduled
job. Safe to run again the same day (or after a missed day): an agreement already in its status is not touched and
records no second event.
"""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from bekal.training.services import agreements_refresh

# The scheduled job acts for no person; audit_record stores an actor without a pk as none.
SYSTEM_ACTOR = None


class Command(BaseCommand):
    help = "Mark agreements within their notice period as expiring and past their end as expired (audited)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", default="", help="the day (YYYY-MM-DD); today in Jakarta if omitted")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date {options['date']!r} is not a date (YYYY-MM-DD)") from exc
        moved = agreements_refresh(actor=SYSTEM_ACTOR, today=today)
        self.stdout.write(f"{today}: {moved} agreement(s) moved")
