"""Helpers shared by every form-backed page."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What the browser checks before sending (the server parses again): dd/mm/yyyy, or ISO as the API and links write it.
DATE_PATTERN = r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}"
TIME_PATTERN = r"([01]?\d|2[0-3])[:.][0-5]\d"


def form_add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the named field when the form has it, else on the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class DateInput(forms.DateInput):
    """A date typed as dd/mm/yyyy whatever the browser's language (a native date picker shows mm/dd/yyyy on an
    English browser). The form reads dd/mm/yyyy and ISO dates (DATE_INPUT_FORMATS in core/locale_formats)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: object) -> None:
        attrs = {
            "placeholder": _("dd/mm/yyyy"),
            "pattern": DATE_PATTERN,
            "inputmode": "numeric",
            "autocomplete": "off",
            "size": "10",
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, format="%d/%m/%Y", **kwargs)  # type: ignore[arg-type]


class DateListField(forms.CharField):
    """Several dates typed as dd/mm/yyyy (or ISO), separated by commas or spaces; cleaned to a sorted list without
    repeats, or None when left empty (the service then takes its default)."""

    def __init__(self, *, max_dates: int = 366, **kwargs: Any) -> None:
        self.max_dates = max_dates
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"placeholder": _("dd/mm/yyyy, dd/mm/yyyy"), "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[date] | None:  # type: ignore[override]
        text = super().clean(value) or ""
        words = [w for w in text.replace(",", " ").replace(";", " ").split() if w]
        if not words:
            return None
        if len(words) > self.max_dates:
            raise ValidationError(
                _("At most %(count)s dates; %(given)s given"), params={"count": self.max_dates, "given": len(words)}
            )
        field = forms.DateField()
        dates = []
        for word in words:
            try:
                dates.append(field.clean(word))
            except ValidationError as error:
                raise ValidationError(
                    _("%(value)s is not a date (dd/mm/yyyy)"), params={"value": word}, code="invalid"
                ) from error
        return sorted(set(dates))


class TimeInput(forms.TimeInput):
    """A time of day typed on a 24-hour clock, 07:30 (a native time picker shows AM/PM on some browsers)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: object) -> None:
        attrs = {
            "placeholder": _("hh:mm"),
            "pattern": TIME_PATTERN,
            "inputmode": "numeric",
            "autocomplete": "off",
            "size": "5",
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, format="%H:%M", **kwargs)  # type: ignore[arg-type]


def parse_date(value: str | None) -> date | None:
    """Return a date typed in a plain GET filter (dd/mm/yyyy or ISO), or None when it is not one."""
    field = forms.DateField()
    try:
        return field.clean((value or "").strip())
    except ValidationError:
        return None
