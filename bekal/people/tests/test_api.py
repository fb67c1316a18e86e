"""The people API climbs the same ladder as the pages and shares their rules."""

import json
from datetime import date

import pytest
from django.test import Client

from bekal.accounts.services import api_token_issue
from bekal.conftest import valid_nik
from bekal.people.models import CustodyPeriod, Person


@pytest.fixture
def own(world, make_person):
    return make_person(world.martapura, full_name="Andi Martapura")


@pytest.fixture
def foreign(world, make_person):
    return make_person(world.bandar_lampung, full_name="Rudi Lampung", birth_date=date(1985, 2, 2))


def post(client, url, data, **extra):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


class TestLadder:
    def test_anonymous_calls_get_401(self, client_for, own):
        client = client_for(None)
        period = own.custody_periods.get()
        assert client.get("/api/v1/people").status_code == 401
        assert client.get(f"/api/v1/people/{own.pk}").status_code == 401
        assert post(client, "/api/v1/people", {}).status_code == 401
        assert post(client, f"/api/v1/custody-periods/{period.pk}/release", {}).status_code == 401
        assert client.get("/api/v1/organizations").status_code == 401
        assert client.get("/api/v1/me").status_code == 401

    def test_partner_staff_get_403(self, client_for, users, own):
        client = client_for(users.partner)
        assert client.get("/api/v1/people").status_code == 403
        assert client.get(f"/api/v1/people/{own.pk}").status_code == 403

    def test_another_units_person_is_404(self, client_for, users, foreign):
        client = client_for(users.officer)
        period = foreign.custody_periods.get()
        assert client.get(f"/api/v1/people/{foreign.pk}").status_code == 404
        assert client.get(f"/api/v1/custody-periods/{period.pk}").status_code == 404
        assert patch(client, f"/api/v1/people/{foreign.pk}", {"phone": "1"}).status_code == 404

    def test_a_viewer_reads_but_cannot_write(self, client_for, users, own):
        client = client_for(users.regional)
        assert client.get(f"/api/v1/people/{own.pk}").status_code == 200
        assert patch(client, f"/api/v1/people/{own.pk}", {"phone": "1"}).status_code == 403
        assert post(client, f"/api/v1/people/{own.pk}/nik", {}).status_code == 403

    def test_the_right_role_reads_its_people_with_a_masked_nik(self, client_for, users, own, foreign):
        response = client_for(users.officer).get("/api/v1/people")
        assert response.status_code == 200
        names = [p["full_name"] for p in response.json()["items"]]
        assert names == ["Andi Martapura"]
        assert own.nik not in response.content.decode()

    def test_a_session_write_needs_the_csrf_token(self, users, own):
        client = Client(enforce_csrf_checks=True)
        client.force_login(users.officer)
        assert patch(client, f"/api/v1/people/{own.pk}", {"phone": "1"}).status_code == 403


class TestTokens:
    def test_a_token_authenticates_with_the_users_scope(self, users, own, foreign):
        _token, raw = api_token_issue(user=users.officer, name="SDP sync", actor=users.officer)
        client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert client.get(f"/api/v1/people/{own.pk}").status_code == 200
        assert client.get(f"/api/v1/people/{foreign.pk}").status_code == 404
        assert client.get("/api/v1/me").json()["roles"] == ["training_officer"]

    def test_a_wrong_token_gets_401(self, db):
        assert Client(HTTP_AUTHORIZATION="Bearer nope").get("/api/v1/people").status_code == 401

    def test_a_token_write_needs_no_csrf(self, users, own):
        _token, raw = api_token_issue(user=users.officer, name="SDP sync", actor=users.officer, scope="write")
        client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}", enforce_csrf_checks=True)
        assert patch(client, f"/api/v1/people/{own.pk}", {"phone": "0812"}).status_code == 200


