"""The training API climbs the same ladder as the pages and shares their rules."""

import json
from datetime import date

from bekal.training import services
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

    def test_an_unknown_id_is_refused_naming_the_field_and_the_id(self, client_for, users, world, programme):
        payload = {
            "programme": programme.pk,
            "units": [world.martapura.pk],
            "name": "X",
            "start_date": str(START),
            "end_date": "2025-03-26",
            "lsp": 987654,
        }
        response = post(client_for(users.officer), "/api/v1/batches", payload)
        assert response.status_code == 422
        assert response.json()["detail"]["lsp"] == ["Organisasi 987654 tidak ada"]
        english = client_for(users.officer).post(
            "/api/v1/batches", payload, content_type="application/json", headers={"accept-language": "en"}
        )
        assert english.json()["detail"]["lsp"] == ["Organisation 987654 does not exist"]

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
        assert response.status_code == 200 and response.json() == {"warnings": []}


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


class TestWrites:
    def test_an_agreement_over_the_api_runs_the_pks_term(self, client_for, users, world):
        response = post(
            client_for(users.officer),
            "/api/v1/agreements",
            {
                "unit": world.martapura.pk,
                "partners": [world.blk.pk],
                "kind": "pks",
                "number": "PKS/API",
                "title": "x",
                "start_date": "2026-01-01",
            },
        )
        assert response.status_code == 201 and response.json()["end_date"] == "2027-12-31"
        assert (
            post(
                client_for(users.partner),
                "/api/v1/agreements",
                {
                    "unit": world.martapura.pk,
                    "partners": [world.blk.pk],
                    "kind": "pks",
                    "number": "PKS/API2",
                    "title": "x",
                    "start_date": "2026-01-01",
                },
            ).status_code
            == 403
        )

    def test_budget_over_the_api(self, client_for, users, world, batch):
        client = client_for(users.officer)
        allocation = post(client, "/api/v1/budget", {"unit": world.martapura.pk, "year": 2025, "amount": "300"})
        assert allocation.status_code == 201
        line = post(
            client,
            f"/api/v1/budget/{allocation.json()['id']}/realisations",
            {"batch": batch.pk, "date": "2025-03-03", "description": "ATK", "amount": "100"},
        )
        assert line.status_code == 201
        assert client.get("/api/v1/budget").json()["items"][0]["absorption_percent"] == "33.33"
        assert client_for(users.other_officer).post(
            f"/api/v1/budget/{allocation.json()['id']}/realisations", "{}", content_type="application/json"
        ).status_code in (404, 422)

    def test_a_removal_over_the_api_ends_the_enrolment(self, client_for, users, enrolled):
        response = post(
            client_for(users.officer),
            f"/api/v1/enrollments/{enrolled.pk}/incidents",
            {"date": str(START), "severity": "high", "description": "Berkelahi", "action": "removal"},
        )
        assert response.status_code == 201
        enrolled.refresh_from_db()
        assert enrolled.status == "dropped_out"

    def test_assessment_and_certificate_over_the_api(self, client_for, users, enrolled, open_batch, lsp, programme):
        mark_all(open_batch, enrolled, users.officer)
        from bekal.training import services

        services.enrollment_complete(actor=users.officer, enrollment=enrolled)
        client = client_for(users.officer)
        event = post(
            client,
            f"/api/v1/batches/{open_batch.pk}/assessments",
            {"lsp": lsp.pk, "assessor": "A", "test_site": "ad_hoc", "date": str(END)},
        )
        assert event.status_code == 201
        verdicts = {str(u.pk): "K" for u in programme.units.all()}
        result = post(
            client,
            f"/api/v1/assessments/{event.json()['id']}/participants/{enrolled.pk}",
            {"verdicts": verdicts, "decision": "K", "certificate_number": "API-1"},
        )
        assert result.status_code == 200 and result.json()["certificate_number"] == "API-1"
        assert client.get("/api/v1/certification-rate").json()["rate"] == 100.0


