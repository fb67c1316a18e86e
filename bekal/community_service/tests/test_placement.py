"""Work sites and placements: a site never takes more people on a day than its capacity."""

from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bekal.community_service.models import SiteType
from bekal.community_service.services import sites as site_services
from bekal.organizations.models import OrganizationKind

START = date(2026, 3, 2)


def place(actor, order, site, days, **extra):
    return site_services.placement_create(
        actor=actor, order=order, site=site, start_date=START, days=days, hours_per_day=4, **extra
    )


def test_a_site_cannot_take_more_people_than_its_capacity_on_a_day(users, cs, make_order):
    first, second, third = (make_order(name=f"Klien {i}") for i in range(3))
    place(users.pk, first, cs.site, [0, 2])
    place(users.pk, second, cs.site, [0])
    with pytest.raises(ValidationError) as caught:
        place(users.pk, third, cs.site, [0, 1])
    assert "2" in " ".join(caught.value.message_dict["days"])
    assert place(users.pk, third, cs.site, [1, 2]).days == [1, 2]


def test_a_finished_placement_frees_its_place(users, cs, make_order):
    first, second, third = (make_order(name=f"Klien {i}") for i in range(3))
    place(users.pk, first, cs.site, [0], end_date=date(2026, 3, 31))
    place(users.pk, second, cs.site, [0])
    site_services.placement_create(
        actor=users.pk, order=third, site=cs.site, start_date=date(2026, 4, 1), days=[0], hours_per_day=4
    )


def test_a_plan_only_uses_days_the_site_is_open(users, cs, make_order):
    with pytest.raises(ValidationError):
        place(users.pk, make_order(), cs.site, [6])


def test_a_work_site_is_an_organisation_of_kind_work_site(users):
    site = site_services.work_site_create(
        actor=users.pk,
        name="Panti Werdha Rupit",
        region=None,
        site_type=SiteType.ELDERLY_HOME,
        capacity=3,
        days=[0, 1],
        opens_at=time(8, 0),
        closes_at=time(12, 0),
    )
    assert site.organization.kind == OrganizationKind.WORK_SITE
    with pytest.raises(ValidationError):
        site_services.work_site_create(
            actor=users.pk,
            name="Panti Werdha Rupit",
            region=None,
            site_type="mall",
            capacity=0,
            days=[],
            opens_at=time(12, 0),
            closes_at=time(8, 0),
        )


def test_only_bapas_staff_place_and_register_sites(users, cs, make_order):
    order = make_order()
    for actor in [cs.site_user, cs.prosecutor_user, users.officer]:
        with pytest.raises(PermissionDenied):
            place(actor, order, cs.site, [0])


def test_pasal_85_community_service_is_never_placed_at_a_business(users, world):
    """KUHP Pasal 85: the work must not be commercialised, so a site is a public or social place, never a business."""
    with pytest.raises(ValidationError) as caught:
        site_services.work_site_create(
            actor=users.pk,
            name="Toko Maju",
            region=None,
            site_type="umkm",
            capacity=2,
            days=[0],
            opens_at=time(8, 0),
            closes_at=time(12, 0),
        )
    assert "Pasal 85" in " ".join(caught.value.message_dict["site_type"])
    assert "umkm" not in SiteType.values and "employer" not in SiteType.values
