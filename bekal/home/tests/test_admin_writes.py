"""Every model in the Django admin is either read-only or writes through its audited service.

The admins are walked from ``admin.site._registry``. Each must be listed below: in ``READ_ONLY`` (no add, change or
delete, even for a superuser who is a system administrator), or in ``WRITABLE`` with the form values of an add and a
change and the audit codes each must record. The walk adds, changes and (where the admin allows it) deletes through
the admin's own pages with the test client, so an admin that saves around its service fails here.

A new admin fails ``test_every_registered_admin_is_handled`` until it is listed. To list it: subclass
``bekal.accounts.admin_base.ServiceAdmin`` and call an audited service in ``save_model`` (and ``delete_model`` when
``deletable``), then add it to ``WRITABLE``; or subclass ``ReadOnlyAdmin`` and add it to ``READ_ONLY``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.contrib import admin
from django.db import models
from django.forms import CheckboxInput
from django.test import RequestFactory
from django.urls import reverse

from bekal.accounts.models import ApiToken, Role, User
from bekal.accounts.services import api_token_issue
from bekal.audit.models import AuditEvent
from bekal.conftest import World
from bekal.training.models import Holiday

READ_ONLY: dict[str, str] = {
    "audit.auditevent": "the trail is only ever added to, by the services",
    "organizations.region": "Kemendagri codes loaded from data/regions.csv by migration",
    "jobs.job": "started on the pages and the API, moved by the worker (bekal.jobs.services)",
    "accounts.apitoken": "issued by their owner on the account page; revoked with an audited action (tested below)",
}


@dataclass
class Writable:
    add: Callable[[World], dict[str, Any]]  # values over the blank add form
    add_codes: set[str]
    change: Callable[[World], dict[str, Any]] | None  # values over the change form; None: rows are never changed
    change_codes: set[str]
    delete_codes: set[str] | None = None  # None: the admin must not offer deletion
    extra: dict[str, Any] = field(default_factory=dict)


def _roles(*roles: str, existing: list[tuple[int, str]] | None = None) -> dict[str, Any]:
    """Return the role inline's POST values: the existing rows deleted, the given roles added."""
    existing = existing or []
    data: dict[str, Any] = {
        "role_grants-TOTAL_FORMS": str(len(existing) + len(roles)),
        "role_grants-INITIAL_FORMS": str(len(existing)),
    }
    for i, (pk, role) in enumerate(existing):
        data |= {f"role_grants-{i}-id": str(pk), f"role_grants-{i}-role": role, f"role_grants-{i}-DELETE": "on"}
    for j, role in enumerate(roles, start=len(existing)):
        data[f"role_grants-{j}-role"] = role
    return data


WRITABLE: dict[str, Writable] = {
    "accounts.user": Writable(
        add=lambda w: (
            {
                "username": "new.officer",
                "usable_password": "true",
                "password1": "Lapas-Martapura-2026",
                "password2": "Lapas-Martapura-2026",
            }
            | _roles(Role.TRAINING_OFFICER)
        ),
        add_codes={"accounts.user.created", "accounts.user.roles_changed"},
        change=lambda w: {"organization": str(w.martapura.pk), "job_title": "Kasubsi Bimker", "is_staff": ""},
        change_codes={"accounts.user.updated", "accounts.user.roles_changed"},
    ),
    "rules.rulevalue": Writable(
        add=lambda w: {
            "code": "release.parole.min_served_months",
            "value": "12",
            "valid_from": "2099-01-01",  # not yet in force, so it may be withdrawn below
            "source": "UU 1/2023",
        },
        add_codes={"rules.rule_value.set"},
        change=None,  # a figure is never changed in place: a new one starts from a later date
        change_codes=set(),
        delete_codes={"rules.rule_value.deleted"},
    ),
    "organizations.organization": Writable(
        add=lambda w: {"name": "Lapas Kelas IIA Lubuklinggau", "kind": "lapas", "parent": str(w.kanwil_sumsel.pk)},
        add_codes={"organizations.organization.created"},
        change=lambda w: {"phone": "0733-321", "unit_class": "IIA"},
        change_codes={"organizations.organization.updated"},
    ),
    "placement.todokind": Writable(
        add=lambda w: {"code": "npwp", "name": "NPWP", "order": "80", "is_active": "on"},
        add_codes={"placement.todo_kind.created"},
        change=lambda w: {"is_active": ""},
        change_codes={"placement.todo_kind.updated"},
    ),
    "notifications.notificationrule": Writable(
        add=lambda w: {"kind": "certificate_expiring", "role": "head_of_unit", "relation": "unit", "is_active": "on"},
        add_codes={"notifications.rule.created"},
        change=lambda w: {"is_active": ""},
        change_codes={"notifications.rule.updated"},
        delete_codes={"notifications.rule.deleted"},
    ),
    "training.holiday": Writable(
        add=lambda w: {"date": "2031-08-18", "name": "Cuti bersama"},
        add_codes={"training.holiday.created"},
        change=lambda w: {"date": "2031-08-19"},
        change_codes={"training.holiday.updated"},
        delete_codes={"training.holiday.deleted"},
    ),
}


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _registry() -> dict[str, admin.ModelAdmin]:
    return {_label(model): model_admin for model, model_admin in admin.site._registry.items()}


