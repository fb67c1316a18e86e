"""The mix of the open-model load against a generated tiny nation: each write of it is accepted by the app, through
the page or API the mix names, with the session and CSRF cookie the bench sends, and writes its row."""

from datetime import date
from http.cookies import SimpleCookie

import pytest
from django.test import Client

from bekal.certification.models import AssessmentEvent, Certificate
from bekal.community_service.models import WorkSession
from bekal.national import loadplan
from bekal.national.models import GeneratedDataset
from bekal.national.openload import Entry, Target
from bekal.organizations.models import OrganizationKind

TODAY = date(2026, 11, 23)
HOURS, CERTIFICATES = "hour of community service (write)", "certificate issued (write)"


@pytest.fixture
def mix(_nation_pk, db) -> dict[str, Entry]:
    assert GeneratedDataset.objects.filter(pk=_nation_pk).exists()
    # The tiny nation has issued every Kompeten decision's certificate: take back those of its latest assessment,
    # so that decisions await their certificate, as in a larger nation (178 of them at scale 0.1).
    events = AssessmentEvent.objects.filter(
        decisions__certificate__isnull=False, batch__units__kind__in=[OrganizationKind.LAPAS, OrganizationKind.RUTAN]
    )
    latest = events.latest("date", "id")
    Certificate.objects.filter(decision__event=latest).delete()
    return {e.name: e for e in loadplan.mix(TODAY)}


def send(target: Target) -> tuple[int, bytes]:
    """Send a target as the bench does over HTTP: its session and CSRF cookies, its headers, CSRF checked."""
    client = Client(enforce_csrf_checks=True)
    headers = dict(target.headers)
    for name, morsel in SimpleCookie(headers.pop("Cookie")).items():
        client.cookies[name] = morsel.value
    content_type = headers.pop("Content-Type")
    response = client.post(target.url, target.body, content_type=content_type, headers=headers)
    return response.status_code, response.content


def test_writes_are_a_realistic_share_of_the_mix(mix):
    assert sum(loadplan.SHARES.values()) == 100
    writes = {name: share for name, share in loadplan.SHARES.items() if "(write)" in name}
    assert set(writes) == {"attendance marks (write)", HOURS, CERTIFICATES} and sum(writes.values()) == 13
    assert all(e.weight == loadplan.SHARES[e.name] for e in mix.values())
    assert {e.name for e in mix.values() if e.method == "POST"} <= set(writes)
    assert mix[HOURS].weight == 4 and mix[CERTIFICATES].weight == 1


