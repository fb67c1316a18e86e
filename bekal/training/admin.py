from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from bekal.accounts.access import Capability
from bekal.accounts.admin_base import ServiceAdmin, adopt
from bekal.training.models import Holiday
from bekal.training.services import holiday_create, holiday_delete, holiday_update

# The Django admin has no reason field: its changes say where they were made (the holidays page asks for one).
ADMIN_REASON = "Django admin"


@admin.register(Holiday)
class HolidayAdmin(ServiceAdmin):
    """National holidays and joint leave days, which batch planning skips (loaded by migration, kept up here)."""

    capability = Capability.HOLIDAYS_EDIT
    deletable = True
    list_display = ["date", "name", "kind", "to_confirm"]
    date_hierarchy = "date"
    search_fields = ["name"]

    def save_model(self, request: HttpRequest, obj: Holiday, form: forms.ModelForm, change: bool) -> None:
        reason = ADMIN_REASON
        fields: dict[str, Any] = {"day": obj.date, "name": obj.name, "kind": obj.kind, "to_confirm": obj.to_confirm}
        if change:
            holiday = holiday_update(holiday=obj, actor=request.user, reason=reason, **fields)
        else:
            holiday = holiday_create(actor=request.user, reason=reason, **fields)
        adopt(obj, holiday)

    def delete_model(self, request: HttpRequest, obj: Holiday) -> None:
        holiday_delete(holiday=obj, actor=request.user, reason=ADMIN_REASON)
