"""Shapes every Bekal model admin takes: writes through the audited services, or none at all.

The Django admin is one more caller of the services (house rule: one function per state change, with its audit
event). `ServiceAdmin` leaves each write to the subclass's service call and takes its permissions from the role
table (`bekal.accounts.access`), not from Django's model permissions, so the admin offers exactly what the services
allow. `ReadOnlyAdmin` is for reference data that no page may change. `bekal/core/tests/test_admin_writes.py` fails on
any registered admin that is neither.
"""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from bekal.accounts.access import Capability, can


def adopt(obj: models.Model, saved: models.Model) -> None:
    """Make the admin's form instance stand for the row the service saved (the admin redirects and logs by its pk)."""
    obj.pk = saved.pk
    obj._state.adding = False
    obj._state.db = saved._state.db


class ServiceAdminMixin:
    """Permissions from the role table; a service's refusal shown as a message instead of a server error.

    Subclasses set ``capability``, implement ``save_model`` (and ``delete_model`` with ``deletable = True``) with a
    service call, and save related rows (inlines, many-to-many) through the service too.
    """

    capability: Capability
    deletable = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, self.capability) or super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, self.capability) or super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return can(request.user, self.capability)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, self.capability)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.deletable and can(request.user, self.capability)

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        raise NotImplementedError(f"{type(self).__name__} must save through its service")

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError(f"{type(self).__name__} must delete through its service")

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        # "Delete selected" deletes one row at a time through delete_model, so each deletion has its audit event.
        for obj in queryset:
            self.delete_model(request, obj)

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        # Django would save the form's many-to-many fields and inlines here, around the service. A subclass with
        # either saves them through its service instead.
        many_to_many = [f.name for f in form._meta.model._meta.many_to_many if f.name in form.fields]
        if formsets or many_to_many:
            raise NotImplementedError(f"{type(self).__name__} must save its related rows through its service")

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        # The form checks the shape; the service checks the rules. A rule the form did not catch rolls the whole
        # save back (the exception leaves the admin's transaction) and comes back as a message on the same page.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return HttpResponseRedirect(request.get_full_path())


class ServiceAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """A model admin whose every write is an audited service call."""


class ReadOnlyAdmin(admin.ModelAdmin):
    """Reference data shown in the admin and changed by no one (loaded by migration or written by the app)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
