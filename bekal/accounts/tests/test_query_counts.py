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


@covers("GET /api/v1/audit")
def test_the_audit_api(client_for, users, world, make_person):
    person = make_person(world.martapura)

    def grow(n):
        names = []
        for _ in range(n):
            name = f"Api-{next(_n):04d}"
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

    assert_flat_queries(client_for(users.sysadmin), "/api/v1/audit", grow, ceiling=10)


@covers("accounts:unit-users")
def test_the_users_whose_password_an_administrator_resets(client_for, users, world, make_user):
    def grow(n):
        return [
            make_user(world.martapura, "training_officer", username=f"staff{next(_n):04d}").username for _ in range(n)
        ]

    assert_flat_queries(client_for(users.unit_admin), reverse("accounts:unit-users"), grow, ceiling=10)


@covers("GET /api/v1/users")
def test_the_users_api(client_for, users, world, make_user):
    def grow(n):
        return [
            make_user(world.martapura, "training_officer", username=f"api{next(_n):04d}").username for _ in range(n)
        ]

    assert_flat_queries(client_for(users.unit_admin), "/api/v1/users", grow, ceiling=10)