class TestAgreementDocumentRenewalAndCalendar:
    """The actions the pages offer on an agreement and a batch calendar are in the API too, with the same rules."""

    def test_the_signed_pdf_is_uploaded_and_downloaded_over_the_api(
        self, client_for, users, agreement, settings, tmp_path
    ):
        from django.core.files.uploadedfile import SimpleUploadedFile

        settings.MEDIA_ROOT = tmp_path
        url = f"/api/v1/agreements/{agreement.pk}/document"
        officer = client_for(users.officer)
        refused = officer.post(url, {"document": SimpleUploadedFile("pks.pdf", b"hello")})
        assert refused.status_code == 422 and "pks.pdf" in refused.json()["detail"]["document"][0]
        assert officer.get(url).status_code == 404
        assert (
            client_for(users.partner).post(url, {"document": SimpleUploadedFile("p.pdf", b"%PDF-1.4")}).status_code
            == 403
        )
        other = client_for(users.other_officer).post(url, {"document": SimpleUploadedFile("p.pdf", b"%PDF-1.4")})
        assert other.status_code == 404
        response = officer.post(url, {"document": SimpleUploadedFile("pks.pdf", b"%PDF-1.4 signed")})
        assert response.status_code == 200 and response.json()["has_document"] is True
        download = officer.get(url)
        assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 signed"
        assert client_for(users.other_officer).get(url).status_code == 404

    def test_an_agreement_is_renewed_over_the_api(self, client_for, users, world):
        from datetime import date

        from bekal.training import services

        agreement = services.agreement_create(
            actor=users.officer,
            unit=world.martapura,
            partners=[world.blk],
            kind="pks",
            number="PKS/01/2025",
            title="Pelatihan WBP",
            start_date=date(2025, 1, 1),
        )
        agreement.status = "expiring"
        agreement.save()
        url = f"/api/v1/agreements/{agreement.pk}/renewal"
        body = {"number": "PKS/02/2027", "start_date": "2027-01-01"}
        assert client_for(None).post(url, json.dumps(body), content_type="application/json").status_code == 401
        assert post(client_for(users.partner), url, body).status_code == 403
        assert post(client_for(users.other_officer), url, body).status_code == 404
        response = post(client_for(users.officer), url, body)
        assert response.status_code == 201, response.content
        new = response.json()
        assert new["status"] == "draft" and new["renewal_of_id"] == agreement.pk
        assert new["end_date"] == "2028-12-31"  # the PKS default term of two years
        agreement.refresh_from_db()
        assert agreement.status == "renewed"
        again = post(client_for(users.officer), url, {"number": "PKS/03/2027", "start_date": "2027-01-01"})
        assert again.status_code == 422

    def test_a_batch_calendar_is_edited_over_the_api_with_the_minimum_days_rule(self, client_for, users, batch):
        officer = client_for(users.officer)
        first = batch.days.order_by("date").first().date
        refused = officer.delete(f"/api/v1/batches/{batch.pk}/days/{first}")
        assert refused.status_code == 422 and "19" in json.dumps(refused.json())
        assert batch.days.count() == 20  # nothing half-written
        saturday = "2025-03-29"
        url = f"/api/v1/batches/{batch.pk}/days/{saturday}"
        body = {"kind": "training", "jp": 8}
        assert post(client_for(users.partner), url, body).status_code == 405  # PUT only
        assert client_for(users.partner).put(url, json.dumps(body), content_type="application/json").status_code == 403
        other = client_for(users.other_officer).put(url, json.dumps(body), content_type="application/json")
        assert other.status_code == 404
        added = officer.put(url, json.dumps(body), content_type="application/json")
        assert added.status_code == 200 and saturday in [d["date"] for d in added.json()]
        wrong = officer.put(url, json.dumps({"kind": "party"}), content_type="application/json")
        assert wrong.status_code == 422 and "party" in json.dumps(wrong.json())
        last = batch.days.filter(kind="training").order_by("-date").exclude(date=saturday).first().date
        removed = officer.delete(f"/api/v1/batches/{batch.pk}/days/{last}")
        assert removed.status_code == 200, removed.content
        assert str(last) not in [d["date"] for d in removed.json()] and len(removed.json()) == 20


class TestCatalogueImportAndInstructors:
    def test_a_catalogue_import_over_the_api_reports_bad_rows(
        self, client_for, users, world, django_capture_on_commit_callbacks
    ):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from bekal.jobs.testing import job_of
        from bekal.training.models import Programme

        content = b"name,field,total_jp,training_days\nBarista,Pariwisata,160,20\nLas,Manufaktur,abc,20\n"
        url = "/api/v1/programmes/import"

        def upload(user):
            return client_for(user).post(url, {"provider": world.blk.pk, "file": SimpleUploadedFile("k.csv", content)})

        assert upload(None).status_code == 401
        assert upload(users.regional).status_code == 403
        with django_capture_on_commit_callbacks(execute=True):
            response = upload(users.sysadmin)
        assert response.status_code == 202, response.content
        job = client_for(users.sysadmin).get(response.json()["url"]).json()
        assert job["status"] == "done" and Programme.objects.filter(name="Barista").exists()
        refused = client_for(users.sysadmin).get(job["download_url"])
        lines = b"".join(refused.streaming_content).decode("utf-8-sig").splitlines()
        assert lines[1].startswith("3,") and "abc" in lines[1] and len(lines) == 2
        assert job_of(response).summary[0].startswith("1 ")

    def test_a_registered_instructor_is_added_over_the_api(self, client_for, users, batch, world):
        instructor = services.instructor_create(actor=users.partner, provider=world.blk, name="Budi Santoso")
        services.instructor_certificate_add(
            actor=users.partner,
            instructor=instructor,
            scheme="Skema Barista",
            number="BNSP-1",
            valid_from=date(2024, 1, 1),
            valid_until=date(2027, 1, 1),
        )
        url = f"/api/v1/batches/{batch.pk}/instructors"
        body = {"instructor": instructor.pk}
        assert post(client_for(users.partner), url, body).status_code == 403
        assert post(client_for(users.other_officer), url, body).status_code == 404
        response = post(client_for(users.officer), url, body)
        assert response.status_code == 201 and response.json()["name"] == "Budi Santoso"
        assert list(batch.instructors.values_list("instructor__name", flat=True)) == ["Budi Santoso"]
