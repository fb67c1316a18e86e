"""Forms of a unit's paperwork page (its letterhead and number patterns, its signing officials) and of an
organisation's record."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bekal.organizations.models import Organization, OrganizationKind, Region


class LetterheadForm(forms.Form):
    lines = forms.CharField(
        label=_("Heading lines"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, above the unit's name; empty for the ministry's and the regional office's"),
    )
    name = forms.CharField(label=_("Name on the letterhead"), max_length=200, required=False)
    address = forms.CharField(label=_("Address on the letterhead"), max_length=300, required=False)
    place = forms.CharField(
        label=_("Place of signing"), max_length=100, required=False, help_text=_("Empty for the unit's regency")
    )
    letter_number_pattern = forms.CharField(
        label=_("Letter number pattern"),
        max_length=120,
        help_text=_("{n} is the letter's number in the year, {year} the year, {month} the month in Roman numerals"),
    )
    certificate_number_pattern = forms.CharField(label=_("Certificate number pattern"), max_length=120)
    logo = forms.FileField(label=_("Logo (PNG or JPEG, up to 1 MB)"), required=False)
    clear_logo = forms.BooleanField(label=_("Remove the logo"), required=False)


class OfficialForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    nip = forms.CharField(label=_("NIP"), max_length=18, required=False)
    position = forms.CharField(label=_("Position"), max_length=200)
    signs_letters = forms.BooleanField(label=_("Signs letters by default"), required=False)
    signs_certificates = forms.BooleanField(label=_("Signs certificates"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class OrganizationForm(forms.Form):
    """An organisation's record; a unit administrator's own unit shows the details only (the rest disabled)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganizationKind.choices)
    parent = forms.ModelChoiceField(label=_("Parent"), queryset=Organization.objects.none(), required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False)
    unit_class = forms.ChoiceField(
        label=_("Class"), choices=[("", "–"), *Organization.UnitClass.choices], required=False
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    contact_person = forms.CharField(label=_("Contact person"), max_length=120, required=False)
    covered_regions = forms.ModelMultipleChoiceField(
        label=_("Regencies covered"),
        queryset=Region.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Partners: the regencies and cities it serves (hold Ctrl or Cmd to choose several)"),
    )

    def __init__(self, *args: Any, parents: QuerySet[Organization], details_only: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["region"].queryset = Region.objects.select_related("parent").order_by("code")  # type: ignore[attr-defined]
        self.fields["covered_regions"].queryset = Region.objects.filter(  # type: ignore[attr-defined]
            level=Region.Level.REGENCY
        ).order_by("code")
        if details_only:
            for name in ("name", "kind", "parent", "region", "unit_class"):
                self.fields[name].disabled = True
