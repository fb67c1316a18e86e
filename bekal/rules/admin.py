from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from bekal.accounts.access import Capability
from bekal.accounts.admin_base import ServiceAdmin, adopt
from bekal.organizations.time import unit_today
from bekal.rules.models import RuleValue
from bekal.rules.registry import DEFINITIONS
from bekal.rules.services import rule_value_delete, rule_value_set


class RuleValueForm(forms.ModelForm):
    code = forms.ChoiceField(choices=lambda: [(c, f"{c}: {d.title()}") for c, d in DEFINITIONS.items()])

    class Meta:
        model = RuleValue
        fields = ["code", "value", "valid_from", "source"]


@admin.register(RuleValue)
class RuleValueAdmin(ServiceAdmin):
    """A new figure is a new row from its date (the legal figures page does the same); a row is never changed, and
    only a row not yet in force may be removed (rule_value_delete refuses the others)."""

    capability = Capability.RULES_EDIT
    deletable = True
    form = RuleValueForm
    list_display = ["code", "value", "valid_from", "source"]
    list_filter = ["code"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: RuleValue, form: forms.ModelForm, change: bool) -> None:
        row = rule_value_set(
            code=obj.code, value=obj.value, valid_from=obj.valid_from, source=obj.source, actor=request.user
        )
        adopt(obj, row)

    def delete_model(self, request: HttpRequest, obj: RuleValue) -> None:
        rule_value_delete(rule_value=obj, today=unit_today(None), actor=request.user)
