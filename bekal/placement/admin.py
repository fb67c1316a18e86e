from django.contrib import admin

from bekal.placement.models import ToDoKind


@admin.register(ToDoKind)
class ToDoKindAdmin(admin.ModelAdmin):
    """The pre-release items are reference data: a system administrator adds or retires kinds here."""

    list_display = ["code", "name", "order", "is_active"]
    list_editable = ["order", "is_active"]
