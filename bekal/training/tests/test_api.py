"""The training API climbs the same ladder as the pages and shares their rules."""

import json

from bekal.training.tests.conftest import END, START, mark_all


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


class TestLadder:
    def test_anonymous_calls_get_401(self, client_for, open_batch):
        client = client_for(None)
        for url in [
            "/api/v1/batches",
            f"/api/v1/batches/{open_batch.pk}",
            "/api/v1/programmes",
            "/api/v1/agreements",
            "/api/v1/budget",
            "/api/v1/certificates",
            "/api/v1/certification-rate",
        ]:
            assert client.get(url).status_code == 401, url

    def test_partner_staff_get_403_on_the_budget_and_on_writes(self, client_for, users, open_batch):
        client = client_for(users.partner)
        assert client.get("/api/v1/budget").status_code == 403
        assert post(client, f"/api/v1/batches/{open_batch.pk}/status", {"status": "running"}).status_code == 403

    def test_another_units_batch_is_404(self, client_for, users, open_batch):
        client = client_for(users.other_officer)
        assert client.get(f"/api/v1/batches/{open_batch.pk}").status_code == 404
        assert client.get(f"/api/v1/batches/{open_batch.pk}/enrollments").status_code == 404

    def test_the_right_role_gets_200(self, client_for, users, enrolled, open_batch):
        client = client_for(users.officer)
        assert [b["name"] for b in client.get("/api/v1/batches").json()["items"]] == ["Barista Angkatan I"]
        body = client.get(f"/api/v1/batches/{open_batch.pk}/enrollments")
        assert body.status_code == 200 and enrolled.person.nik not in body.content.decode()
        assert len(client.get(f"/api/v1/batches/{open_batch.pk}/days").json()) == 20


class TestRules:
    def test_a_short_batch_is_refused_with_the_rule(self, client_for, users, world, programme, agreement):
        response = post(
            client_for(users.officer),
            "/api/v1/batches",
            {
                "programme": programme.pk,
                "units": [world.martapura.pk],
                "name": "X",
                "start_date": str(START),
                "end_date": "2025-03-26",
            },
        )
        assert response.status_code == 422 and "18" in response.json()["detail"]["end_date"][0]

    def test_the_flow_from_nomination_to_completion(self, client_for, users, world, open_batch, make_person):
        client = client_for(users.officer)
        person = make_person(world.martapura, full_name="Eko Api")
        nominated = post(
            client,
            f"/api/v1/batches/{open_batch.pk}/enrollments",
            {"person": person.pk, "interest_statement_on": str(START)},
        )
        assert nominated.status_code == 201
        enrollment_id = nominated.json()["id"]
        assert (
            post(client, f"/api/v1/enrollments/{enrollment_id}/decision", {"selected": True, "reason": "ok"}).json()[
                "status"
            ]
            == "selected"
        )
        assert post(client, f"/api/v1/enrollments/{enrollment_id}/enrol", {}).json()["status"] == "enrolled"
        assert post(client, f"/api/v1/enrollments/{enrollment_id}/complete", {}).status_code == 422
        from bekal.training.models import Enrollment

        mark_all(open_batch, Enrollment.objects.get(pk=enrollment_id), users.officer)
        assert post(client, f"/api/v1/enrollments/{enrollment_id}/complete", {}).json()["status"] == "completed"
        assert client.get("/api/v1/certification-rate").json() == {"completed": 1, "certified": 0, "rate": 0.0}

    def test_an_escort_clash_is_422(self, client_for, users, open_batch):
        client = client_for(users.officer)
        day = open_batch.days.first()
        assert post(client, f"/api/v1/days/{day.pk}/escorts", {"officer": users.officer.pk}).status_code == 201
        assert post(client, f"/api/v1/days/{day.pk}/escorts", {"officer": users.officer.pk}).status_code == 422

    def test_attendance_over_the_api(self, client_for, users, enrolled, open_batch, time_machine):
        time_machine.move_to(END)
        day = open_batch.days.first()
        response = post(
            client_for(users.officer), f"/api/v1/days/{day.pk}/attendance", {"marks": {str(enrolled.pk): "present"}}
        )
        assert response.status_code == 204


class TestMoreLadders:
    def test_agreements_and_programmes_are_scoped(self, client_for, users, world, agreement, programme):
        from bekal.organizations.models import Organization
        from bekal.training import services

        other = Organization.objects.create(name="BLK Lain", kind="blk")
        foreign = services.programme_create(
            actor=users.sysadmin, provider=other, name="Las", total_jp=160, training_days=20
        )
        assert client_for(users.other_officer).get(f"/api/v1/agreements/{agreement.pk}").status_code == 404
        assert client_for(users.officer).get(f"/api/v1/agreements/{agreement.pk}").status_code == 200
        assert client_for(users.partner).get(f"/api/v1/programmes/{foreign.pk}").status_code == 404
        assert client_for(users.partner).get(f"/api/v1/programmes/{programme.pk}").status_code == 200

    def test_a_partner_lists_only_its_batches(self, client_for, users, open_batch, make_user):
        from bekal.organizations.models import Organization

        stranger = make_user(Organization.objects.create(name="BLK Lain", kind="blk"), "partner_staff")
        assert client_for(stranger).get("/api/v1/batches").json()["items"] == []
        assert len(client_for(users.partner).get("/api/v1/batches").json()["items"]) == 1
