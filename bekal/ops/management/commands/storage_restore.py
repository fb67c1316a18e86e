from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bekal.ops.backup import MANIFEST, storage_restore


class Command(BaseCommand):
    help = "Write the documents of a storage_backup folder back into the storage and check each one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="a folder written by storage_backup")

    def handle(self, *args: Any, folder: Path, **options: Any) -> None:
        if not (folder / MANIFEST).exists():
            raise CommandError(f"{folder} has no {MANIFEST}: not a storage_backup folder")
        try:
            count = storage_restore(default_storage, folder)
        except (RuntimeError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{count} objects restored and checked from {folder}")
