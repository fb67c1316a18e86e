"""A unit's home page reads its blocks and day's work from the figure cache (home/views.py): warm, it runs the same
few queries whatever the unit holds, and a write in the unit shows on the next read (the commit bumps the unit's
version; ``figure_versions.flush`` stands for the commit a test's transaction never makes)."""

import itertools
import re
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bekal.organizations import figure_versions
from bekal.people.models import CustodyPeriod
from bekal.placement.services import readiness_set

_n = itertools.count()
UNREADY = "Bebas dalam 90 hari ke depan tanpa penilaian kesiapan kerja"
WARM_CEILING = 16  # session, user, unit and its region, roles, versions, co-organisers, settings, live items


def _due(make_person, unit, n):
    people = []
    for _ in range(n):
        person = make_person(unit, full_name=f"Segera Bebas {next(_n)}", birth_date=date(1980, 1, 1 + next(_n) % 28))
        CustodyPeriod.objects.filter(person=person).update(
            expected_release_date=timezone.localdate() + timedelta(days=30)
        )
        people.append(person)
    return people


def _clients(make_person, unit, pk, n):
    for _ in range(n):
        person = make_person(
            unit, full_name=f"Klien Wajib {next(_n)}", custody=False, supervision="pb", birth_date=date(1970, 1, 1)
        )
        person.supervision_periods.update(officer=pk)


def _warm(client):
    """Return the page and the queries of its second read (the first fills the cache)."""
    client.get(reverse("home:home"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home:home")).content.decode()
    return page, len(queries)


def _count(page, label):
    card = page.split(label)[0].rsplit('class="card work-item', 1)[1]
    return int(re.search(r'class="figure">(?:<a [^>]*>)?(\d+)', card).group(1))


def test_the_lapas_home_is_read_warm_in_the_same_few_queries_whatever_the_unit_holds(
    client_for, users, world, make_person
):
    client = client_for(users.officer)
    _due(make_person, world.martapura, 2)
    figure_versions.flush()
    few_page, few = _warm(client)
    _due(make_person, world.martapura, 8)
    figure_versions.flush()
    many_page, many = _warm(client)
    assert _count(few_page, UNREADY) == 2 and _count(many_page, UNREADY) == 10
    assert many == few <= WARM_CEILING


def test_the_bapas_home_is_read_warm_in_the_same_few_queries_whatever_the_unit_holds(
    client_for, users, world, make_person
):
    client = client_for(users.pk)
    _clients(make_person, world.muratara, users.pk, 2)
    figure_versions.flush()
    few_page, few = _warm(client)
    _clients(make_person, world.muratara, users.pk, 8)
    figure_versions.flush()
    many_page, many = _warm(client)
    assert few_page.count("Klien Wajib") == 2 and many_page.count("Klien Wajib") == 10
    assert many == few <= WARM_CEILING


def test_a_readiness_recorded_in_the_unit_leaves_the_cached_day_s_work_at_once(client_for, users, world, make_person):
    client = client_for(users.officer)
    first, second = _due(make_person, world.martapura, 2)
    figure_versions.flush()
    page, _ = _warm(client)  # cached
    assert _count(page, UNREADY) == 2 and first.full_name in page
    readiness_set(actor=users.officer, person=first, status="ready", assessed_on=timezone.localdate())
    figure_versions.flush()  # the commit of the service's transaction
    page = client.get(reverse("home:home")).content.decode()
    assert _count(page, UNREADY) == 1
    assert second.full_name in page.split(UNREADY)[1].split("</div>\n  </div>")[0]


def test_the_cache_is_the_user_s_own(client_for, users, world, make_person, make_user):
    """Two PKs of one Bapas share its versions but not their clients."""
    from bekal.accounts.models import Role

    other = make_user(world.muratara, Role.PROBATION_OFFICER, username="other_pk")
    _clients(make_person, world.muratara, users.pk, 3)
    mine, theirs = client_for(users.pk), client_for(other)
    figure_versions.flush()
    (mine_page, mine_queries), (their_page, their_queries) = _warm(mine), _warm(theirs)
    assert mine_page.count("Klien Wajib") == 3 and their_page.count("Klien Wajib") == 0
    assert mine_queries <= WARM_CEILING and their_queries <= WARM_CEILING  # both read from the cache


def test_the_bapas_taking_on_a_hand_over_clears_it_from_the_lapas_home_at_once(client_for, users, world, make_person):
    """The acceptance is audited at the Bapas and bumps the Bapas alone: the Lapas's item is read live."""
    from bekal.people import handovers

    waiting = "Serah terima yang menunggu Bapas"
    person = make_person(world.martapura, full_name="Segera Serah Terima")
    person.home_region_id = "16.13"  # Musi Rawas Utara: Bapas Muratara's regency
    person.save()
    period = CustodyPeriod.objects.get(person=person)
    parole = timezone.localdate() + timedelta(days=60)
    CustodyPeriod.objects.filter(pk=period.pk).update(parole_date=parole)
    handover = handovers.handover_propose(actor=users.officer, period=period, kind="pb", integration_date=parole)
    client = client_for(users.officer)  # signing in saves the user, who names the unit: before the commit
    figure_versions.flush()
    page, queries = _warm(client)
    assert queries <= WARM_CEILING  # read from the cache
    assert _count(page, waiting) == 1
    handovers.handover_accept(actor=users.pk, handover=handover, officer=users.pk)
    figure_versions.flush()
    assert _count(client.get(reverse("home:home")).content.decode(), waiting) == 0


def test_a_readiness_recorded_by_another_unit_shows_on_the_lapas_home_at_once(client_for, users, world, make_person):
    """The event names the PK's Bapas; the write bumps every unit that sees the person (placement/services.py)."""
    (person,) = _due(make_person, world.martapura, 1)
    person.registered_unit = world.muratara  # the Bapas sees the person too
    person.save()
    client = client_for(users.officer)
    figure_versions.flush()
    page, queries = _warm(client)
    assert _count(page, UNREADY) == 1 and queries <= WARM_CEILING
    readiness_set(actor=users.pk, person=person, status="ready", assessed_on=timezone.localdate())
    figure_versions.flush()
    assert _count(client.get(reverse("home:home")).content.decode(), UNREADY) == 0
