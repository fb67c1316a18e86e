"""A client registered at the Bapas for community service before the court's order is recorded: the order is attached
to that period from the order page, the Bapas home page and the API, never creating a second period."""

import json
from datetime import date

import pytest
from django.urls import reverse

from bekal.community_service.models import CommunityServiceOrder
from bekal.community_service.selectors.orders import periods_awaiting_order
from bekal.people.models import SupervisionPeriod


@pytest.fixture
def awaiting(world, make_person):
    person = make_person(
        world.muratara,
        custody=False,
        nik=None,
        full_name="Andi Menunggu",
        supervision="kerja_sosial",
        admission_date=date(2026, 3, 2),
    )
    return SupervisionPeriod.objects.get(person=person)


def order_fields(cs):
    return {
        "court": cs.court.pk,
        "decision_number": "77/Pid.C/2026/PN Llg",
        "decision_date": "2026-02-25",
        "offence": "Pencurian ringan",
        "threatened_prison_months": 24,
        "hours_ordered": 120,
        "replaced_prison_months": 2,
        "hours_per_day": 8,
        "complete_by": "2026-08-01",
        "sanction": "repeat",
        "prosecutor_office": cs.prosecutor.pk,
        "consent_recorded": "on",
    }


def test_the_queue_lists_open_periods_without_an_order_in_the_users_units(users, cs, awaiting):
    assert list(periods_awaiting_order(user=users.pk)) == [awaiting]
    assert list(periods_awaiting_order(user=cs.lampung_pk)) == []  # another Bapas
    assert list(periods_awaiting_order(user=users.regional)) == []  # reads, never records orders


def test_the_home_page_links_to_the_order_form_with_the_period_chosen(client_for, users, cs, awaiting):
    body = client_for(users.pk).get(reverse("home:home")).content.decode()
    link = reverse("community_service:create", args=[awaiting.person_id]) + f"?period={awaiting.pk}"
    assert "Andi Menunggu" in body and link in body
    assert "Andi Menunggu" not in client_for(cs.lampung_pk).get(reverse("home:home")).content.decode()


def test_the_order_page_attaches_the_order_to_the_existing_period(client_for, users, cs, awaiting):
    url = reverse("community_service:create", args=[awaiting.person_id])
    page = client_for(users.pk).get(f"{url}?period={awaiting.pk}").content.decode()
    assert f'<option value="{awaiting.pk}" selected>' in page
    response = client_for(users.pk).post(url, order_fields(cs) | {"period": awaiting.pk})
    assert response.status_code == 302, response.content.decode()
    order = CommunityServiceOrder.objects.get()
    assert order.period == awaiting and SupervisionPeriod.objects.filter(person=awaiting.person).count() == 1
    assert list(periods_awaiting_order(user=users.pk)) == []
    assert client_for(cs.lampung_pk).get(url).status_code == 404


def test_without_a_period_the_form_asks_for_the_bapas_and_start(client_for, users, cs, awaiting):
    url = reverse("community_service:create", args=[awaiting.person_id])
    response = client_for(users.pk).post(url, order_fields(cs))
    assert response.status_code == 200 and CommunityServiceOrder.objects.count() == 0
    assert "Required for a new supervision period" in response.content.decode() or "Wajib" in response.content.decode()


def test_the_api_attaches_an_order_to_an_existing_period(client_for, users, cs, awaiting, world, make_person):
    listing = client_for(users.pk).get("/api/v1/community-service/periods-awaiting-order")
    assert [p["id"] for p in listing.json()] == [awaiting.pk]
    assert client_for(cs.prosecutor_user).get("/api/v1/community-service/periods-awaiting-order").status_code == 403
    fields = order_fields(cs) | {"consent_recorded": True, "person": awaiting.person_id}

    def post(user, body):
        return client_for(user).post(
            "/api/v1/community-service/orders", json.dumps(body), content_type="application/json"
        )

    other = make_person(world.muratara, custody=False, nik=None, full_name="Orang Lain", supervision="kerja_sosial")
    wrong = SupervisionPeriod.objects.get(person=other)
    refused = post(users.pk, fields | {"period": wrong.pk})
    assert refused.status_code == 422 and str(wrong.pk) in refused.json()["detail"]["period"][0]
    no_start = post(users.pk, fields)
    assert no_start.status_code == 422 and "start_date" in no_start.json()["detail"]
    assert post(cs.lampung_pk, fields | {"period": awaiting.pk}).status_code == 404
    response = post(users.pk, fields | {"period": awaiting.pk})
    assert response.status_code == 201, response.content
    assert CommunityServiceOrder.objects.get().period == awaiting