@pytest.fixture
def sysadmin(users):
    """The system administrator, who may also use the admin site as a superuser."""
    User.objects.filter(pk=users.sysadmin.pk).update(is_staff=True, is_superuser=True)
    return User.objects.get(pk=users.sysadmin.pk)


def _request(user: User) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _form_values(response: Any) -> dict[str, Any]:
    """Return the POST data of the admin page's forms as rendered (the main form and each inline)."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data: dict[str, Any] = {}
    for form in forms:
        for name, form_field in form.fields.items():
            bound = form[name]
            value = bound.value()
            if form_field.disabled or value is None:
                continue
            if isinstance(form_field.widget, CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
                continue
            data[bound.html_name] = value
    return data


def _writes() -> Any:
    """The audit events but the test client's sign-ins."""
    return AuditEvent.objects.exclude(code__startswith="accounts.signin.")


def _events_since(last_id: int) -> set[str]:
    return set(AuditEvent.objects.filter(id__gt=last_id).values_list("code", flat=True))


def _last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _post(client: Any, url: str, data: dict[str, Any]) -> Any:
    # Values set to "" mean "leave empty" (an unticked box is left out of a real form's POST).
    response = client.post(url, {k: v for k, v in data.items() if v != ""})
    errors = response.context and response.context.get("errors")
    assert response.status_code == 302, f"{url} did not save: {errors or response.status_code}"
    return response


def test_every_registered_admin_is_handled():
    unhandled = sorted(set(_registry()) - set(READ_ONLY) - set(WRITABLE))
    assert not unhandled, (
        f"{unhandled} are in the Django admin but neither read-only nor tested for audited writes. Make the admin a "
        "bekal.accounts.admin_base.ServiceAdmin whose save_model (and delete_model) calls an audited service and "
        "list it in WRITABLE here, or make it a ReadOnlyAdmin and list it in READ_ONLY with the reason."
    )
    assert not (set(READ_ONLY) | set(WRITABLE)) - set(_registry()), "a listed admin is no longer registered"


@pytest.mark.parametrize("label", sorted(READ_ONLY))
def test_a_read_only_admin_lets_no_one_write(label, sysadmin, client_for):
    model_admin = _registry()[label]
    request = _request(sysadmin)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, None)
    assert not model_admin.has_delete_permission(request, None)
    opts = model_admin.model._meta
    response = client_for(sysadmin).post(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"), {})
    assert response.status_code == 403


@pytest.mark.parametrize("label", sorted(WRITABLE))
def test_a_writable_admin_records_every_write(label, world, sysadmin, client_for):
    spec = WRITABLE[label]
    model_admin = _registry()[label]
    model = model_admin.model
    opts = model._meta
    client = client_for(sysadmin)
    assert model_admin.has_delete_permission(_request(sysadmin), None) == (spec.delete_codes is not None), (
        f"{label}: the admin's delete permission and the delete codes listed here disagree"
    )

    add_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    before, last = set(model.objects.values_list("pk", flat=True)), _last_event_id()
    _post(client, add_url, _form_values(client.get(add_url)) | spec.add(world))
    (pk,) = set(model.objects.values_list("pk", flat=True)) - before
    assert _events_since(last) == spec.add_codes

    change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
    if spec.change is None:
        assert not model_admin.has_change_permission(_request(sysadmin), model.objects.get(pk=pk))
        assert client.post(change_url, {}).status_code == 403
    else:
        last = _last_event_id()
        data = _form_values(client.get(change_url)) | spec.change(world)
        if label == "accounts.user":  # replace the role added above with another one
            grant = model.objects.get(pk=pk).role_grants.get()
            data |= _roles(Role.HEAD_OF_UNIT, existing=[(grant.pk, grant.role)])
        _post(client, change_url, data)
        assert _events_since(last) == spec.change_codes

    if spec.delete_codes is not None:
        last = _last_event_id()
        _post(client, reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[pk]), {"post": "yes"})
        assert not model.objects.filter(pk=pk).exists()
        assert _events_since(last) == spec.delete_codes


