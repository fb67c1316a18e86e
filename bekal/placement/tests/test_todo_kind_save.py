import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bekal.audit.models import AuditEvent
from bekal.placement.models import ToDoKind
from bekal.placement.services import todo_kind_save


def test_adding_and_retiring_a_kind_are_recorded(users):
    kind = todo_kind_save(todo_kind=None, code="npwp", name=" NPWP ", order=80, is_active=True, actor=users.sysadmin)
    todo_kind_save(todo_kind=kind, code="npwp", name="NPWP", order=80, is_active=False, actor=users.sysadmin)
    events = AuditEvent.objects.filter(code__startswith="placement.todo_kind.").order_by("id")
    assert [(e.code, e.changes) for e in events] == [
        (
            "placement.todo_kind.created",
            {
                "code": [None, "npwp"],
                "name": [None, "NPWP"],
                "name_en": [None, ""],
                "order": [None, 80],
                "is_active": [None, True],
            },
        ),
        ("placement.todo_kind.updated", {"is_active": [True, False]}),
    ]


def test_it_refuses_a_code_already_used(users):
    ToDoKind.objects.get_or_create(code="ktp", defaults={"name": "KTP"})
    with pytest.raises(ValidationError) as error:
        todo_kind_save(todo_kind=None, code="ktp", name="KTP lagi", order=1, is_active=True, actor=users.sysadmin)
    assert "ktp" in error.value.message_dict["code"][0]


def test_only_the_system_administrator_changes_the_kinds(users):
    with pytest.raises(PermissionDenied):
        todo_kind_save(todo_kind=None, code="npwp", name="NPWP", order=80, is_active=True, actor=users.unit_admin)
