"""Supervision sentences, their breaches, litmas and work sites through the API, each with the ladder: anonymous,
wrong role, another unit's officer, the right role. The same services as the pages."""

import json
from datetime import date

import pytest

from bekal.community_service.models import BreachCase, LitmasReport, SupervisionSentence, WorkSite
from bekal.community_service.tests.test_supervision_sentence import data, make_sentence, sentence  # noqa: F401


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def person(world, make_person):
    return make_person(world.muratara, full_name="Dedi Harahap", custody=False, nik=None)


def _sentence_body(world, cs, users):
    body = {k: (v.isoformat() if isinstance(v, date) else getattr(v, "pk", v)) for k, v in data(cs).items()}
    return body | {"unit": world.muratara.pk, "officer": users.pk.pk}


def test_a_pk_records_a_supervision_sentence(client_for, users, world, cs, person):
    url = f"/api/v1/community-service/people/{person.pk}/supervision-sentences"
    body = _sentence_body(world, cs, users)
    assert post(client_for(None), url, body).status_code == 401
    assert post(client_for(users.officer), url, body).status_code == 403  # a Lapas training officer
    assert post(client_for(cs.lampung_pk), url, body).status_code == 404  # another Bapas
    response = post(client_for(users.pk), url, body)
    assert response.status_code == 201, response.content
    created = SupervisionSentence.objects.get()
    assert response.json()["id"] == created.pk and response.json()["term_months"] == 12
    assert created.period.officer_id == users.pk.pk
    refused = post(client_for(users.pk), url, body | {"term_months": 0, "decision_number": "2/Pid"})
    assert refused.status_code == 422 and "term_months" in refused.json()["detail"]


def test_a_breach_is_opened_read_and_advanced(client_for, users, cs, sentence):  # noqa: F811
    url = f"/api/v1/community-service/supervision-sentences/{sentence.pk}/breaches"
    body = {"condition": "Mengganti kerugian korban", "advised_on": "2026-03-02", "advice": "Diberi teguran"}
    assert post(client_for(None), url, body).status_code == 401
    assert post(client_for(cs.site_user), url, body).status_code == 403
    assert post(client_for(cs.lampung_pk), url, body).status_code == 404
    response = post(client_for(users.pk), url, body)
    assert response.status_code == 201, response.content
    case = BreachCase.objects.get()
    assert [b["id"] for b in client_for(users.pk).get(url).json()] == [case.pk]
    assert client_for(cs.lampung_pk).get(url).status_code == 404
    advance = f"/api/v1/community-service/breaches/{case.pk}/advance"
    step = {"stage": "proposal", "on": "2026-03-10", "text": "Diusulkan perpanjangan"}
    assert post(client_for(cs.lampung_pk), advance, step).status_code == 404
    moved = post(client_for(users.pk), advance, step)
    assert moved.status_code == 200, moved.content
    assert moved.json()["stage"] == "proposal" and moved.json()["proposal"] == "Diusulkan perpanjangan"


def test_a_pk_records_and_reads_a_litmas(client_for, users, world, cs, person):
    url = f"/api/v1/community-service/people/{person.pk}/litmas"
    body = {
        "unit": world.muratara.pk,
        "officer": users.pk.pk,
        "date": "2026-02-10",
        "purpose": "pre_sentence",
        "recommendation": "Layak menjalani pidana kerja sosial",
    }
    assert post(client_for(None), url, body).status_code == 401
    assert post(client_for(users.officer), url, body).status_code in (403, 404)
    assert post(client_for(cs.lampung_pk), url, body).status_code == 404
    response = post(client_for(users.pk), url, body)
    assert response.status_code == 201, response.content
    report = LitmasReport.objects.get()
    assert [r["id"] for r in client_for(users.pk).get(url).json()] == [report.pk]
    assert client_for(cs.lampung_pk).get(url).status_code == 404
    refused = post(client_for(users.pk), url, body | {"officer": cs.lampung_pk.pk})
    assert refused.status_code == 422 and "officer" in refused.json()["detail"]


def test_a_pk_registers_a_work_site(client_for, users, cs):
    url = "/api/v1/community-service/work-sites"
    body = {
        "name": "Masjid Agung Rupit",
        "site_type": "worship",
        "capacity": 3,
        "days": [0, 2, 4],
        "opens_at": "08:00",
        "closes_at": "12:00",
        "supervisor_name": "Pak Imam",
    }
    before = WorkSite.objects.count()
    assert post(client_for(None), url, body).status_code == 401
    assert post(client_for(users.officer), url, body).status_code == 403
    response = post(client_for(users.pk), url, body)
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Masjid Agung Rupit" and response.json()["opens_at"] == "08:00:00"
    assert WorkSite.objects.count() == before + 1
    refused = post(client_for(users.pk), url, body | {"name": "Pasar", "opens_at": "13:00"})
    assert refused.status_code == 422
