"""Accounts in the Django admin: every write goes through the audited services in ``accounts.services``."""

from contextvars import ContextVar
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from bekal.accounts.access import Capability, can
from bekal.accounts.admin_base import ReadOnlyAdmin, ServiceAdminMixin, adopt
from bekal.accounts.models import ApiToken, User, UserRole
from bekal.accounts.services import (
    USER_FIELDS,
    api_token_revoke,
    user_create,
    user_password_set,
    user_roles_set,
    user_update,
)

# Bekal grants access by role (UserRole, read through accounts.access), never by Django groups or model permissions;
# a group editor would be a second, unaudited way to hand out admin rights.
admin.site.unregister(Group)

# Django's password view builds its form without the request; the form reads the acting user from here. A context
# variable is per request (thread or task), unlike an attribute of the admin, which every request shares.
_password_actor: ContextVar[Any] = ContextVar("password_actor")


class PasswordSetForm(AdminPasswordChangeForm):
    """Django's admin password form, saved through user_password_set so the change is audited."""

    def save(self, commit: bool = True) -> User:
        usable = self.cleaned_data.get("set_usable_password", True)
        password = self.cleaned_data["password1"] if usable else None
        return user_password_set(user=self.user, password=password, actor=_password_actor.get())


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 1

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Capability.USERS_EDIT)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Capability.USERS_EDIT)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Capability.USERS_EDIT)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Capability.USERS_EDIT)


@admin.register(User)
class UserAdmin(ServiceAdminMixin, BaseUserAdmin):
    """Accounts are created, changed and given roles here, each through its service; an account is deactivated,
    never deleted, since the audit trail names it."""

    capability = Capability.USERS_EDIT
    change_password_form = PasswordSetForm
    # Django's own sections, with Bekal's fields, and without groups and model permissions (see above).
    fieldsets = (
        BaseUserAdmin.fieldsets[0],  # type: ignore[index]
        BaseUserAdmin.fieldsets[1],  # type: ignore[index]
        ("Bekal", {"fields": ("organization", "job_title")}),
        (BaseUserAdmin.fieldsets[2][0], {"fields": ("is_active", "is_staff", "is_superuser")}),  # type: ignore[index]
        BaseUserAdmin.fieldsets[3],  # type: ignore[index]
    )
    readonly_fields = ["last_login", "date_joined"]
    list_display = ["username", "first_name", "last_name", "organization", "is_active"]
    list_filter = ["is_active", "is_staff", "organization__kind"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    inlines = [UserRoleInline]

    def save_model(self, request: HttpRequest, obj: User, form: forms.ModelForm, change: bool) -> None:
        if change:
            values = {f: getattr(obj, f) for f in USER_FIELDS if f in form.fields}
            user = user_update(user=obj, actor=request.user, **values)
        else:
            usable = form.cleaned_data.get("set_usable_password", True)
            password = form.cleaned_data.get("password1") if usable else None
            user = user_create(username=obj.username, password=password or None, actor=request.user)
        adopt(obj, user)

    def save_related(self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool) -> None:
        # The role inline is read for the roles it ends with, which user_roles_set applies (and audits) in one go.
        for formset in formsets:
            if formset.model is not UserRole:
                raise NotImplementedError(f"{formset.model} rows must be saved through a service")
            formset.save(commit=False)  # fills new/changed/deleted_objects for the admin's history; writes nothing
            roles = sorted(
                {
                    f.cleaned_data["role"]
                    for f in formset.forms
                    if f.cleaned_data.get("role") and not f.cleaned_data.get("DELETE")
                }
            )
            user_roles_set(user=form.instance, roles=roles, actor=request.user)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        token = _password_actor.set(request.user)
        try:
            with transaction.atomic():
                return super().user_change_password(request, id, form_url)
        finally:
            _password_actor.reset(token)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are issued by their owner on the account page (the raw value is shown once, to them); a system
    administrator can only revoke one here."""

    list_display = ["name", "user", "prefix", "scope", "modules_display", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
    actions = ["revoke"]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Capability.USERS_EDIT) or super().has_view_permission(request, obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Capability.USERS_EDIT) or super().has_module_permission(request)

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Capability.USERS_EDIT)

    @admin.action(permissions=["revoke"], description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.select_related("user__organization"):
            api_token_revoke(token=token, actor=request.user)
