"""The benchmark: each operation timed through the whole Django stack, beside a floor measured in the same run.

The floor is the same answer computed by one hand-written SQL query. An operation's ratio is its median over the
floor's median. Later modules add operations to ``OPERATIONS``.
"""

import csv
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from bekal.accounts.models import User
from bekal.national import capacitybench, jobsbench, scaleout, servers
from bekal.national.models import GeneratedDataset
from bekal.organizations.models import Organization, OrganizationKind
from bekal.people.models import CustodyPeriod, Person, normalise_name

PAGE_TARGET_MS = 300
FLOOR_RATIO_TARGET = 2.0


@dataclass
class Timing:
    median_ms: float
    p95_ms: float


@dataclass
class Result:
    """One operation's timing beside its floor, with the targets it is held to."""

    name: str
    op: Timing
    floor: Timing | None
    p95_target_ms: float | None = PAGE_TARGET_MS
    ratio_target: float | None = FLOOR_RATIO_TARGET
    checks: list[tuple[str, bool]] = field(default_factory=list)  # further targets: (label, met)
    note: str = ""
    details: list[str] = field(default_factory=list)  # lines printed under the operation's row
    data: dict[str, Any] = field(default_factory=dict)  # further figures, kept by --save

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.floor.median_ms == 0 or self.op.median_ms == 0:
            return None
        return self.op.median_ms / self.floor.median_ms

    def meets(self) -> str:
        ok = []
        if self.p95_target_ms is not None:
            target = f"{self.p95_target_ms:g}ms"
            ok.append(f"p95<{target}" if self.op.p95_ms < self.p95_target_ms else f"p95>={target} MISSED")
        if self.ratio is not None and self.ratio_target is not None:
            ok.append(f"<={self.ratio_target}x" if self.ratio <= self.ratio_target else f">{self.ratio_target}x MISSED")
        ok.extend(label if met else f"{label} MISSED" for label, met in self.checks)
        if self.note:
            ok.append(self.note)
        return ", ".join(ok)

    @property
    def missed(self) -> bool:
        return "MISSED" in self.meets()


def measure(func: Callable[[], Any], runs: int, warmup: int = 2) -> Timing:
    """Return the median and 95th percentile wall time of the function, in milliseconds."""
    for _ in range(warmup):
        func()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return Timing(statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)])


def sql(query: str, params: list[Any]) -> Callable[[], Any]:
    """Return a function that runs the query and fetches every row: the floor."""

    def run() -> Any:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall()

    return run


def page(client: Client, url: str, data: dict[str, Any] | None = None, expect: int = 200) -> Callable[[], Any]:
    def run() -> Any:
        response = client.get(url, data or {})
        assert response.status_code == expect, (url, response.status_code)
        return response

    return run


@dataclass
class Context:
    today: date
    officer: User  # training officer at the busiest Lapas
    kanwil_viewer: User
    national: User
    person: Person
    runs: int
    import_rows: int = 100_000
    load_users: int = 50
    load_seconds: int = 60


