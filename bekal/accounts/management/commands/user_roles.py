"""``manage.py user_roles USERNAME [ROLE ...]``: show a user's roles, or replace them (audited).

The way to make the first system administrator after ``createsuperuser``: the admin's role editor needs the role
already. Whoever runs a command on the server already holds the database, so the command acts with the system
administrator's capabilities; its audit event records no actor, which is how the trail shows the server's own acts.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bekal.accounts.models import Role, User
from bekal.accounts.services import user_roles_set


class ServerOperator:
    """The person at the server's shell, acting as a system administrator with no account of their own."""

    is_authenticated = True
    organization = None
    pk = None

    def has_role(self, *roles: str) -> bool:
        return Role.SYSTEM_ADMIN in roles


class Command(BaseCommand):
    help = "Show a user's roles, or replace them with the given ones (e.g. system_admin)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("roles", nargs="*", help=f"role codes: {', '.join(Role.values)}")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}")
        if options["roles"]:
            try:
                user_roles_set(user=user, roles=options["roles"], actor=ServerOperator())
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"{user.username}: {', '.join(sorted(user.roles)) or '(no role)'}")
