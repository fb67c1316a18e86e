from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bekal.national.generate import generate_national

ANCHOR = date(2026, 11, 23)


class Command(BaseCommand):
    help = "Build a deterministic synthetic nation (units, users, people, periods) in a freshly migrated database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scale", type=float, default=1.0, help="1 = the whole nation; 0.1 a tenth; 0.01 ...")
        parser.add_argument("--today", type=date.fromisoformat, default=ANCHOR, help="anchor date, YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            generate_national(
                seed=options["seed"], scale=options["scale"], today=options["today"], log=self.stdout.write
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
