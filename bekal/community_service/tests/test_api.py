"""The community-service API climbs the same ladder as the pages and shares their rules."""

import json
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine

from bekal.community_service.models import Outcome
from bekal.community_service.services import ledger as ledger_services


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


SESSION = {"date": "2026-03-03", "start": "08:00", "end": "16:00", "outcome": Outcome.ATTENDED_COMPLIED}


def test_anonymous_calls_get_401(client_for, order):
    client = client_for(None)
    assert client.get("/api/v1/community-service/orders").status_code == 401
    assert client.get(f"/api/v1/community-service/orders/{order.pk}").status_code == 401
    assert post(client, f"/api/v1/community-service/orders/{order.pk}/sessions", SESSION).status_code == 401


def test_roles_without_community_service_get_403(client_for, users, order):
    for user in [users.partner, users.officer]:
        client = client_for(user)
        assert client.get("/api/v1/community-service/orders").status_code == 403
        assert client.get(f"/api/v1/community-service/orders/{order.pk}").status_code == 403
    prosecutor_client = client_for(users.regional)
    assert post(prosecutor_client, f"/api/v1/community-service/orders/{order.pk}/sessions", SESSION).status_code == 403


def test_another_units_order_is_404(client_for, users, foreign_order):
    client = client_for(users.pk)
    assert client.get(f"/api/v1/community-service/orders/{foreign_order.pk}").status_code == 404
    assert post(client, f"/api/v1/community-service/orders/{foreign_order.pk}/sessions", SESSION).status_code == 404


def test_the_right_role_reads_and_records(client_for, users, cs, order, foreign_order):
    client = client_for(users.pk)
    rows = client.get("/api/v1/community-service/orders").json()["items"]
    assert [r["id"] for r in rows] == [order.pk]
    response = post(client, f"/api/v1/community-service/orders/{order.pk}/sessions", SESSION)
    assert response.status_code == 201 and response.json()["minutes_credited"] == 480
    refused = post(
        client, f"/api/v1/community-service/orders/{order.pk}/sessions", SESSION | {"start": "16:00", "end": "17:00"}
    )
    assert refused.status_code == 422 and "Pasal 85" in json.dumps(refused.json())
    detail = client.get(f"/api/v1/community-service/orders/{order.pk}").json()
    assert detail["progress"]["completed_minutes"] == 480 and detail["progress"]["remaining_minutes"] == 1920


def test_the_prosecutor_reads_only_the_orders_it_supervises(client_for, cs, order, foreign_order):
    client = client_for(cs.prosecutor_user)
    assert [r["id"] for r in client.get("/api/v1/community-service/orders").json()["items"]] == [order.pk]
    assert post(client, f"/api/v1/community-service/orders/{order.pk}/sessions", SESSION).status_code == 403


def test_adjustments_need_an_authorised_role(client_for, users, cs, order):
    data = {"minutes": 60, "reason": "Kerja bakti"}
    assert (
        post(client_for(users.pk), f"/api/v1/community-service/orders/{order.pk}/adjustments", data).status_code == 403
    )
    assert (
        post(client_for(cs.head), f"/api/v1/community-service/orders/{order.pk}/adjustments", data).status_code == 201
    )


def test_an_order_is_created_and_refused_by_the_same_rules(client_for, users, cs, world, make_person):
    person = make_person(world.muratara, custody=False, nik=None, full_name="Klien API")
    data = {
        "person": person.pk,
        "unit": world.muratara.pk,
        "officer": users.pk.pk,
        "start_date": "2026-03-02",
        "court": cs.court.pk,
        "decision_number": "7/Pid.C/2026/PN Llg",
        "decision_date": "2026-02-25",
        "offence": "Pencurian ringan",
        "threatened_prison_months": 24,
        "hours_ordered": 7,
        "replaced_prison_months": 2,
        "complete_by": "2026-08-01",
        "sanction": "repeat",
        "prosecutor_office": cs.prosecutor.pk,
        "consent_recorded": True,
    }
    client = client_for(users.pk)
    refused = post(client, "/api/v1/community-service/orders", data)
    assert refused.status_code == 422 and "hours_ordered" in refused.json()["detail"]
    created = post(client, "/api/v1/community-service/orders", data | {"hours_ordered": 40})
    assert created.status_code == 201 and created.json()["hours_ordered"] == 40
    assert post(client_for(cs.prosecutor_user), "/api/v1/community-service/orders", data).status_code == 403


