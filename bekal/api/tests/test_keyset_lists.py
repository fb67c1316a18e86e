"""Keyset pages (core/keyset.py): every row once across the pages, both ways; the last page read like the first (no
OFFSET, the same number of queries); filters kept; a cursor not ours, or another list's, is a clear 400."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.core.keyset import LAST, InvalidCursor, keyset_page, order_keys
from bekal.people.models import Person

PAGE = 4


@pytest.fixture
def people(world, make_person):
    # Same names on purpose: the key is (full_name, id), so ties are broken by id.
    names = ["Ani", "Budi", "Budi", "Budi", "Citra", "Dedi", "Eka", "Eka", "Fajar", "Gita"]
    return [
        make_person(world.martapura, full_name=name, birth_date=date(1980, 1, 1 + i)) for i, name in enumerate(names)
    ]


def _ids(page):
    return [p.pk for p in page.rows]


def test_order_keys_end_with_the_primary_key():
    assert order_keys(Person.objects.all()) == [("full_name", False), ("pk", False)]
    assert order_keys(AuditEvent.objects.order_by("-at")) == [("at", True), ("pk", True)]


def test_the_pages_hold_every_row_once_forwards_and_backwards(people):
    rows = Person.objects.order_by("full_name", "id")
    expected = list(rows.values_list("pk", flat=True))
    seen, page = [], keyset_page(rows, None, PAGE)
    assert page.is_first and page.previous_cursor is None
    while True:
        seen += _ids(page)
        if page.is_last:
            break
        page = keyset_page(rows, page.next_cursor, PAGE)
    assert seen == expected
    back = []
    while True:
        back = _ids(page) + back
        if page.is_first:
            break
        page = keyset_page(rows, page.previous_cursor, PAGE)
    assert back == expected


def test_the_last_page_is_read_backwards_from_the_end(people):
    rows = Person.objects.order_by("full_name", "id")
    last = keyset_page(rows, LAST, PAGE)
    assert _ids(last) == list(rows.values_list("pk", flat=True))[-PAGE:]
    assert last.is_last and last.next_cursor is None and not last.is_first
    before = keyset_page(rows, last.previous_cursor, PAGE)
    assert _ids(before) == list(rows.values_list("pk", flat=True))[-2 * PAGE : -PAGE]


@pytest.mark.parametrize("cursor", ["x", "eyJrIjpbXX0:bad:sig", LAST + "1", "é" * 40])
def test_a_cursor_not_ours_is_refused(people, cursor):
    with pytest.raises(InvalidCursor):
        keyset_page(Person.objects.all(), cursor, PAGE)


def test_a_cursor_of_another_list_is_refused(people, users):
    page = keyset_page(Person.objects.order_by("full_name", "id"), None, PAGE)
    with pytest.raises(InvalidCursor):
        keyset_page(AuditEvent.objects.all(), page.next_cursor, PAGE)


def _sql(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response, [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("user", ["officer", "national"])
def test_the_last_people_page_costs_what_the_first_does(settings, client_for, users, people, user):
    settings.BEKAL_PAGE_SIZE = PAGE
    client = client_for(getattr(users, user))
    url = reverse("people:list")
    first, first_sql = _sql(client, url)
    last, last_sql = _sql(client, f"{url}?cursor={LAST}")
    assert len(last_sql) == len(first_sql)
    assert not [sql for sql in first_sql + last_sql if "OFFSET" in sql.upper()]
    assert [r["person"].full_name for r in last.context["rows"]] == ["Eka", "Eka", "Fajar", "Gita"]
    middle, middle_sql = _sql(client, f"{url}?cursor={first.context['page_obj'].next_cursor}")
    assert len(middle_sql) == len(first_sql)
    assert [r["person"].full_name for r in middle.context["rows"]] == ["Citra", "Dedi", "Eka", "Eka"]
    assert first.context["page_obj"].total.value == len(people)
    assert b'rel="next"' in first.content and b'rel="prev"' not in first.content
    assert b'rel="prev"' in last.content and b'rel="next"' not in last.content


def test_a_filter_is_kept_across_pages(settings, client_for, users, people):
    settings.BEKAL_PAGE_SIZE = 2
    client = client_for(users.officer)
    url = reverse("people:list")
    first = client.get(url, {"q": "budi"})
    assert [r["person"].full_name for r in first.context["rows"]] == ["Budi", "Budi"]
    assert first.context["page_obj"].total.value == 3
    assert b"q=budi&amp;cursor=" in first.content
    second = client.get(url, {"q": "budi", "cursor": first.context["page_obj"].next_cursor})
    assert [r["person"].full_name for r in second.context["rows"]] == ["Budi"]
    assert second.context["page_obj"].is_last


@pytest.mark.parametrize(
    "name", ["people:list", "training:batch-list", "community_service:list", "placement:follow-ups", "audit:list"]
)
def test_an_invalid_cursor_on_a_page_is_a_400_that_says_so(client_for, users, name):
    user = {"community_service:list": users.pk, "audit:list": users.sysadmin}.get(name, users.officer)
    response = client_for(user).get(reverse(name), {"cursor": "forged"})
    assert response.status_code == 400
    assert "cursor" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/people",
        "/api/v1/batches",
        "/api/v1/community-service/orders",
        "/api/v1/placement/follow-ups",
        "/api/v1/audit",
    ],
)
def test_an_invalid_cursor_in_the_api_is_a_400_that_says_so(client_for, users, path):
    user = {"/api/v1/community-service/orders": users.pk, "/api/v1/audit": users.sysadmin}.get(path, users.officer)
    response = client_for(user).get(path, {"cursor": "forged"})
    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


def test_the_api_reads_on_with_next_and_keeps_the_filters(settings, client_for, users, people):
    client = client_for(users.officer)
    first = client.get("/api/v1/people", {"page_size": 3, "q": "budi"}).json()
    assert [p["full_name"] for p in first["items"]] == ["Budi"] * 3
    assert first["count"] == 3 and first["next"] is None and first["previous"] is None
    first = client.get("/api/v1/people", {"page_size": 4}).json()
    assert first["count"] == len(people) and not first["count_is_estimate"]
    names, following = [], first
    while True:
        names += [p["full_name"] for p in following["items"]]
        if not following["next"]:
            break
        assert "page_size=4" in following["next"]
        following = client.get(following["next"]).json()
    assert names == sorted(p.full_name for p in people)
    back = client.get(following["previous"]).json()
    assert [p["full_name"] for p in back["items"]] == ["Citra", "Dedi", "Eka", "Eka"]


def test_the_api_last_page_has_no_offset(client_for, users, people):
    client = client_for(users.officer)
    with CaptureQueriesContext(connection) as captured:
        last = client.get("/api/v1/people", {"page_size": 4, "cursor": LAST}).json()
    assert [p["full_name"] for p in last["items"]] == ["Eka", "Eka", "Fajar", "Gita"]
    assert last["next"] is None and last["previous"]
    assert not [q for q in captured.captured_queries if "OFFSET" in q["sql"].upper()]


def test_a_datetime_key_with_ties_pages_every_row_once(db):
    """The audit trail's key is (at, id) newest first: equal times are told apart by id, in both directions."""
    from django.utils import timezone

    now = timezone.now()
    for i in range(7):
        AuditEvent.objects.create(at=now if i % 2 else now - timezone.timedelta(minutes=i), code="x.y.z", changes={})
    rows = AuditEvent.objects.all()
    expected = list(rows.values_list("pk", flat=True))
    page, seen = keyset_page(rows, None, 3), []
    while True:
        seen += [e.pk for e in page.rows]
        if page.is_last:
            break
        page = keyset_page(rows, page.next_cursor, 3)
    assert seen == expected
    assert [e.pk for e in keyset_page(rows, page.previous_cursor, 3).rows] == expected[3:6]
