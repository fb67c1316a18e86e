"""The audit trail in words: each change's field by its label, values as a person reads them, never a raw code, an
ISO date, True/False or an internal id."""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from bekal.audit.models import AuditEvent
from bekal.core import formats

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_IN_TEXT = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")


@dataclass(frozen=True)
class ChangeRow:
    """One changed field of an audit event, in words."""

    field: str
    old: str
    new: str


def _get_model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _model(event: AuditEvent) -> type[models.Model] | None:
    """Return the model the changes describe: the code's own ``<app>.<model>`` (a notice sent about a person records
    the notice's fields) when there is one, else the audited object's."""
    return _get_model(".".join(event.code.split(".")[:2])) or _get_model(event.object_type)


def _repr(text: str) -> str:
    # Rows written before dates were formatted in __str__ carry ISO dates in their stored name.
    return _ISO_IN_TEXT.sub(lambda m: formats.date_short(date.fromisoformat(m.group(0))), text)


def _field(model: type[models.Model] | None, name: str) -> "models.Field[Any, Any] | None":
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        try:
            field = next(f for f in model._meta.concrete_fields if getattr(f, "attname", None) == name)
        except StopIteration:
            return None
    return field if isinstance(field, models.Field) else None


def _plain(value: Any) -> str:
    if value is None or value == "" or value == []:
        return formats.DASH
    if isinstance(value, bool):
        return formats.yes_no(value)
    if isinstance(value, int | float):
        return formats.number(value)
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    text = str(value)
    if _ISO_DATE.match(text):
        return formats.date_long(date.fromisoformat(text))
    if _ISO_MOMENT.match(text):
        try:
            return formats.datetime_short(datetime.fromisoformat(text))
        except ValueError:
            return text
    return text


def attach_change_rows(events: Iterable[AuditEvent]) -> None:
    """Give each event ``change_rows``: its changes in words, foreign keys by their records' names (one query per
    related model for the whole page, not one per row)."""
    events = list(events)
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for event in events:
        model = _model(event)
        for name, change in (event.changes or {}).items():
            field = _field(model, name)
            if field is not None and field.is_relation and field.related_model is not None:
                values = change if isinstance(change, list) else [change]
                # A many-to-many change holds lists of ids ({"partners": [None, [3, 5]]}): each id is named too.
                flat = [w for v in values for w in (v if isinstance(v, list) else [v])]
                wanted[field.related_model].update(v for v in flat if isinstance(v, int | str) and v != "")  # type: ignore[index]
    names = {related: related._default_manager.in_bulk(list(pks)) for related, pks in wanted.items() if pks}
    for event in events:
        model = _model(event)
        rows = []
        for name, change in (event.changes or {}).items():
            field = _field(model, name)
            old, new = change if isinstance(change, list) and len(change) == 2 else (None, change)
            rows.append(
                ChangeRow(
                    field=str(field.verbose_name) if field is not None else name.replace("_", " "),
                    old=_value(field, old, names),
                    new=_value(field, new, names),
                )
            )
        event.change_rows = rows  # type: ignore[attr-defined]
        event.object_text = _repr(event.object_repr)  # type: ignore[attr-defined]


def _value(field: "models.Field[Any, Any] | None", value: Any, names: dict[Any, dict[Any, models.Model]]) -> str:
    if field is not None and value not in (None, ""):
        if field.is_relation and field.related_model in names:
            if isinstance(value, list):
                return ", ".join(str(names[field.related_model].get(v, v)) for v in value)
            related = names[field.related_model].get(value)
            if related is not None:
                return str(related)
        if field.choices:
            labels = {str(k): v for k, v in field.flatchoices}
            if isinstance(value, list):
                return ", ".join(str(labels.get(str(v), v)) for v in value)
            if str(value) in labels:
                return str(labels[str(value)])
    return _plain(value)
