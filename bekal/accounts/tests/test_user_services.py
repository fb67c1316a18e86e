import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bekal.accounts.models import Role, User
from bekal.accounts.services import user_create, user_password_set, user_roles_set, user_update
from bekal.audit.models import AuditEvent


def test_creating_a_user_is_recorded_without_the_password(world, users):
    user = user_create(username="baru", password="s3cret-Pass", actor=users.sysadmin, organization=world.martapura)
    assert user.check_password("s3cret-Pass")
    event = AuditEvent.objects.get(code="accounts.user.created")
    assert event.unit == world.martapura and event.actor == users.sysadmin
    assert event.changes["username"] == [None, "baru"] and event.changes["usable_password"] == [None, True]
    assert "password" not in event.changes and "s3cret" not in str(event.changes)


def test_a_user_without_a_password_cannot_sign_in_with_one(users):
    user = user_create(username="sso", password=None, actor=users.sysadmin)
    assert not user.has_usable_password()


def test_it_refuses_a_username_taken_in_another_case(users):
    with pytest.raises(ValidationError) as error:
        user_create(username="Officer", password=None, actor=users.sysadmin)
    assert "Officer" in error.value.message_dict["username"][0]


def test_a_change_of_flags_is_recorded(world, users):
    user_update(user=users.officer, actor=users.sysadmin, is_staff=True, job_title="Kasubsi", is_active=True)
    event = AuditEvent.objects.get(code="accounts.user.updated")
    assert event.changes == {"job_title": ["", "Kasubsi"], "is_staff": [False, True]}
    assert event.unit == world.martapura


def test_setting_a_password_is_recorded_but_not_the_password(users):
    user_password_set(user=users.officer, password="n3w-Passw0rd", actor=users.sysadmin)
    users.officer.refresh_from_db()
    assert users.officer.check_password("n3w-Passw0rd")
    user_password_set(user=users.officer, password=None, actor=users.sysadmin)
    events = AuditEvent.objects.filter(code="accounts.user.password_set").order_by("id")
    assert [e.changes for e in events] == [{"usable_password": [True, True]}, {"usable_password": [True, False]}]


def test_roles_are_replaced_and_recorded(world, users):
    user_roles_set(user=users.officer, roles=[Role.TRAINING_OFFICER, Role.HEAD_OF_UNIT], actor=users.sysadmin)
    assert users.officer.roles == {Role.TRAINING_OFFICER, Role.HEAD_OF_UNIT}
    event = AuditEvent.objects.get(code="accounts.user.roles_changed")
    assert event.changes == {"roles": [["training_officer"], ["head_of_unit", "training_officer"]]}
    user_roles_set(user=users.officer, roles=[Role.TRAINING_OFFICER, Role.HEAD_OF_UNIT], actor=users.sysadmin)
    assert AuditEvent.objects.filter(code="accounts.user.roles_changed").count() == 1


def test_it_refuses_an_unknown_role_and_names_it(users):
    with pytest.raises(ValidationError) as error:
        user_roles_set(user=users.officer, roles=["superhero"], actor=users.sysadmin)
    assert "superhero" in error.value.message_dict["roles"][0]
    assert users.officer.roles == {Role.TRAINING_OFFICER}


def test_only_the_system_administrator_edits_accounts(users):
    for call in [
        lambda actor: user_create(username="x", password=None, actor=actor),
        lambda actor: user_update(user=users.pk, actor=actor, is_staff=True),
        lambda actor: user_password_set(user=users.pk, password="n3w-Passw0rd", actor=actor),
        lambda actor: user_roles_set(user=users.unit_admin, roles=[Role.SYSTEM_ADMIN], actor=actor),
    ]:
        with pytest.raises(PermissionDenied):
            call(users.unit_admin)
    assert not User.objects.get(pk=users.pk.pk).is_staff and not AuditEvent.objects.exists()
