from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bekal.national.growth import described, growth_rows, growth_table, medians


class Command(BaseCommand):
    help = "Print the growth table of two saved bench runs (scale 0.1, then scale 1), each page against its bound."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("small", type=Path, help="file of `manage.py bench --save` on the scale 0.1 dataset")
        parser.add_argument("large", type=Path, help="the same on the scale 1 dataset")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"small: {described(options['small'])}")
        self.stdout.write(f"large: {described(options['large'])}")
        for line in growth_table(growth_rows(medians(options["small"]), medians(options["large"]))):
            self.stdout.write(line)
