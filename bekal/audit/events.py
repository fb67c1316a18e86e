"""The audit event codes: one registry, filled by each app with the codes it records and their labels.

Each app lists its codes in its own ``events.py`` (``GROUP``, the app's name on the audit page, and ``EVENTS``,
``{code: label}``, one line per code) and registers them from its ``AppConfig.ready()``, so this leaf never has to
know the domains above it. ``audit_record`` refuses a code nobody registered: a typo fails the first test that
records the event, not a night in production. A code derived from a status (``training.batch.running``) is
generated from the ``TextChoices`` by ``choice_events``, so a new status gets its code and label with it.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise
from django.utils.text import format_lazy

Label = str | Promise


@dataclass(frozen=True)
class EventType:
    """One kind of audit event: its dotted code, its label and the app (group) that records it."""

    code: str
    label: Label
    group: Label


_registry: dict[str, EventType] = {}


class UnknownEventCode(ValueError):
    """Raised by ``audit_record`` for a code no app registered: a programming error, not a user's."""

    def __init__(self, code: str) -> None:
        super().__init__(
            f"Unknown audit event code {code!r}: add it to the EVENTS of its app's events.py "
            "(registered from the app's AppConfig.ready())"
        )
        self.code = code


def register(group: Label, events: Mapping[str, Label]) -> None:
    """Register an app's event codes and labels; a code another app already registered is refused."""
    for code, label in events.items():
        existing = _registry.get(code)
        if existing and existing.group != group:
            raise ImproperlyConfigured(f"Audit event code {code!r} is registered by {existing.group} and {group}")
        _registry[code] = EventType(code=code, label=label, group=group)


def choice_events(prefix: str, choices: type[models.Choices], label: str | Promise) -> dict[str, Label]:
    """Return one code per choice, ``<prefix>.<value>``, labelled ``label`` with ``{status}`` as the choice's label."""
    return {f"{prefix}.{value}": format_lazy(label, status=name) for value, name in choices.choices}


def is_registered(code: str) -> bool:
    """Return whether an app registered the code."""
    return code in _registry


def check(code: str) -> None:
    """Raise ``UnknownEventCode`` unless the code is registered."""
    if code not in _registry:
        raise UnknownEventCode(code)


def label(code: str) -> str:
    """Return the label of a code in the active language; the code itself if no app registers it (any more)."""
    event = _registry.get(code)
    return str(event.label) if event else code


def all_events() -> list[EventType]:
    """Return every registered event, in registration order (apps in ``INSTALLED_APPS`` order)."""
    return list(_registry.values())


@dataclass(frozen=True)
class EventGroup:
    """The events one app records, for a filter: its label, the code prefix they share and the events."""

    label: str
    prefix: str
    events: list[EventType]


def grouped() -> list[EventGroup]:
    """Return the events by app, apps and events in registration order, labels in the active language."""
    groups: dict[str, list[EventType]] = {}
    for event in _registry.values():
        groups.setdefault(event.code.split(".", 1)[0], []).append(event)
    return [EventGroup(label=str(items[0].group), prefix=f"{app}.", events=items) for app, items in groups.items()]
