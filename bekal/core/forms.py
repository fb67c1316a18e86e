"""Helpers shared by every form-backed page."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import BaseRenderer
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
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


def _attrs_html(attrs: dict[str, Any]) -> str:
    # As django/forms/widgets/attrs.html: False leaves the attribute out, True writes its bare name.
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class QuickSelect(forms.Select):
    """A select that writes its options in Python, the same HTML as Django's template (select.html, one include of
    select_option.html per option): a list of every unit of the nation (hundreds of options) costs a millisecond,
    not tens of them."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: BaseRenderer | None = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            parts += [
                f'\n  <option value="{conditional_escape(str(o["value"]))}"{_attrs_html(o["attrs"])}>'
                f"{conditional_escape(o['label'])}</option>\n"
                for o in options
            ]
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every name, value and label above is escaped


def parse_date(value: str | None) -> date | None:
    """Return a date typed in a plain GET filter (dd/mm/yyyy or ISO), or None when it is not one."""
    field = forms.DateField()
    try:
        return field.clean((value or "").strip())
    except ValidationError:
        return None
