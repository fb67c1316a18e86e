"""Outcome pages and endpoints climb the ladder; the figures show their definition beside them."""

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bekal.outcomes.models import IdentityReview

S = "served"
BORN = date(1990, 1, 1)
PAGES = ["outcomes:recidivism", "outcomes:readmissions", "outcomes:identity"]
ENDPOINTS = ["/api/v1/outcomes/recidivism", "/api/v1/outcomes/readmissions", "/api/v1/outcomes/identity-reviews"]


@pytest.fixture
def pair(world, history):
    earlier = history(world.martapura, "Kurnia Sandi", [(date(2022, 1, 1), date(2023, 5, 5), S)], birth=BORN)
    later = history(world.martapura, "Kurnia Sandi", [(date(2024, 2, 1), None, "")], birth=BORN)
    return earlier, later


class TestLadder:
    def test_anonymous_gets_login_or_401(self, client_for, pair):
        for name in PAGES:
            response = client_for(None).get(reverse(name))
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        for url in ENDPOINTS:
            assert client_for(None).get(url).status_code == 401, url
        decide = reverse("outcomes:identity-decide", args=[pair[0].pk, pair[1].pk])
        assert client_for(None).post(decide, {"decision": "same"}).status_code == 302

    def test_partner_staff_get_403(self, client_for, users, pair):
        for name in PAGES:
            assert client_for(users.partner).get(reverse(name)).status_code == 403
        for url in ENDPOINTS:
            assert client_for(users.partner).get(url).status_code == 403, url

    def test_a_viewer_reads_but_cannot_decide(self, client_for, users, pair):
        client = client_for(users.regional)
        for name in PAGES:
            assert client.get(reverse(name)).status_code == 200
        decide = reverse("outcomes:identity-decide", args=[pair[0].pk, pair[1].pk])
        assert client.post(decide, {"decision": "same"}).status_code == 403
        payload = {"earlier_person_id": pair[0].pk, "later_person_id": pair[1].pk, "decision": "same"}
        response = client.post(
            "/api/v1/outcomes/identity-reviews", json.dumps(payload), content_type="application/json"
        )
        assert response.status_code == 403

    def test_another_units_pair_is_404(self, client_for, users, pair):
        decide = reverse("outcomes:identity-decide", args=[pair[0].pk, pair[1].pk])
        assert client_for(users.other_officer).post(decide, {"decision": "same"}).status_code == 404
        payload = {"earlier_person_id": pair[0].pk, "later_person_id": pair[1].pk, "decision": "same"}
        response = client_for(users.other_officer).post(
            "/api/v1/outcomes/identity-reviews", json.dumps(payload), content_type="application/json"
        )
        assert response.status_code == 404

    def test_the_right_role_gets_200_and_decides(self, client_for, users, pair):
        client = client_for(users.officer)
        for name in PAGES:
            assert client.get(reverse(name)).status_code == 200
        for url in ENDPOINTS:
            assert client.get(url).status_code == 200, url
        decide = reverse("outcomes:identity-decide", args=[pair[0].pk, pair[1].pk])
        assert client.post(decide, {"decision": "different"}).status_code == 302
        assert IdentityReview.objects.get().decision == "different"


def test_the_recidivism_page_shows_counts_and_the_definition(client_for, users, world, history):
    history(world.martapura, "A", [(date(2021, 1, 1), date(2022, 3, 1), S), (date(2022, 12, 1), None, "")])
    history(world.martapura, "B", [(date(2021, 1, 1), date(2022, 5, 1), S)])
    body = client_for(users.officer).get(reverse("outcomes:recidivism")).content.decode()
    # Indonesian is the default: a decimal comma.
    assert 'id="definition"' in body and "1 / 2 (50%)" in body


def test_the_api_gives_counts_rates_and_the_definition(client_for, users, world, history):
    history(world.martapura, "A", [(date(2021, 1, 1), date(2022, 3, 1), S), (date(2022, 12, 1), None, "")])
    history(world.martapura, "B", [(date(2021, 1, 1), date(2022, 5, 1), S)])
    data = client_for(users.officer).get("/api/v1/outcomes/recidivism").json()
    assert "within 1, 2, 3 years" in data["definition"]
    assert data["all"][0]["within"][0] == {"years": 1, "readmitted": 1, "released": 2, "percent": "50.0"}
    assert data["placed"] == [] and data["not_placed"][0]["released"] == 2


@pytest.mark.parametrize("name", PAGES)
def test_the_query_count_does_not_grow_with_the_rows(name, client_for, users, world, history):
    client = client_for(users.officer)

    def add(i):
        history(world.martapura, f"P{i}", [(date(2021, 1, 1), date(2022, 3, 1), S), (date(2022, 12, 1), None, "")])
        history(world.martapura, f"Q{i}", [(date(2021, 1, 1), date(2022, 3, 1), S)], birth=date(1960, 1, i + 1))
        history(world.martapura, f"Q{i}", [(date(2023, 1, 1), None, "")], birth=date(1960, 1, i + 1))

    add(0)
    client.get(reverse(name))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(name))
    for i in range(1, 10):
        add(i)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse(name))
    # Overall, then trained, certified and placed versus not: a fixed number of queries each.
    assert len(many) == len(few) <= 26
