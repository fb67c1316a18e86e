"""The people behind a figure are read by keyset pages (core/keyset.py), on the page and in the API: the last page
(``?cursor=last``) is read backwards from the end of the (full_name, id) order, with no OFFSET and as many queries
as the first; every person once across the pages; the filters kept in every link; the total exact on every page;
a cursor not ours is a 400; the scope ladder holds with a cursor too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bekal.core.keyset import LAST

pytestmark = pytest.mark.django_db
PAGE = 4
URL = reverse("kpis:people")
API = "/api/v1/kpis/people"
# Same names on purpose: ties are broken by the id, the key's last column.
NAMES = ["Ani", "Budi", "Budi", "Budi", "Citra", "Dedi", "Eka", "Eka", "Fajar", "Gita"]


@pytest.fixture
def certified(kpi, world, make_person):
    """Ten certified completers at Martapura (the certification numerator), one at Bandar Lampung (another unit)."""
    batch = kpi.batch(kpi.programme(), units=[world.martapura, world.bandar_lampung])
    for name in NAMES:
        kpi.enrol(batch, certified=True, person=make_person(world.martapura, full_name=name, nik=None))
    kpi.enrol(batch, certified=True, unit=world.bandar_lampung)
    return batch


def _get(client, url, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return response, [q["sql"] for q in captured.captured_queries]


def _names(response):
    return [p.full_name for p in response.context["page_obj"]]


@pytest.mark.parametrize("role", ["officer", "regional", "national"])
def test_the_last_page_costs_what_the_first_does_without_offset(settings, client_for, users, world, certified, role):
    settings.BEKAL_PAGE_SIZE = PAGE
    client = client_for(getattr(users, role))
    params = {"kpi": "certification", "part": "numerator", "year": 2025, "unit": world.martapura.pk}
    client.get(URL, params)  # the total counted and cached (when the scope has no uncommitted writes)
    first, first_sql = _get(client, URL, params)
    last, last_sql = _get(client, URL, {**params, "cursor": LAST})
    assert len(last_sql) == len(first_sql)
    assert not [sql for sql in first_sql + last_sql if "OFFSET" in sql.upper()]
    assert _names(first) == ["Ani", "Budi", "Budi", "Budi"]
    assert _names(last) == ["Eka", "Eka", "Fajar", "Gita"]
    middle, middle_sql = _get(client, URL, {**params, "cursor": first.context["page_obj"].next_cursor})
    assert len(middle_sql) == len(first_sql)
    assert _names(middle) == ["Citra", "Dedi", "Eka", "Eka"]
    for page in (first, middle, last):
        assert page.context["page_obj"].total.value == len(NAMES)
        assert 'id="people-count">10 ' in page.content.decode()
    assert b'rel="next"' in first.content and b'rel="prev"' not in first.content
    assert b'rel="prev"' in last.content and b'rel="next"' not in last.content


def test_every_link_keeps_the_filters_and_every_person_is_shown_once(settings, client_for, users, world, certified):
    settings.BEKAL_PAGE_SIZE = PAGE
    client = client_for(users.regional)
    filters = (
        f"kpi=certification&amp;part=numerator&amp;year=2025&amp;unit={world.martapura.pk}"
        f"&amp;kanwil={world.kanwil_sumsel.pk}&amp;programme={certified.programme_id}"
        f"&amp;provider={certified.provider_id}&amp;"
    )
    params = {
        "kpi": "certification",
        "part": "numerator",
        "year": 2025,
        "unit": world.martapura.pk,
        "kanwil": world.kanwil_sumsel.pk,
        "programme": certified.programme_id,
        "provider": certified.provider_id,
    }
    response, names = client.get(URL, params), []
    while True:
        body = response.content.decode()
        names += _names(response)
        page = response.context["page_obj"]
        links = [f'href="?{filters}cursor=last"', f'href="?{filters}cursor='] if not page.is_last else []
        links += [f'href="?{filters}"', f'href="?{filters}cursor='] if not page.is_first else []
        assert all(link in body for link in links), links
        assert f"kpis/people.xlsx?{filters}" in body  # the download names the same figure
        if page.is_last:
            break
        response = client.get(URL, {**params, "cursor": page.next_cursor})
    assert names == sorted(NAMES)
    back = client.get(URL, {**params, "cursor": response.context["page_obj"].previous_cursor})
    assert _names(back) == ["Citra", "Dedi", "Eka", "Eka"]


def test_a_funnel_step_is_paged_the_same_way(settings, client_for, users, certified):
    settings.BEKAL_PAGE_SIZE = PAGE
    client = client_for(users.officer)
    first, first_sql = _get(client, URL, {"step": "certified"})
    last, last_sql = _get(client, URL, {"step": "certified", "cursor": LAST})
    assert _names(last) == ["Eka", "Eka", "Fajar", "Gita"] and len(last_sql) == len(first_sql)
    assert not [sql for sql in last_sql if "OFFSET" in sql.upper()]
    assert 'href="?step=certified&amp;cursor=' in first.content.decode()


def test_the_api_last_page_costs_what_the_first_does_without_offset(client_for, users, world, certified):
    client = client_for(users.officer)
    params = {"kpi": "certification", "part": "numerator", "year": 2025, "page_size": PAGE}
    client.get(API, params)
    first, first_sql = _get(client, API, params)
    last, last_sql = _get(client, API, {**params, "cursor": LAST})
    assert len(last_sql) == len(first_sql)
    assert not [sql for sql in first_sql + last_sql if "OFFSET" in sql.upper()]
    first, last = first.json(), last.json()
    assert set(first) == {"items", "count", "count_is_estimate", "next", "previous"}
    assert [p["full_name"] for p in last["items"]] == ["Eka", "Eka", "Fajar", "Gita"]
    assert first["count"] == last["count"] == len(NAMES) and not last["count_is_estimate"]
    assert first["previous"] is None and last["next"] is None and last["previous"]
    assert all("nik" not in p for p in first["items"] + last["items"])


def test_the_api_reads_on_with_next_and_keeps_the_filters(client_for, users, world, certified):
    client = client_for(users.officer)
    params = {"kpi": "certification", "part": "numerator", "year": 2025, "unit": world.martapura.pk}
    page = client.get(API, {**params, "page_size": PAGE}).json()
    names = []
    while True:
        names += [p["full_name"] for p in page["items"]]
        if not page["next"]:
            break
        for kept in ("kpi=certification", "part=numerator", "year=2025", f"unit={world.martapura.pk}", "page_size=4"):
            assert kept in page["next"]
        page = client.get(page["next"]).json()
        assert page["count"] == len(NAMES)
    assert names == sorted(NAMES)
    back = client.get(page["previous"]).json()
    assert [p["full_name"] for p in back["items"]] == ["Citra", "Dedi", "Eka", "Eka"]


def _tampered(cursor):
    return cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB")


def test_a_tampered_cursor_is_a_400_that_says_so(settings, client_for, users, certified):
    settings.BEKAL_PAGE_SIZE = PAGE
    client = client_for(users.officer)
    params = {"kpi": "certification", "part": "numerator"}
    cursor = client.get(URL, params).context["page_obj"].next_cursor
    for forged in (_tampered(cursor), "forged", f"{LAST}x"):
        response = client.get(URL, {**params, "cursor": forged})
        assert response.status_code == 400 and "cursor" in response.content.decode()
    cursor = client.get(API, {**params, "page_size": PAGE}).json()["next"].split("cursor=")[1].split("&")[0]
    for forged in (_tampered(cursor), "forged", f"{LAST}x"):
        response = client.get(API, {**params, "cursor": forged})
        assert response.status_code == 400 and "cursor" in response.json()["detail"]


class TestLadder:
    """Each rung holds on the first page and on the last, page and API."""

    @pytest.mark.parametrize("cursor", [None, LAST])
    def test_anonymous_is_sent_to_log_in_and_the_api_is_401(self, client_for, certified, cursor):
        params = {"kpi": "certification", "part": "numerator", **({"cursor": cursor} if cursor else {})}
        response = client_for(None).get(URL, params)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
        assert client_for(None).get(API, params).status_code == 401

    @pytest.mark.parametrize("cursor", [None, LAST])
    def test_a_partner_is_403(self, client_for, users, certified, cursor):
        params = {"kpi": "certification", "part": "numerator", **({"cursor": cursor} if cursor else {})}
        assert client_for(users.partner).get(URL, params).status_code == 403
        assert client_for(users.partner).get(API, params).status_code == 403

    @pytest.mark.parametrize("cursor", [None, LAST])
    def test_another_units_figure_is_404(self, client_for, users, world, certified, cursor):
        client = client_for(users.officer)
        params = {"unit": world.bandar_lampung.pk, "kpi": "certification", "part": "numerator"}
        params |= {"cursor": cursor} if cursor else {}
        assert client.get(URL, params).status_code == 404
        assert client.get(API, params).status_code == 404
        kanwil = {"kanwil": world.kanwil_lampung.pk, "kpi": "certification", "part": "numerator"}
        assert client_for(users.regional).get(URL, kanwil).status_code == 404  # Kanwil Sumsel's viewer
        assert client_for(users.regional).get(API, kanwil).status_code == 404

    @pytest.mark.parametrize("cursor", [None, LAST])
    def test_the_right_role_sees_its_units_people_only(self, client_for, users, world, certified, cursor):
        params = {"kpi": "certification", "part": "numerator", **({"cursor": cursor} if cursor else {})}
        officer = client_for(users.officer).get(URL, params)
        assert officer.status_code == 200 and officer.context["page_obj"].total.value == len(NAMES)
        assert not [p for p in officer.context["page_obj"] if p.registered_unit_id != world.martapura.pk]
        api = client_for(users.officer).get(API, params).json()
        assert api["count"] == len(NAMES)
        national = client_for(users.national).get(API, params).json()
        assert national["count"] == len(NAMES) + 1  # the Bandar Lampung completer too


@pytest.mark.django_db(transaction=True)
def test_the_total_is_counted_once_for_every_page_and_again_after_a_write(
    settings, client_for, users, kpi, world, make_person
):
    """Real commits (the figure versions are bumped on commit): the exact total is read from the figure cache on
    every page, the page's and the API's alike, and counted afresh once a write changed the unit's records."""
    settings.BEKAL_PAGE_SIZE = PAGE
    batch = kpi.batch(kpi.programme())
    for name in NAMES:
        kpi.enrol(batch, certified=True, person=make_person(world.martapura, full_name=name, nik=None))
    client = client_for(users.officer)
    params = {"kpi": "certification", "part": "numerator"}
    client.get(URL, params)  # counted, and kept
    for url, extra in ((URL, {}), (URL, {"cursor": LAST}), (API, {"page_size": PAGE}), (API, {"cursor": LAST})):
        response, sql = _get(client, url, {**params, **extra})
        assert not [q for q in sql if "COUNT(" in q.upper() and "kpis_enrolmentfact" in q], (url, extra)
        total = response.context["page_obj"].total.value if url == URL else response.json()["count"]
        assert total == len(NAMES)
    kpi.enrol(batch, certified=True)
    response, sql = _get(client, URL, {**params, "cursor": LAST})
    assert response.context["page_obj"].total.value == len(NAMES) + 1
    assert [q for q in sql if "COUNT(" in q.upper() and "kpis_enrolmentfact" in q]  # the unit's people counted
