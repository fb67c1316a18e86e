"""A programme is edited and retired through one audited service, from its page and from the API, up the same ladder."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.organizations.models import Organization, OrganizationKind
from bekal.training import services
from bekal.training.models import Batch
from bekal.training.tests.conftest import END, START


@pytest.fixture
def foreign(users):
    other = Organization.objects.create(name="BLK Lain", kind=OrganizationKind.BLK)
    return services.programme_create(actor=users.sysadmin, provider=other, name="Las", total_jp=160, training_days=20)


def form_data(programme, **changes):
    data = {
        "name": programme.name,
        "field": programme.field,
        "total_jp": programme.total_jp,
        "training_days": programme.training_days,
        "min_days": programme.min_days,
        "max_jp_per_day": programme.max_jp_per_day,
        "fmd_days": programme.fmd_days,
        "quota": programme.quota,
        "min_attendance_percent": programme.min_attendance_percent,
        "scheme": programme.scheme,
        "scheme_code": programme.scheme_code,
        "min_education": programme.min_education,
        "min_days_before_release": programme.min_days_before_release,
        "units": "\n".join(f"{u.code} {u.title}" for u in programme.units.all()),
    }
    return data | changes


def patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


class TestService:
    def test_an_edit_is_audited_with_what_changed(self, programme, users):
        services.programme_update(actor=users.officer, programme=programme, quota=12, units=[("I.563000.001.01", "X")])
        programme.refresh_from_db()
        assert programme.quota == 12 and list(programme.units.values_list("code", flat=True)) == ["I.563000.001.01"]
        event = AuditEvent.objects.get(code="training.programme.updated")
        assert event.changes["quota"] == [16, 12] and "units" in event.changes

    def test_an_edit_keeps_the_rules_and_saves_nothing_when_refused(self, programme, users):
        with pytest.raises(ValidationError) as error:
            services.programme_update(actor=users.officer, programme=programme, training_days=18)
        assert "18" in error.value.message_dict["training_days"][0]
        programme.refresh_from_db()
        assert programme.training_days == 20
        assert not AuditEvent.objects.filter(code="training.programme.updated").exists()

    def test_an_edit_may_not_take_another_programmes_name(self, programme, users, world):
        services.programme_create(actor=users.sysadmin, provider=world.blk, name="Las", total_jp=160, training_days=20)
        with pytest.raises(ValidationError) as error:
            services.programme_update(actor=users.officer, programme=programme, name="Las")
        assert "Las" in error.value.message_dict["name"][0]

    def test_an_edit_does_not_retire(self, programme, users):
        services.programme_update(actor=users.officer, programme=programme, is_active=False)
        programme.refresh_from_db()
        assert programme.is_active

    def test_retiring_keeps_the_batches_and_refuses_new_ones(self, batch, programme, users, world):
        services.programme_set_active(actor=users.officer, programme=programme, active=False)
        programme.refresh_from_db()
        assert not programme.is_active and Batch.objects.filter(pk=batch.pk, programme=programme).exists()
        assert AuditEvent.objects.filter(code="training.programme.retired", object_id=str(programme.pk)).exists()
        with pytest.raises(ValidationError) as error:
            services.batch_create(
                actor=users.officer,
                programme=programme,
                units=[world.martapura],
                name="B2",
                start_date=START,
                end_date=END,
            )
        assert "Barista" in error.value.message_dict["programme"][0]

    def test_retiring_twice_is_refused_and_reactivating_is_audited(self, programme, users):
        services.programme_set_active(actor=users.officer, programme=programme, active=False)
        with pytest.raises(ValidationError) as error:
            services.programme_set_active(actor=users.officer, programme=programme, active=False)
        assert "Barista" in error.value.message_dict["is_active"][0]
        services.programme_set_active(actor=users.officer, programme=programme, active=True)
        programme.refresh_from_db()
        assert programme.is_active
        assert AuditEvent.objects.filter(code="training.programme.reactivated").count() == 1

    def test_a_partner_may_not_retire_another_providers_programme(self, foreign, users):
        with pytest.raises(ValidationError):
            services.programme_set_active(actor=users.partner, programme=foreign, active=False)
        foreign.refresh_from_db()
        assert foreign.is_active


class TestPages:
    def test_anonymous_is_sent_to_login(self, client_for, programme):
        client = client_for(None)
        edit = client.get(reverse("training:programme-edit", args=[programme.pk]))
        retire = client.post(reverse("training:programme-active", args=[programme.pk]), {"active": "0"})
        for response in (edit, retire):
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_a_viewer_may_not_edit_or_retire(self, client_for, users, programme):
        client = client_for(users.regional)
        assert client.get(reverse("training:programme-edit", args=[programme.pk])).status_code == 403
        assert (
            client.post(reverse("training:programme-active", args=[programme.pk]), {"active": "0"}).status_code == 403
        )
        programme.refresh_from_db()
        assert programme.is_active

    def test_a_partner_gets_404_for_another_providers_programme(self, client_for, users, foreign):
        client = client_for(users.partner)
        assert client.get(reverse("training:programme-edit", args=[foreign.pk])).status_code == 404
        assert client.post(reverse("training:programme-active", args=[foreign.pk]), {"active": "0"}).status_code == 404

    def test_the_officer_edits_retires_and_reactivates(self, client_for, users, programme):
        client = client_for(users.officer)
        url = reverse("training:programme-edit", args=[programme.pk])
        page = client.get(url)
        assert page.status_code == 200 and "I.563000.001.01" in page.content.decode()
        response = client.post(url, form_data(programme, quota=10))
        assert response.status_code == 302
        programme.refresh_from_db()
        assert programme.quota == 10 and programme.units.count() == 2

        asked = client.post(reverse("training:programme-active", args=[programme.pk]), {"active": "0"})
        programme.refresh_from_db()
        assert asked.status_code == 200 and programme.is_active  # asked first, nothing retired yet
        assert 'name="confirm"' in asked.content.decode()
        client.post(reverse("training:programme-active", args=[programme.pk]), {"active": "0", "confirm": "1"})
        programme.refresh_from_db()
        assert not programme.is_active
        detail = client.get(reverse("training:programme-detail", args=[programme.pk])).content.decode()
        assert "Reactivate programme" in detail or "Aktifkan kembali program" in detail
        assert programme.name not in client.get(reverse("training:batch-create")).content.decode()

        client.post(reverse("training:programme-active", args=[programme.pk]), {"active": "1"})
        programme.refresh_from_db()
        assert programme.is_active

    def test_a_refused_edit_shows_the_rule_and_saves_nothing(self, client_for, users, programme):
        client = client_for(users.officer)
        response = client.post(
            reverse("training:programme-edit", args=[programme.pk]), form_data(programme, total_jp=250)
        )
        assert response.status_code == 200 and "250" in response.content.decode()
        programme.refresh_from_db()
        assert programme.total_jp == 160


class TestApi:
    def test_anonymous_gets_401(self, client_for, programme):
        client = client_for(None)
        assert patch(client, f"/api/v1/programmes/{programme.pk}", {"quota": 5}).status_code == 401
        assert client.post(f"/api/v1/programmes/{programme.pk}/retire").status_code == 401

    def test_a_viewer_gets_403(self, client_for, users, programme):
        client = client_for(users.regional)
        assert patch(client, f"/api/v1/programmes/{programme.pk}", {"quota": 5}).status_code == 403
        assert client.post(f"/api/v1/programmes/{programme.pk}/retire").status_code == 403

    def test_another_providers_programme_is_404(self, client_for, users, foreign):
        client = client_for(users.partner)
        assert patch(client, f"/api/v1/programmes/{foreign.pk}", {"quota": 5}).status_code == 404
        assert client.post(f"/api/v1/programmes/{foreign.pk}/retire").status_code == 404

    def test_the_partner_patches_retires_and_reactivates_its_own(self, client_for, users, programme):
        client = client_for(users.partner)
        response = patch(client, f"/api/v1/programmes/{programme.pk}", {"quota": 12})
        assert response.status_code == 200 and response.json()["quota"] == 12
        assert response.json()["name"] == "Barista" and len(response.json()["units"]) == 2
        refused = patch(client, f"/api/v1/programmes/{programme.pk}", {"training_days": 18})
        assert refused.status_code == 422 and "18" in refused.content.decode()
        assert client.post(f"/api/v1/programmes/{programme.pk}/retire").json()["is_active"] is False
        assert client.post(f"/api/v1/programmes/{programme.pk}/retire").status_code == 422
        assert client.post(f"/api/v1/programmes/{programme.pk}/reactivate").json()["is_active"] is True
