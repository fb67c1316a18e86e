from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bekal.accounts.models import Role, User
from bekal.audit.models import AuditEvent


def test_it_makes_the_first_system_administrator_and_records_it_without_an_actor(db):
    User.objects.create_superuser(username="root", password="x")
    out = StringIO()
    call_command("user_roles", "root", "system_admin", stdout=out)
    assert out.getvalue().strip() == "root: system_admin"
    assert User.objects.get(username="root").roles == {Role.SYSTEM_ADMIN}
    event = AuditEvent.objects.get(code="accounts.user.roles_changed")
    assert event.actor is None and event.changes == {"roles": [[], ["system_admin"]]}


def test_it_refuses_an_unknown_role(db):
    User.objects.create_user(username="someone")
    with pytest.raises(CommandError, match="superhero"):
        call_command("user_roles", "someone", "superhero", stdout=StringIO())