def test_the_user_admin_leaves_the_roles_and_flags_it_was_given(world, sysadmin, users, client_for):
    client = client_for(sysadmin)
    url = reverse("admin:accounts_user_change", args=[users.officer.pk])
    grant = users.officer.role_grants.get()
    data = _form_values(client.get(url)) | {"is_staff": "on"}
    data |= _roles(Role.HEAD_OF_UNIT, existing=[(grant.pk, grant.role)])
    _post(client, url, data)
    officer = User.objects.get(pk=users.officer.pk)
    assert officer.is_staff and officer.roles == {Role.HEAD_OF_UNIT}
    event = AuditEvent.objects.get(code="accounts.user.roles_changed")
    assert event.actor == sysadmin and event.changes == {"roles": [["training_officer"], ["head_of_unit"]]}


def test_an_unknown_role_is_refused_on_the_user_page(world, sysadmin, users, client_for):
    client = client_for(sysadmin)
    url = reverse("admin:accounts_user_change", args=[users.officer.pk])
    response = client.post(url, _form_values(client.get(url)) | {"role_grants-0-role": "superhero"})
    assert response.status_code == 200  # the form shows the error; nothing is saved
    assert users.officer.roles == {Role.TRAINING_OFFICER} and not _writes().exists()


def test_a_password_set_in_the_admin_is_recorded_without_the_password(sysadmin, users, client_for):
    url = reverse("admin:auth_user_password_change", args=[users.officer.pk])
    password = "Lapas-Martapura-2026"
    _post(client_for(sysadmin), url, {"password1": password, "password2": password, "usable_password": "true"})
    officer = User.objects.get(pk=users.officer.pk)
    assert officer.check_password(password)
    event = AuditEvent.objects.get(code="accounts.user.password_set")
    assert event.actor == sysadmin and event.object_id == str(officer.pk)
    assert password not in str(event.changes) and officer.password not in str(event.changes)


def test_a_to_do_kind_changed_from_the_list_is_recorded(sysadmin, client_for):
    from bekal.placement.models import ToDoKind
    from bekal.placement.todo_kinds import todo_kinds_load

    todo_kinds_load(ToDoKind)
    kinds = list(ToDoKind.objects.all())
    data: dict[str, Any] = {"form-TOTAL_FORMS": str(len(kinds)), "form-INITIAL_FORMS": str(len(kinds)), "_save": "1"}
    for i, kind in enumerate(kinds):
        data |= {f"form-{i}-id": str(kind.pk), f"form-{i}-order": str(kind.order)}
        if kind.is_active and kind.code != "cv":
            data[f"form-{i}-is_active"] = "on"
    _post(client_for(sysadmin), reverse("admin:placement_todokind_changelist"), data)
    event = _writes().get()
    assert event.code == "placement.todo_kind.updated" and event.changes == {"is_active": [True, False]}


def test_holidays_deleted_together_are_each_recorded(sysadmin, client_for):
    days = [Holiday.objects.create(date=date(2031, 8, d), name=f"Cuti {d}") for d in (18, 19)]
    data = {"action": "delete_selected", "_selected_action": [str(h.pk) for h in days], "post": "yes"}
    _post(client_for(sysadmin), reverse("admin:training_holiday_changelist"), data)
    assert not Holiday.objects.filter(pk__in=[h.pk for h in days]).exists()
    assert AuditEvent.objects.filter(code="training.holiday.deleted").count() == 2


def test_a_token_revoked_in_the_admin_is_recorded(sysadmin, users, client_for):
    token, _raw = api_token_issue(user=users.officer, name="SDP", actor=users.officer)
    data = {"action": "revoke", "_selected_action": [str(token.pk)]}
    _post(client_for(sysadmin), reverse("admin:accounts_apitoken_changelist"), data)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert AuditEvent.objects.get(code="accounts.token.revoked").actor == sysadmin


@pytest.mark.parametrize("label", sorted(WRITABLE))
def test_a_superuser_without_the_system_administrator_role_cannot_write(label, world, make_user, client_for):
    superuser = make_user(world.ditjenpas, Role.NATIONAL_VIEWER)
    User.objects.filter(pk=superuser.pk).update(is_staff=True, is_superuser=True)
    opts = _registry()[label].model._meta
    response = client_for(superuser).post(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"), {})
    assert response.status_code == 403


def test_a_rule_only_the_service_checks_comes_back_as_a_message_and_saves_nothing(world, sysadmin, client_for):
    client = client_for(sysadmin)
    url = reverse("admin:organizations_organization_change", args=[world.kanwil_sumsel.pk])
    data = _form_values(client.get(url)) | {"parent": str(world.martapura.pk), "phone": "0711-1"}
    response = client.post(url, data, follow=True)
    (message,) = [str(m) for m in response.context["messages"]]
    assert message.startswith(world.martapura.name)  # "... is Kanwil Sumsel or under it, so it cannot be its parent"
    world.kanwil_sumsel.refresh_from_db()
    assert world.kanwil_sumsel.parent == world.ditjenpas and world.kanwil_sumsel.phone == ""
    assert not _writes().exists()
