"""Forms check the shape of input only; the services check the rules."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bekal.accounts.models import User
from bekal.core.forms import DateInput, DateListField
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.people.models import Education
from bekal.training.classifications import Kbji, Kbli
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
    kbli = forms.ChoiceField(label=_("Sector (KBLI)"), choices=[("", "—"), *Kbli.choices], required=False)
    kbji = forms.ChoiceField(label=_("Occupation (KBJI)"), choices=[("", "—"), *Kbji.choices], required=False)
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
    signing_date = forms.DateField(
        label=_("Signing date"), widget=DateInput(), required=False, help_text=_("The date the parties signed")
    )
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(
        label=_("End"), widget=DateInput(), required=False, help_text=_("Leave empty for a PKS to run the default term")
    )
    document = forms.FileField(label=_("Signed document (PDF)"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        # A closed organisation is no partner of a new agreement (those it signed keep it).
        partners = self.fields["partners"]
        partners.queryset = partners.queryset.filter(is_active=True)  # type: ignore[attr-defined]


class AgreementEditForm(forms.Form):
    """What may change on a recorded agreement: its title, parties, scope and dates of proposal and signing."""

    title = forms.CharField(label=_("Title"), max_length=250)
    partners = AgreementForm.base_fields["partners"]
    programmes = AgreementForm.base_fields["programmes"]
    regions = AgreementForm.base_fields["regions"]
    proposal_date = forms.DateField(label=_("Proposal date"), widget=DateInput(), required=False)
    signing_date = AgreementForm.base_fields["signing_date"]


class AgreementMoveForm(forms.Form):
    status = forms.CharField(max_length=12)
    signing_date = forms.DateField(label=_("Signing date"), widget=DateInput(), required=False)


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Attachment title"), max_length=200)
    file = forms.FileField(label=_("File (PDF)"))


class InterestForm(forms.Form):
    signed_on = forms.DateField(label=_("Interest statement signed on"), widget=DateInput())


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
    fmd_dates = DateListField(
        label=_("FMD dates"),
        max_length=4000,
        required=False,
        help_text=_("Training days given to FMD, separated by commas; empty: the batch's first days"),
    )
    confirm_without_agreement = forms.BooleanField(label=_("Proceed without an active agreement"), required=False)
    area_override_reason = forms.CharField(
        label=_("Reason for a provider outside its service area"), max_length=300, required=False
    )

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


class CandidateFilterForm(forms.Form):
    """The bulk nomination list's filters (GET): every one optional."""

    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    release_from = forms.DateField(label=_("Release from"), widget=DateInput(), required=False)
    release_to = forms.DateField(label=_("Release until"), widget=DateInput(), required=False)
    education = forms.ChoiceField(
        label=_("Education at least"), choices=[("", _("Any")), *Education.choices], required=False
    )
    certificates = forms.ChoiceField(
        label=_("Prior certificates"),
        choices=[("", _("Any")), ("with", _("With a certificate")), ("without", _("Without a certificate"))],
        required=False,
    )
    eligibility = forms.ChoiceField(
        label=_("Eligibility"),
        choices=[("", _("Any")), ("eligible", _("Eligible")), ("ineligible", _("Not eligible"))],
        required=False,
    )


class BulkNominateForm(forms.Form):
    """The people chosen (checkboxes named ``person``) and the interest statement date they share; the service
    decides whom it accepts."""

    interest_statement_on = forms.DateField(label=_("Interest statement signed on"), widget=DateInput(), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        values = self.data.getlist("person") if hasattr(self.data, "getlist") else []
        cleaned["person_ids"] = [int(v) for v in values if v.isdigit() and len(v) <= 9]
        return cleaned


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
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=User.objects.none(), required=False)
    officer_name = forms.CharField(label=_("Or security staff who is not a user: name"), max_length=120, required=False)
    officer_nip = forms.CharField(label=_("NIP"), max_length=18, required=False)

    def __init__(self, *args: Any, officers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]


class BatchInstructorForm(forms.Form):
    instructor = forms.ModelChoiceField(label=_("Instructor"), queryset=Organization.objects.none())
    reason = forms.CharField(
        label=_("Reason (an instructor not certified for the scheme)"),
        max_length=300,
        required=False,
        help_text=_("Asked only when the rule lets an uncertified instructor teach"),
    )

    def __init__(self, *args: Any, instructors: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instructor"].queryset = instructors  # type: ignore[attr-defined]


class InstructorForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Organization.objects.none())
    name = forms.CharField(label=_("Name"), max_length=150)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, providers: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]


class InstructorCertificateForm(forms.Form):
    scheme = forms.CharField(label=_("Certification scheme"), max_length=200)
    scheme_code = forms.CharField(label=_("BNSP scheme code"), max_length=60, required=False)
    number = forms.CharField(label=_("Certificate number"), max_length=80)
    issuer = forms.CharField(label=_("Issued by"), max_length=150, required=False)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput())


class PlanForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Organization.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class PlanLineForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    mandatory = forms.BooleanField(label=_("Ditjenpas mandatory programme"), required=False)
    batches = forms.IntegerField(label=_("Planned batches"), min_value=1, max_value=SMALL_MAX)
    participants = forms.IntegerField(label=_("Planned participants"), min_value=1, max_value=INT_MAX)
    budget = forms.DecimalField(label=_("Planned budget (Rp)"), min_value=0, max_digits=15, decimal_places=2)

    def __init__(self, *args: Any, programmes: QuerySet[Programme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]


class IncidentForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    action = forms.ChoiceField(label=_("Action"), choices=IncidentAction.choices)
    description = forms.CharField(label=_("Description"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    ban_until = forms.DateField(
        label=_("Banned from later batches until"),
        widget=DateInput(),
        required=False,
        help_text=_("Only with a removal; leave empty and the removal applies to this batch only."),
    )


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
