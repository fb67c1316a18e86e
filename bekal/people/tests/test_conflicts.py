"""A unique constraint that stops a write no service named (a race the code did not foresee) is a refusal on the
page and a 409 in the API, never a 500."""

from django.db import IntegrityError
from django.urls import reverse

from bekal.people import services


def _stopped(**kwargs):
    raise IntegrityError('duplicate key value violates unique constraint "some_new_constraint"')


def test_the_page_sends_the_user_back_with_a_message(client_for, users, world, monkeypatch):
    monkeypatch.setattr(services, "person_create", _stopped)
    client = client_for(users.officer)
    data = {"full_name": "Budi", "birth_date": "1990-01-01", "sex": "M", "registered_unit": world.martapura.pk}
    response = client.post(reverse("people:create"), data)
    assert response.status_code == 302 and response["Location"] == reverse("people:create")
    assert "coba lagi" in client.get(response["Location"]).content.decode()


def test_the_api_answers_409(client_for, users, world, monkeypatch):
    monkeypatch.setattr(services, "person_create", _stopped)
    body = {"full_name": "Budi", "birth_date": "1990-01-01", "sex": "M", "registered_unit": world.martapura.pk}
    response = client_for(users.officer).post("/api/v1/people", body, content_type="application/json")
    assert response.status_code == 409 and "coba lagi" in response.json()["detail"]
