"""The rule table in the Django admin (who is told of what), written through the audited services; notices are
read-only there (they are written by notify and read by their recipient)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from bekal.accounts.access import Capability
from bekal.accounts.admin_base import ServiceAdmin, adopt
from bekal.notifications.models import NotificationRule
from bekal.notifications.services import notification_rule_create, notification_rule_delete, notification_rule_update


@admin.register(NotificationRule)
class NotificationRuleAdmin(ServiceAdmin):
    capability = Capability.NOTIFICATION_RULES_EDIT
    deletable = True
    list_display = ["kind", "role", "relation", "is_active"]
    list_filter = ["kind", "relation", "role", "is_active"]

    def save_model(self, request: HttpRequest, obj: NotificationRule, form: forms.ModelForm, change: bool) -> None:
        values: dict[str, Any] = {f: getattr(obj, f) for f in ("kind", "role", "relation", "is_active")}
        if change:
            saved = notification_rule_update(rule=obj, actor=request.user, **values)
        else:
            saved = notification_rule_create(actor=request.user, **values)
        adopt(obj, saved)

    def delete_model(self, request: HttpRequest, obj: NotificationRule) -> None:
        notification_rule_delete(rule=obj, actor=request.user)
