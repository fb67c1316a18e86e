"""The placement API climbs the same ladder as the pages and shares their rules."""

import json
from datetime import timedelta

import pytest

from bekal.placement import services
from bekal.placement.models import Vacancy


def post(client, url, data, method="post"):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def placement(users, released_person, employer, today):
    return services.placement_create(
        actor=users.officer,
        person=released_person,
        kind="employed",
        start_date=today - timedelta(40),
        employer=employer,
    )


def reads(person, vacancy, placement):
    return [
        "/api/v1/placement/due",
        f"/api/v1/placement/people/{person.pk}",
        f"/api/v1/placement/people/{person.pk}/matches",
        f"/api/v1/placement/placements/{placement.pk}",
        "/api/v1/placement/follow-ups",
        "/api/v1/employers",
        f"/api/v1/vacancies/{vacancy.pk}/candidates",
    ]


class TestLadder:
    def test_anonymous_calls_get_401(self, client_for, due_person, vacancy, placement):
        client = client_for(None)
        for url in [*reads(due_person, vacancy, placement), "/api/v1/vacancies", f"/api/v1/vacancies/{vacancy.pk}"]:
            assert client.get(url).status_code == 401, url
        assert post(client, f"/api/v1/placement/people/{due_person.pk}/referrals", {}).status_code == 401

    def test_blk_partner_staff_get_403(self, client_for, users, due_person, vacancy, placement):
        client = client_for(users.partner)
        for url in [*reads(due_person, vacancy, placement), "/api/v1/vacancies"]:
            assert client.get(url).status_code == 403, url

    def test_another_units_records_are_404(self, client_for, users, due_person, vacancy, placement):
        client = client_for(users.other_officer)
        assert client.get(f"/api/v1/placement/people/{due_person.pk}").status_code == 404
        assert client.get(f"/api/v1/placement/placements/{placement.pk}").status_code == 404
        payload = {"status": "ready", "assessed_on": "2026-01-01"}
        assert post(client, f"/api/v1/placement/people/{due_person.pk}/readiness", payload, "put").status_code == 404

    def test_a_viewer_reads_but_cannot_write(self, client_for, users, due_person, vacancy, placement, today):
        client = client_for(users.regional)
        for url in reads(due_person, vacancy, placement):
            assert client.get(url).status_code == 200, url
        payload = {"status": "ready", "assessed_on": today.isoformat()}
        assert post(client, f"/api/v1/placement/people/{due_person.pk}/readiness", payload, "put").status_code == 403
        assert (
            post(client, f"/api/v1/placement/people/{due_person.pk}/referrals", {"vacancy": vacancy.pk}).status_code
            == 403
        )

    def test_the_right_role_gets_200(self, client_for, users, due_person, vacancy, placement):
        client = client_for(users.officer)
        for url in [*reads(due_person, vacancy, placement), "/api/v1/vacancies", f"/api/v1/vacancies/{vacancy.pk}"]:
            assert client.get(url).status_code == 200, url

    def test_an_employers_staff_get_their_vacancies_and_names_only(
        self, client_for, users, employer_staff, due_person, vacancy, other_employer
    ):
        services.referral_create(actor=users.officer, person=due_person, vacancy=vacancy)
        foreign = Vacancy.objects.create(employer=other_employer, title="Lain", region_id="18.71")
        client = client_for(employer_staff)
        assert [v["id"] for v in client.get("/api/v1/vacancies").json()["items"]] == [vacancy.pk]
        assert client.get(f"/api/v1/vacancies/{foreign.pk}").status_code == 404
        response = client.get(f"/api/v1/vacancies/{vacancy.pk}/referrals")
        assert response.json()[0]["full_name"] == due_person.full_name
        assert due_person.nik not in response.content.decode() and "nik" not in response.content.decode()
        assert client.get(f"/api/v1/placement/people/{due_person.pk}").status_code == 403
        assert client.get(f"/api/v1/vacancies/{vacancy.pk}/candidates").status_code == 403


def writes(person, vacancy, placement, internship, employer):
    """Every write endpoint with a payload that would pass for the right role."""
    day = placement.start_date.isoformat()
    return [
        ("put", f"/api/v1/placement/people/{person.pk}/readiness", {"status": "ready", "assessed_on": day}),
        ("put", f"/api/v1/placement/people/{person.pk}/todos/ktp", {"status": "done", "status_date": day}),
        ("post", f"/api/v1/placement/people/{person.pk}/referrals", {"vacancy": vacancy.pk}),
        (
            "post",
            f"/api/v1/placement/people/{person.pk}/internships",
            {"employer": employer.pk, "start_date": day, "end_date": day, "supervisor": "x"},
        ),
        ("patch", f"/api/v1/placement/internships/{internship.pk}", {"outcome": "completed"}),
        ("post", f"/api/v1/placement/placements/{placement.pk}/end", {"ended_on": day, "end_reason": "resigned"}),
        ("post", f"/api/v1/placement/follow-ups/{placement.follow_ups.first().pk}", {"done_on": day}),
    ]


@pytest.fixture
def internship(users, due_person, employer, today):
    return services.internship_create(
        actor=users.officer, person=due_person, employer=employer, start_date=today, end_date=today, supervisor="x"
    )


