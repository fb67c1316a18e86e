"""Placement forms check the shape of input only; the services check the rules."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bekal.core.forms import DateInput
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.people.models import OffenceCategory
from bekal.placement.models import (
    EMPLOYER_KINDS,
    AidKind,
    BusinessType,
    ContractType,
    InternshipOutcome,
    OpenTo,
    PartnerStatus,
    PlacementEndReason,
    PlacementKind,
    ReadinessStatus,
    ReferralStatus,
    ToDoKind,
    ToDoStatus,
    Vacancy,
    WageBand,
)
from bekal.training.classifications import Kbji, Kbli
from bekal.training.models import Programme


def _employers() -> QuerySet[Organization]:
    return Organization.objects.filter(kind__in=EMPLOYER_KINDS, is_active=True).order_by("name")


def _regencies() -> QuerySet[Region]:
    return Region.objects.filter(level=Region.Level.REGENCY).order_by("name")


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class ReadinessForm(forms.Form):
    status = forms.ChoiceField(label=_("Readiness"), choices=ReadinessStatus.choices)
    declined_reason = forms.CharField(
        label=_("Reason for declining"), required=False, max_length=300, help_text=_("Only when support is declined")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput())


class ToDoChecklistForm(forms.Form):
    """One status and date per active to-do kind: ``status_<code>``, ``date_<code>``."""

    def __init__(self, *args: Any, kinds: list[ToDoKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            self.fields[f"status_{kind.code}"] = forms.ChoiceField(
                label=str(kind), choices=ToDoStatus.choices, initial=ToDoStatus.OPEN
            )
            self.fields[f"date_{kind.code}"] = forms.DateField(
                label=_("Date"),
                required=False,
                widget=DateInput(attrs={"aria-label": _("Date: %(item)s") % {"item": kind}}),
            )

    def rows(self) -> list[tuple[ToDoKind, Any, Any]]:
        """Return (kind, status field, date field) for the template."""
        return [(k, self[f"status_{k.code}"], self[f"date_{k.code}"]) for k in self.kinds]


class EmployerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k, OrganizationKind(k).label) for k in EMPLOYER_KINDS],
    )
    region = forms.ModelChoiceField(label=_("Regency/city"), queryset=Region.objects.none())
    sector = forms.CharField(label=_("Sector"), max_length=120)
    kbli = forms.ChoiceField(label=_("Sector (KBLI)"), choices=_blank(Kbli.choices), required=False)
    kbji = forms.ChoiceField(label=_("Occupation asked for (KBJI)"), choices=_blank(Kbji.choices), required=False)
    partner_status = forms.ChoiceField(label=_("Partner status"), choices=PartnerStatus.choices)
    agreement_reference = forms.CharField(
        label=_("Agreement reference"), required=False, max_length=120, help_text=_("MoU or PKS number, if any")
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    email = forms.EmailField(label=_("Email"), required=False)
    contact_person = forms.CharField(label=_("Contact person"), required=False, max_length=120)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _regencies()  # type: ignore[attr-defined]


class EmployerProfileForm(forms.Form):
    sector = forms.CharField(label=_("Sector"), max_length=120)
    kbli = forms.ChoiceField(label=_("Sector (KBLI)"), choices=_blank(Kbli.choices), required=False)
    kbji = forms.ChoiceField(label=_("Occupation asked for (KBJI)"), choices=_blank(Kbji.choices), required=False)
    partner_status = forms.ChoiceField(label=_("Partner status"), choices=PartnerStatus.choices)
    agreement_reference = forms.CharField(label=_("Agreement reference"), required=False, max_length=120)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class VacancyForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Organization.objects.none())
    title = forms.CharField(label=_("Title"), max_length=150)
    positions = forms.IntegerField(label=_("Number of positions"), min_value=1, initial=1)
    skills = forms.CharField(
        label=_("Wanted skills"), required=False, max_length=300, help_text=_("Separated by commas")
    )
    programmes = forms.ModelMultipleChoiceField(
        label=_("Wanted training programmes"),
        queryset=Programme.objects.none(),
        required=False,
        help_text=_("People who completed one of these programmes are matched first"),
    )
    wanted_programmes = forms.CharField(
        label=_("Wanted certification schemes"),
        required=False,
        max_length=300,
        help_text=_("Separated by commas; matched with the scheme of a valid competency certificate"),
    )
    region = forms.ModelChoiceField(label=_("Regency/city"), queryset=Region.objects.none())
    closing_date = forms.DateField(label=_("Closing date"), required=False, widget=DateInput())
    kbli = forms.ChoiceField(label=_("Sector (KBLI)"), choices=_blank(Kbli.choices), required=False)
    kbji = forms.ChoiceField(label=_("Occupation (KBJI)"), choices=_blank(Kbji.choices), required=False)
    excluded_offences = forms.MultipleChoiceField(
        label=_("Excluded offence categories"),
        required=False,
        choices=OffenceCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    open_to = forms.ChoiceField(label=_("Open to"), choices=OpenTo.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = _employers()  # type: ignore[attr-defined]
        self.fields["region"].queryset = _regencies()  # type: ignore[attr-defined]
        self.fields["programmes"].queryset = (  # type: ignore[attr-defined]
            Programme.objects.filter(is_active=True).select_related("provider").order_by("name", "provider__name")
        )


class ReferralForm(forms.Form):
    vacancy = forms.ModelChoiceField(label=_("Vacancy"), queryset=Vacancy.objects.none())
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, vacancies: QuerySet[Vacancy], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vacancy"].queryset = vacancies  # type: ignore[attr-defined]


class ReferralMoveForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ReferralStatus.choices)
    on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, ReferralStatus(s).label) for s in allowed]  # type: ignore[attr-defined]


class InternshipForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Organization.objects.none())
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(label=_("End"), widget=DateInput())
    supervisor = forms.CharField(label=_("Supervisor at the employer"), max_length=120)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=InternshipOutcome.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = _employers()  # type: ignore[attr-defined]


class PlacementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Situation"), choices=PlacementKind.choices)
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    employer = forms.ModelChoiceField(
        label=_("Employer"), queryset=Organization.objects.none(), required=False, help_text=_("When employed")
    )
    position = forms.CharField(label=_("Position"), required=False, max_length=120)
    wage_band = forms.ChoiceField(label=_("Wage band"), choices=_blank(WageBand.choices), required=False)
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=_blank(ContractType.choices), required=False)
    business_name = forms.CharField(
        label=_("Business"), required=False, max_length=120, help_text=_("When self-employed")
    )
    business_type = forms.ChoiceField(label=_("Type of business"), choices=_blank(BusinessType.choices), required=False)
    business_sector = forms.ChoiceField(label=_("Sector (KBLI)"), choices=_blank(Kbli.choices), required=False)
    business_started_on = forms.DateField(label=_("Business started on"), required=False, widget=DateInput())
    aid_kind = forms.ChoiceField(label=_("Starter kit or capital aid"), choices=_blank(AidKind.choices), required=False)
    aid_from = forms.ModelChoiceField(label=_("Aid from"), queryset=Organization.objects.none(), required=False)
    aid_value = forms.DecimalField(
        label=_("Aid value (Rp)"), required=False, min_value=0, max_digits=15, decimal_places=2
    )
    business_partner = forms.ModelChoiceField(
        label=_("Partner UMKM or cooperative"), queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = _employers()  # type: ignore[attr-defined]
        self.fields["aid_from"].queryset = Organization.objects.filter(is_active=True).order_by("name")  # type: ignore[attr-defined]
        self.fields["business_partner"].queryset = _employers()  # type: ignore[attr-defined]


class PlacementEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput())
    end_reason = forms.ChoiceField(label=_("End reason"), choices=PlacementEndReason.choices)


class FollowUpForm(forms.Form):
    done_on = forms.DateField(label=_("Followed up on"), widget=DateInput())
    still_working = forms.NullBooleanField(
        label=_("Still working"),
        widget=forms.Select(choices=[("unknown", _("Not known")), ("true", _("Yes")), ("false", _("No"))]),
    )
    income_band = forms.ChoiceField(
        label=_("Income band"), choices=_blank(WageBand.choices), required=False, help_text=_("When self-employed")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class ToDoKindForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=30, help_text=_("Letters, digits, - and _; used by the API"))
    name = forms.CharField(label=_("Name (Indonesian)"), max_length=120)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, initial=100)
