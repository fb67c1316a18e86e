"""Cold and warm figure pages, and the first and last page of the long lists (issue 18, items 2 and 3): the people
list, the batches, the community-service orders, the KPI drill-down and the audit trail.

``manage.py shell -c "from bekal.national import cachebench; cachebench.main()"`` on a generated nation (or on the
demo: the users are then the demo's). Cold: the cache cleared before each request; warm: the same request again.
Each line: median and max wall ms, and the app process's CPU ms (``time.process_time``), with the load average."""

import os
import re
import statistics
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from django.core.cache import cache
from django.db.models import Count
from django.test import Client

from bekal.accounts.models import User
from bekal.community_service.models import CommunityServiceOrder, OrderStatus
from bekal.core.keyset import LAST
from bekal.national.loadplan import _busiest_lapas
from bekal.organizations import figure_versions
from bekal.people.models import CustodyPeriod, Person


def _timed(
    call: Callable[[], Any], runs: int, *, cold: bool, write: Callable[[], None] | None = None
) -> tuple[float, float, float]:
    walls, cpus = [], []
    call()  # the first request of a client pays for its session and imports
    for _ in range(runs):
        if cold:
            cache.clear()
        else:
            call()
        if write is not None:
            write()
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), max(walls), statistics.median(cpus)


def _get(client: Client, url: str, data: dict[str, Any] | None = None) -> Callable[[], Any]:
    def call() -> Any:
        response = client.get(url, data or {})
        assert response.status_code == 200, (url, response.status_code)
        return response

    return call


def _client(username: str) -> Client | None:
    user = User.objects.filter(username=username).first()
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    return client


def _busiest_bapas_officer() -> Client | None:
    """Return a client signed in as a PK of the Bapas with the most active orders (the generated nation's)."""
    busiest = (
        CommunityServiceOrder.objects.filter(status=OrderStatus.ACTIVE)
        .values("period__unit_id")
        .annotate(n=Count("id"))
        .order_by("-n", "period__unit_id")
        .first()
    )
    return _client(f"bench.pk.{busiest['period__unit_id']}.0") if busiest else None


def _writes() -> dict[str, Callable[[], None]]:
    """Return what a committed write in one unit does to the figure caches: an attendance mark bumps the unit's
    records; a certificate, a release or a placement its outcome facts too (``figure_versions``)."""
    unit = Person.objects.order_by("id").values_list("registered_unit_id", flat=True).first()

    def mark() -> None:
        figure_versions.touch([unit])

    def outcome() -> None:
        figure_versions.touch([unit])
        figure_versions.touch([unit], figure_versions.OUTCOMES)

    return {"a write in one unit (attendance)": mark, "an outcome write in one unit (certificate)": outcome}


def _has_custody() -> bool:
    return CustodyPeriod.objects.filter(unit__kind="lapas", release_date__isnull=True).exists()


def _line(name: str, figures: tuple[float, float, float]) -> None:
    median, worst, cpu = figures
    print(f"  {name:<46} median {median:8.1f} ms  max {worst:8.1f} ms  app CPU {cpu:8.1f} ms")


# The long lists (issue 18, item 3) as a national reader, or the system administrator for the audit trail: each read
# by keyset (``core.keyset``), so its last page should cost what its first does.
LISTS: list[tuple[str, str, str, dict[str, str]]] = [
    ("people (nation)", "bench.national", "/people/", {}),
    ("batches (nation, every status)", "bench.national", "/training/", {}),
    ("community-service orders (nation, every status)", "bench.national", "/community-service/", {"status": ""}),
    (
        "KPI drill-down (nation, certified)",
        "bench.national",
        "/kpis/people/",
        {"kpi": "certification", "part": "numerator"},
    ),
    ("audit trail (nation)", "bench.admin", "/audit/", {}),
]
NEXT = re.compile(r'href="[^"]*[?&](?:amp;)?cursor=([^"&]+)"')


def _list_pages(name: str, client: Client | None, url: str, data: dict[str, str], runs: int) -> None:
    """Print the first, second and last page of a list (the second by the first's link to its next page), and the
    last page's median over the first's."""
    if client is None or (response := client.get(url, data)).status_code != 200:
        print(f"  {name}: not readable here")
        return
    first = _timed(_get(client, url, data), runs, cold=False)
    _line(f"{name}, first page", first)
    found = [c for c in NEXT.findall(response.content.decode()) if c != LAST]
    if found:
        _line(
            f"{name}, second page", _timed(_get(client, url, {**data, "cursor": unquote(found[0])}), runs, cold=False)
        )
    last = _timed(_get(client, url, {**data, "cursor": LAST}), runs, cold=False)
    _line(f"{name}, last page", last)
    print(f"  {name}: last page / first page {last[0] / first[0]:.2f}x (median wall), {last[2] / first[2]:.2f}x (CPU)")


def main(runs: int = 5, national: str = "bench.national", officer: str = "") -> None:
    """Print cold and warm times of the figure pages, and the first, second and last pages of the long lists."""
    print(f"uptime: {os.getloadavg()}")
    viewer = _client(national)
    if viewer is None:
        print(f"no user {national}")
        return
    for name, url, data in [
        ("national KPI dashboard", "/kpis/", {}),
        ("recidivism (nation)", "/outcomes/recidivism/", {}),
        ("KPI drill-down (certification numerator)", "/kpis/people/", {"kpi": "certification", "part": "numerator"}),
        ("national home", "/", {}),
    ]:
        call = _get(viewer, url, data)
        _line(f"{name}, cold", _timed(call, runs, cold=True))
        _line(f"{name}, warm", _timed(call, runs, cold=False))
        for what, write in _writes().items():
            _line(f"{name}, after {what}", _timed(call, runs, cold=False, write=write))
    lapas = _client(f"bench.officer.{_busiest_lapas()}") if _has_custody() else None
    if lapas is not None:
        home = _get(lapas, "/")
        _line("Lapas home (busiest Lapas), cold", _timed(home, runs, cold=True))
        _line("Lapas home (busiest Lapas), warm", _timed(home, runs, cold=False))
    pk = _busiest_bapas_officer()
    if pk is not None:
        home = _get(pk, "/")
        _line("Bapas home (busiest Bapas), cold", _timed(home, runs, cold=True))
        _line("Bapas home (busiest Bapas), warm", _timed(home, runs, cold=False))
        _line(
            "community-service list (busiest Bapas), page 1", _timed(_get(pk, "/community-service/"), runs, cold=False)
        )
    for name, username, url, data in LISTS:
        _list_pages(name, _client(username) if username != national else viewer, url, data, runs)
    print(f"uptime: {os.getloadavg()}")