def test_every_write_refuses_a_viewer_and_another_units_officer(
    client_for, users, due_person, vacancy, placement, internship, employer
):
    for method, url, payload in writes(due_person, vacancy, placement, internship, employer):
        assert post(client_for(users.regional), url, payload, method).status_code == 403, url
        assert post(client_for(users.other_officer), url, payload, method).status_code == 404, url
        assert post(client_for(None), url, payload, method).status_code == 401, url
    for url, payload in [
        ("/api/v1/vacancies", {"employer": employer.pk, "title": "x", "region": "16.08"}),
        ("/api/v1/employers", {"name": "x", "kind": "umkm", "sector": "x"}),
    ]:
        assert post(client_for(users.regional), url, payload).status_code == 403, url
    assert (
        post(client_for(users.regional), f"/api/v1/vacancies/{vacancy.pk}", {"positions": 5}, "patch").status_code
        == 403
    )


class TestWrites:
    def test_readiness_to_dos_referral_and_placement(self, client_for, users, released_person, vacancy, today):
        client = client_for(users.officer)
        pid = released_person.pk
        response = post(
            client,
            f"/api/v1/placement/people/{pid}/readiness",
            {"status": "ready", "assessed_on": today.isoformat()},
            "put",
        )
        assert response.status_code == 200
        response = post(
            client,
            f"/api/v1/placement/people/{pid}/todos/skck",
            {"status": "done", "status_date": today.isoformat()},
            "put",
        )
        assert response.status_code == 200 and response.json()["status"] == "done"
        response = post(client, f"/api/v1/placement/people/{pid}/referrals", {"vacancy": vacancy.pk})
        assert response.status_code == 201
        rid = response.json()["id"]
        response = post(
            client, f"/api/v1/placement/referrals/{rid}/status", {"status": "hired", "on": today.isoformat()}
        )
        assert response.status_code == 422 and "status" in response.json()["detail"]
        response = post(
            client,
            f"/api/v1/placement/people/{pid}/placements",
            {"kind": "employed", "start_date": today.isoformat(), "employer": vacancy.employer_id, "referral": rid},
        )
        assert response.status_code == 201 and [f["month"] for f in response.json()["follow_ups"]] == [1, 3, 6, 12]
        placement_id = response.json()["id"]
        response = post(
            client,
            f"/api/v1/placement/placements/{placement_id}/end",
            {"ended_on": today.isoformat(), "end_reason": "resigned"},
        )
        assert response.status_code == 200 and response.json()["end_reason"] == "resigned"

    def test_an_unknown_to_do_kind_and_a_bad_vacancy_get_422(self, client_for, users, due_person, employer, today):
        client = client_for(users.officer)
        response = post(
            client,
            f"/api/v1/placement/people/{due_person.pk}/todos/passport",
            {"status": "done", "status_date": today.isoformat()},
            "put",
        )
        assert response.status_code == 422
        response = post(client, "/api/v1/vacancies", {"employer": employer.pk, "title": "x", "region": "99.99"})
        assert response.status_code == 422 and "99.99" in response.json()["detail"]["region"][0]
        response = post(
            client, "/api/v1/vacancies", {"employer": employer.pk, "title": "x", "region": "16.08", "positions": 0}
        )
        assert response.status_code == 422 and "positions" in response.json()["detail"]

    def test_employers_and_vacancies(self, client_for, users, regions, today):
        client = client_for(users.officer)
        response = post(
            client, "/api/v1/employers", {"name": "Warung", "kind": "umkm", "region": "16.08", "sector": "Kuliner"}
        )
        assert response.status_code == 201
        org = response.json()["organization_id"]
        response = post(
            client,
            "/api/v1/vacancies",
            {"employer": org, "title": "Juru masak", "region": "16.08", "excluded_offences": ["sexual"]},
        )
        assert response.status_code == 201
        vid = response.json()["id"]
        response = post(client, f"/api/v1/vacancies/{vid}", {"positions": 3}, "patch")
        assert response.status_code == 200 and response.json()["positions"] == 3

    def test_internship_and_follow_up(self, client_for, users, due_person, employer, placement, today):
        client = client_for(users.officer)
        response = post(
            client,
            f"/api/v1/placement/people/{due_person.pk}/internships",
            {
                "employer": employer.pk,
                "start_date": today.isoformat(),
                "end_date": (today + timedelta(9)).isoformat(),
                "supervisor": "x",
            },
        )
        assert response.status_code == 201
        response = post(
            client, f"/api/v1/placement/internships/{response.json()['id']}", {"outcome": "completed"}, "patch"
        )
        assert response.status_code == 200
        follow_up = placement.follow_ups.first()
        response = post(
            client,
            f"/api/v1/placement/follow-ups/{follow_up.pk}",
            {"done_on": today.isoformat(), "still_working": True},
        )
        assert response.status_code == 200 and response.json()["still_working"] is True


def test_a_vacancy_wants_programmes_and_schemes_over_the_api(client_for, users, employer, due_person, credential):
    carpentry = credential(due_person, "Pertukangan Kayu", scheme="Skema Tukang Kayu")
    client = client_for(users.officer)
    body = {
        "employer": employer.pk,
        "title": "Tukang",
        "region": "16.08",
        "programmes": [carpentry.pk, 999999],
        "wanted_programmes": "Skema Tukang Kayu",
    }
    refused = client.post("/api/v1/vacancies", json.dumps(body), content_type="application/json")
    assert refused.status_code == 422 and "999999" in refused.json()["detail"]["programmes"][0]
    response = client.post(
        "/api/v1/vacancies", json.dumps(body | {"programmes": [carpentry.pk]}), content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["programmes"] == [carpentry.pk]
    matches = client.get(f"/api/v1/placement/people/{due_person.pk}/matches").json()
    reasons = " ".join(matches[0]["reasons"])
    assert matches[0]["vacancy_id"] == response.json()["id"] and "Skema Tukang Kayu" in reasons
    patched = client.patch(
        f"/api/v1/vacancies/{response.json()['id']}", json.dumps({"programmes": []}), content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["programmes"] == []