class TestWrites:
    def test_create_a_person_then_admit_and_release(self, client_for, users, world):
        client = client_for(users.officer)
        birth = date(1993, 7, 4)
        response = post(
            client,
            "/api/v1/people",
            {
                "full_name": "Wahyu Hidayat",
                "birth_date": birth.isoformat(),
                "sex": "M",
                "nik": valid_nik(birth=birth, female=False),
                "home_region": "16.08",
                "registered_unit": world.martapura.pk,
            },
        )
        assert response.status_code == 201, response.content
        person_id = response.json()["id"]
        response = post(
            client,
            f"/api/v1/people/{person_id}/custody-periods",
            {
                "unit": world.martapura.pk,
                "admission_date": "2024-01-01",
                "offence_category": "theft",
                "sentence_years": 3,
            },
        )
        assert response.status_code == 201 and response.json()["parole_date"] == "2026-01-01"
        period_id = response.json()["id"]
        response = post(
            client,
            f"/api/v1/custody-periods/{period_id}/release",
            {"release_date": "2026-01-01", "release_reason": "pb"},
        )
        assert response.status_code == 200 and response.json()["release_date"] == "2026-01-01"

    def test_bad_input_gets_422_in_the_callers_language_naming_the_value(self, client_for, users, world):
        response = post(
            client_for(users.officer),
            "/api/v1/people",
            {
                "full_name": "X",
                "birth_date": "1990-01-01",
                "sex": "M",
                "nik": "123",
                "registered_unit": world.martapura.pk,
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 422
        assert "123" in response.json()["detail"]["nik"][0] and "16 digits" in response.json()["detail"]["nik"][0]
        assert not Person.objects.exists()

    def test_text_where_a_number_goes_gets_422(self, client_for, users, own):
        response = post(
            client_for(users.officer),
            f"/api/v1/people/{own.pk}/custody-periods",
            {
                "unit": own.registered_unit_id,
                "admission_date": "2020-01-01",
                "offence_category": "theft",
                "sentence_years": "two",
            },
        )
        assert response.status_code == 422
        assert CustodyPeriod.objects.count() == 1

    def test_an_unknown_unit_is_named(self, client_for, users, make_person, world):
        person = make_person(world.martapura, custody=False)
        response = post(
            client_for(users.officer),
            f"/api/v1/people/{person.pk}/custody-periods",
            {"unit": 999999, "admission_date": "2020-01-01", "offence_category": "theft"},
        )
        assert response.status_code == 422 and "999999" in response.json()["detail"]["unit"][0]

    def test_an_overlapping_period_gets_422(self, client_for, users, own):
        response = post(
            client_for(users.officer),
            f"/api/v1/people/{own.pk}/custody-periods",
            {"unit": own.registered_unit_id, "admission_date": "2025-03-01", "offence_category": "theft"},
        )
        assert response.status_code == 422 and "admission_date" in response.json()["detail"]

    def test_a_twin_gets_409_with_the_existing_record(self, client_for, users, world, own):
        response = post(
            client_for(users.officer),
            "/api/v1/people",
            {
                "full_name": own.full_name,
                "birth_date": own.birth_date.isoformat(),
                "sex": "M",
                "registered_unit": world.martapura.pk,
            },
        )
        assert response.status_code == 409 and response.json()["matches"][0]["id"] == own.pk

    def test_a_twin_at_another_unit_reveals_only_that_it_exists(self, client_for, users, world, foreign):
        response = post(
            client_for(users.officer),
            "/api/v1/people",
            {
                "full_name": "X",
                "birth_date": foreign.birth_date.isoformat(),
                "sex": "M",
                "nik": foreign.nik,
                "registered_unit": world.martapura.pk,
            },
        )
        assert response.status_code == 409
        body = response.json()
        assert body["matches"] == [] and body["outside_your_units"] is True and "Kanwil" in body["how_to_transfer"]
        assert world.bandar_lampung.name not in response.content.decode() and foreign.full_name not in str(body)

    def test_the_nik_reveal_returns_it(self, client_for, users, own):
        response = post(client_for(users.officer), f"/api/v1/people/{own.pk}/nik", {})
        assert response.json() == {"nik": own.nik}


def test_the_openapi_schema_is_published(client_for, users):
    response = client_for(users.officer).get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/people" in paths and "/api/v1/organizations" in paths and "/api/v1/regions" in paths


def test_the_list_endpoint_query_count_does_not_grow(
    client_for, users, world, make_person, django_assert_max_num_queries
):
    client = client_for(users.officer)
    for i in range(12):
        make_person(world.martapura, full_name=f"Orang {i}", birth_date=date(1980, 1, i + 1))
    with django_assert_max_num_queries(10):
        assert len(client.get("/api/v1/people").json()["items"]) == 12


class TestSupervisionEndpoints:
    @pytest.fixture
    def other_bapas_period(self, world, make_person):
        from bekal.organizations.models import Organization

        bapas = Organization.objects.create(name="Bapas Bandar Lampung", kind="bapas", parent=world.kanwil_lampung)
        return make_person(bapas, custody=False, supervision="pb", full_name="Klien Lampung").supervision_periods.get()

    @pytest.fixture
    def own_period(self, world, make_person):
        return make_person(world.muratara, custody=False, supervision="pb").supervision_periods.get()

    def test_the_ladder(self, client_for, users, own_period, other_bapas_period):
        url = f"/api/v1/supervision-periods/{own_period.pk}"
        assert client_for(None).get(url).status_code == 401
        assert client_for(users.partner).get(url).status_code == 403
        assert patch(client_for(users.officer), url, {"officer": users.pk.pk}).status_code == 403
        assert client_for(users.pk).get(f"/api/v1/supervision-periods/{other_bapas_period.pk}").status_code == 404
        assert client_for(users.pk).get(url).status_code == 200

    def test_a_pk_assigns_and_ends(self, client_for, users, own_period):
        client = client_for(users.pk)
        url = f"/api/v1/supervision-periods/{own_period.pk}"
        assert patch(client, url, {"officer": users.pk.pk}).json()["officer_id"] == users.pk.pk
        response = patch(client, url, {"ended_on": "2025-02-01", "end_reason": "completed"})
        assert response.status_code == 200 and response.json()["end_reason"] == "completed"

    def test_an_unknown_officer_is_named(self, client_for, users, own_period):
        response = patch(client_for(users.pk), f"/api/v1/supervision-periods/{own_period.pk}", {"officer": 987654})
        assert response.status_code == 422 and "987654" in response.json()["detail"]["officer"][0]

    def test_a_pk_creates_one(self, client_for, users, world, make_person):
        person = make_person(world.muratara, custody=False)
        response = post(
            client_for(users.pk),
            f"/api/v1/people/{person.pk}/supervision-periods",
            {"unit": world.muratara.pk, "kind": "kerja_sosial", "officer": users.pk.pk, "start_date": "2026-02-01"},
        )
        assert response.status_code == 201 and response.json()["kind"] == "kerja_sosial"
