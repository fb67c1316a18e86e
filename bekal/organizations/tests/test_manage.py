"""Keeping the directory in the app (issue 15 item 2): who may register, change, close and reopen an organisation,
through the pages and the API, each change audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from bekal.accounts.access import UNIT_ROLES
from bekal.accounts.models import Role
from bekal.audit.models import AuditEvent
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.organizations.scope import managed_organizations
from bekal.organizations.services import organization_active_set, organization_save


@pytest.fixture
def kanwil_admin(world, make_user):
    return make_user(world.kanwil_sumsel, Role.UNIT_ADMIN, username="kanwil_admin")


def test_every_unit_kind_has_its_grantable_roles():
    assert set(UNIT_ROLES) == set(OrganizationKind.values)
    assert not any(Role.SYSTEM_ADMIN in roles or Role.NATIONAL_VIEWER in roles for roles in UNIT_ROLES.values())


def test_who_manages_which_organisations(users, world, kanwil_admin):
    assert set(managed_organizations(users.unit_admin)) == {world.martapura}
    assert set(managed_organizations(kanwil_admin)) == {world.kanwil_sumsel, world.martapura, world.muratara, world.blk}
    assert managed_organizations(users.sysadmin).count() == Organization.objects.count()
    assert not managed_organizations(users.officer).exists() and not managed_organizations(users.regional).exists()


# The ladder of every page: anonymous -> sign-in, wrong role -> 403, another unit's record -> 404, right role -> 200.
def test_the_pages_ladder(client_for, users, world):
    anonymous, officer, admin = client_for(None), client_for(users.officer), client_for(users.unit_admin)
    for url in [
        reverse("organizations:manage"),
        reverse("organizations:create"),
        reverse("organizations:edit", args=[world.martapura.pk]),
    ]:
        assert anonymous.get(url).status_code == 302, url
        assert officer.get(url).status_code == 403, url
    assert admin.get(reverse("organizations:edit", args=[world.bandar_lampung.pk])).status_code == 404
    assert admin.post(reverse("organizations:active", args=[world.bandar_lampung.pk])).status_code == 404
    page = admin.get(reverse("organizations:manage")).content.decode()
    assert world.martapura.name in page and world.bandar_lampung.name not in page
    assert admin.get(reverse("organizations:edit", args=[world.martapura.pk])).status_code == 200
    # A unit administrator neither registers an organisation nor closes their own.
    assert admin.get(reverse("organizations:create")).status_code == 403
    assert admin.post(reverse("organizations:active", args=[world.martapura.pk]), {"active": "0"}).status_code == 403


def test_a_unit_administrator_changes_only_their_units_details(client_for, users, world, regions):
    client = client_for(users.unit_admin)
    url = reverse("organizations:edit", args=[world.martapura.pk])
    data = {"name": "Renamed", "kind": "blk", "address": "Jl. Lintas Sumatera 1", "phone": "0733-1", "email": ""}
    response = client.post(url, {**data, "covered_regions": ["16.08", "16.13"]})
    assert response.status_code == 302, response.context["form"].errors
    world.martapura.refresh_from_db()
    assert world.martapura.name == "Lapas Kelas IIB Martapura" and world.martapura.kind == "lapas"
    assert world.martapura.address == "Jl. Lintas Sumatera 1"
    assert sorted(world.martapura.covered_regions.values_list("code", flat=True)) == ["16.08", "16.13"]
    event = AuditEvent.objects.get(code="organizations.organization.updated")
    assert event.actor == users.unit_admin and event.changes["covered_regions"] == [None, ["16.08", "16.13"]]
    with pytest.raises(ValidationError) as refused:
        organization_save(organization=world.martapura, actor=users.unit_admin, name="Renamed")
    assert "name" in refused.value.message_dict


def test_a_kanwil_administrator_registers_a_partner_of_its_province_only(client_for, world, kanwil_admin):
    client = client_for(kanwil_admin)
    assert client.get(reverse("organizations:create")).status_code == 200
    data = {"name": "BLK Martapura", "kind": "blk", "region": "16.08", "covered_regions": ["16.08"]}
    response = client.post(reverse("organizations:create"), data)
    blk = Organization.objects.get(name="BLK Martapura")
    assert response["Location"] == reverse("organizations:detail", args=[blk.pk])
    assert list(blk.covered_regions.values_list("code", flat=True)) == ["16.08"]
    assert AuditEvent.objects.filter(code="organizations.organization.created", object_id=str(blk.pk)).exists()
    response = client.post(reverse("organizations:create"), {**data, "name": "BLK Lampung", "region": "18.71"})
    assert response.status_code == 200 and "provinsi Kanwil" in response.content.decode()
    response = client.post(reverse("organizations:create"), {"name": "Kanwil Baru", "kind": "kanwil", "region": "16"})
    assert "Hanya administrator sistem" in response.content.decode()
    assert not Organization.objects.filter(name__in=["BLK Lampung", "Kanwil Baru"]).exists()


def test_a_new_upt_of_a_kanwil_sits_under_it(world, kanwil_admin):
    rutan = organization_save(
        organization=None,
        actor=kanwil_admin,
        name="Rutan Baturaja",
        kind="rutan",
        region=Region.objects.get(code="16.01"),
    )
    assert rutan.parent == world.kanwil_sumsel


def test_closing_keeps_the_history_and_leaves_the_pickers(client_for, users, world, kanwil_admin):
    client = client_for(kanwil_admin)
    response = client.post(reverse("organizations:active", args=[world.blk.pk]), {"active": "0"})
    assert response.status_code == 302
    world.blk.refresh_from_db()
    assert not world.blk.is_active
    assert AuditEvent.objects.filter(code="organizations.organization.closed", object_id=str(world.blk.pk)).exists()
    assert world.blk not in Organization.objects.active()
    from bekal.accounts.user_views import UserForm

    offered = UserForm(actor=users.sysadmin, editing=None).fields["organization"].queryset
    assert world.blk not in offered and world.martapura in offered
    # Still in the directory, with its page.
    assert client.get(reverse("organizations:detail", args=[world.blk.pk])).status_code == 200
    client.post(reverse("organizations:active", args=[world.blk.pk]), {"active": "1"})
    world.blk.refresh_from_db()
    assert world.blk.is_active
    # The Kanwil's administrator does not close the Kanwil itself.
    with pytest.raises(PermissionDenied):
        organization_active_set(organization=world.kanwil_sumsel, actor=kanwil_admin, active=False)


def test_an_organisation_with_open_units_under_it_is_not_closed(users, world):
    with pytest.raises(ValidationError) as refused:
        organization_active_set(organization=world.kanwil_sumsel, actor=users.sysadmin, active=False)
    assert "Lapas Kelas IIB Martapura" in refused.value.messages[0]
    organization_active_set(organization=world.martapura, actor=users.sysadmin, active=False)
    organization_active_set(organization=world.muratara, actor=users.sysadmin, active=False)
    organization_active_set(organization=world.kanwil_sumsel, actor=users.sysadmin, active=False)
    # A unit under a closed one is reopened after it.
    with pytest.raises(ValidationError):
        organization_active_set(organization=world.martapura, actor=users.sysadmin, active=True)


def test_a_province_is_not_a_covered_regency(users, world):
    with pytest.raises(ValidationError) as refused:
        organization_save(organization=world.blk, actor=users.sysadmin, covered_regions=[Region.objects.get(code="16")])
    assert "covered_regions" in refused.value.message_dict


def test_the_api_ladder_and_writes(client_for, users, world, kanwil_admin):
    body = {"name": "LSP Sumsel", "kind": "lsp", "region_id": "16.71", "covered_region_ids": ["16.71", "16.08"]}
    assert client_for(None).post("/api/v1/organizations", body, content_type="application/json").status_code == 401
    assert (
        client_for(users.officer).post("/api/v1/organizations", body, content_type="application/json").status_code
        == 403
    )
    assert (
        client_for(users.unit_admin).post("/api/v1/organizations", body, content_type="application/json").status_code
        == 403
    )
    admin = client_for(users.unit_admin)
    url = f"/api/v1/organizations/{world.bandar_lampung.pk}"
    assert admin.patch(url, {"phone": "1"}, content_type="application/json").status_code == 404
    own = f"/api/v1/organizations/{world.martapura.pk}"
    assert admin.patch(own, {"name": "Other"}, content_type="application/json").status_code == 422
    response = admin.patch(own, {"phone": "0733-9"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["phone"] == "0733-9"
    assert admin.post(f"{own}/close").status_code == 403
    kanwil = client_for(kanwil_admin)
    created = kanwil.post("/api/v1/organizations", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["covered_region_ids"] == ["16.08", "16.71"]
    org_id = created.json()["id"]
    closed = kanwil.post(f"/api/v1/organizations/{org_id}/close")
    assert closed.status_code == 200 and closed.json()["is_active"] is False
    assert kanwil.post(f"/api/v1/organizations/{org_id}/reopen").json()["is_active"] is True
    listed = client_for(users.officer).get("/api/v1/organizations", {"q": "LSP Sumsel"}).json()["items"]
    assert listed[0]["covered_region_ids"] == ["16.08", "16.71"]
    bad = {**body, "name": "LSP X", "covered_region_ids": ["99.99"]}
    assert kanwil.post("/api/v1/organizations", bad, content_type="application/json").status_code == 422
