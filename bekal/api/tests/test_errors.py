"""Every 4xx body of the API in the caller's language: Indonesian by default, English on Accept-Language: en."""

import json
from datetime import date

import pytest

from bekal.people.models import CustodyPeriod


@pytest.fixture
def own(world, make_person):
    return make_person(world.martapura, full_name="Andi Martapura")


def post(client, url, data, **extra):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def _custody(client, person, **extra):
    return post(
        client,
        f"/api/v1/people/{person.pk}/custody-periods",
        {
            "unit": person.registered_unit_id,
            "admission_date": "2020-01-01",
            "offence_category": "theft",
            "sentence_years": "dua",
        },
        **extra,
    )


def test_text_in_a_number_field_is_refused_in_indonesian_naming_the_field_and_the_value(client_for, users, own):
    response = _custody(client_for(users.officer), own)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == {"sentence_years": ['sentence_years: "dua" bukan bilangan bulat']}
    assert body["errors"] == [
        {
            "field": "sentence_years",
            "value": "dua",
            "type": "int_parsing",
            "message": body["detail"]["sentence_years"][0],
        }
    ]
    assert CustodyPeriod.objects.count() == 1


def test_the_same_refusal_is_in_english_on_accept_language_en(client_for, users, own):
    response = _custody(client_for(users.officer), own, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == {"sentence_years": ['sentence_years: "dua" is not a whole number']}


def test_a_missing_field_and_a_bad_date_are_named(client_for, users, own):
    response = post(
        client_for(users.officer),
        f"/api/v1/people/{own.pk}/custody-periods",
        {"admission_date": "01/13/2020", "offence_category": "theft"},
    )
    detail = response.json()["detail"]
    assert detail["unit"] == ["unit wajib diisi"]
    assert detail["admission_date"] == ['admission_date: "01/13/2020" bukan tanggal (YYYY-MM-DD)']


def test_401_403_404_are_in_the_callers_language(client_for, users, own, world, make_person):
    anonymous = client_for(None)
    assert anonymous.get("/api/v1/people").json() == {
        "detail": "Masuk dahulu atau kirim token API (Authorization: Bearer <token>)"
    }
    assert anonymous.get("/api/v1/people", HTTP_ACCEPT_LANGUAGE="en").json() == {
        "detail": "Sign in or send an API token (Authorization: Bearer <token>)"
    }
    forbidden = client_for(users.partner).get("/api/v1/people")
    assert forbidden.status_code == 403 and forbidden.json() == {"detail": "Anda tidak berwenang melakukan ini"}
    foreign = make_person(world.bandar_lampung, full_name="Rudi Lampung", birth_date=date(1985, 2, 2))
    missing = client_for(users.officer).get(f"/api/v1/people/{foreign.pk}")
    assert missing.status_code == 404 and missing.json() == {"detail": "Tidak ditemukan, atau tidak terlihat oleh Anda"}
    english = client_for(users.officer).get(f"/api/v1/people/{foreign.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"detail": "Not found, or not visible to you"}


def test_a_possible_duplicate_answers_409_in_indonesian(client_for, users, own, world):
    payload = {
        "full_name": own.full_name,
        "birth_date": own.birth_date.isoformat(),
        "sex": own.sex,
        "registered_unit": world.martapura.pk,
    }
    response = post(client_for(users.officer), "/api/v1/people", payload)
    assert response.status_code == 409
    assert response.json()["detail"] == "Orang ini mungkin sudah terdaftar"
    english = post(client_for(users.officer), "/api/v1/people", payload, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["detail"] == "This person may already be registered"


def test_the_openapi_document_describes_the_error_shapes(client_for, users):
    schema = client_for(users.officer).get("/api/v1/openapi.json").json()
    assert set(schema["components"]["schemas"]["InvalidRequest"]["properties"]) == {"detail", "errors"}
    responses = schema["paths"]["/api/v1/people/{person_id}"]["get"]["responses"]
    assert responses["404"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorMessage"}
    assert responses["422"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/InvalidRequest"}
