"""The audit trail does not run a query per event (see `bekal.core.testing`)."""

import itertools

from django.db import transaction
from django.urls import reverse

from bekal.audit.services import audit_record
from bekal.core.testing import assert_flat_queries, covers

_n = itertools.count()


@covers("audit:list")
def test_the_audit_trail(client_for, users, world, make_person):
    person = make_person(world.martapura)

    def grow(n):
        names = []
        for _ in range(n):
            name = f"Name-{next(_n):04d}"
            with transaction.atomic():
                audit_record(
                    code="people.person.updated",
                    actor=users.officer,
                    obj=person,
                    unit=world.martapura,
                    changes={"full_name": ["A", name]},
                )
            names.append(name)
        return names

    assert_flat_queries(client_for(users.unit_admin), reverse("audit:list"), grow, ceiling=12)
