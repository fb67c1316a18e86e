from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bekal.national.exportbench import run_export_bench


class Command(BaseCommand):
    help = "Run each national export (KPI people, Karirhub, audit trail) as a job here; print time and memory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--trace", action="store_true", help="also trace Python's allocations (tracemalloc)")
        parser.add_argument("--only", nargs="*", help="job kinds to run (default: all)")
        parser.add_argument("--audit-rows", type=int, default=50_000, help="audit events to have before its export")

    def handle(self, *args: Any, **options: Any) -> None:
        run_export_bench(
            log=self.stdout.write, trace=options["trace"], only=options["only"], audit_rows=options["audit_rows"]
        )