def _context(runs: int) -> Context:
    dataset = GeneratedDataset.objects.order_by("-id").first()
    today = dataset.anchor_date if dataset else date.today()
    busiest = (
        CustodyPeriod.objects.filter(unit__kind=OrganizationKind.LAPAS, release_date__isnull=True)
        .values("unit")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert busiest, "no data: run generate_national first"
    officer = User.objects.get(username=f"bench.officer.{busiest['unit']}")
    assert officer.organization is not None
    kanwil = officer.organization.parent
    assert kanwil is not None
    person = Person.objects.filter(custody_periods__unit_id=busiest["unit"]).order_by("id").first()
    assert person is not None
    return Context(
        today=today,
        officer=officer,
        kanwil_viewer=User.objects.get(username=f"bench.kanwil.{kanwil.region_id}"),
        national=User.objects.get(username="bench.national"),
        person=person,
        runs=runs,
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def op_person_search(ctx: Context) -> Result:
    term = ctx.person.full_name.split()[1].lower()
    unit_id = ctx.officer.organization_id
    floor = sql(
        """
        SELECT p.id, p.full_name, p.nik, p.birth_date FROM people_person p
        WHERE p.search_name LIKE %s AND (p.registered_unit_id = %s
          OR p.id IN (SELECT person_id FROM people_custodyperiod WHERE unit_id = %s)
          OR p.id IN (SELECT person_id FROM people_supervisionperiod WHERE unit_id = %s))
        ORDER BY p.full_name, p.id LIMIT 25
        """,
        [f"%{term}%", unit_id, unit_id, unit_id],
    )
    op = page(_client(ctx.officer), "/people/", {"q": term})
    return Result(f"person search ('{term}')", measure(op, ctx.runs), measure(floor, ctx.runs))


def op_person_page(ctx: Context) -> Result:
    floor = sql(
        """
        SELECT p.*, c.*, s.* FROM people_person p
        LEFT JOIN people_custodyperiod c ON c.person_id = p.id
        LEFT JOIN people_supervisionperiod s ON s.person_id = p.id
        WHERE p.id = %s
        """,
        [ctx.person.id],
    )
    op = page(_client(ctx.officer), f"/people/{ctx.person.id}/")
    return Result("person page", measure(op, ctx.runs), measure(floor, ctx.runs))


def op_unit_home(ctx: Context) -> Result:
    until = ctx.today + timedelta(days=90)
    floor = sql(
        """
        SELECT (SELECT count(*) FROM people_custodyperiod WHERE unit_id = %s AND admission_date <= %s
                  AND (release_date IS NULL OR release_date > %s)),
               c.id, c.person_id, c.expected_release_date FROM people_custodyperiod c
        WHERE c.unit_id = %s AND c.release_date IS NULL AND c.expected_release_date BETWEEN %s AND %s
        ORDER BY c.expected_release_date LIMIT 50
        """,
        [ctx.officer.organization_id, ctx.today, ctx.today, ctx.officer.organization_id, ctx.today, until],
    )
    op = page(_client(ctx.officer), "/")
    return Result("unit home page (Lapas)", measure(op, ctx.runs), measure(floor, ctx.runs))


def op_kanwil_home(ctx: Context) -> Result:
    assert ctx.kanwil_viewer.organization_id
    floor = sql(
        """
        SELECT o.id, count(c.id) FROM organizations_organization o
        LEFT JOIN people_custodyperiod c ON c.unit_id = o.id AND c.admission_date <= %s
          AND (c.release_date IS NULL OR c.release_date > %s)
        WHERE o.parent_id = %s GROUP BY o.id
        """,
        [ctx.today, ctx.today, ctx.kanwil_viewer.organization_id],
    )
    op = page(_client(ctx.kanwil_viewer), "/")
    return Result("Kanwil home page", measure(op, ctx.runs), measure(floor, ctx.runs))


def op_national_home(ctx: Context) -> Result:
    floor = sql(
        """
        SELECT o.parent_id, count(*) FROM people_custodyperiod c JOIN organizations_organization o ON o.id = c.unit_id
        WHERE c.admission_date <= %s AND (c.release_date IS NULL OR c.release_date > %s) GROUP BY o.parent_id
        """,
        [ctx.today, ctx.today],
    )
    op = page(_client(ctx.national), "/")
    return Result("national home page", measure(op, ctx.runs), measure(floor, ctx.runs))


def op_api_people(ctx: Context) -> Result:
    unit_id = ctx.officer.organization_id
    floor = sql(
        """
        SELECT p.id, p.full_name, p.birth_date FROM people_person p
        WHERE p.registered_unit_id = %s OR p.id IN (SELECT person_id FROM people_custodyperiod WHERE unit_id = %s)
        ORDER BY p.full_name, p.id LIMIT 25
        """,
        [unit_id, unit_id],
    )
    op = page(_client(ctx.officer), "/api/v1/people")
    return Result("API people list", measure(op, ctx.runs), measure(floor, ctx.runs))


def op_batch_page(ctx: Context) -> Result:
    """A finished batch of 16 participants over 20 days: the calendar and each participant's attendance rate."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT b.id, bu.organization_id FROM training_batch b
            JOIN training_batch_units bu ON bu.batch_id = b.id
            JOIN organizations_organization o ON o.id = bu.organization_id AND o.kind IN ('lapas', 'rutan')
            WHERE b.status IN ('finished', 'closed')
              AND (SELECT count(*) FROM training_trainingday d WHERE d.batch_id = b.id) = 20
              AND (SELECT count(*) FROM training_enrollment e WHERE e.batch_id = b.id
                   AND e.status IN ('completed', 'not_completed', 'dropped_out')) = 16
            ORDER BY b.id LIMIT 1
            """
        )
        row = cursor.fetchone()
    if row is None:
        return _skipped("batch attendance page", "no batch of 16 x 20 in this dataset")
    batch_id, unit_id = row
    floor = sql(
        """
        SELECT e.id, p.full_name, e.status, e.custody_period_id,
               count(a.id) FILTER (WHERE r.counts_as_attended), count(a.id),
               (SELECT count(*) FROM training_trainingday d WHERE d.batch_id = e.batch_id)
        FROM training_enrollment e JOIN people_person p ON p.id = e.person_id
        LEFT JOIN training_attendance a ON a.enrollment_id = e.id
        LEFT JOIN training_attendancereason r ON r.id = a.reason_id
        WHERE e.batch_id = %s GROUP BY e.id, p.full_name ORDER BY p.full_name, e.id
        """,
        [batch_id],
    )
    officer = User.objects.get(username=f"bench.officer.{unit_id}")
    op = page(_client(officer), f"/training/batches/{batch_id}/")
    return Result("batch attendance page (16x20)", measure(op, ctx.runs), measure(floor, ctx.runs))


def op_bapas_home(ctx: Context) -> Result:
    """The home page of the Bapas with the most active community-service orders, with its at-risk block."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.unit_id FROM community_service_communityserviceorder o
            JOIN people_supervisionperiod s ON s.id = o.period_id WHERE o.status = 'active'
            GROUP BY s.unit_id ORDER BY count(*) DESC, s.unit_id LIMIT 1
            """
        )
        row = cursor.fetchone()
    if row is None:
        return _skipped("Bapas home page (at-risk orders)", "no community-service orders in this dataset")
    unit_id = row[0]
    # The at-risk list needs every active order of the unit with its credited and adjusted minutes.
    floor = sql(
        """
        SELECT o.id, p.full_name, o.hours_ordered, o.complete_by, s.start_date,
               COALESCE((SELECT sum(w.minutes_credited) FROM community_service_worksession w
                         WHERE w.order_id = o.id), 0),
               COALESCE((SELECT sum(a.minutes) FROM community_service_adjustment a WHERE a.order_id = o.id), 0)
        FROM community_service_communityserviceorder o
        JOIN people_supervisionperiod s ON s.id = o.period_id JOIN people_person p ON p.id = s.person_id
        WHERE s.unit_id = %s AND o.status = 'active' ORDER BY o.complete_by, o.id
        """,
        [unit_id],
    )
    officer = User.objects.get(username=f"bench.pk.{unit_id}.0")
    op = page(_client(officer), "/")
    return Result("Bapas home page (at-risk orders)", measure(op, ctx.runs), measure(floor, ctx.runs))


