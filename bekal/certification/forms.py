"""Forms check the shape of input only; the services check the rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bekal.certification.models import TestSite
from bekal.core.forms import DateInput
from bekal.organizations.models import Organization, OrganizationKind


class AssessmentForm(forms.Form):
    lsp = forms.ModelChoiceField(
        label=_("LSP"), queryset=Organization.objects.filter(kind=OrganizationKind.LSP, is_active=True)
    )
    assessor = forms.CharField(label=_("Assessor"), max_length=150)
    assessor_number = forms.CharField(label=_("Assessor registration number"), max_length=60, required=False)
    test_site = forms.ChoiceField(label=_("Test site (TUK)"), choices=TestSite.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
