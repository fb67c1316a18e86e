"""A batch quota above the rule's ceiling (training.batch.quota.max, 16 by default) is refused naming the rule and
the value, unless a reason for it is recorded; the page and the API share the check."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bekal.rules.models import RuleValue
from bekal.training import services
from bekal.training.models import Batch
from bekal.training.tests.conftest import END, START


def _create(users, world, programme, **extra):
    return services.batch_create(
        actor=users.officer,
        programme=programme,
        units=[world.martapura],
        name="Barista Angkatan II",
        start_date=START,
        end_date=END,
        **extra,
    )


class TestService:
    def test_a_quota_above_the_rule_is_refused_naming_it(self, users, world, programme, agreement):
        with pytest.raises(ValidationError) as caught:
            _create(users, world, programme, quota=40)
        assert caught.value.message_dict["quota"] == ["Kuota 40 peserta; maksimal 16 (isi alasan untuk melebihinya)"]
        assert not Batch.objects.filter(name="Barista Angkatan II").exists()

    def test_the_rule_at_the_quota_is_accepted_without_a_reason(self, users, world, programme, agreement):
        batch = _create(users, world, programme, quota=16)
        assert batch.quota == 16 and batch.quota_override_reason == ""

    def test_a_reason_lets_it_through_and_is_kept(self, users, world, programme, agreement):
        batch = _create(users, world, programme, quota=40, quota_override_reason="  Dua paket digabung  ")
        batch.refresh_from_db()
        assert batch.quota == 40 and batch.quota_override_reason == "Dua paket digabung"

    def test_a_blank_reason_is_no_reason(self, users, world, programme, agreement):
        with pytest.raises(ValidationError):
            _create(users, world, programme, quota=17, quota_override_reason="   ")

    def test_the_ceiling_is_the_rule_in_force(self, users, world, programme, agreement):
        RuleValue.objects.create(code="training.batch.quota.max", value="20", valid_from="2020-01-01", source="test")
        assert _create(users, world, programme, quota=20).quota == 20

    def test_a_reason_under_the_ceiling_is_not_stored(self, users, world, programme, agreement):
        assert _create(users, world, programme, quota=10, quota_override_reason="x").quota_override_reason == ""


class TestPage:
    def _data(self, world, programme, **extra):
        return {
            "name": "Barista Angkatan II",
            "programme": programme.pk,
            "units": [world.martapura.pk],
            "venue": "blk",
            "start_date": str(START),
            "end_date": str(END),
            **extra,
        }

    def test_the_form_shows_the_refusal_and_saves_nothing(self, client_for, users, world, programme, agreement):
        response = client_for(users.officer).post(
            reverse("training:batch-create"), self._data(world, programme, quota=40)
        )
        assert response.status_code == 200
        assert "Kuota 40 peserta; maksimal 16" in response.content.decode()
        assert not Batch.objects.filter(name="Barista Angkatan II").exists()

    def test_the_form_accepts_a_reason_and_the_batch_page_shows_it(
        self, client_for, users, world, programme, agreement
    ):
        client = client_for(users.officer)
        response = client.post(
            reverse("training:batch-create"),
            self._data(world, programme, quota=40, quota_override_reason="Dua paket digabung"),
        )
        batch = Batch.objects.get(name="Barista Angkatan II")
        assert response.status_code == 302 and batch.quota == 40
        page = client.get(reverse("training:batch-detail", args=[batch.pk])).content.decode()
        assert "Alasan kuota melebihi aturan" in page and "Dua paket digabung" in page


class TestApi:
    def _payload(self, world, programme, **extra):
        return {
            "programme": programme.pk,
            "units": [world.martapura.pk],
            "name": "Barista Angkatan II",
            "start_date": str(START),
            "end_date": str(END),
            **extra,
        }

    def test_a_quota_above_the_rule_is_422_naming_it(self, client_for, users, world, programme, agreement):
        response = client_for(users.officer).post(
            "/api/v1/batches", json.dumps(self._payload(world, programme, quota=40)), content_type="application/json"
        )
        assert response.status_code == 422
        assert response.json()["detail"]["quota"] == ["Kuota 40 peserta; maksimal 16 (isi alasan untuk melebihinya)"]

    def test_a_reason_is_accepted_and_returned(self, client_for, users, world, programme, agreement):
        payload = self._payload(world, programme, quota=40, quota_override_reason="Dua paket digabung")
        response = client_for(users.officer).post(
            "/api/v1/batches", json.dumps(payload), content_type="application/json"
        )
        assert response.status_code == 201
        assert response.json()["quota"] == 40 and response.json()["quota_override_reason"] == "Dua paket digabung"

    def test_a_partner_cannot_create_whatever_the_quota(self, client_for, users, world, programme, agreement):
        payload = self._payload(world, programme, quota=40, quota_override_reason="x")
        response = client_for(users.partner).post(
            "/api/v1/batches", json.dumps(payload), content_type="application/json"
        )
        assert response.status_code == 403


def test_a_batch_running_for_centuries_is_refused_before_its_days_are_planned(users, world):
    from datetime import date

    import pytest
    from django.core.exceptions import ValidationError

    from bekal.training.services.batches import _check_span

    _check_span(date(2026, 1, 5), date(2026, 12, 31))
    with pytest.raises(ValidationError) as refused:
        _check_span(date(2026, 1, 5), date(9999, 12, 31))
    assert "paling lama 365" in str(refused.value)
