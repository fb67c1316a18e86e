from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from bekal.accounts.models import ApiToken, User, UserRole


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 1


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Bekal", {"fields": ("organization", "job_title")}))  # type: ignore[misc]
    list_display = ["username", "first_name", "last_name", "organization", "is_active"]
    list_filter = ["is_active", "organization__kind"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    inlines = [UserRoleInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
