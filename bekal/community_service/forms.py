"""Forms check the shape of input only; the services check the rules."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from bekal.accounts.models import Role, User
from bekal.community_service.models import (
    BreachOutcome,
    BreachStage,
    CommunityServiceOrder,
    Decision,
    LitmasPurpose,
    Outcome,
    Rating,
    SiteType,
    SupervisionSentence,
    Weekday,
    WorkSite,
)
from bekal.community_service.services.orders import ORDER_FIELDS
from bekal.community_service.services.supervision import SENTENCE_FIELDS
from bekal.core.formats import readable
from bekal.core.forms import DateInput, TimeInput
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.people.forms import _model_form
from bekal.people.models import SupervisionPeriod

# The order's fields as the service records them, but "exceptions": the service works those out itself.
_OrderBase = _model_form(CommunityServiceOrder, [f for f in ORDER_FIELDS if f != "exceptions"])


def _bapas_choices(form: forms.Form, units: QuerySet[Organization]) -> None:
    """Offer the user's Bapas, their probation officers, the courts and the prosecutors' offices."""
    form.fields["unit"].queryset = units  # type: ignore[attr-defined]
    form.fields["officer"].queryset = User.objects.filter(  # type: ignore[attr-defined]
        organization__in=units, role_grants__role=Role.PROBATION_OFFICER, is_active=True
    ).order_by("first_name")
    form.fields["court"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
        kind=OrganizationKind.COURT, is_active=True
    ).order_by("name")
    form.fields["prosecutor_office"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
        kind=OrganizationKind.PROSECUTOR, is_active=True
    ).order_by("name")


def _period_label(period: SupervisionPeriod) -> str:
    return str(
        _("%(unit)s, from %(start)s") % readable({"unit": period.unit.name, "start": date_format(period.start_date)})
    )


class OrderForm(_OrderBase):  # type: ignore[valid-type,misc]
    period = forms.ModelChoiceField(
        label=_("Supervision period"),
        queryset=SupervisionPeriod.objects.none(),
        required=False,
        empty_label=_("A new supervision period"),
        help_text=_("The client's community service already registered at the Bapas, still without the court's order"),
    )
    unit = forms.ModelChoiceField(label=_("Bapas"), queryset=Organization.objects.none(), required=False)
    officer = forms.ModelChoiceField(label=_("Probation officer (PK)"), queryset=User.objects.none(), required=False)
    start_date = forms.DateField(label=_("Start"), widget=DateInput(), required=False)

    field_order = ["period", "unit", "officer", "start_date"]

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Organization],
        periods: QuerySet[SupervisionPeriod] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if periods is not None and periods.exists():
            self.fields["period"].queryset = periods  # type: ignore[attr-defined]
            self.fields["period"].label_from_instance = _period_label  # type: ignore[attr-defined]
        else:
            del self.fields["period"]
        _bapas_choices(self, units)
        self.order_fields(["period", "unit", "officer", "start_date", *list(_OrderBase.base_fields)])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("period"):
            for name in ("unit", "start_date"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Required for a new supervision period"))
        return data


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("Start"), widget=TimeInput())
    end = forms.TimeField(label=_("End"), widget=TimeInput())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, initial=Outcome.ATTENDED_COMPLIED)
    minutes_credited = forms.IntegerField(
        label=_("Minutes credited"), required=False, help_text=_("Leave empty to credit the whole session")
    )
    absence_reason = forms.CharField(label=_("Absence reason"), required=False, max_length=200)
    work_quality = forms.TypedChoiceField(
        label=_("Work quality"), choices=[("", "—"), *Rating.choices], coerce=int, empty_value=None, required=False
    )
    behaviour = forms.TypedChoiceField(
        label=_("Behaviour"), choices=[("", "—"), *Rating.choices], coerce=int, empty_value=None, required=False
    )
    supervised_by = forms.CharField(label=_("Supervised by"), required=False, max_length=120)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    site_exception = forms.BooleanField(
        label=_("Outside the site's days or hours"),
        required=False,
        help_text=_("PK only: the work was arranged outside the site's opening"),
    )
    site_exception_reason = forms.CharField(label=_("Reason for the exception"), required=False, max_length=300)
    # A client-made key, so the same entry sent twice (a double tap, a replay of the offline queue) is one session.
    idempotency_key = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the void"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who asked for it and why the entry was wrong: it stays in the ledger and the audit trail"),
    )


class AdjustmentForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes (+/-)"))
    reason = forms.CharField(label=_("Reason"), max_length=300)


class PlacementForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Work site"), queryset=WorkSite.objects.none())
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(label=_("End"), widget=DateInput(), required=False)
    days = forms.TypedMultipleChoiceField(
        label=_("Days"), choices=Weekday.choices, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    hours_per_day = forms.IntegerField(label=_("Hours a day"), min_value=1)

    def __init__(self, *args: Any, sites: QuerySet[WorkSite], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]


class PlacementEndForm(forms.Form):
    end_date = forms.DateField(label=_("Last day at the site"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=300)


class PlacementMoveForm(forms.Form):
    site = forms.ModelChoiceField(label=_("New work site"), queryset=WorkSite.objects.none())
    on = forms.DateField(label=_("First day at the new site"), widget=DateInput())
    days = forms.TypedMultipleChoiceField(
        label=_("Days"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave empty to keep the same weekdays."),
    )
    hours_per_day = forms.IntegerField(label=_("Hours a day"), min_value=1, max_value=24, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args: Any, sites: QuerySet[WorkSite], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class WorkSiteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    site_type = forms.ChoiceField(label=_("Site type"), choices=SiteType.choices)
    region = forms.ModelChoiceField(
        label=_("Regency/city"), queryset=Region.objects.filter(level=Region.Level.REGENCY).order_by("name")
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    capacity = forms.IntegerField(label=_("Capacity per day"))
    days = forms.TypedMultipleChoiceField(
        label=_("Days open"), choices=Weekday.choices, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    opens_at = forms.TimeField(label=_("Opens at"), widget=TimeInput())
    closes_at = forms.TimeField(label=_("Closes at"), widget=TimeInput())
    supervisor_name = forms.CharField(label=_("Supervisor"), required=False, max_length=120)
    supervisor_phone = forms.CharField(label=_("Supervisor phone"), required=False, max_length=40)


class WorkSiteEditForm(WorkSiteForm):
    """What a site offers community service: its days, hours, capacity and supervisor (its name and kind stay)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("name", "site_type", "region", "address"):
            del self.fields[name]


