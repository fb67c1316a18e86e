"""The organisation directory and its endpoints do not run a query per row (see `bekal.core.testing`)."""

import itertools

from django.urls import reverse

from bekal.core.testing import assert_flat_queries, covers
from bekal.organizations.models import Organization, OrganizationKind

_n = itertools.count()


def _grow_under(parent):
    def grow(n):
        names = []
        for _ in range(n):
            org = Organization.objects.create(
                name=f"Lapas Contoh {next(_n)}", kind=OrganizationKind.LAPAS, parent=parent, region_id="16.08"
            )
            names.append(org.name)
        return names

    return grow


@covers("organizations:list")
def test_the_directory(client_for, users, world):
    url = reverse("organizations:list")
    assert_flat_queries(client_for(users.officer), url, _grow_under(world.kanwil_sumsel), ceiling=12)


@covers("organizations:detail")
def test_an_organisation_with_its_units(client_for, users, world):
    url = reverse("organizations:detail", args=[world.kanwil_sumsel.pk])
    assert_flat_queries(client_for(users.officer), url, _grow_under(world.kanwil_sumsel), ceiling=12)


@covers("GET /api/v1/organizations")
def test_the_directory_endpoint(client_for, users, world):
    assert_flat_queries(client_for(users.officer), "/api/v1/organizations", _grow_under(world.kanwil_sumsel), ceiling=8)


@covers("GET /api/v1/regions")
def test_the_regions_endpoint(client_for, users, world):
    from bekal.organizations.models import Region

    def grow(n):
        codes = []
        for _ in range(n):
            i = next(_n)
            region = Region.objects.create(
                code=f"16.9{i:03d}", name=f"Kabupaten Contoh {i}", level=Region.Level.REGENCY, parent_id="16"
            )
            codes.append(region.name)
        return codes

    assert_flat_queries(client_for(users.officer), "/api/v1/regions", grow, params={"parent": "16"}, ceiling=8)


@covers("organizations:manage")
def test_the_organisations_a_kanwil_administrator_keeps(client_for, world, make_user):
    admin = make_user(world.kanwil_sumsel, "unit_admin")
    url = reverse("organizations:manage")
    assert_flat_queries(client_for(admin), url, _grow_under(world.kanwil_sumsel), ceiling=12)
