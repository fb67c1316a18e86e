"""``manage.py nik_rotate``: re-encrypt every NIK under the first key of BEKAL_NIK_KEYS and re-hash it with
BEKAL_NIK_HASH_KEY (README, "Personal data": how to rotate the keys)."""

from typing import Any

from django.core.management.base import BaseCommand

from bekal.people.nik_rotation import niks_rotate


class Command(BaseCommand):
    help = "Re-encrypt every NIK under the newest key and recompute its lookup hash (key rotation)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = niks_rotate()
        self.stdout.write(f"{count} NIKs re-encrypted and re-hashed")
