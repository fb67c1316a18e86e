"""Forms check the shape of input only; the services check the rules."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bekal.accounts.models import User
from bekal.core.forms import DateInput
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.people.models import Education
from bekal.training.models import AgreementKind, DayKind, IncidentAction, Programme, Severity, Venue

# The top of the small positive integer columns (JP, days, quota): a larger number is a form error, not a
# database error.
SMALL_MAX = 32767
INT_MAX = 2147483647


class ProgrammeForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Organization.objects.none())
    name = forms.CharField(label=_("Name"), max_length=150)
    field = forms.CharField(label=_("Vocational field"), max_length=100, required=False)
    total_jp = forms.IntegerField(label=_("Total lesson hours (JP)"), min_value=1, max_value=INT_MAX)
    training_days = forms.IntegerField(label=_("Training days"), min_value=1, max_value=SMALL_MAX)
    min_days = forms.IntegerField(label=_("Minimum days"), min_value=1, max_value=SMALL_MAX)
    max_jp_per_day = forms.IntegerField(label=_("Most JP per day"), min_value=1, max_value=SMALL_MAX)
    fmd_days = forms.IntegerField(label=_("FMD days"), min_value=0, max_value=SMALL_MAX)
    quota = forms.IntegerField(label=_("Quota per batch"), min_value=1, max_value=SMALL_MAX)
    min_attendance_percent = forms.IntegerField(label=_("Minimum attendance (%)"), min_value=1, max_value=100)
    scheme = forms.CharField(label=_("Certification scheme"), max_length=200, required=False)
    scheme_code = forms.CharField(label=_("BNSP scheme code"), max_length=60, required=False)
    min_education = forms.ChoiceField(
        label=_("Minimum education"), choices=[("", "—"), *Education.choices], required=False
    )
    min_days_before_release = forms.IntegerField(
        label=_("Minimum days left before release"), min_value=0, max_value=SMALL_MAX, initial=0
    )
    units = forms.CharField(
        label=_("Competency units"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One per line: SKKNI code, a space, the title"),
    )

    def __init__(self, *args: Any, providers: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]


class ProgrammeEditForm(ProgrammeForm):
    """The programme form without its provider, which an edit keeps."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, providers=Organization.objects.none(), **kwargs)
        del self.fields["provider"]


class ImportForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Organization.objects.none())
    file = forms.FileField(label=_("CSV or XLSX file"))

    def __init__(self, *args: Any, providers: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    number = forms.CharField(label=_("Number"), max_length=80)
    title = forms.CharField(label=_("Title"), max_length=250)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Organization.objects.none())
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=Organization.objects.exclude(
            kind__in=[*OrganizationKind.correctional_units(), OrganizationKind.KANWIL, OrganizationKind.DITJENPAS]
        ),
    )
    programmes = forms.ModelMultipleChoiceField(label=_("Programmes"), queryset=Programme.objects.all(), required=False)
    regions = forms.ModelMultipleChoiceField(
        label=_("Regencies covered"), queryset=Region.objects.filter(level=Region.Level.REGENCY), required=False
    )
    proposal_date = forms.DateField(label=_("Proposal date"), widget=DateInput(), required=False)
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(
        label=_("End"), widget=DateInput(), required=False, help_text=_("Leave empty for a PKS to run the default term")
    )
    document = forms.FileField(label=_("Signed document (PDF)"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class DocumentForm(forms.Form):
    document = forms.FileField(label=_("Signed document (PDF)"))


class BatchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    units = forms.ModelMultipleChoiceField(label=_("Organising units"), queryset=Organization.objects.none())
    venue = forms.ChoiceField(label=_("Venue"), choices=Venue.choices)
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(label=_("End"), widget=DateInput())
    jp_per_day = forms.IntegerField(label=_("JP per day"), min_value=1, max_value=SMALL_MAX, required=False)
    quota = forms.IntegerField(label=_("Quota"), min_value=1, max_value=SMALL_MAX, required=False)
    quota_override_reason = forms.CharField(
        label=_("Reason for a quota above the rule"), max_length=300, required=False
    )
    lsp = forms.ModelChoiceField(
        label=_("Certification body (LSP)"),
        queryset=Organization.objects.filter(kind=OrganizationKind.LSP, is_active=True),
        required=False,
    )
    fmd_partner = forms.ModelChoiceField(
        label=_("FMD with (Kodim)"),
        queryset=Organization.objects.filter(kind=OrganizationKind.KODIM, is_active=True),
        required=False,
    )
    confirm_without_agreement = forms.BooleanField(label=_("Proceed without an active agreement"), required=False)

    def __init__(
        self, *args: Any, programmes: QuerySet[Programme], units: QuerySet[Organization], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        self.fields["units"].queryset = units  # type: ignore[attr-defined]


class DayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    # Nothing preselected: the person chooses the kind, and removing a day is a choice of its own, never the default.
    kind = forms.ChoiceField(
        label=_("Kind of day"), choices=[("", _("Choose...")), *DayKind.choices, ("remove", _("Remove the day"))]
    )
    jp = forms.IntegerField(label=_("JP"), min_value=1, max_value=SMALL_MAX, required=False)


class RenewForm(forms.Form):
    number = forms.CharField(label=_("Number of the new agreement"), max_length=80)
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(label=_("End"), widget=DateInput(), required=False)


class NominateForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput())
    interest_statement_on = forms.DateField(label=_("Interest statement signed on"), widget=DateInput(), required=False)


class DecisionForm(forms.Form):
    selected = forms.TypedChoiceField(
        label=_("Decision"), choices=[("1", _("Select")), ("0", _("Do not select"))], coerce=lambda v: v == "1"
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)


class VoidMarkForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the void"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why the mark was wrong: it stays in the audit trail"),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why the completion was a mistake: it stays in the audit trail"),
    )


class EndForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"), choices=[("dropped_out", _("Dropped out")), ("not_completed", _("Not completed"))]
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)


class EscortForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=User.objects.none())

    def __init__(self, *args: Any, officers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]


class InstructorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    certification = forms.CharField(label=_("Certification"), max_length=200, required=False)


class IncidentForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    action = forms.ChoiceField(label=_("Action"), choices=IncidentAction.choices)
    description = forms.CharField(label=_("Description"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class AllocationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Organization.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    dipa_number = forms.CharField(label=_("DIPA number"), max_length=80, required=False)
    amount = forms.DecimalField(label=_("Amount (Rp)"), max_digits=15, decimal_places=2)

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class RealisationForm(forms.Form):
    batch = forms.ModelChoiceField(label=_("Batch"), queryset=Organization.objects.none())
    date = forms.DateField(label=_("Date"), widget=DateInput())
    description = forms.CharField(label=_("Description"), max_length=200)
    amount = forms.DecimalField(label=_("Amount (Rp)"), max_digits=15, decimal_places=2)

    def __init__(self, *args: Any, batches: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches  # type: ignore[attr-defined]
