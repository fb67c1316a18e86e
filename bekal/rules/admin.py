from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from bekal.accounts.access import Capability
from bekal.accounts.admin_base import ServiceAdmin, adopt
from bekal.rules.models import RuleValue
from bekal.rules.registry import DEFINITIONS
from bekal.rules.services import rule_value_delete, rule_value_set


class RuleValueForm(forms.ModelForm):
    code = forms.ChoiceField(choices=lambda: [(c, f"{c}: {d.label}") for c, d in DEFINITIONS.items()])

    class Meta:
        model = RuleValue
        fields = ["code", "value", "valid_from", "source"]


@admin.register(RuleValue)
class RuleValueAdmin(ServiceAdmin):
    """A new figure is a new row from its date; a row's figure and source may be corrected, a mistaken row removed."""

    capability = Capability.RULES_EDIT
    deletable = True
    form = RuleValueForm
    list_display = ["code", "value", "valid_from", "source"]
    list_filter = ["code"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Another rule or date is another row: rule_value_set keys a row by both.
        return ["code", "valid_from"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: RuleValue, form: forms.ModelForm, change: bool) -> None:
        row = rule_value_set(
            code=obj.code, value=obj.value, valid_from=obj.valid_from, source=obj.source, actor=request.user
        )
        adopt(obj, row)

    def delete_model(self, request: HttpRequest, obj: RuleValue) -> None:
        rule_value_delete(rule_value=obj, actor=request.user)
