"""The mix of the open-model load (``capacitybench``): who opens what, in what share, with the sessions to do it.

Shares (weights, of 100): a working day seen from the units and the offices above them. Lapas officers open their
home, the people list and search, a person and the training list (47); Bapas officers their home and the
community-service list (14); Kanwil viewers their home, the Kanwil KPI dashboard and the last page of the people
list (10); the national viewer the national home, KPI dashboard, recidivism, the KPI drill-down and the last page of
the national people list (10); exports started as jobs (2, the request records the job and redirects); writes (13):
a training day's attendance marks saved (8, an officer saving the day's register) and read back (4), an hour of
community service recorded by a Bapas PK through the session form (4), and a certificate issued for a Kompeten
decision by the batch's training officer (1).

Each hour entry and each certificate is valid once (a slot of a client's day, a decision without its certificate):
their entries carry a pool of targets chosen now, from the nation as it is, each sent once (``openload.Entry``).
An hour goes in a free hour of an active order's recent day (the site open, the day's and the order's hours not
exceeded, never the order's last minute, whose completion report is another write); a certificate goes to a
Kompeten decision without one, recorded again with K on every unit as the assessment page does.
"""

import json
import secrets
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from functools import cache
from itertools import chain, zip_longest
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Sum
from django.test import Client
from django.utils import timezone

from bekal.accounts.models import User
from bekal.certification.models import Decision, Verdict
from bekal.community_service.models import (
    Adjustment,
    CommunityServiceOrder,
    OrderStatus,
    Outcome,
    Placement,
    WorkSession,
)
from bekal.national.openload import Entry, Target
from bekal.organizations.models import OrganizationKind
from bekal.people.models import CustodyPeriod, PersonLink
from bekal.rules.selectors import rule_int
from bekal.training.models import (
    AttendanceReason,
    Batch,
    CompetencyUnit,
    Enrollment,
    EnrollmentStatus,
    TrainingDay,
)

LAST_PAGE = "cursor=last"  # the keyset paginator reads the last page backwards from the end (core/keyset.py)
# The share of each request in the mix, of 100 (the module's docstring says why); a write's name says "(write)".
SHARES = {
    "Lapas home": 10,
    "people list (unit)": 9,
    "people search": 10,
    "person page": 10,
    "training list": 8,
    "Bapas home": 7,
    "community-service list": 7,
    "attendance marks (write)": 8,
    "attendance day": 4,
    "hour of community service (write)": 4,
    "certificate issued (write)": 1,
    "national home": 2,
    "national KPI dashboard": 2,
    "recidivism (national)": 2,
    "KPI drill-down (national)": 2,
    "people list last page (national)": 2,
    "export started as a job": 2,
    "Kanwil home": 4,
    "Kanwil KPI dashboard": 3,
    "people list last page (Kanwil)": 3,
}
POOL = 3000  # targets of each write: more than a whole bench sends (7 steps of 30 s, 8 users for 10 s)
HOUR = timedelta(hours=1)  # one hour entry: the slot a pool target fills
RECENT_DAYS = 28  # an hour is entered for a day of the last four weeks