def _skipped(name: str, why: str) -> Result:
    return Result(name, Timing(0.0, 0.0), None, p95_target_ms=None, ratio_target=None, note=f"not timed: {why}")


def op_csv_import(ctx: Context) -> Result:
    """Import of 100,000 people from CSV through the people app's import service (every row checked as on the
    registration form, then written by COPY), against COPY of the same rows into the people table; rolled back."""
    from bekal.people.imports import people_import

    rows = _import_rows(ctx.import_rows)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    text = buffer.getvalue()

    # The floor: the same people written by COPY into the people table itself (its indexes and constraints
    # included), with the columns the service derives (search name, unit, timestamps) prepared beforehand.
    unit_id, now = ctx.officer.organization_id, timezone.now()
    table_rows = [
        (name, nik, born, sex, education, region, normalise_name(name), "", "", unit_id, now, now)
        for name, nik, born, sex, education, region in rows
    ]
    columns = (
        "full_name, nik, birth_date, sex, education, home_region_id, search_name, other_names, phone, "
        "registered_unit_id, created_at, updated_at"
    )

    def copy() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY people_person ({columns}) FROM STDIN") as out:
                    for row in table_rows:
                        out.write_row(row)
            else:
                marks = ", ".join(["%s"] * 12)
                cursor.executemany(f"INSERT INTO people_person ({columns}) VALUES ({marks})", table_rows)  # noqa: S608
            transaction.set_rollback(True)

    runs = max(1, min(ctx.runs, 5))
    floor = measure(copy, runs, warmup=1)
    name = f"CSV import of {ctx.import_rows:,} people"
    officer = ctx.officer
    content = ("full_name,nik,birth_date,sex,education,home_region\n" + text).encode()
    created: list[int] = []
    refused: list[int] = []

    def run() -> None:
        with transaction.atomic():
            report = people_import(actor=officer, unit=officer.organization, filename="people.csv", content=content)
            created.append(report.created)
            refused.append(len(report.errors))
            transaction.set_rollback(True)

    timing = measure(run, runs, warmup=1)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # The rolled-back rows leave dead tuples in the people table and its name indexes, which would slow the
        # next run's searches: clean them now (VACUUM runs outside a transaction).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE people_person")
    return Result(
        name,
        timing,
        floor,
        p95_target_ms=None,
        ratio_target=3.0,
        # Every row is registered or refused with its reason (a generated name and birth date may meet someone
        # already registered: the import refuses such a row rather than merge).
        checks=[
            (
                f"{created[-1]:,} registered + {refused[-1]:,} refused with a reason = {ctx.import_rows:,} rows",
                created[-1] + refused[-1] == ctx.import_rows,
            )
        ],
    )


