from django import forms
from django.contrib import admin
from django.http import HttpRequest

from bekal.accounts.access import Capability
from bekal.accounts.admin_base import ServiceAdmin, adopt
from bekal.placement.models import ToDoKind
from bekal.placement.services import todo_kind_save


@admin.register(ToDoKind)
class ToDoKindAdmin(ServiceAdmin):
    """The pre-release items are reference data: a system administrator adds or retires kinds here (never deletes
    one: people's to-dos point at it)."""

    capability = Capability.TODO_KINDS_EDIT
    list_display = ["code", "name", "name_en", "order", "is_active"]
    list_editable = ["order", "is_active"]

    def save_model(self, request: HttpRequest, obj: ToDoKind, form: forms.ModelForm, change: bool) -> None:
        # Also called for each row saved from the list (list_editable).
        kind = todo_kind_save(
            todo_kind=obj if change else None,
            code=obj.code,
            name=obj.name,
            name_en=obj.name_en,
            order=obj.order,
            is_active=obj.is_active,
            actor=request.user,
        )
        adopt(obj, kind)
