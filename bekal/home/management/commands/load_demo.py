from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from bekal.home.demo import DEMO_PASSWORD, demo_logins, load_demo


class Command(BaseCommand):
    help = "Load the demo data from the three source stories (idempotent) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        load_demo(today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"\nLog in at http://127.0.0.1:8000/ with password '{DEMO_PASSWORD}' as:")
        for username, org, roles in demo_logins():
            self.stdout.write(f"  {username:<20} {roles:<40} {org}")
