from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bekal.national.bench import run_bench


class Command(BaseCommand):
    help = "Time each operation against its SQL floor on the generated national dataset and print the table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=30)

    def handle(self, *args: Any, **options: Any) -> None:
        run_bench(runs=options["runs"], log=self.stdout.write)
