"""Forms of a unit's paperwork page: its letterhead and number patterns, and its signing officials."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
