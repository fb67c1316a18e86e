"""Forms check the shape of input only; the services check the rules."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator, fields_for_model
from django.utils.translation import gettext_lazy as _

from bekal.accounts.models import Role, User
from bekal.core.forms import DateInput, QuickSelect
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.people.models import (
    HANDOVER_KINDS,
    CustodyPeriod,
    Person,
    ReleaseReason,
    SupervisionEndReason,
    SupervisionPeriod,
)


def _model_form(model: Any, fields: list[str], **extra: Any) -> type[forms.Form]:
    """Return a plain Form class with the model's fields, labels and widgets, but none of its validation."""
    date_fields = {f.name for f in model._meta.get_fields() if f.get_internal_type() == "DateField"}
    widgets: dict[str, Any] = {name: DateInput() for name in fields if name in date_fields}
    attrs: dict[str, Any] = dict(fields_for_model(model, fields=fields, widgets=widgets))
    attrs.update(extra)
    return type(f"{model.__name__}Form", (forms.Form,), attrs)


_PersonBase = _model_form(
    Person, ["full_name", "other_names", "nik", "birth_date", "sex", "education", "home_region", "phone"]
)


class PersonForm(_PersonBase):  # type: ignore[valid-type,misc]
    nik = forms.CharField(
        label=_("NIK"),
        required=False,
        max_length=20,
        help_text=_("16 digits; leave empty when not on record"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, units: QuerySet[Organization] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["home_region"].queryset = Region.objects.filter(level=Region.Level.REGENCY).order_by("name")
        if units is not None:
            self.fields["registered_unit"] = forms.ModelChoiceField(
                label=_("Registered at"), queryset=units, initial=units.first() if units.count() == 1 else None
            )


class CustodyPeriodForm(
    _model_form(  # type: ignore[misc]
        CustodyPeriod,
        [
            "unit",
            "register_number",
            "register_class",
            "admission_date",
            "offence_category",
            "sentence_years",
            "sentence_months",
            "sentence_days",
            "expected_release_date",
        ],
    )
):
    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["expected_release_date"].help_text = _(
            "Leave empty to compute it from the admission date and the sentence"
        )


class ReleaseForm(forms.Form):
    release_date = forms.DateField(label=_("Release date"), widget=DateInput())
    release_reason = forms.ChoiceField(label=_("Release reason"), choices=ReleaseReason.choices)
    release_decree = forms.CharField(
        label=_("Decree (SK) number"),
        max_length=80,
        required=False,
        help_text=_("Needed only for a parole or leave release before its eligibility date"),
    )


class HandOverForm(forms.Form):
    kind = forms.ChoiceField(label=_("Programme"), choices=[(k.value, k.label) for k in HANDOVER_KINDS])
    integration_date = forms.DateField(label=_("Integration date"), widget=DateInput())
    bapas = forms.ModelChoiceField(label=_("Bapas"), queryset=Organization.objects.none())
    litmas_requested = forms.BooleanField(label=_("Ask the Bapas for a litmas"), required=False, initial=True)
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bapas"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            kind=OrganizationKind.BAPAS, is_active=True
        ).order_by("name")


class HandOverAcceptForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Probation officer (PK)"), queryset=User.objects.none())
    conditions = forms.CharField(
        label=_("Conditions of supervision"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, bapas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(organization=bapas, is_active=True, role_grants__role=Role.PROBATION_OFFICER)
            .distinct()
            .order_by("first_name", "username")
        )


class HandOverCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)


class SupervisionPeriodForm(
    _model_form(  # type: ignore[misc]
        SupervisionPeriod, ["unit", "kind", "officer", "start_date", "expected_end_date", "ended_on", "end_reason"]
    )
):
    end_reason = forms.ChoiceField(
        label=_("End reason"), choices=[("", "—"), *SupervisionEndReason.choices], required=False
    )

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["officer"].queryset = User.objects.filter(
            organization__in=units, role_grants__role=Role.PROBATION_OFFICER, is_active=True
        ).order_by("first_name")


class _UnitNames(ModelChoiceIterator):
    """The units as (id, name) rows rather than model instances: the same options, a unit's label being its name."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class UnitChoiceField(forms.ModelChoiceField):
    """A choice of units for a list filter: a national viewer's offers every unit of the nation (630 at any
    scale), so its options are read as rows and written without a template per option (issue 18)."""

    iterator = _UnitNames
    widget = QuickSelect


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, NIK or register number"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            ("in_custody", _("In custody")),
            ("supervised", _("Under supervision")),
            ("released", _("Released")),
        ],
    )
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=[("", _("All")), ("M", _("Male")), ("F", _("Female"))]
    )

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units.count() > 1:
            self.fields["unit"] = UnitChoiceField(label=_("Unit"), queryset=units, required=False)


class PeopleImportForm(forms.Form):
    registered_unit = forms.ModelChoiceField(label=_("Register at"), queryset=Organization.objects.none())
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["registered_unit"].queryset = units  # type: ignore[attr-defined]
