from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandParser

from bekal.ops.backup import storage_backup


class Command(BaseCommand):
    help = "Copy every uploaded document (local disk or S3 bucket) into a folder, with a manifest of digests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="an empty or new folder")

    def handle(self, *args: Any, folder: Path, **options: Any) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        manifest = storage_backup(default_storage, folder)
        self.stdout.write(f"{len(manifest)} objects copied to {folder}")
