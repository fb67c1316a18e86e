"""Extension points that let each app add to shared pages without editing them.

An app registers its functions in its ``AppConfig.ready()``:
- ``home_panels``: ``func(user, today) -> list[Panel]``: blocks on the home page (e.g. expiring agreements);
- ``nav_items``: ``func(user) -> list[tuple[url, label]]``: menu entries the user may use;
- ``demo_loaders``: ``func(*, today, users) -> None``: the app's part of the demo data, called in order after the
  foundation's (``users`` maps demo usernames to users);
- ``attendance_listeners``: ``func(*, actor, day, attended, withdrawn) -> list[str]``: called inside the
  transaction that records a training day's attendance, with the enrolments newly marked as attended and those
  no longer attended; returns warnings to show beside the saved attendance (e.g. community-service credit refused);
- ``bulk_write_contexts``: ``func() -> context manager`` entered around a bulk load of records through the services
  (the demo): an app that derives data from every save (the KPI facts) gathers the saves and derives once at the
  end of the block instead.
- ``daily_jobs``: ``DailyJob(name, func)`` with ``func(*, today) -> int``: a service the scheduler runs once a day
  (agreements expiring, certificates expiring, follow-ups due...); audited, and safe to run twice the same day (it
  returns how many records it moved or people it told).
- ``account_panels``: ``func(user) -> list[Panel]``: blocks on the user's own account page (e.g. the email switch of
  the notifications, which sit above the accounts app that owns the page).
- ``worklist_sources``: ``func(user, today) -> list[WorkItem]``: the day's work of the user's role on the home page
  (attendance to mark, letters awaiting a decision...), each with its count and the pages that do it; ``today`` is
  the day of the user's unit. The home page of a unit's staff caches these items by the versions of the unit (and
  of the units that organise its batches): a source registered here reads only records whose writes are audited at
  one of those units. A source whose records are written elsewhere (an action a meeting of another office gave the
  user in person) registers in ``live_worklist_sources`` instead, read on every request.
- ``person_timeline_sources``: ``func(user, person) -> list[TimelineEntry]``: an app's part of a person's whole path
  (custody, training, certificate, placement, community service...), for the person page, its A4 summary and the API.
  The person is already one the user may see; each source shows only what the user's role may read of its part, in a
  fixed number of queries whatever the number of records.
"""

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass
class Panel:
    """One block of the home page: a template and its context; lower order comes first."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class DailyJob:
    """A service the scheduler runs once a day: ``func(*, today)`` returns how many records it moved or notices it
    sent; running it twice on the same day changes nothing the second time."""

    name: str
    func: Callable[..., int]


@dataclass(frozen=True)
class TimelineEntry:
    """One step on a person's path: when it started (and ended), which stage of the path, what it was, and the page
    that holds the record (empty when the user may not open it)."""

    on: date
    stage: str
    title: str
    detail: str = ""
    url: str = ""
    end: date | None = None
    actions: tuple[tuple[str, str], ...] = ()

    @property
    def stage_label(self) -> str:
        """Return the stage's name in the user's language."""
        return str(TIMELINE_STAGES.get(self.stage, self.stage))


# The stages of the path, in the order a person goes through them: entries of the same day follow this order.
TIMELINE_STAGES = {
    "custody": _("Custody"),
    "supervision": _("Supervision"),
    "training": _("Training"),
    "incident": _("Incident"),
    "certification": _("Certification"),
    "readiness": _("Readiness"),
    "placement": _("Work"),
    "community": _("Community service"),
    "readmission": _("Re-admission"),
}


@dataclass(frozen=True)
class WorkItem:
    """One kind of work waiting for the user today: how many, where to do it (``url``, and up to a few records as
    ``links`` of (text, url)), and what to do instead when there is none (``hint``)."""

    label: str
    count: int
    url: str = ""
    links: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    order: int = 100


home_panels: list[Callable[[Any, date], list[Panel]]] = []
nav_items: list[Callable[[Any], list[tuple[str, str]]]] = []
demo_loaders: list[Callable[..., None]] = []
attendance_listeners: list[Callable[..., list[str]]] = []
bulk_write_contexts: list[Callable[[], AbstractContextManager[None]]] = []
daily_jobs: list[DailyJob] = []
account_panels: list[Callable[[Any], list[Panel]]] = []
person_timeline_sources: list[Callable[[Any, Any], list[TimelineEntry]]] = []
worklist_sources: list[Callable[[Any, date], list[WorkItem]]] = []
live_worklist_sources: list[Callable[[Any, date], list[WorkItem]]] = []


def collect_panels(user: Any, today: date) -> list[Panel]:
    """Return every registered panel for the user, in order."""
    panels = [panel for func in home_panels for panel in func(user, today)]
    return sorted(panels, key=lambda p: p.order)


def person_timeline(user: Any, person: Any) -> list[TimelineEntry]:
    """Return the person's whole path as the user may see it, oldest first."""
    entries = [entry for func in person_timeline_sources for entry in func(user, person)]
    rank = {stage: index for index, stage in enumerate(TIMELINE_STAGES)}
    return sorted(entries, key=lambda e: (e.on, rank.get(e.stage, len(rank))))


def collect_worklist(user: Any, today: date, *, live: bool = True) -> list[WorkItem]:
    """Return the user's work for the day from every app, in order (without the live sources' items if not
    ``live``: the part a unit's home page caches)."""
    sources = worklist_sources + live_worklist_sources if live else worklist_sources
    items = [item for func in sources for item in func(user, today)]
    return sorted(items, key=lambda i: i.order)


def collect_live_worklist(user: Any, today: date) -> list[WorkItem]:
    """Return the items of the live sources alone, in order."""
    return sorted((item for func in live_worklist_sources for item in func(user, today)), key=lambda i: i.order)
