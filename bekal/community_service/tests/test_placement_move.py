"""A placement at a work site ended or moved to another site with a reason: the old one is kept, ended on a date, the
new one begins the day after; the hours stay with the order. Through the service, the pages and the API, audited,
with the ladder."""

import json
from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.community_service.models import Placement
from bekal.community_service.services import ledger as ledger_services
from bekal.community_service.services import placements as placement_services
from bekal.community_service.tests.conftest import START

MOVE_ON = date(2026, 3, 16)


@pytest.fixture
def placement(order):
    return order.placements.get()


def test_a_move_ends_the_old_placement_the_day_before_and_keeps_the_hours(users, order, placement, cs):
    ledger_services.session_record(
        actor=users.pk, order=order, date=START, start=time(8), end=time(12), outcome="attended_complied", today=START
    )
    new = placement_services.placement_move(
        actor=users.pk, placement=placement, site=cs.other_site, on=MOVE_ON, reason="RSUD direnovasi"
    )
    placement.refresh_from_db()
    assert (placement.end_date, placement.end_reason, placement.moved_to_id) == (
        MOVE_ON - timedelta(days=1),
        "RSUD direnovasi",
        new.pk,
    )
    assert (new.site, new.start_date, new.days, new.hours_per_day) == (cs.other_site, MOVE_ON, [0, 1, 2, 3, 4], 8)
    assert order.sessions.get().minutes_credited == 240
    event = AuditEvent.objects.get(code="community_service.placement.moved")
    assert (
        event.changes["site"] == [cs.site.pk, cs.other_site.pk] and event.changes["end_reason"][1] == "RSUD direnovasi"
    )


def test_an_end_keeps_the_placement_with_its_reason_and_is_audited(users, placement):
    placement_services.placement_end(actor=users.pk, placement=placement, end_date=MOVE_ON, reason="Sakit panjang")
    placement.refresh_from_db()
    assert (placement.end_date, placement.end_reason) == (MOVE_ON, "Sakit panjang")
    assert AuditEvent.objects.get(code="community_service.placement.ended").changes["end_date"] == [None, "2026-03-16"]


def test_refusals_name_the_rule(users, placement, cs, order):
    with pytest.raises(ValidationError) as caught:
        placement_services.placement_end(actor=users.pk, placement=placement, end_date=START - timedelta(1), reason="")
    assert set(caught.value.message_dict) == {"reason", "end_date"}
    with pytest.raises(ValidationError) as caught:
        placement_services.placement_move(actor=users.pk, placement=placement, site=cs.site, on=START, reason="X")
    assert set(caught.value.message_dict) == {"site", "on"}
    ledger_services.session_record(
        actor=users.pk,
        order=order,
        date=date(2026, 3, 18),
        start=time(8),
        end=time(12),
        outcome="attended_complied",
        today=date(2026, 3, 18),
    )
    with pytest.raises(ValidationError) as caught:
        placement_services.placement_end(actor=users.pk, placement=placement, end_date=MOVE_ON, reason="X")
    assert "18 Maret 2026" in caught.value.message_dict["end_date"][0]


def test_an_ended_placement_cannot_end_or_move_again(users, placement, cs):
    placement_services.placement_end(actor=users.pk, placement=placement, end_date=MOVE_ON, reason="X")
    with pytest.raises(ValidationError):
        placement_services.placement_end(actor=users.pk, placement=placement, end_date=MOVE_ON, reason="Y")
    with pytest.raises(ValidationError) as caught:
        placement_services.placement_move(
            actor=users.pk, placement=placement, site=cs.other_site, on=MOVE_ON, reason="Y"
        )
    assert "16 Maret 2026" in caught.value.message_dict["on"][0]


class TestPages:
    def test_the_order_page_links_and_the_move_page_moves(self, client_for, users, order, placement, cs):
        client = client_for(users.pk)
        detail = client.get(reverse("community_service:detail", args=[order.pk])).content.decode()
        assert reverse("community_service:placement-move", args=[placement.pk]) in detail
        url = reverse("community_service:placement-move", args=[placement.pk])
        assert client.get(url).status_code == 200
        response = client.post(url, {"site": cs.other_site.pk, "on": "2026-03-16", "reason": "Renovasi"})
        assert response.status_code == 302
        assert Placement.objects.filter(order=order).count() == 2
        detail = client.get(reverse("community_service:detail", args=[order.pk])).content.decode()
        assert "Renovasi" in detail

    def test_the_end_page_refuses_without_a_500(self, client_for, users, placement):
        url = reverse("community_service:placement-end", args=[placement.pk])
        response = client_for(users.pk).post(url, {"end_date": "2026-01-01", "reason": "X"})
        assert response.status_code == 200 and "1 Januari 2026" in response.content.decode()
        response = client_for(users.pk).post(url, {"end_date": "2026-03-16", "reason": "Selesai"})
        assert response.status_code == 302

    @pytest.mark.parametrize("name", ["placement-end", "placement-move"])
    def test_the_ladder(self, client_for, users, placement, cs, make_user, world, name):
        url = reverse(f"community_service:{name}", args=[placement.pk])
        assert client_for(None).get(url).status_code == 302
        assert client_for(cs.site_user).get(url).status_code == 403
        assert client_for(cs.lampung_pk).get(url).status_code == 404
        assert client_for(users.pk).get(url).status_code == 200


class TestAPI:
    def _post(self, client, url, data):
        return client.post(url, json.dumps(data), content_type="application/json")

    def test_move_then_read_the_history(self, client_for, users, order, placement, cs):
        client = client_for(users.pk)
        response = self._post(
            client,
            f"/api/v1/community-service/placements/{placement.pk}/move",
            {"site": cs.other_site.pk, "on": "2026-03-16", "reason": "Renovasi", "hours_per_day": 4},
        )
        assert response.status_code == 201 and response.json()["hours_per_day"] == 4
        history = client.get(f"/api/v1/community-service/orders/{order.pk}/placements").json()
        assert [(p["site_id"], p["end_date"], p["moved_to_id"]) for p in history] == [
            (cs.other_site.pk, None, None),
            (cs.site.pk, "2026-03-15", response.json()["id"]),
        ]

    def test_end_and_a_refusal_is_a_422(self, client_for, users, placement):
        url = f"/api/v1/community-service/placements/{placement.pk}/end"
        client = client_for(users.pk)
        assert self._post(client, url, {"end_date": "2026-01-01", "reason": "X"}).status_code == 422
        response = self._post(client, url, {"end_date": "2026-03-16", "reason": "Selesai"})
        assert response.status_code == 200 and response.json()["end_reason"] == "Selesai"

    def test_the_ladder(self, client_for, users, placement, cs):
        for op, data in (
            ("end", {"end_date": "2026-03-16", "reason": "X"}),
            ("move", {"site": cs.other_site.pk, "on": "2026-03-16", "reason": "X"}),
        ):
            url = f"/api/v1/community-service/placements/{placement.pk}/{op}"
            assert self._post(client_for(None), url, data).status_code == 401
            assert self._post(client_for(cs.site_user), url, data).status_code == 403
            assert self._post(client_for(cs.lampung_pk), url, data).status_code == 404
        placement.refresh_from_db()
        assert placement.end_date is None
