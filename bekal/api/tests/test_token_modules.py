"""API tokens limited to some modules (issue 16 item 3, "scope per module"): a token made for some modules is refused
on the others with a 403 naming the module, in the caller's language; a token with no modules reads them all."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from bekal.accounts.models import ApiToken, TokenModule
from bekal.accounts.services import api_token_issue
from bekal.api.modules import operation_modules


def bearer(raw: str, language: str = "en") -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE=language)


def test_a_people_only_token_reads_people_and_is_refused_on_training(users, world, make_person):
    make_person(world.martapura, full_name="Andi Saputra")
    _token, raw = api_token_issue(user=users.officer, name="SDP", actor=users.officer, modules=["people"])
    people = bearer(raw).get("/api/v1/people")
    assert people.status_code == 200 and [p["full_name"] for p in people.json()["items"]] == ["Andi Saputra"]
    refused = bearer(raw).get("/api/v1/programmes")
    assert refused.status_code == 403
    assert refused.json()["detail"] == f"API token {raw[:8]}… is limited to People; this request is for Training"
    in_indonesian = bearer(raw, "id").get("/api/v1/programmes")
    assert in_indonesian.status_code == 403 and "Pelatihan" in in_indonesian.json()["detail"]


def test_a_module_limit_holds_for_writes_too(users):
    _token, raw = api_token_issue(
        user=users.officer, name="SDP", actor=users.officer, scope="write", modules=["people", "training"]
    )
    response = bearer(raw).post("/api/v1/notifications/read-all", data=json.dumps({}), content_type="application/json")
    assert response.status_code == 403 and "Notifications" in response.json()["detail"]


def test_a_token_with_no_modules_reads_every_module(users, world, make_person):
    make_person(world.martapura)
    _token, raw = api_token_issue(user=users.officer, name="Dashboard", actor=users.officer)
    for path in ("/api/v1/people", "/api/v1/programmes", "/api/v1/me", "/api/v1/notifications"):
        assert bearer(raw).get(path).status_code == 200, path


def test_the_modules_are_chosen_on_the_account_page(users, client_for):
    client = client_for(users.officer)
    page = client.post("/accounts/profile/", {"name": "SDP", "scope": "read", "days": 30, "modules": ["people"]})
    assert page.status_code == 200
    token = ApiToken.objects.get(user=users.officer)
    assert token.modules == ["people"]
    assert "<td>Warga binaan &amp; klien</td>" in client.get("/accounts/profile/").content.decode()
    unknown = client.post("/accounts/profile/", {"name": "X", "scope": "read", "days": 30, "modules": ["secrets"]})
    assert unknown.status_code == 200 and ApiToken.objects.count() == 1


def test_the_service_refuses_an_unknown_module(users):
    with pytest.raises(ValidationError) as refused:
        api_token_issue(user=users.officer, name="SDP", actor=users.officer, modules=["people", "secrets"])
    assert "secrets" in str(refused.value.message_dict["modules"])


def test_every_operation_belongs_to_a_module_a_token_can_name():
    modules = operation_modules()
    assert modules and set(modules.values()) <= set(TokenModule.values)
    assert modules["GET /api/v1/people"] == "people" and modules["GET /api/v1/programmes"] == "training"
