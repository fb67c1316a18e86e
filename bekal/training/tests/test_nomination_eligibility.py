"""The nomination page shows each candidate's eligibility before anyone is nominated: the same screening the
selection decision applies (release before the end, another batch at the same time, education, discipline), without
the interest statement, which is recorded with the nomination itself."""

import itertools
from datetime import date, timedelta

from django.urls import reverse

from bekal.core.testing import assert_flat_queries
from bekal.people.models import CustodyPeriod
from bekal.training import services
from bekal.training.tests.conftest import END

_n = itertools.count()


def _page(client_for, users, batch):
    return client_for(users.officer).get(reverse("training:batch-nominate", args=[batch.pk])).content.decode()


def _cell(page, person):
    start = page.index(f'id="eligibility-{person.pk}"')
    return page[start : page.index("</td>", start)]


def test_an_eligible_candidate_is_marked_so(client_for, users, world, open_batch, make_person):
    person = make_person(world.martapura, full_name="Andi Saputra")
    cell = _cell(_page(client_for, users, open_batch), person)
    assert "Memenuhi syarat" in cell and "pernyataan minat" not in cell.lower()


def test_a_candidate_released_before_the_end_shows_the_reason(client_for, users, world, open_batch, make_person):
    person = make_person(world.martapura, full_name="Budi Lepas")
    CustodyPeriod.objects.filter(person=person).update(expected_release_date=END - timedelta(days=5))
    cell = _cell(_page(client_for, users, open_batch), person)
    assert "Memenuhi syarat" not in cell
    assert "23 Maret 2025" in cell and "28 Maret 2025" in cell


def test_the_page_says_what_the_selection_would_say(client_for, users, world, open_batch, make_person):
    person = make_person(world.martapura, full_name="Citra Lepas")
    CustodyPeriod.objects.filter(person=person).update(expected_release_date=END - timedelta(days=5))
    cell = _cell(_page(client_for, users, open_batch), person)
    nominated = services.enrollment_nominate(
        actor=users.officer, batch=open_batch, person=person, interest_statement_on=open_batch.start_date
    )
    assert [r.message for r in services.eligibility(nominated)] == [
        r.message for r in services.candidate_eligibility(open_batch, [person], [world.martapura.pk])[person.pk]
    ]
    assert services.eligibility(nominated)[0].message in cell.replace("&nbsp;", "\xa0")


def test_no_query_per_candidate_whatever_the_reasons(client_for, users, world, open_batch, make_person):
    def grow(n):
        names = []
        for _ in range(n):
            i = next(_n)
            person = make_person(
                world.martapura, full_name=f"Warga Lepas {i}", birth_date=date(1970, 1, 1) + timedelta(days=i)
            )
            CustodyPeriod.objects.filter(person=person).update(expected_release_date=END - timedelta(days=1))
            names.append(person.full_name)
        return names

    url = reverse("training:batch-nominate", args=[open_batch.pk])
    assert_flat_queries(client_for(users.officer), url, grow, ceiling=14)
