"""Two requests at once: the registration page submitted twice, and one NIK sent by two officers. Each race ends
in one person and a clear refusal (the possible match on the page, 409 or 422 in the API), never two people or a
500. PostgreSQL only: SQLite's test database is one connection, so nothing runs at once there."""

import threading
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from bekal.conftest import valid_nik
from bekal.people.models import Person

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="races need a server database"),
]

BORN = date(1990, 5, 17)
ROUNDS = 3


def _at_once(*calls):
    """Run the calls in threads that start together; return their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        finally:
            connection.close()  # each thread has its own connection; close it before the table flush

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _form(world, name, nik=""):
    return {
        "full_name": name,
        "birth_date": BORN.isoformat(),
        "sex": "M",
        "nik": nik,
        "registered_unit": world.martapura.pk,
    }


def test_the_registration_page_submitted_twice_at_once_makes_one_person(client_for, users, world):
    for round_ in range(ROUNDS):
        name = f"Dua Kali Kirim {round_}"
        clients = [client_for(users.officer), client_for(users.officer)]
        data = _form(world, name)
        responses = _at_once(*(lambda c=c, d=data: c.post(reverse("people:create"), d) for c in clients))
        assert Person.objects.filter(full_name=name).count() == 1
        assert sorted(r.status_code for r in responses) == [200, 302]
        refused = next(r for r in responses if r.status_code == 200).content.decode()
        assert name in refused  # the page shows the person just registered as the possible match


def test_one_nik_sent_twice_at_once_over_the_api_is_one_person_and_a_refusal(client_for, users, world):
    nik = valid_nik(birth=BORN, female=False)
    clients = [client_for(users.officer), client_for(users.officer)]
    bodies = [
        {
            "full_name": name,
            "birth_date": BORN.isoformat(),
            "sex": "M",
            "nik": nik,
            "registered_unit": world.martapura.pk,
        }
        for name in ("Nama Pertama", "Nama Kedua")
    ]
    responses = _at_once(
        *(
            lambda c=c, b=b: c.post("/api/v1/people", b, content_type="application/json")
            for c, b in zip(clients, bodies, strict=True)
        )
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses[0] == 201 and statuses[1] in (409, 422), [r.content for r in responses]
    assert Person.objects.count() == 1
