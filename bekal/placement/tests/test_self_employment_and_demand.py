"""Self-employment after release as a structured path (issue 17, item 9) and industry demand beside the unit's
supply (item 7)."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.organizations.models import Organization, OrganizationKind
from bekal.placement import services
from bekal.placement.demand import demand_beside_supply
from bekal.placement.models import AidKind, BusinessType, EmployerProfile, PartnerStatus, Vacancy
from bekal.training.classifications import Kbji, Kbli
from bekal.training.models import Batch, Programme


@pytest.fixture
def disnaker(world):
    return Organization.objects.create(name="Disnaker OKU Timur", kind=OrganizationKind.DISNAKER, region_id="16.08")


def self_employed(users, person, today, **extra):
    values = {
        "business_name": "Warung kopi",
        "business_type": BusinessType.FOOD,
        "business_sector": Kbli.I,
        "business_started_on": today - timedelta(10),
    }
    return services.placement_create(
        actor=users.officer,
        person=person,
        kind="self_employed",
        start_date=today - timedelta(10),
        **(values | extra),
    )


class TestSelfEmployment:
    def test_a_business_with_capital_aid_and_a_partner_umkm_is_recorded(
        self, users, released_person, today, disnaker, employer
    ):
        placement = self_employed(
            users,
            released_person,
            today,
            aid_kind=AidKind.CAPITAL,
            aid_from=disnaker,
            aid_value=Decimal("2500000"),
            business_partner=employer,
        )
        assert placement.aid_from == disnaker and placement.aid_value == Decimal("2500000")
        event = AuditEvent.objects.get(code="placement.placement.created")
        assert event.changes["aid_value"][1] in ("2500000", "2500000.00", 2500000)

    def test_aid_needs_who_gave_it(self, users, released_person, today):
        with pytest.raises(ValidationError) as error:
            self_employed(users, released_person, today, aid_kind=AidKind.STARTER_KIT)
        assert "aid_from" in error.value.message_dict

    def test_the_partner_must_be_a_umkm_or_cooperative(self, users, released_person, today, disnaker):
        with pytest.raises(ValidationError) as error:
            self_employed(users, released_person, today, business_partner=disnaker)
        assert "business_partner" in error.value.message_dict

    def test_the_income_band_is_recorded_at_a_follow_up(self, users, released_person, today):
        placement = self_employed(users, released_person, today)
        follow_up = placement.follow_ups.order_by("month").first()
        services.follow_up_record(
            actor=users.officer, follow_up=follow_up, done_on=today, still_working=True, income_band="minimum"
        )
        follow_up.refresh_from_db()
        assert follow_up.income_band == "minimum"

    def test_an_employed_person_has_no_income_band(self, users, released_person, employer, today):
        placement = services.placement_create(
            actor=users.officer, person=released_person, kind="employed", start_date=today, employer=employer
        )
        with pytest.raises(ValidationError):
            services.follow_up_record(
                actor=users.officer,
                follow_up=placement.follow_ups.first(),
                done_on=today,
                still_working=True,
                income_band="minimum",
            )

    def test_the_api_takes_the_structured_path(self, client_for, users, released_person, today, disnaker):
        body = {
            "kind": "self_employed",
            "start_date": str(today - timedelta(5)),
            "business_name": "Bengkel las",
            "business_type": "craft",
            "business_sector": "C",
            "aid_kind": "starter_kit",
            "aid_from": disnaker.pk,
            "aid_value": "3500000",
        }
        url = f"/api/v1/placement/people/{released_person.pk}/placements"
        response = client_for(users.officer).post(url, json.dumps(body), content_type="application/json")
        assert response.status_code == 201, response.content
        assert response.json()["aid_from_id"] == disnaker.pk and response.json()["business_type"] == "craft"
        body["business_type"] = "astrology"
        assert client_for(users.officer).post(url, json.dumps(body), "application/json").status_code == 422


@pytest.fixture
def supply(world, users):
    """A welding programme (KBJI 7, KBLI C) with one Martapura batch in the year, 16 places."""
    programme = Programme.objects.create(
        provider=world.blk,
        name="Las",
        total_jp=160,
        training_days=20,
        min_days=20,
        max_jp_per_day=8,
        fmd_days=2,
        quota=16,
        min_attendance_percent=80,
        kbji=Kbji.CRAFT,
        kbli=Kbli.C,
    )
    batch = Batch.objects.create(
        name="Las 1",
        programme=programme,
        provider=world.blk,
        start_date=date(2025, 3, 3),
        end_date=date(2025, 3, 28),
        jp_per_day=8,
        quota=16,
        status="running",
    )
    batch.units.set([world.martapura])
    return programme


class TestDemand:
    def test_demand_in_the_province_stands_beside_the_units_supply(self, world, supply, employer, other_employer):
        Vacancy.objects.create(employer=employer, title="Tukang las", positions=3, region_id="16.08", kbji="7")
        Vacancy.objects.create(employer=employer, title="Kasir", positions=2, region_id="16.08", kbji="5")
        Vacancy.objects.create(employer=other_employer, title="Lampung", positions=9, region_id="18.71", kbji="7")
        EmployerProfile.objects.filter(organization=employer).update(partner_status=PartnerStatus.PARTNER, kbli="C")
        result = demand_beside_supply(unit=world.martapura, year=2025, today=date(2025, 6, 1))
        rows = {r.code: r for r in result.by_kbji}
        assert rows["7"].figures == {"vacancies": 1, "positions": 3, "employers": 0, "batches": 1, "places": 16}
        assert rows["5"].figures["positions"] == 2 and rows["5"].unmet
        assert not rows["7"].unmet
        sectors = {r.code: r for r in result.by_kbli}
        assert sectors["C"].figures["employers"] == 1 and sectors["C"].figures["places"] == 16

    def test_the_page_and_api_climb_the_ladder(self, client_for, users, world, supply):
        url = reverse("placement:demand")
        assert client_for(None).get(url).status_code == 302
        assert client_for(users.partner).get(url).status_code == 403
        assert client_for(users.officer).get(url, {"unit": world.bandar_lampung.pk}).status_code == 404
        page = client_for(users.officer).get(url, {"year": 2025})
        assert page.status_code == 200
        api = "/api/v1/placement/demand"
        assert client_for(None).get(api).status_code == 401
        assert client_for(users.officer).get(api, {"unit": world.bandar_lampung.pk}).status_code == 404
        body = client_for(users.officer).get(api, {"year": 2025}).json()
        assert body["by_kbji"][0]["places"] == 16
