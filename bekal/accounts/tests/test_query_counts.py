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
        codes = []
        for _ in range(n):
            code = f"people.person.touched{next(_n)}"
            with transaction.atomic():
                audit_record(
                    code=code, actor=users.officer, obj=person, unit=world.martapura, changes={"full_name": ["A", "B"]}
                )
            codes.append(code)
        return codes

    assert_flat_queries(client_for(users.unit_admin), reverse("audit:list"), grow, ceiling=12)
