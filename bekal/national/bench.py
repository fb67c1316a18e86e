"""The benchmark: each operation timed through the whole Django stack, beside a floor measured in the same run.

The floor is the same answer computed by one hand-written SQL query. An operation's ratio is its median over the
floor's median. Later modules add operations to ``OPERATIONS``.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import Count
from django.test import Client

from bekal.accounts.models import User
from bekal.national.models import GeneratedDataset
from bekal.organizations.models import OrganizationKind
from bekal.people.models import CustodyPeriod, Person

PAGE_TARGET_MS = 300
FLOOR_RATIO_TARGET = 2.0


@dataclass
class Timing:
    median_ms: float
    p95_ms: float


@dataclass
class Result:
    name: str
    op: Timing
    floor: Timing | None

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.floor.median_ms == 0:
            return None
        return self.op.median_ms / self.floor.median_ms

    def meets(self) -> str:
        ok = [f"p95<{PAGE_TARGET_MS}ms" if self.op.p95_ms < PAGE_TARGET_MS else f"p95>={PAGE_TARGET_MS}ms MISSED"]
        if self.ratio is not None:
            ok.append(
                f"<={FLOOR_RATIO_TARGET}x" if self.ratio <= FLOOR_RATIO_TARGET else f">{FLOOR_RATIO_TARGET}x MISSED"
            )
        return ", ".join(ok)


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


def page(client: Client, url: str, data: dict[str, Any] | None = None) -> Callable[[], Any]:
    def run() -> Any:
        response = client.get(url, data or {})
        assert response.status_code == 200, (url, response.status_code)
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


OPERATIONS: list[Callable[[Context], Result]] = [
    op_person_search,
    op_person_page,
    op_unit_home,
    op_kanwil_home,
    op_national_home,
    op_api_people,
]


def run_bench(*, runs: int, log: Callable[[str], None] = print) -> list[Result]:
    """Run every operation and print a table: median, p95, floor median, ratio, targets."""
    ctx = _context(runs)
    dataset = GeneratedDataset.objects.order_by("-id").first()
    log(f"dataset: {dataset}; database: {connection.vendor}; runs per operation: {runs}")
    log(f"{'operation':<34} {'median ms':>10} {'p95 ms':>9} {'floor ms':>9} {'ratio':>7}  targets")
    results = []
    for op in OPERATIONS:
        result = op(ctx)
        results.append(result)
        floor = f"{result.floor.median_ms:9.2f}" if result.floor else f"{'-':>9}"
        ratio = f"{result.ratio:6.1f}x" if result.ratio is not None else f"{'-':>7}"
        log(f"{result.name:<34} {result.op.median_ms:10.1f} {result.op.p95_ms:9.1f} {floor} {ratio}  {result.meets()}")
    return results
