"""The mix of the open-model load (``capacitybench``): who opens what, in what share, with the sessions to do it.

Shares (weights, of 100): a working day seen from the units and the offices above them. Lapas officers open their
home, the people list and search, a person and the training list (50); Bapas officers their home and the
community-service list (14); Kanwil viewers their home, the Kanwil KPI dashboard and the last page of the people
list (10); the national viewer the national home, KPI dashboard, recidivism, the KPI drill-down and the last page of
the national people list (10); exports started as jobs (2, the request records the job and redirects); writes:
a training day's attendance marks saved (10, an officer saving the day's register) and reading them back (4).
Hours and certificates are not in the mix yet: their writes need an order session and an assessment decision
prepared per request (see docs/performance.md, "Open-model load").
"""

import secrets
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.test import Client

from bekal.accounts.models import User
from bekal.national.openload import Entry
from bekal.people.models import CustodyPeriod
from bekal.training.models import AttendanceReason, Enrollment, TrainingDay

LAST_PAGE = "cursor=last"  # the keyset paginator reads the last page backwards from the end (core/keyset.py)


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


def _unit_entries(today: date, year: int) -> list[Entry]:
    unit = _busiest_lapas()
    officer = User.objects.get(username=f"bench.officer.{unit}")
    h = session_headers(officer)
    person = CustodyPeriod.objects.filter(unit_id=unit, release_date__isnull=True).order_by("id").first()
    term = person.person.full_name.split()[1].lower() if person else "a"
    entries = [
        Entry("Lapas home", "/", h, 12),
        Entry("people list (unit)", "/people/", h, 10),
        Entry("people search", f"/people/?q={term}", h, 10),
        Entry("person page", f"/people/{person.person_id if person else 0}/", h, 10),
        Entry("training list", "/training/", h, 8),
    ]
    pk = User.objects.filter(username__startswith="bench.pk.", username__endswith=".0").order_by("id").first()
    if pk:
        p = session_headers(pk)
        entries += [Entry("Bapas home", "/", p, 7), Entry("community-service list", "/community-service/", p, 7)]
    write = _attendance_write(today)
    if write:
        writer, day, marks = write
        w = {**session_headers(writer), "Content-Type": "application/json"}
        body = ('{"marks": {' + ", ".join(f'"{k}": "{v}"' for k, v in marks.items()) + "}}").encode()
        url = f"/api/v1/days/{day}/attendance"
        entries += [Entry("attendance marks (write)", url, w, 10, "POST", body), Entry("attendance day", url, w, 4)]
    return entries


def _office_entries(year: int) -> list[Entry]:
    national = session_headers(User.objects.get(username="bench.national"))
    kanwil_user = User.objects.filter(username__startswith="bench.kanwil.").order_by("id").first()
    entries = [
        Entry("national home", "/", national, 2),
        Entry("national KPI dashboard", f"/kpis/?year={year}", national, 2),
        Entry("recidivism (national)", f"/outcomes/recidivism/?year={year}", national, 2),
        Entry("KPI drill-down (national)", f"/kpis/people/?kpi=certification&part=numerator&year={year}", national, 2),
        Entry("people list last page (national)", f"/people/?{LAST_PAGE}", national, 2),
        Entry("export started as a job", f"/kpis/table.xlsx?year={year}&by=kanwil", national, 2, ok_statuses=(302,)),
    ]
    if kanwil_user:
        k = session_headers(kanwil_user)
        entries += [
            Entry("Kanwil home", "/", k, 4),
            Entry("Kanwil KPI dashboard", f"/kpis/?year={year}", k, 3),
            Entry("people list last page (Kanwil)", f"/people/?{LAST_PAGE}", k, 3),
        ]
    return entries


def mix(today: date) -> list[Entry]:
    """Return the entries of the mix for the generated nation whose anchor date is ``today``."""
    year = today.year - 1  # the last whole year: every KPI of it is measured
    return _unit_entries(today, year) + _office_entries(year)


def as_plain(entries: list[Entry]) -> list[dict[str, Any]]:
    """Return the entries without their sessions, to print or save."""
    return [{"name": e.name, "url": e.url, "weight": e.weight, "method": e.method} for e in entries]