def _import_rows(count: int) -> list[tuple[Any, ...]]:
    """Return deterministic new people as CSV rows (name, NIK, birth date, sex, education, home regency)."""
    from bekal.organizations.models import Region
    from bekal.people.synthetic import FAMILY, MEN, synthetic_nik

    rng = random.Random(count)  # noqa: S311 - reproducible synthetic data
    regencies = list(Region.objects.filter(level=Region.Level.REGENCY).order_by("code"))
    rows = []
    for _ in range(count):
        regency = rng.choice(regencies)
        birth = date(rng.randint(1960, 2006), rng.randint(1, 12), rng.randint(1, 28))
        nik = synthetic_nik(rng, region=regency, birth=birth, female=False, districts=40)
        name = f"{rng.choice(MEN)} {rng.choice(FAMILY)} {rng.choice(FAMILY)}"
        rows.append((name, nik, birth.isoformat(), "M", "sma", regency.code))
    return rows


def _load_plan(ctx: Context) -> list[dict[str, Any]]:
    """Return, for the simulated users, a session cookie and the pages each one opens: officers of the busiest
    units, probation officers, Kanwil viewers and the national viewer."""
    plan: list[dict[str, Any]] = []
    officers = list(User.objects.filter(username__startswith="bench.officer.").order_by("id")[:20])
    pks = list(User.objects.filter(username__startswith="bench.pk.", username__endswith=".0").order_by("id")[:15])
    kanwils = list(User.objects.filter(username__startswith="bench.kanwil.").order_by("id")[:10])
    people = list(
        CustodyPeriod.objects.filter(unit__in=[o.organization_id for o in officers], release_date__isnull=True)
        .order_by("unit", "id")
        .values_list("unit", "person")
    )
    person_of: dict[int, list[int]] = {}
    for unit, person in people:
        person_of.setdefault(unit, []).append(person)
    for user in officers:
        term = ctx.person.full_name.split()[1].lower()
        urls = ["/", "/people/", f"/people/?q={term}", "/training/", "/api/v1/people"]
        urls += [f"/people/{p}/" for p in person_of.get(user.organization_id or 0, [])[:5]]
        plan.append({"user": user.username, "urls": urls})
    for user in pks:
        plan.append({"user": user.username, "urls": ["/", "/community-service/", "/people/"]})
    for user in [*kanwils, ctx.national]:
        plan.append({"user": user.username, "urls": ["/", "/people/"]})
    for entry in plan:
        client = _client(User.objects.get(username=entry["user"]))
        entry["cookie"] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return plan


