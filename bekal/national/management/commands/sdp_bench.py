from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bekal.national.sdpbench import run_sdp_bench


class Command(BaseCommand):
    help = "Generate an SDP export (270,000 rows by default), dry-run it, import it and import it again; print times."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=270_000)
        parser.add_argument("--trace", action="store_true", help="also trace Python's allocations (tracemalloc)")

    def handle(self, *args: Any, **options: Any) -> None:
        run_sdp_bench(rows=options["rows"], log=self.stdout.write, trace=options["trace"])
