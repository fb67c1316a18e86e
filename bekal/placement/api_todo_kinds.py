"""The pre-release to-do kinds through the API: the list (every signed-in user: ``PUT .../todos/{kind}`` takes their
codes), and for the system administrator adding, changing, retiring and bringing back a kind, through the same
services as the to-do kinds page."""

from typing import Any, ClassVar

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.placement import services
from bekal.placement.models import ToDoKind

router = Router(tags=["placement"])


class ToDoKindOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    label: str
    order: int
    is_active: bool

    @staticmethod
    def resolve_label(obj: ToDoKind) -> str:
        return str(obj)


class ToDoKindIn(Schema):
    columns_of: ClassVar[type[ToDoKind]] = ToDoKind

    code: str
    name: str
    name_en: str = ""
    order: int = 100


class ToDoKindPatch(Schema):
    patch_of: ClassVar[type[ToDoKind]] = ToDoKind

    code: str | None = None
    name: str | None = None
    name_en: str | None = None
    order: int | None = None


@router.get("/placement/todo-kinds", response=list[ToDoKindOut])
def todo_kind_list(request: AuthedRequest, active: bool | None = None) -> Any:
    """List the pre-release to-do kinds, retired ones too unless ``active`` is given; ``label`` is in the caller's
    language."""
    kinds = ToDoKind.objects.order_by("order", "code")
    return kinds if active is None else kinds.filter(is_active=active)


@router.post("/placement/todo-kinds", response={201: ToDoKindOut})
def todo_kind_add(request: AuthedRequest, payload: ToDoKindIn) -> Any:
    """Add a kind of pre-release item."""
    require(request.user, Capability.TODO_KINDS_EDIT)
    return Status(201, services.todo_kind_save(actor=request.user, todo_kind=None, is_active=True, **payload.dict()))


@router.patch("/placement/todo-kinds/{kind_id}", response=ToDoKindOut)
def todo_kind_edit(request: AuthedRequest, kind_id: int, payload: ToDoKindPatch) -> ToDoKind:
    """Change a kind's code, names or order."""
    require(request.user, Capability.TODO_KINDS_EDIT)
    kind = get_object_or_404(ToDoKind, pk=kind_id)
    data: dict[str, Any] = {"code": kind.code, "name": kind.name, "name_en": kind.name_en, "order": kind.order}
    data |= {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.todo_kind_save(actor=request.user, todo_kind=kind, is_active=kind.is_active, **data)


@router.post("/placement/todo-kinds/{kind_id}/retire", response=ToDoKindOut)
def todo_kind_retire(request: AuthedRequest, kind_id: int) -> ToDoKind:
    """Retire a kind: offered for no new to-do; the to-dos recorded with it stay."""
    require(request.user, Capability.TODO_KINDS_EDIT)
    kind = get_object_or_404(ToDoKind, pk=kind_id)
    return services.todo_kind_set_active(actor=request.user, todo_kind=kind, active=False)


@router.post("/placement/todo-kinds/{kind_id}/reactivate", response=ToDoKindOut)
def todo_kind_reactivate(request: AuthedRequest, kind_id: int) -> ToDoKind:
    """Offer a retired kind again."""
    require(request.user, Capability.TODO_KINDS_EDIT)
    kind = get_object_or_404(ToDoKind, pk=kind_id)
    return services.todo_kind_set_active(actor=request.user, todo_kind=kind, active=True)