def op_mixed_load(ctx: Context) -> Result:
    """50 concurrent users (locust) against gunicorn on 127.0.0.1: errors, throughput, p95, worker memory."""
    name = f"mixed load, {ctx.load_users} users"
    if shutil.which("locust", path=str(Path(sys.executable).parent)) is None:
        return _skipped(name, "locust is not installed (make install)")
    workers = servers.bench_workers()
    port = int(os.environ.get("BENCH_PORT", "8765"))
    with tempfile.TemporaryDirectory() as tmp:
        plan_file = Path(tmp) / "plan.json"
        plan_file.write_text(json.dumps(_load_plan(ctx)))
        env = {
            **servers.server_env(),
            "BEKAL_DB_CONN_MAX_AGE": "60",
            "BEKAL_LOG_LEVEL": "WARNING",
            "BENCH_LOAD_PLAN": str(plan_file),
        }
        server = servers.start_gunicorn(env=scaleout.with_static(env), workers=workers, port=port)
        peak = 0.0
        try:
            servers.wait_for_port(port, seconds=30)
            load = _start_locust(ctx, env=env, port=port, csv_prefix=Path(tmp) / "load")
            while load.poll() is None:
                peak = max([peak, *(scaleout.rss_mb(w) for w in scaleout.children(server.pid))])
                time.sleep(0.5)
        finally:
            server.terminate()
            server.wait(timeout=30)
        with (Path(tmp) / "load_stats.csv").open() as f:
            stats = list(csv.DictReader(f))
    return _load_result(name, stats, peak=peak, workers=workers)


QUIET = {"BEKAL_LOG_LEVEL": "WARNING"}  # one log line a request would cost the capped servers CPU


def op_scale_out(ctx: Context) -> Result:
    """Requests a second held by one gunicorn server and by two, each capped at 0.4 of a core (scaleout.py)."""
    name, port, before = (
        "scale-out, 1 vs 2 capped servers",
        int(os.environ.get("BENCH_PORT", "8765")),
        scaleout.load_average(),
    )
    if not scaleout.cgroups_available():
        return _skipped(name, scaleout.why_no_cgroup())
    one, two = scaleout.scale_out(
        plan=_load_plan(ctx),
        start_server=servers.start_gunicorn,
        wait_for_port=servers.wait_for_port,
        server_pids=lambda server: [server.pid, *scaleout.children(server.pid)],
        env=scaleout.with_static(servers.server_env() | QUIET),
        ports=(port, port + 1),
        workers=int(os.environ.get("BENCH_SCALE_WORKERS", "2")),
        clients=int(os.environ.get("BENCH_SCALE_CLIENTS", "16")),
        seconds=float(os.environ.get("BENCH_SCALE_SECONDS", "30")),
    )
    checks, note, details = scaleout.summary(one, two, load_before=before)
    return Result(name, Timing(two.median_ms, two.p95_ms), None, None, None, checks, note, details)


