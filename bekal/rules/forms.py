from django import forms
from django.utils.translation import gettext_lazy as _

from bekal.core.forms import DateInput


class RuleValueForm(forms.Form):
    """A new figure for one rule, from a date, with the article or regulation that sets it."""

    value = forms.CharField(label=_("New figure"), max_length=40)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    source = forms.CharField(
        label=_("Legal basis"), max_length=300, help_text=_("Article or regulation that sets this figure")
    )