def test_the_at_risk_filter(client_for, users, order):
    ledger_services.session_record(
        actor=users.pk,
        order=order,
        date=date(2026, 3, 2),
        start=time(8, 0),
        end=time(9, 0),
        outcome=Outcome.ATTENDED_COMPLIED,
    )
    client = client_for(users.pk)
    with time_machine.travel(datetime(2026, 3, 3, 10, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False):
        assert client.get("/api/v1/community-service/orders", {"at_risk": "true"}).json()["items"] == []
    with time_machine.travel(datetime(2026, 6, 1, 10, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False):
        rows = client.get("/api/v1/community-service/orders", {"at_risk": "true"}).json()["items"]
    assert [r["id"] for r in rows] == [order.pk] and rows[0]["progress"]["at_risk"]


def test_work_sites_placements_sessions_and_decisions(client_for, users, cs, make_order, foreign_order):
    order = make_order(name="Klien Penempatan")
    client = client_for(users.pk)
    names = [s["name"] for s in client.get("/api/v1/community-service/work-sites").json()]
    assert names == ["RSUD Rupit", "SD Negeri 1 Tebing Tinggi"]
    assert [s["name"] for s in client_for(cs.site_user).get("/api/v1/community-service/work-sites").json()] == [
        "RSUD Rupit"
    ]
    assert client_for(None).get("/api/v1/community-service/work-sites").status_code == 401
    assert client_for(users.partner).get("/api/v1/community-service/work-sites").status_code == 403
    placement = {"site": cs.site.pk, "start_date": "2026-03-02", "days": [0, 1], "hours_per_day": 4}
    assert (
        post(client_for(cs.site_user), f"/api/v1/community-service/orders/{order.pk}/placements", placement).status_code
        == 403
    )
    assert post(client, f"/api/v1/community-service/orders/{foreign_order.pk}/placements", placement).status_code == 404
    assert post(client, f"/api/v1/community-service/orders/{order.pk}/placements", placement).status_code == 201
    for day in ("2026-03-02", "2026-03-03", "2026-03-04"):
        session = SESSION | {"date": day, "outcome": Outcome.UNACCEPTABLE_ABSENCE}
        assert post(client, f"/api/v1/community-service/orders/{order.pk}/sessions", session).status_code == 201
    assert len(client.get(f"/api/v1/community-service/orders/{order.pk}/sessions").json()) == 3
    assert client_for(None).get(f"/api/v1/community-service/orders/{order.pk}/sessions").status_code == 401
    report = client.get(f"/api/v1/community-service/orders/{order.pk}").json()["steps"][-1]
    assert report["kind"] == "report"
    decision = {"decision": "pay_fine", "decided_on": "2026-03-20"}
    url = f"/api/v1/community-service/letters/{report['id']}/decision"
    assert post(client_for(cs.prosecutor_user), url, decision).status_code == 403
    assert post(client_for(cs.lampung_pk), url, decision).status_code == 404
    response = post(client, url, decision)
    assert response.status_code == 200 and response.json()["decision"] == "pay_fine"
    assert client.get(f"/api/v1/community-service/orders/{order.pk}").json()["status"] == "enforced"


def test_a_site_supervisor_gets_hours_but_not_the_courts_decision(client_for, users, cs, order):
    url = f"/api/v1/community-service/orders/{order.pk}"
    seen = client_for(cs.site_user).get(url).json()
    assert seen["progress"]["ordered_minutes"] == order.hours_ordered * 60
    assert seen["decision_number"] is None and seen["court_id"] is None and seen["sanction"] is None
    assert seen["steps"] == []
    assert client_for(users.pk).get(url).json()["decision_number"] == order.decision_number


def test_a_bapas_list_count_is_kept_and_follows_every_order_written(client_for, users, cs, order, make_order):
    # The count of a Bapas's orders is kept under its versions (a busy Bapas holds thousands): read again, it is not
    # counted again; a new order, audited at the Bapas, is counted at once. The prosecutor's list is counted afresh.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bekal.organizations import figure_versions

    figure_versions.flush()  # what the commit of the set-up does
    client = client_for(users.pk)
    url = "/api/v1/community-service/orders"
    assert client.get(url).json()["count"] == 1
    figure_versions.flush()  # the sign-in's own writes
    assert client.get(url).json()["count"] == 1
    with CaptureQueriesContext(connection) as read:
        assert client.get(url).json()["count"] == 1
    assert not [q for q in read.captured_queries if "COUNT(*)" in q["sql"] and "communityserviceorder" in q["sql"]]
    make_order(name="Dewi Anggraini", officer=users.pk)
    figure_versions.flush()  # the commit of that write
    assert client.get(url).json()["count"] == 2
    assert client.get(url, {"status": "completed"}).json()["count"] == 0
    assert client_for(cs.prosecutor_user).get(url).json()["count"] == 2
