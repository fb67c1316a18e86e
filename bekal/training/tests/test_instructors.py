"""The instructor registry (issue 17, item 5): instructors per provider with their own certificates; a batch takes a
registered instructor of its provider, refused when not certified for the scheme on the batch's dates unless the
rule allows it with a reason; expiring certificates reach the provider's worklist."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.organizations.models import Organization, OrganizationKind
from bekal.rules.models import RuleValue
from bekal.training import selectors, services
from bekal.training.models import BatchInstructor
from bekal.training.tests.conftest import END
from bekal.training.worklist import worklist


@pytest.fixture
def instructor(users, world):
    return services.instructor_create(actor=users.partner, provider=world.blk, name="Rudi Hartono")


def certify(users, instructor, *, scheme="Skema Barista", start=date(2024, 1, 1), until=date(2027, 1, 1), number="C1"):
    return services.instructor_certificate_add(
        actor=users.partner, instructor=instructor, scheme=scheme, number=number, valid_from=start, valid_until=until
    )


class TestService:
    def test_a_certified_instructor_teaches_the_batch_and_it_shows(self, users, batch, instructor):
        certify(users, instructor)
        services.batch_instructor_add(actor=users.officer, batch=batch, instructor=instructor)
        batch = selectors.get_batch_for_user(users.officer, batch.pk)
        [(row, cover)] = selectors.batch_instructor_status(batch)
        assert row.instructor == instructor and cover.number == "C1"
        assert AuditEvent.objects.filter(code="training.instructor.added").exists()

    def test_an_uncertified_instructor_is_refused_naming_the_rule(self, users, batch, instructor):
        certify(users, instructor, scheme="Skema Las")
        with pytest.raises(ValidationError) as error:
            services.batch_instructor_add(actor=users.officer, batch=batch, instructor=instructor)
        assert "training.instructor.certified_required" in str(error.value)
        assert not BatchInstructor.objects.exists()

    def test_a_certificate_ending_before_the_batch_ends_does_not_cover_it(self, users, batch, instructor):
        certify(users, instructor, until=END.replace(day=20))
        with pytest.raises(ValidationError):
            services.batch_instructor_add(actor=users.officer, batch=batch, instructor=instructor)

    def test_with_the_rule_off_an_uncertified_instructor_needs_a_reason_which_is_kept(self, users, batch, instructor):
        RuleValue.objects.create(
            code="training.instructor.certified_required", value="0", valid_from=date(2020, 1, 1), source="test"
        )
        with pytest.raises(ValidationError) as error:
            services.batch_instructor_add(actor=users.officer, batch=batch, instructor=instructor)
        assert "reason" in error.value.message_dict
        row = services.batch_instructor_add(
            actor=users.officer, batch=batch, instructor=instructor, reason="Sertifikat dalam proses"
        )
        assert row.uncertified_reason == "Sertifikat dalam proses"
        event = AuditEvent.objects.get(code="training.instructor.added")
        assert event.changes["uncertified_reason"] == [None, "Sertifikat dalam proses"]

    def test_an_instructor_of_another_provider_is_refused(self, users, batch):
        other = Organization.objects.create(name="BLK Palembang", kind=OrganizationKind.BLK)
        stranger = services.instructor_create(actor=users.sysadmin, provider=other, name="Asing")
        with pytest.raises(ValidationError):
            services.batch_instructor_add(actor=users.officer, batch=batch, instructor=stranger)

    def test_the_same_instructor_twice_is_refused(self, users, batch, instructor):
        certify(users, instructor)
        services.batch_instructor_add(actor=users.officer, batch=batch, instructor=instructor)
        with pytest.raises(ValidationError):
            services.batch_instructor_add(actor=users.officer, batch=batch, instructor=instructor)

    def test_a_partner_registers_only_its_own_instructors(self, users):
        other = Organization.objects.create(name="BLK Palembang", kind=OrganizationKind.BLK)
        with pytest.raises(ValidationError):
            services.instructor_create(actor=users.partner, provider=other, name="Asing")

    def test_valid_until_before_valid_from_is_refused(self, users, instructor):
        with pytest.raises(ValidationError) as error:
            certify(users, instructor, start=date(2026, 1, 1), until=date(2025, 1, 1))
        assert "valid_until" in error.value.message_dict

    def test_expiring_certificates_reach_the_providers_worklist(self, users, instructor):
        certify(users, instructor, until=date(2025, 4, 15))
        certify(users, instructor, scheme="Skema Las", until=date(2026, 4, 15), number="C2")
        items = [i for i in worklist(users.partner, date(2025, 3, 1)) if "60" in str(i.label)]
        assert len(items) == 1 and items[0].count == 1 and "Skema Barista" in items[0].links[0][0]
        assert not [i for i in worklist(users.officer, date(2025, 3, 1)) if "60" in str(i.label)]


class TestPages:
    def test_the_ladder_of_the_instructor_page(self, client_for, users, instructor, make_user, world):
        url = reverse("training:instructor-detail", args=[instructor.pk])
        assert client_for(None).get(url).status_code == 302
        other = Organization.objects.create(name="BLK Palembang", kind=OrganizationKind.BLK)
        from bekal.accounts.models import Role

        stranger = make_user(other, Role.PARTNER_STAFF)
        assert client_for(stranger).get(url).status_code == 404
        nobody = make_user(world.martapura)
        assert client_for(nobody).get(url).status_code == 403
        assert client_for(users.partner).get(url).status_code == 200
        assert client_for(users.officer).get(url).status_code == 200

    def test_a_partner_registers_and_certifies_an_instructor_on_the_pages(self, client_for, users):
        client = client_for(users.partner)
        response = client.post(
            reverse("training:instructor-list"), {"provider": users.partner.organization_id, "name": "Siti"}
        )
        assert response.status_code == 302
        response = client.post(
            response["Location"],
            {"scheme": "Skema Barista", "number": "N-1", "valid_from": "2024-01-01", "valid_until": "2027-01-01"},
        )
        assert response.status_code == 302
        assert client.get(reverse("training:instructor-list")).content.decode().count("N-1") == 1

    def test_the_batch_page_says_whether_each_instructor_is_certified(self, client_for, users, batch, instructor):
        certify(users, instructor)
        client = client_for(users.officer)
        response = client.post(reverse("training:instructor-add", args=[batch.pk]), {"instructor": instructor.pk})
        assert response.status_code == 302
        page = client.get(reverse("training:batch-detail", args=[batch.pk])).content.decode()
        assert "Rudi Hartono" in page and "C1" in page


class TestApi:
    def test_the_api_registers_certifies_and_assigns(self, client_for, users, batch, world):
        partner, officer = client_for(users.partner), client_for(users.officer)
        made = partner.post(
            "/api/v1/instructors", {"provider": world.blk.pk, "name": "Bambang"}, content_type="application/json"
        )
        assert made.status_code == 201
        pk = made.json()["id"]
        cert = {"scheme": "Skema Barista", "number": "X9", "valid_from": "2024-01-01", "valid_until": "2027-01-01"}
        assert (
            partner.post(f"/api/v1/instructors/{pk}/certificates", cert, content_type="application/json").status_code
            == 201
        )
        added = officer.post(
            f"/api/v1/batches/{batch.pk}/instructors", {"instructor": pk}, content_type="application/json"
        )
        assert added.status_code == 201 and added.json()["certified"] is True
        listed = officer.get(f"/api/v1/batches/{batch.pk}/instructors").json()
        assert listed[0]["certificate_number"] == "X9"

    def test_the_api_ladder(self, client_for, users, instructor, make_user, world):
        url = f"/api/v1/instructors/{instructor.pk}"
        assert client_for(None).get(url).status_code == 401
        nobody = make_user(world.martapura)
        assert client_for(nobody).get(url).status_code == 403
        other = Organization.objects.create(name="BLK Palembang", kind=OrganizationKind.BLK)
        from bekal.accounts.models import Role

        assert client_for(make_user(other, Role.PARTNER_STAFF)).get(url).status_code == 404
        assert client_for(users.partner).get(url).status_code == 200

    def test_an_uncertified_instructor_is_a_422_over_the_api(self, client_for, users, batch, instructor):
        url = f"/api/v1/batches/{batch.pk}/instructors"
        response = client_for(users.officer).post(url, {"instructor": instructor.pk}, content_type="application/json")
        assert response.status_code == 422
