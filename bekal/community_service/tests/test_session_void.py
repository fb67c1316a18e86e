"""A session recorded by mistake is voided with a reason: it stays in the ledger, marked void with who, when and
why; the hours no longer count; the audit trail has the event; nothing is voided on a single tap."""

import json
from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.community_service.models import OrderStatus, WorkSession
from bekal.community_service.selectors import orders as order_selectors
from bekal.community_service.services import corrections
from bekal.community_service.services import ledger as ledger_services


def record(actor, order, *, start=8, end=12, on=date(2026, 3, 3)):
    return ledger_services.session_record(
        actor=actor, order=order, date=on, start=time(start), end=time(end), outcome="attended_complied"
    )


def credited(user, order):
    return order_selectors.get_order_for_user(user, order.pk).credited_minutes


def test_a_void_keeps_the_row_and_takes_its_hours_off_the_total(users, order):
    session = record(users.pk, order)
    assert credited(users.pk, order) == 240
    corrections.session_void(actor=users.pk, session=session, reason="Dicatat untuk klien yang salah")
    session.refresh_from_db()
    assert session.voided_at and session.voided_by == users.pk
    assert session.void_reason == "Dicatat untuk klien yang salah"
    assert (session.minutes_credited, session.voided_minutes) == (0, 240)
    assert credited(users.pk, order) == 0
    event = AuditEvent.objects.get(code="community_service.session.voided")
    assert event.changes["minutes_credited"] == [240, 0] and event.actor == users.pk
    # The hours of that day are free again: the same time can be recorded correctly.
    assert record(users.pk, order).minutes_credited == 240


def test_a_void_needs_a_reason_and_happens_once(users, order):
    session = record(users.pk, order)
    with pytest.raises(ValidationError) as refused:
        corrections.session_void(actor=users.pk, session=session, reason="  ")
    assert "reason" in refused.value.message_dict
    corrections.session_void(actor=users.pk, session=session, reason="Salah tanggal")
    with pytest.raises(ValidationError):
        corrections.session_void(actor=users.pk, session=session, reason="Lagi")
    assert AuditEvent.objects.filter(code="community_service.session.voided").count() == 1


def test_a_closed_order_keeps_its_sessions(users, order):
    session = record(users.pk, order)
    order.status = OrderStatus.COMPLETED
    order.save(update_fields=["status"])
    with pytest.raises(ValidationError):
        corrections.session_void(actor=users.pk, session=session, reason="Terlambat")


def test_the_page_shows_the_entry_before_the_confirmation(client_for, users, order):
    session = record(users.pk, order)
    client = client_for(users.pk)
    url = reverse("community_service:session-void", args=[session.pk])
    detail = client.get(reverse("community_service:detail", args=[order.pk])).content.decode()
    assert url in detail  # a link to the confirmation page, not a button that voids
    page = client.get(url).content.decode()
    assert 'id="check-answers"' in page and "4 jam &rarr; 0 menit" in page
    assert client.post(url, {"reason": ""}).status_code == 200
    assert WorkSession.objects.get(pk=session.pk).voided_at is None
    response = client.post(url, {"reason": "Dicatat dua kali"})
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "Dicatat dua kali" in detail and 'class="voided"' in detail


def test_the_void_ladder(client_for, users, cs, order, foreign_order):
    session = record(users.pk, order)
    url = reverse("community_service:session-void", args=[session.pk])
    assert client_for(None).post(url, {"reason": "x"}).status_code == 302
    assert client_for(cs.site_user).post(url, {"reason": "x"}).status_code == 403
    assert client_for(cs.lampung_pk).post(url, {"reason": "x"}).status_code == 404
    assert WorkSession.objects.get(pk=session.pk).voided_at is None


def test_the_api_voids_with_a_reason(client_for, users, cs, order):
    session = record(users.pk, order)
    url = f"/api/v1/community-service/sessions/{session.pk}/void"

    def post(user, body):
        return client_for(user).post(url, json.dumps(body), content_type="application/json")

    assert post(cs.lampung_pk, {"reason": "x"}).status_code == 404
    assert post(cs.site_user, {"reason": "x"}).status_code == 403
    assert post(users.pk, {"reason": ""}).status_code == 422
    voided = post(users.pk, {"reason": "Salah klien"})
    assert voided.status_code == 200
    body = voided.json()
    assert body["minutes_credited"] == 0 and body["voided_minutes"] == 240 and body["void_reason"] == "Salah klien"
