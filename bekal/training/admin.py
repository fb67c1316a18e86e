from django import forms
from django.contrib import admin
from django.http import HttpRequest

from bekal.accounts.access import Capability
from bekal.accounts.admin_base import ServiceAdmin, adopt
from bekal.training.models import Holiday
from bekal.training.services import holiday_create, holiday_delete, holiday_update


@admin.register(Holiday)
class HolidayAdmin(ServiceAdmin):
    """National holidays and joint leave days, which batch planning skips (loaded by migration, kept up here)."""

    capability = Capability.HOLIDAYS_EDIT
    deletable = True
    list_display = ["date", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]

    def save_model(self, request: HttpRequest, obj: Holiday, form: forms.ModelForm, change: bool) -> None:
        if change:
            holiday = holiday_update(holiday=obj, day=obj.date, name=obj.name, actor=request.user)
        else:
            holiday = holiday_create(day=obj.date, name=obj.name, actor=request.user)
        adopt(obj, holiday)

    def delete_model(self, request: HttpRequest, obj: Holiday) -> None:
        holiday_delete(holiday=obj, actor=request.user)
