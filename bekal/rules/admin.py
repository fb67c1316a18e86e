from django import forms
from django.contrib import admin

from bekal.rules.models import RuleValue
from bekal.rules.registry import DEFINITIONS


class RuleValueForm(forms.ModelForm):
    code = forms.ChoiceField(choices=lambda: [(c, f"{c}: {d.label}") for c, d in DEFINITIONS.items()])

    class Meta:
        model = RuleValue
        fields = ["code", "value", "valid_from", "source"]


@admin.register(RuleValue)
class RuleValueAdmin(admin.ModelAdmin):
    form = RuleValueForm
    list_display = ["code", "value", "valid_from", "source"]
    list_filter = ["code"]
