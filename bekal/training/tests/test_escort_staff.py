"""Escorts by security staff who are not Bekal users, recorded by name and NIP: assigned, listed, removed and swapped
through the day's escort page and the API like a user's escort (one audited service), one place a day per NIP."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bekal.audit.models import AuditEvent
from bekal.training import services
from bekal.training.models import Escort

NIP = "198001012005011001"


@pytest.fixture
def day(open_batch):
    return open_batch.days.order_by("date").first()


@pytest.fixture
def staff_escort(day, users):
    return services.escort_assign(actor=users.officer, day=day, officer_name="Joko Susilo", officer_nip=NIP)


def test_security_staff_escort_by_name_and_nip_and_it_is_audited(staff_escort, users):
    assert staff_escort.officer is None and staff_escort.officer_label == f"Joko Susilo (NIP {NIP})"
    event = AuditEvent.objects.get(code="training.escort.assigned")
    assert event.changes == {"officer_name": [None, "Joko Susilo"], "officer_nip": [None, NIP]}
    assert event.unit_id == users.officer.organization_id


def test_a_nip_that_is_not_18_digits_or_a_missing_name_is_refused(day, users):
    with pytest.raises(ValidationError) as error:
        services.escort_assign(actor=users.officer, day=day, officer_name="", officer_nip="123")
    assert set(error.value.message_dict) == {"officer_name", "officer_nip"}
    assert "123" in error.value.message_dict["officer_nip"][0]


def test_a_user_and_a_name_together_are_refused(day, users):
    with pytest.raises(ValidationError):
        services.escort_assign(actor=users.officer, day=day, officer=users.officer, officer_name="X", officer_nip=NIP)


def test_the_same_nip_cannot_escort_twice_a_day(staff_escort, day, users):
    with pytest.raises(ValidationError) as error:
        services.escort_assign(actor=users.officer, day=day, officer_name="Joko S.", officer_nip=NIP)
    assert "Barista Angkatan I" in error.value.message_dict["officer"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Escort.objects.create(day=day, officer_name="Joko", officer_nip=NIP, date=day.date)


def test_the_database_refuses_an_escort_with_neither_or_both(day, users):
    with pytest.raises(IntegrityError), transaction.atomic():
        Escort.objects.create(day=day, date=day.date)
    with pytest.raises(IntegrityError), transaction.atomic():
        Escort.objects.create(day=day, officer=users.officer, officer_name="X", officer_nip=NIP, date=day.date)


def test_staff_are_swapped_for_a_user_and_the_removal_is_audited(staff_escort, day, users):
    services.escort_remove(actor=users.officer, escort=staff_escort)
    assert AuditEvent.objects.get(code="training.escort.removed").changes == {
        "officer_name": ["Joko Susilo", None],
        "officer_nip": [NIP, None],
    }
    services.escort_assign(actor=users.officer, day=day, officer=users.officer)
    assert list(Escort.objects.filter(day=day).values_list("officer_id", flat=True)) == [users.officer.pk]


class TestPage:
    def test_the_page_assigns_staff_and_lists_them(self, client_for, day, users):
        url = f"/training/days/{day.pk}/escort/"
        client = client_for(users.officer)
        assert 'name="officer_nip"' in client.get(url).content.decode()
        response = client.post(url, {"officer": "", "officer_name": "Joko Susilo", "officer_nip": NIP})
        assert response.status_code == 302
        body = client.get(url).content.decode()
        assert "Joko Susilo" in body and f"<code>{NIP}</code>" in body
        assert f"/training/days/{day.pk}/escorts/{Escort.objects.get().pk}/remove/" in body

    def test_a_refused_nip_is_shown_on_the_form_not_a_500(self, client_for, day, users):
        response = client_for(users.officer).post(
            f"/training/days/{day.pk}/escort/", {"officer": "", "officer_name": "Joko", "officer_nip": "12ab"}
        )
        assert response.status_code == 200 and "12ab" in response.content.decode()
        assert not Escort.objects.exists()

    def test_the_page_removes_staff(self, client_for, staff_escort, users):
        url = f"/training/days/{staff_escort.day_id}/escorts/{staff_escort.pk}/remove/"
        assert client_for(users.other_officer).post(url).status_code == 404
        assert client_for(users.officer).post(url).status_code == 302
        assert not Escort.objects.exists()

    def test_the_ladder(self, client_for, day, users, make_user, world):
        url = f"/training/days/{day.pk}/escort/"
        data = {"officer_name": "Joko", "officer_nip": NIP}
        assert client_for(None).post(url, data).status_code == 302
        assert client_for(make_user(world.martapura)).post(url, data).status_code == 403
        assert client_for(users.other_officer).post(url, data).status_code == 404
        assert not Escort.objects.exists()


class TestAPI:
    def _post(self, client, day, data):
        return client.post(f"/api/v1/days/{day.pk}/escorts", json.dumps(data), content_type="application/json")

    def test_staff_are_assigned_read_and_removed(self, client_for, day, users, open_batch):
        client = client_for(users.officer)
        assert self._post(client, day, {"officer_name": "Joko Susilo", "officer_nip": NIP}).status_code == 201
        listed = client.get(f"/api/v1/batches/{open_batch.pk}/escorts").json()
        assert listed == [
            {
                "id": listed[0]["id"],
                "day_id": day.pk,
                "date": str(day.date),
                "officer_id": None,
                "officer_name": "Joko Susilo",
                "officer_nip": NIP,
            }
        ]
        assert client.delete(f"/api/v1/days/{day.pk}/escorts/{listed[0]['id']}").status_code == 204

    def test_a_refused_nip_is_a_422(self, client_for, day, users):
        response = self._post(client_for(users.officer), day, {"officer_name": "Joko", "officer_nip": "1"})
        assert response.status_code == 422 and "officer_nip" in response.json()["detail"]

    def test_the_ladder(self, client_for, day, users, make_user, world):
        data = {"officer_name": "Joko", "officer_nip": NIP}
        assert self._post(client_for(None), day, data).status_code == 401
        assert self._post(client_for(make_user(world.martapura)), day, data).status_code == 403
        assert self._post(client_for(users.other_officer), day, data).status_code == 404
        assert not Escort.objects.exists()


def test_a_race_on_the_same_nip_is_refused_not_a_500(monkeypatch, staff_escort, day, users):
    """The clash check sees no escort (the other request has not committed): the constraint stops the second."""
    from types import SimpleNamespace

    from bekal.training.services import attendance

    unseen = SimpleNamespace(filter=lambda **kwargs: Escort.objects.none(), create=Escort.objects.create)
    monkeypatch.setattr(attendance, "Escort", SimpleNamespace(objects=unseen))
    with pytest.raises(ValidationError) as refused:
        services.escort_assign(actor=users.officer, day=day, officer_name="Joko S.", officer_nip=NIP)
    assert "officer" in refused.value.message_dict
    monkeypatch.undo()
    assert Escort.objects.filter(officer_nip=NIP).count() == 1
