"""Community-service fixtures: a court, a prosecutor's office, work sites, a second Bapas whose orders the first
must not see, the new roles, and an order factory that goes through the service."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

import pytest

from bekal.accounts.models import Role, User
from bekal.community_service.models import CommunityServiceOrder, Sanction, SiteType, WorkSite
from bekal.community_service.services import orders as order_services
from bekal.community_service.services import sites as site_services
from bekal.organizations.models import Organization, OrganizationKind

K = OrganizationKind
START = date(2026, 3, 2)  # a Monday


@dataclass
class CS:
    court: Organization
    prosecutor: Organization
    other_prosecutor: Organization
    lampung_bapas: Organization
    site: WorkSite
    other_site: WorkSite
    prosecutor_user: User
    site_user: User
    other_site_user: User
    lampung_pk: User
    head: User


@pytest.fixture
def cs(world, users, make_user) -> CS:
    court = Organization.objects.create(name="Pengadilan Negeri Lubuklinggau", kind=K.COURT, region_id="16.73")
    prosecutor = Organization.objects.create(name="Kejaksaan Negeri Lubuklinggau", kind=K.PROSECUTOR)
    other_prosecutor = Organization.objects.create(name="Kejaksaan Negeri Bandar Lampung", kind=K.PROSECUTOR)
    lampung_bapas = Organization.objects.create(
        name="Bapas Kelas I Bandar Lampung", kind=K.BAPAS, parent=world.kanwil_lampung, region_id="18.71"
    )
    site = site_services.work_site_create(
        actor=users.sysadmin,
        name="RSUD Rupit",
        region=None,
        site_type=SiteType.HOSPITAL,
        capacity=2,
        days=[0, 1, 2, 3, 4],
        opens_at=time(7, 0),
        closes_at=time(17, 0),
    )
    other_site = site_services.work_site_create(
        actor=users.sysadmin,
        name="SD Negeri 1 Tebing Tinggi",
        region=None,
        site_type=SiteType.SCHOOL,
        capacity=5,
        days=[0, 1, 2, 3, 4, 5],
        opens_at=time(7, 0),
        closes_at=time(14, 0),
    )
    return CS(
        court=court,
        prosecutor=prosecutor,
        other_prosecutor=other_prosecutor,
        lampung_bapas=lampung_bapas,
        site=site,
        other_site=other_site,
        prosecutor_user=make_user(prosecutor, Role.PROSECUTOR_STAFF, username="jaksa"),
        site_user=make_user(site.organization, Role.SITE_SUPERVISOR, username="pengawas"),
        other_site_user=make_user(other_site.organization, Role.SITE_SUPERVISOR, username="pengawas2"),
        lampung_pk=make_user(lampung_bapas, Role.PROBATION_OFFICER, username="pk_lampung"),
        head=make_user(world.muratara, Role.HEAD_OF_UNIT, username="kabapas"),
    )


def order_data(cs: CS, **overrides: Any) -> dict[str, Any]:
    """Return the fields of a valid order, within every limit of KUHP Pasal 85."""
    data: dict[str, Any] = {
        "start_date": START,
        "court": cs.court,
        "decision_number": "12/Pid.B/2026/PN Llg",
        "decision_date": date(2026, 2, 20),
        "offence": "Pencurian ringan",
        "threatened_prison_months": 48,
        "hours_ordered": 40,
        "replaced_prison_months": 3,
        "replaced_fine": None,
        "hours_per_day": 8,
        "complete_by": date(2026, 8, 31),
        "sanction": Sanction.SERVE_PRISON,
        "prosecutor_office": cs.prosecutor,
        "consent_recorded": True,
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_order(world, users, cs, make_person) -> Callable[..., CommunityServiceOrder]:
    def make(
        *, unit: Organization | None = None, actor: User | None = None, name: str = "Rizky Pratama", **overrides: Any
    ) -> CommunityServiceOrder:
        unit = unit or world.muratara
        person = make_person(unit, full_name=name, custody=False, nik=None)
        data = order_data(cs, **overrides)
        officer = data.pop("officer", None)
        return order_services.order_create(
            actor=actor or users.sysadmin, person=person, unit=unit, officer=officer, **data
        )

    return make


@pytest.fixture
def order(make_order, users, cs) -> CommunityServiceOrder:
    order = make_order(officer=users.pk)
    site_services.placement_create(
        actor=users.sysadmin, order=order, site=cs.site, start_date=START, days=[0, 1, 2, 3, 4], hours_per_day=8
    )
    return order


@pytest.fixture
def foreign_order(make_order, cs, users) -> CommunityServiceOrder:
    return make_order(
        unit=cs.lampung_bapas, name="Rudi Lampung", prosecutor_office=cs.other_prosecutor, officer=cs.lampung_pk
    )