class TrainingCountsForm(forms.Form):
    training_counts = forms.BooleanField(label=_("Training days count toward service hours"), required=False)


_SentenceBase = _model_form(SupervisionSentence, SENTENCE_FIELDS)


class SentenceForm(_SentenceBase):  # type: ignore[valid-type,misc]
    unit = forms.ModelChoiceField(label=_("Bapas"), queryset=Organization.objects.none())
    officer = forms.ModelChoiceField(label=_("Probation officer (PK)"), queryset=User.objects.none(), required=False)
    start_date = forms.DateField(label=_("Start"), widget=DateInput())

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bapas_choices(self, units)
        self.order_fields(["unit", "officer", "start_date", *list(_SentenceBase.base_fields)])


class MonthlyReportForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )
    reported_on = forms.DateField(label=_("Reported on"), widget=DateInput())
    notes = forms.CharField(label=_("Notes"), required=False, max_length=300)


class BreachForm(forms.Form):
    condition = forms.CharField(label=_("Condition breached"), max_length=300)
    advised_on = forms.DateField(label=_("PK advice on"), widget=DateInput())
    advice = forms.CharField(label=_("PK advice"), widget=forms.Textarea(attrs={"rows": 3}))


class BreachAdvanceForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=BreachStage.choices, widget=forms.HiddenInput)
    on = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(
        label=_("Proposal or decision note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome = forms.ChoiceField(label=_("Court decision"), choices=[("", "—"), *BreachOutcome.choices], required=False)
    extension_months = forms.IntegerField(label=_("Extension (months)"), required=False, min_value=1)


class LitmasForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Bapas"), queryset=Organization.objects.none())
    officer = forms.ModelChoiceField(label=_("Probation officer (PK)"), queryset=User.objects.none())
    date = forms.DateField(label=_("Date"), widget=DateInput())
    purpose = forms.ChoiceField(label=_("Purpose"), choices=LitmasPurpose.choices)
    recommendation = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.FileField(label=_("Document (PDF)"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["officer"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            organization__in=units, role_grants__role=Role.PROBATION_OFFICER, is_active=True
        ).order_by("first_name")