def test_hour_entries_of_the_pool_are_recorded(mix):
    entry = mix[HOURS]
    assert entry.ok_statuses == (302,) and len(entry.pool) >= 20
    assert len({t.body.split(b"&idempotency_key")[0] + t.url.encode() for t in entry.pool}) == len(entry.pool)
    sample = entry.pool[:: len(entry.pool) // 15]  # any of them, in any order: each slot is free on its own
    before = WorkSession.objects.count()
    for target in sample:
        status, content = send(target)
        assert status == 302, (target.url, target.body, content[-2000:])
    assert WorkSession.objects.count() == before + len(sample)
    last = WorkSession.objects.select_related("recorded_by").latest("id")
    assert last.minutes_credited == 60 and last.recorded_by.username.startswith("bench.pk.")
    assert f"/community-service/{last.order_id}/sessions/new/" == sample[-1].url
    assert last.date <= TODAY


def test_every_certificate_of_the_pool_is_issued(mix):
    entry = mix[CERTIFICATES]
    assert entry.ok_statuses == (200,) and entry.pool
    before = Certificate.objects.count()
    for target in entry.pool:
        status, content = send(target)
        assert status == 200, (target.url, target.body, content[-2000:])
    assert Certificate.objects.count() == before + len(entry.pool)
    number = Certificate.objects.latest("id").number
    assert number.startswith("BENCH.") and number.encode() in entry.pool[-1].body


def test_a_target_sent_again_is_refused_which_is_why_each_is_sent_once(mix):
    hour, certificate = mix[HOURS].pool[0], mix[CERTIFICATES].pool[0]
    assert send(hour)[0] == 302 and send(certificate)[0] == 200
    # The same hour again overlaps the first (its idempotency key alone would replay it: a fresh key is a new entry).
    again = Target(hour.url, hour.body.replace(b"idempotency_key=bench-", b"idempotency_key=bench-x"), hour.headers)
    assert send(again)[0] == 200  # the form again, with the reason
    assert send(certificate)[0] == 422


def test_the_people_search_looks_for_the_word_most_names_of_the_unit_share(mix):
    # The search must fill a page at either scale for the growth table to compare the same page: the bench looks
    # for the word most of the unit's people's names share, and the unit's search finds every one of them.
    from bekal.people.models import PersonLink

    unit = loadplan._busiest_lapas()
    term = loadplan._search_term(unit)
    names = PersonLink.objects.filter(unit_id=unit).values_list("search_name", flat=True)
    counts = {word: sum(word in name.split() for name in names) for name in names for word in name.split()}
    assert counts[term] == max(counts.values())
    assert mix["people search"].url.endswith(f"/people/?q={term}")


@pytest.mark.parametrize(
    ("entry", "rows_by_unit", "user_prefix"),
    [("training list", "batches", "bench.officer."), ("community-service list", "active orders", "bench.pk.")],
)
def test_the_unit_lists_are_timed_on_a_unit_of_a_set_number_of_rows(mix, entry, rows_by_unit, user_prefix):
    # The growth table compares the same page at both scales: a unit whose list's rows number closest to the set
    # count, not the busiest or first unit (whose list grows with the unit). Its officer sees that list.
    from django.db.models import Count

    from bekal.community_service.models import CommunityServiceOrder, OrderStatus
    from bekal.training.models import Batch

    if rows_by_unit == "batches":
        pairs = Batch.units.through.objects.filter(organization__kind=OrganizationKind.LAPAS).values_list(
            "organization_id"
        )
        counts = dict(pairs.annotate(n=Count("batch_id")).order_by())
        unit = loadplan._lapas_with_batches(loadplan.LIST_ROWS["batches"])
    else:
        active = CommunityServiceOrder.objects.filter(status=OrderStatus.ACTIVE).values_list("period__unit_id")
        counts = dict(active.annotate(n=Count("id")).order_by())
        unit = loadplan._bapas_with_active_orders(loadplan.LIST_ROWS["active orders"])
    assert counts, "the tiny nation has rows to list"
    rows = loadplan.LIST_ROWS[rows_by_unit]
    gap = abs(counts[unit] - rows)
    assert gap == min(abs(n - rows) for n in counts.values())
    assert unit == min(u for u, n in counts.items() if abs(n - rows) == gap)
    headers = mix[entry].headers
    client = Client()
    for name, morsel in SimpleCookie(headers["Cookie"]).items():
        client.cookies[name] = morsel.value
    response = client.get(mix[entry].url)
    assert response.status_code == 200
    assert response.context["user"].username.startswith(f"{user_prefix}{unit}")


def test_the_closest_unit_is_the_lowest_id_among_equals():
    assert loadplan._closest([(5, 10), (3, 14), (4, 12), (2, 12)], 12) == 2
    assert loadplan._closest([], 12) is None


def test_every_long_list_is_timed_on_its_first_second_and_last_page(_nation_pk, db, capsys):
    # cachebench reads each long list as its reader (the national viewer, the administrator for the audit trail):
    # every one answers, and the people list's link to its next page is followed.
    from bekal.national import cachebench

    for name, username, url, data in cachebench.LISTS:
        cachebench._list_pages(name, cachebench._client(username), url, data, runs=1)
    out = capsys.readouterr().out
    assert "not readable" not in out
    for name, *_rest in cachebench.LISTS:
        assert f"{name}, first page" in out and f"{name}, last page" in out
        assert f"{name}: last page / first page" in out
    assert "people (nation), second page" in out
