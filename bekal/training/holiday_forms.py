"""Forms of the holidays pages: the shape of input only; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bekal.core.forms import DateInput
from bekal.training.models import HolidayKind

REASON_HELP = _("The decree, or the mistake corrected: kept in the audit trail")


class HolidayForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=HolidayKind.choices, initial=HolidayKind.HOLIDAY)
    to_confirm = forms.BooleanField(label=_("To be confirmed"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300, help_text=REASON_HELP)


class HolidayRemoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, help_text=REASON_HELP)


class HolidayImportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV or XLSX with the columns date, name, kind (holiday or cuti bersama), to_confirm (ya/tidak)"),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, help_text=REASON_HELP)
