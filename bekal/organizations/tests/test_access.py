from bekal.accounts.access import Capability, can
from bekal.organizations.scope import scoped_units, unit_scope


def test_a_unit_officer_sees_only_their_unit(users, world):
    scope = unit_scope(users.officer)
    assert not scope.everything and scope.unit_ids == {world.martapura.id}


def test_a_kanwil_viewer_sees_the_kanwil_and_its_units_only(users, world):
    ids = set(scoped_units(users.regional).values_list("id", flat=True))
    assert ids == {world.martapura.id, world.muratara.id}


def test_ditjenpas_and_system_admins_see_everything(users):
    assert unit_scope(users.national).everything and unit_scope(users.sysadmin).everything


def test_partner_staff_see_no_unit_of_the_registry(users):
    scope = unit_scope(users.partner)
    assert not scope.everything and not scope.unit_ids
    assert not can(users.partner, Capability.PEOPLE_VIEW)


def test_a_user_without_an_organisation_sees_nothing(make_user):
    user = make_user(None, "training_officer")
    assert not unit_scope(user).unit_ids and not unit_scope(user).everything


def test_viewers_cannot_write_or_reveal(users):
    for capability in [Capability.PEOPLE_EDIT, Capability.CUSTODY_EDIT, Capability.NIK_REVEAL]:
        assert not can(users.regional, capability) and not can(users.national, capability)


def test_anonymous_holds_no_capability(db):
    from django.contrib.auth.models import AnonymousUser

    assert not any(can(AnonymousUser(), c) for c in Capability)
