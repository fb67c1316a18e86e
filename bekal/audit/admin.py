from django.contrib import admin
from django.http import HttpRequest

from bekal.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is never edited or deleted through the application."""

    list_display = ["at", "code", "actor", "unit", "object_repr"]
    list_filter = ["code"]
    search_fields = ["object_repr", "code"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
