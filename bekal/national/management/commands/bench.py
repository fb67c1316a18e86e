from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bekal.national.bench import run_bench


class Command(BaseCommand):
    help = "Time each operation against its SQL floor on the generated national dataset and print the table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--only", nargs="*", help="run only the operations whose name contains one of these")
        parser.add_argument("--import-rows", type=int, default=100_000)
        parser.add_argument("--load-seconds", type=int, default=60)
        parser.add_argument("--save", type=Path, help="write the results as JSON (for `manage.py bench_growth`)")
        parser.add_argument("--no-server", action="store_true", help="leave out the load test against gunicorn")

    def handle(self, *args: Any, **options: Any) -> None:
        run_bench(
            runs=options["runs"],
            log=self.stdout.write,
            only=options["only"],
            with_server=not options["no_server"],
            import_rows=options["import_rows"],
            load_seconds=options["load_seconds"],
            save=options["save"],
        )