def session_headers(user: User) -> dict[str, str]:
    """Return headers that sign in as the user, with a CSRF cookie and header for writes."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    csrf = secrets.token_hex(16)  # 32 characters: a CSRF secret Django accepts as the cookie's value
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}",
        "X-CSRFToken": csrf,
        "Accept-Language": "id",
        "Referer": "http://127.0.0.1/",
        "X-Bench-User": user.username,  # who the entry signs in as, for the in-process write of the fixed cost
    }


def _busiest_lapas() -> int:
    row = (
        CustodyPeriod.objects.filter(unit__kind="lapas", release_date__isnull=True)
        .values("unit")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert row, "no data: run generate_national first"
    return int(row["unit"])


# The training and community-service lists are timed on a unit with about this many rows at either scale, not on
# the busiest (or first) unit: the busiest Lapas has 9 batches at scale 0.1 and a full page (25) at scale 1, the first
# Bapas 3 active orders and a full page, so those lists grew with the unit, not with the nation (1.47x and 1.44x).
# Lapas organise 1-17 batches at scale 0.1 and 5-129 at scale 1: 12 at both. Bapas hold 1-39 active orders at scale
# 0.1 and 39-342 at scale 1 (seed 1): none near 12 at scale 1, so the one closest to 40 shows a full page at either.
LIST_ROWS = {"batches": 12, "active orders": 40}


def _closest(counts: Iterable[tuple[int, int]], count: int) -> int | None:
    """Return the unit of (unit, rows) pairs whose rows are closest to ``count`` (the lowest id among equals)."""
    found = min(counts, key=lambda pair: (abs(pair[1] - count), pair[0]), default=None)
    return found[0] if found else None


def _lapas_with_batches(count: int) -> int | None:
    """Return the Lapas whose organised batches number closest to ``count``."""
    organised = Batch.units.through.objects.filter(organization__kind=OrganizationKind.LAPAS)
    return _closest(organised.values_list("organization_id").annotate(n=Count("batch_id")).order_by(), count)


def _bapas_with_active_orders(count: int) -> int | None:
    """Return the Bapas whose active community-service orders (its list's default) number closest to ``count``."""
    active = CommunityServiceOrder.objects.filter(status=OrderStatus.ACTIVE)
    return _closest(active.values_list("period__unit_id").annotate(n=Count("id")).order_by(), count)


def _search_term(unit: int) -> str:
    """Return the word that most of the unit's people's names share (a surname): its search fills a page at either
    scale (31 people of the busiest Lapas at scale 0.1, 228 at scale 1), so the growth table compares the same
    page. (A word of the first person's name matched 22 people at scale 0.1, less than a page, against 26.)"""
    names = PersonLink.objects.filter(unit_id=unit).order_by("person_id").values_list("search_name", flat=True)
    words = Counter(word for name in names for word in set(name.split()) if word.isalpha())
    return words.most_common(1)[0][0] if words else "a"


def _attendance_write(today: date) -> tuple[User, int, dict[str, str]] | None:
    """Return an officer of a running batch's unit (a Lapas one when there is), a past day of it and its marks
    (everyone present)."""
    days = TrainingDay.objects.filter(date__lte=today, batch__status="running").order_by("-date", "id")
    day = days.filter(batch__units__kind="lapas").first() or days.first()
    present = AttendanceReason.objects.filter(counts_as_attended=True).order_by("id").first()
    if day is None or present is None:
        return None
    units = list(day.batch.units.values_list("id", flat=True))
    names = [f"bench.officer.{u}" for u in units] + [f"bench.pk.{u}.0" for u in units]
    officer = User.objects.filter(username__in=names).order_by("username").first()
    enrolments = Enrollment.objects.filter(batch=day.batch, status="enrolled").values_list("id", flat=True)
    if officer is None or not enrolments:
        return None
    return officer, day.pk, {str(e): present.code for e in enrolments}


def _interleave(groups: Iterable[list[Target]]) -> list[Target]:
    """Return the targets one of each group in turn: consecutive writes go to different orders, as many PKs'."""
    return [t for t in chain.from_iterable(zip_longest(*groups)) if t is not None]


class _Day:
    """A client's sessions of one day across their orders: the hours taken and the minutes credited."""

    def __init__(self) -> None:
        self.taken: list[tuple[time, time]] = []
        self.credited = 0

    def free(self, start: time, end: time) -> bool:
        return not any(s < end and e > start for s, e in self.taken)

    def add(self, start: time, end: time, minutes: int) -> None:
        self.taken.append((start, end))
        self.credited += minutes


def _opening(placements: list[Placement], on: date) -> tuple[time, time] | None:
    """Return the hours the client may work on the date: the site's (the placement the ledger picks, the latest
    open that day) or a working day's when unplaced; None when the site is closed that day."""
    placement = next((p for p in placements if p.is_open_on(on)), None)
    if placement is None:
        return time(8), time(16)
    site = placement.site
    return (site.opens_at, site.closes_at) if on.weekday() in site.days else None


def _order_slots(
    order: CommunityServiceOrder,
    days: dict[tuple[int, date], _Day],
    placements: list[Placement],
    left: int,
    today: date,
    max_hours: Callable[[date], int],
) -> list[tuple[date, time, time]]:
    """Return the free hours of an order from its recent days, latest first, within the site's opening, the day's
    hours and the order's remaining minutes (keeping its last minute: no entry completes it)."""
    slots = []
    length = HOUR.seconds // 60
    first = max(order.period.start_date, today - timedelta(days=RECENT_DAYS - 1))
    on = min(today, order.complete_by)
    while on >= first and left > length:
        opening = _opening(placements, on)
        day = days[(order.period.person_id, on)]
        day_max = min(max_hours(on), order.hours_per_day) * 60
        start = opening[0] if opening else None
        while opening and start and left > length and day.credited + length <= day_max:
            end = (datetime.combine(on, start) + HOUR).time()
            if end > opening[1] or end <= start:
                break
            if day.free(start, end):
                slots.append((on, start, end))
                day.add(start, end, length)
                left -= length
            start = end
        on -= timedelta(days=1)
    return slots


def _unit_hours(unit: int, today: date, max_hours: Callable[[date], int]) -> list[list[tuple[int, date, time, time]]]:
    """Return the free hours of each active order of the Bapas, in a fixed number of queries."""
    orders = list(
        CommunityServiceOrder.objects.filter(
            status=OrderStatus.ACTIVE, period__unit_id=unit, period__start_date__lte=today
        )
        .filter(complete_by__gte=today - timedelta(days=RECENT_DAYS - 1))
        .select_related("period")
        .order_by("id")
    )
    ids = [o.id for o in orders]
    done: dict[int, int] = defaultdict(int)
    for model, column in ((WorkSession, "minutes_credited"), (Adjustment, "minutes")):
        rows = model.objects.filter(order__in=ids).values("order").order_by().annotate(t=Sum(column))  # type: ignore[attr-defined]
        for row in rows:
            done[row["order"]] += row["t"] or 0
    days: dict[tuple[int, date], _Day] = defaultdict(_Day)
    sessions = WorkSession.objects.filter(
        order__period__person__in={o.period.person_id for o in orders},
        date__gte=today - timedelta(days=RECENT_DAYS),
        voided_at__isnull=True,
    ).values_list("order__period__person", "date", "start", "end", "minutes_credited")
    for person, on, start, end, minutes in sessions:
        days[(person, on)].add(start, end, minutes)
    placements: dict[int, list[Placement]] = defaultdict(list)
    for p in Placement.objects.filter(order__in=ids).select_related("site").order_by("-start_date", "-id"):
        placements[p.order_id].append(p)
    return [
        [
            (o.id, *slot)
            for slot in _order_slots(o, days, placements[o.id], o.minutes_ordered - done[o.id], today, max_hours)
        ]
        for o in orders
    ]


def _hours_pool(today: date, limit: int = POOL) -> list[Target]:
    """Return hour entries for the free hours of active orders, a Bapas at a time (the busiest first) until the
    pool is full; each is the session form's post (the full page: 302 to the order once recorded, the form again
    with the reason when refused), by a PK of the order's Bapas, with the form's own idempotency key."""
    units = (
        CommunityServiceOrder.objects.filter(status=OrderStatus.ACTIVE)
        .values("period__unit")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n", "period__unit")
    )
    groups: list[list[Target]] = []
    # KUHP Pasal 85 ayat (4): the hours a day, the rule's figure on each date, read once a date.
    max_hours = cache(lambda on: rule_int("community_service.max_hours_per_day", on=on))
    for row in units:
        unit = row["period__unit"]
        writer = User.objects.filter(username=f"bench.pk.{unit}.1").first()
        if writer is None:
            continue
        h = {**session_headers(writer), "Content-Type": "application/x-www-form-urlencoded"}
        for slots in _unit_hours(unit, today, max_hours):
            groups.append(
                [
                    Target(f"/community-service/{order}/sessions/new/", _hour_body(on, start, end), h)
                    for order, on, start, end in slots
                ]
            )
        if sum(len(g) for g in groups) >= limit:
            break
    return _interleave(groups)[:limit]


def _hour_body(on: date, start: time, end: time) -> bytes:
    form = {
        "date": f"{on:%d/%m/%Y}",
        "start": f"{start:%H:%M}",
        "end": f"{end:%H:%M}",
        "outcome": Outcome.ATTENDED_COMPLIED,
        "minutes_credited": "",
        "work_quality": "3",
        "behaviour": "4",
        "supervised_by": "Pengawas lokasi",
        "notes": "",
        "idempotency_key": f"bench-{secrets.token_hex(12)}",
    }
    return urlencode(form).encode()


def _certificate_pool(today: date, limit: int = POOL) -> list[Target]:
    """Return certificates to issue for Kompeten decisions without one, latest assessments first: the assessment
    recorded again (K on every unit, the decision K) with the certificate's number, through the API by a training
    officer of a Lapas or Rutan organising the batch (200 with the certificate's number, 422 when refused)."""
    decisions = list(
        Decision.objects.filter(
            verdict=Verdict.COMPETENT,
            certificate__isnull=True,
            event__date__lte=today,
            enrollment__status=EnrollmentStatus.COMPLETED,
        )
        .select_related("event__batch")
        .order_by("-event__date", "id")[:limit]
    )
    batches = {d.event.batch_id for d in decisions}
    organisers: dict[int, int] = {}
    for batch, unit in (
        Batch.units.through.objects.filter(
            batch__in=batches, organization__kind__in=[OrganizationKind.LAPAS, OrganizationKind.RUTAN]
        )
        .order_by("organization")
        .values_list("batch", "organization")
    ):
        organisers.setdefault(batch, unit)
    writers = {
        u.username: u for u in User.objects.filter(username__in={f"bench.officer.{u}" for u in organisers.values()})
    }
    units: dict[int, list[int]] = defaultdict(list)
    programmes = {d.event.batch.programme_id for d in decisions}
    for programme, unit in CompetencyUnit.objects.filter(programme__in=programmes).values_list("programme", "id"):
        units[programme].append(unit)
    headers: dict[str, dict[str, str]] = {}
    token = secrets.token_hex(3)
    targets = []
    for d in decisions:
        writer = writers.get(f"bench.officer.{organisers.get(d.event.batch_id)}")
        if writer is None or not units[d.event.batch.programme_id]:
            continue
        if writer.username not in headers:
            headers[writer.username] = {**session_headers(writer), "Content-Type": "application/json"}
        body = {
            "verdicts": {str(u): Verdict.COMPETENT for u in units[d.event.batch.programme_id]},
            "decision": Verdict.COMPETENT,
            "certificate_number": f"BENCH.{d.event_id}.{d.enrollment_id}.{token}",
            "issued_on": today.isoformat(),
        }
        url = f"/api/v1/assessments/{d.event_id}/participants/{d.enrollment_id}"
        targets.append(Target(url, json.dumps(body).encode(), headers[writer.username]))
    return targets


def _unit_entries(today: date, year: int) -> list[Entry]:
    unit = _busiest_lapas()
    officer = User.objects.get(username=f"bench.officer.{unit}")
    h = session_headers(officer)
    person = CustodyPeriod.objects.filter(unit_id=unit, release_date__isnull=True).order_by("id").first()
    term = _search_term(unit)
    entries = [
        _entry("Lapas home", "/", h),
        _entry("people list (unit)", "/people/", h),
        _entry("people search", f"/people/?q={term}", h),
        _entry("person page", f"/people/{person.person_id if person else 0}/", h),
        _entry("training list", "/training/", _officer_headers(_lapas_with_batches, "batches", h)),
    ]
    pk = User.objects.filter(username__startswith="bench.pk.", username__endswith=".0").order_by("id").first()
    if pk:
        p = session_headers(pk)
        entries += [
            _entry("Bapas home", "/", p),
            _entry(
                "community-service list",
                "/community-service/",
                _officer_headers(_bapas_with_active_orders, "active orders", p),
            ),
        ]
    write = _attendance_write(today)
    if write:
        writer, day, marks = write
        w = {**session_headers(writer), "Content-Type": "application/json"}
        body = ('{"marks": {' + ", ".join(f'"{k}": "{v}"' for k, v in marks.items()) + "}}").encode()
        url = f"/api/v1/days/{day}/attendance"
        entries += [
            _entry("attendance marks (write)", url, w, "POST", body),
            _entry("attendance day", url, w),
        ]
    return entries + _pool_entries(today)


def _officer_headers(unit_of: Callable[[int], int | None], rows: str, otherwise: dict[str, str]) -> dict[str, str]:
    """Return the session of the bench's officer (or first PK) of the unit ``unit_of(LIST_ROWS[rows])`` chooses."""
    unit = unit_of(LIST_ROWS[rows])
    names = [f"bench.officer.{unit}", f"bench.pk.{unit}.0"]
    officer = User.objects.filter(username__in=names).order_by("username").first()
    return session_headers(officer) if officer else otherwise


def _pool_entries(today: date) -> list[Entry]:
    """Return the writes that each target accepts once: an hour of community service, a certificate."""
    today = min(today, timezone.localdate())  # the app refuses a session or a certificate dated in its future
    entries = []
    if hours := _hours_pool(today):
        entries.append(_pooled("hour of community service (write)", hours, ok_statuses=(302,)))
    if certificates := _certificate_pool(today):
        entries.append(_pooled("certificate issued (write)", certificates))
    return entries


def _entry(name: str, url: str, headers: dict[str, str], *args: Any, **kwargs: Any) -> Entry:
    """Return the mix's entry of that name, weighted by its share (``SHARES``)."""
    return Entry(name, url, headers, SHARES[name], *args, **kwargs)


def _pooled(name: str, pool: list[Target], ok_statuses: tuple[int, ...] = (200,)) -> Entry:
    first = pool[0]
    return _entry(name, first.url, first.headers, "POST", first.body, ok_statuses, tuple(pool))


def _office_entries(year: int) -> list[Entry]:
    national = session_headers(User.objects.get(username="bench.national"))
    kanwil_user = User.objects.filter(username__startswith="bench.kanwil.").order_by("id").first()
    entries = [
        _entry("national home", "/", national),
        _entry("national KPI dashboard", f"/kpis/?year={year}", national),
        _entry("recidivism (national)", f"/outcomes/recidivism/?year={year}", national),
        _entry(
            "KPI drill-down (national)",
            f"/kpis/people/?kpi=certification&part=numerator&year={year}",
            national,
        ),
        _entry(
            "people list last page (national)",
            f"/people/?{LAST_PAGE}",
            national,
        ),
        _entry(
            "export started as a job",
            f"/kpis/table.xlsx?year={year}&by=kanwil",
            national,
            ok_statuses=(302,),
        ),
    ]
    if kanwil_user:
        k = session_headers(kanwil_user)
        entries += [
            _entry("Kanwil home", "/", k),
            _entry("Kanwil KPI dashboard", f"/kpis/?year={year}", k),
            _entry("people list last page (Kanwil)", f"/people/?{LAST_PAGE}", k),
        ]
    return entries


def mix(today: date) -> list[Entry]:
    """Return the entries of the mix for the generated nation whose anchor date is ``today``."""
    year = today.year - 1  # the last whole year: every KPI of it is measured
    return _unit_entries(today, year) + _office_entries(year)


def as_plain(entries: list[Entry]) -> list[dict[str, Any]]:
    """Return the entries without their sessions, to print or save."""
    return [
        {"name": e.name, "url": e.url, "weight": e.weight, "method": e.method, "targets": len(e.pool)} for e in entries
    ]
