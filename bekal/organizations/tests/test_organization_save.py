import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bekal.audit.models import AuditEvent
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.organizations.services import organization_save


def test_it_creates_an_organisation_and_records_its_fields(world, users):
    org = organization_save(
        organization=None,
        actor=users.sysadmin,
        name=" Lapas Kelas IIA Lubuklinggau ",
        kind=OrganizationKind.LAPAS,
        parent=world.kanwil_sumsel,
        region=Region.objects.get(code="16.73"),
    )
    assert org.name == "Lapas Kelas IIA Lubuklinggau"
    event = AuditEvent.objects.get(code="organizations.organization.created")
    assert event.unit == org and event.actor == users.sysadmin
    assert event.changes["parent"] == [None, world.kanwil_sumsel.pk] and event.changes["is_active"] == [None, True]


def test_a_change_records_only_what_changed(world, users):
    organization_save(organization=world.blk, actor=users.sysadmin, phone="0733-123", is_active=False)
    event = AuditEvent.objects.get(code="organizations.organization.updated")
    assert event.changes == {"phone": ["", "0733-123"], "is_active": [True, False]}
    assert event.unit is None  # a partner has no trail of its own


def test_saving_without_a_change_records_nothing(world, users):
    organization_save(organization=world.blk, actor=users.sysadmin, name=world.blk.name)
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_twin_of_the_same_kind(world, users):
    with pytest.raises(ValidationError) as error:
        organization_save(organization=None, actor=users.sysadmin, name=world.blk.name, kind=OrganizationKind.BLK)
    assert world.blk.name in error.value.message_dict["name"][0]


def test_it_refuses_a_parent_under_the_organisation_itself(world, users):
    with pytest.raises(ValidationError) as error:
        organization_save(organization=world.kanwil_sumsel, actor=users.sysadmin, parent=world.martapura)
    assert "tidak dapat menjadi induknya" in error.value.message_dict["parent"][0]
    world.kanwil_sumsel.refresh_from_db()
    assert world.kanwil_sumsel.parent == world.ditjenpas


def test_it_refuses_an_unknown_kind(world, users):
    with pytest.raises(ValidationError) as error:
        organization_save(organization=None, actor=users.sysadmin, name="X", kind="bank")
    assert "bank" in error.value.message_dict["kind"][0]


def test_only_the_system_administrator_edits_the_directory(world, users):
    for user in [users.unit_admin, users.national, users.partner]:
        with pytest.raises(PermissionDenied):
            organization_save(organization=world.blk, actor=user, phone="1")
    assert Organization.objects.get(pk=world.blk.pk).phone == ""