def _start_locust(ctx: Context, *, env: dict[str, str], port: int, csv_prefix: Path) -> subprocess.Popen[bytes]:
    """Start headless locust (``locustfile.py``) against the port; its statistics go to ``<csv_prefix>_stats.csv``."""
    return subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "locust"),
            "-f",
            str(Path(__file__).with_name("locustfile.py")),
            "--headless",
            "-u",
            str(ctx.load_users),
            "-r",
            str(max(1, ctx.load_users // 10)),  # all users in within 10 s, while the workers warm up
            "--reset-stats",  # then count from the moment all of them run
            "-t",
            f"{ctx.load_seconds + 10}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(csv_prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _load_result(name: str, stats: list[dict[str, str]], *, peak: float, workers: int) -> Result:
    """Return the load's result from locust's statistics: no errors, and the workers' memory under 300 MB."""
    total = next(r for r in stats if r["Name"] == "Aggregated")
    details = [
        f"  {r['Name']:<34} {float(r['50%']):10.1f} {float(r['95%']):9.1f}  {r['Request Count']} requests, "
        f"{r['Failure Count']} errors"
        for r in sorted(stats, key=lambda r: -float(r["95%"]))
        if r["Name"] != "Aggregated"
    ]
    requests, errors = int(total["Request Count"]), int(total["Failure Count"])
    rps, p95 = float(total["Requests/s"]), float(total["95%"])
    timing = Timing(float(total["50%"]), p95)
    return Result(
        name,
        timing,
        None,
        checks=[(f"{errors} errors of {requests:,}", errors == 0), (f"worker RSS peak {peak:.0f} MB<300", peak < 300)],
        note=f"{rps:.1f} req/s, {workers} workers, think {os.environ.get('BENCH_THINK', '2,8')} s",
        details=details,
    )


# KPI dashboards -----------------------------------------------------------------------------------------------------

KPI_FLOOR = """
WITH scope AS (
  SELECT id FROM organizations_organization WHERE %(units)s::int[] IS NULL OR id = ANY(%(units)s::int[])
),
e AS (
  SELECT e.id, e.person_id, e.status, b.end_date,
         EXISTS (SELECT 1 FROM certification_certificate c WHERE c.enrollment_id = e.id) AS certified
  FROM training_enrollment e JOIN training_batch b ON b.id = e.batch_id
  WHERE e.unit_id IN (SELECT id FROM scope) AND b.end_date BETWEEN %(start)s AND %(end)s
),
rel AS (
  SELECT DISTINCT ON (c.person_id) c.person_id, c.release_date FROM people_custodyperiod c
  WHERE c.unit_id IN (SELECT id FROM scope) AND c.release_date BETWEEN %(start)s AND %(end)s
    AND c.release_reason NOT IN ('transfer', 'death')
  ORDER BY c.person_id, c.release_date, c.id
)
SELECT
  (SELECT count(*) FROM e),
  (SELECT count(*) FROM e WHERE status IN ('enrolled', 'completed', 'dropped_out', 'not_completed')),
  (SELECT count(*) FROM e WHERE status = 'completed'),
  (SELECT count(*) FROM e WHERE status = 'completed' AND certified),
  (SELECT count(DISTINCT e.person_id) FROM e WHERE status = 'completed' AND certified AND EXISTS (
     SELECT 1 FROM people_custodyperiod c WHERE c.person_id = e.person_id AND c.release_date >= e.end_date
       AND c.release_date <= %(today)s AND c.release_reason NOT IN ('transfer', 'death'))),
  (SELECT count(DISTINCT e.person_id) FROM e WHERE status = 'completed' AND certified AND EXISTS (
     SELECT 1 FROM placement_placement p JOIN people_custodyperiod c ON c.person_id = p.person_id
     WHERE p.person_id = e.person_id AND p.kind IN ('employed', 'self_employed') AND p.start_date <= %(today)s
       AND c.release_date >= e.end_date AND c.release_date <= p.start_date
       AND c.release_reason NOT IN ('transfer', 'death'))),
  (SELECT count(*) FILTER (WHERE r.counts_as_attended) FROM training_attendance a
     JOIN training_attendancereason r ON r.id = a.reason_id WHERE a.enrollment_id IN (SELECT id FROM e)),
  (SELECT count(*) FROM rel),
  (SELECT count(*) FROM rel WHERE EXISTS (SELECT 1 FROM people_custodyperiod c WHERE c.person_id = rel.person_id
     AND c.admission_date > rel.release_date AND c.admission_date <= rel.release_date + interval '1 year')),
  (SELECT sum(amount) FROM training_budgetallocation WHERE unit_id IN (SELECT id FROM scope) AND year = %(year)s),
  (SELECT count(*) FROM community_service_communityserviceorder o JOIN people_supervisionperiod s
     ON s.id = o.period_id WHERE s.unit_id IN (SELECT id FROM scope) AND o.complete_by BETWEEN %(start)s AND %(end)s)
"""


# The same headline figures from the KPI facts the dashboard reads (bekal.kpis.facts), by hand: the floor of the
# stored data. KPI_FLOOR above computes them from the raw records and is printed beside it.
KPI_FACTS_FLOOR = """
WITH scope AS (
  SELECT id FROM organizations_organization WHERE %(units)s::int[] IS NULL OR id = ANY(%(units)s::int[])
),
e AS (
  SELECT * FROM kpis_enrolmentfact WHERE year = %(year)s AND unit_id IN (SELECT id FROM scope)
),
rel AS (
  SELECT DISTINCT ON (person_id) person_id, released_key, back_key FROM kpis_releasefact
  WHERE year = %(year)s AND unit_id IN (SELECT id FROM scope)
  ORDER BY person_id, released_on, custody_period_id
)
SELECT
  (SELECT count(*) FROM e),
  (SELECT count(*) FROM e WHERE status IN ('enrolled', 'completed', 'dropped_out', 'not_completed')),
  (SELECT count(*) FROM e WHERE status = 'completed'),
  (SELECT count(*) FROM e WHERE status = 'completed' AND certified),
  (SELECT count(DISTINCT person_id) FROM e WHERE status = 'completed' AND certified AND released_on <= %(today)s),
  (SELECT count(DISTINCT person_id) FROM e WHERE status = 'completed' AND certified AND released_on <= %(today)s
     AND working_on <= %(today)s),
  (SELECT sum(days_marked) FROM e), (SELECT sum(days_attended) FROM e),
  (SELECT count(*) FROM rel), (SELECT count(*) FROM rel WHERE back_key <= released_key + 10000),
  (SELECT sum(amount) FROM training_budgetallocation WHERE unit_id IN (SELECT id FROM scope) AND year = %(year)s),
  (SELECT count(*) FROM community_service_communityserviceorder o JOIN people_supervisionperiod s
     ON s.id = o.period_id WHERE s.unit_id IN (SELECT id FROM scope) AND o.complete_by BETWEEN %(start)s AND %(end)s)
"""


def _kpi_year(ctx: Context) -> int:
    """Return the last whole year before the dataset's anchor date: every KPI of it is measured."""
    return ctx.today.year - 1


def _kpi_floor(ctx: Context, units: list[int] | None, query: str = KPI_FLOOR) -> Callable[[], Any]:
    year = _kpi_year(ctx)
    params = {"units": units, "start": date(year, 1, 1), "end": date(year, 12, 31), "today": ctx.today, "year": year}

    def run() -> Any:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall()

    return run


def _kpi_floors(ctx: Context, units: list[int] | None, runs: int) -> tuple[Timing | None, list[str]]:
    """Time the hand-written floors (PostgreSQL SQL: DISTINCT ON, arrays); (None, []) on SQLite, where the bench
    only checks that every operation runs. The floor is the one over the facts the page reads; the one over the
    raw records is printed under it."""
    if connection.vendor != "postgresql":
        return None, []
    facts = measure(_kpi_floor(ctx, units, KPI_FACTS_FLOOR), runs, warmup=1)
    raw = measure(_kpi_floor(ctx, units), max(3, runs // 3), warmup=0)
    return facts, [f"floor over the raw records (no facts): median {raw.median_ms:,.1f} ms"]


def _dashboard(
    ctx: Context, name: str, user: User, units: list[int] | None, target_ms: float, extra: dict[str, Any] | None = None
) -> Result:
    runs = max(3, min(ctx.runs, 10))
    op = page(_client(user), "/kpis/", {"year": _kpi_year(ctx), **(extra or {})})
    floor, details = _kpi_floors(ctx, units, runs)
    return Result(name, measure(op, runs, warmup=1), floor, target_ms, details=details)


def op_unit_dashboard(ctx: Context) -> Result:
    unit = ctx.officer.organization_id
    assert unit is not None
    return _dashboard(ctx, "unit KPI dashboard", ctx.officer, [unit], PAGE_TARGET_MS)


def op_kanwil_dashboard(ctx: Context) -> Result:
    units = list(Organization.objects.filter(parent_id=ctx.kanwil_viewer.organization_id).values_list("id", flat=True))
    return _dashboard(ctx, "Kanwil KPI dashboard", ctx.kanwil_viewer, units, PAGE_TARGET_MS)


def op_national_dashboard(ctx: Context) -> Result:
    return _dashboard(ctx, "national KPI dashboard", ctx.national, None, 1000)


def op_national_dashboard_by_unit(ctx: Context) -> Result:
    """The national dashboard opened on its unit breakdown: 536 rows of seven figures, each linked to its people."""
    return _dashboard(ctx, "national KPI dashboard by unit", ctx.national, None, 1000, {"by": "unit"})


def op_kpi_drill_down(ctx: Context) -> Result:
    """The people behind the national certification figure, first page."""
    year = _kpi_year(ctx)
    floor = sql(
        """
        SELECT p.id, p.full_name, p.nik, p.birth_date FROM people_person p WHERE p.id IN (
          SELECT person_id FROM kpis_enrolmentfact WHERE year = %s AND status = 'completed' AND certified)
        ORDER BY p.full_name, p.id LIMIT 25
        """,
        [year],
    )
    op = page(_client(ctx.national), "/kpis/people/", {"kpi": "certification", "part": "numerator", "year": year})
    return Result("KPI drill-down (national)", measure(op, ctx.runs), measure(floor, ctx.runs))


def op_kpi_xlsx(ctx: Context) -> Result:
    """The national KPI table by Kanwil as a workbook (a job, run in-process here: the request returns once the file
    is ready and redirects to the job's page), against the floor of the national figures."""
    runs = max(3, min(ctx.runs, 10))
    op = page(_client(ctx.national), "/kpis/table.xlsx", {"year": _kpi_year(ctx), "by": "kanwil"}, expect=302)
    floor, details = _kpi_floors(ctx, None, runs)
    return Result(
        "XLSX export, national KPI table", measure(op, runs, warmup=1), floor, p95_target_ms=1000, details=details
    )


# Each operation is one entry.
OPERATIONS: list[Callable[[Context], Result]] = [
    op_person_search,
    op_person_page,
    op_unit_home,
    op_kanwil_home,
    op_national_home,
    op_api_people,
    op_batch_page,
    op_bapas_home,
    op_unit_dashboard,
    op_kanwil_dashboard,
    op_national_dashboard,
    op_national_dashboard_by_unit,
    op_kpi_drill_down,
    op_kpi_xlsx,
    op_csv_import,
    capacitybench.op_fixed_cost,
    op_mixed_load,
    capacitybench.op_capacity,
    op_scale_out,
    capacitybench.op_scale_out_capacity,
    jobsbench.op_national_export,
]
# Operations that need a server of their own and the committed data; the test suite leaves them out.
SERVER_OPERATIONS = {
    op_mixed_load,
    capacitybench.op_capacity,
    op_scale_out,
    capacitybench.op_scale_out_capacity,
    jobsbench.op_national_export,
}


def run_bench(
    *,
    runs: int,
    log: Callable[[str], None] = print,
    only: list[str] | None = None,
    with_server: bool = True,
    import_rows: int = 100_000,
    load_seconds: int = 60,
    save: Path | None = None,
) -> list[Result]:
    """Run the operations and print a table: median, p95, floor median, ratio, targets."""
    ctx = _context(runs)
    ctx.import_rows, ctx.load_seconds = import_rows, load_seconds
    dataset = GeneratedDataset.objects.order_by("-id").first()
    log(f"dataset: {dataset}; database: {connection.vendor}; runs per operation: {runs}")
    log(f"{'operation':<36} {'median ms':>10} {'p95 ms':>9} {'floor ms':>9} {'ratio':>7}  targets")
    results = []
    for op in OPERATIONS:
        if only and not any(o in op.__name__ for o in only):
            continue
        if not with_server and op in SERVER_OPERATIONS:
            continue
        result = op(ctx)
        results.append(result)
        floor = f"{result.floor.median_ms:9.2f}" if result.floor else f"{'-':>9}"
        ratio = f"{result.ratio:6.1f}x" if result.ratio is not None else f"{'-':>7}"
        log(f"{result.name:<36} {result.op.median_ms:10.1f} {result.op.p95_ms:9.1f} {floor} {ratio}  {result.meets()}")
        for line in result.details:
            log(line)
    if save is not None:
        save.write_text(json.dumps(_saved(dataset, results), indent=1, default=str))
        log(f"saved to {save}")
    return results


def _saved(dataset: Any, results: list[Result]) -> dict[str, Any]:
    """Return the run as plain data: the dataset, the load average and each result with its further figures."""
    rows = [{"name": r.name, "median_ms": r.op.median_ms, "p95_ms": r.op.p95_ms, **r.data} for r in results]
    return {"dataset": str(dataset), "load_average": scaleout.load_average(), "results": rows}
