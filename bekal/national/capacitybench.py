"""The open-model load against gunicorn (``openload``, the mix of ``loadplan``): each page alone, the stepped
arrival rate and its capacity, 8 concurrent users per page; the fixed cost of a signed-in request and of a write;
the capacity of one and of two CPU-capped servers. Every figure beside the app CPU it cost (``Server-Timing:
app-cpu``, BEKAL_BENCH=1) and the machine's load average.

Knobs (environment): BENCH_RATES ("10,20,30,40,60,80,100"), BENCH_STEP_SECONDS (30), BENCH_STEP_REQUESTS (1500: a
step lasts long enough to offer that many, ``openload.step_seconds``), BENCH_CONCURRENT_SECONDS (10),
BENCH_WORKERS (production's default, ``gunicorn.conf.py``: twice the cores plus one), BENCH_PORT (8765),
BENCH_SCALE_RATES (one server; two get twice each, or BENCH_SCALE_RATES_TWO) / BENCH_SCALE_WORKERS for the capped
servers.
"""

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.test import Client

from bekal.accounts.models import User
from bekal.national import loadplan, openload, scaleout, servers
from bekal.national.openload import Entry, PageStats, Sender

Timed = tuple[float, float, float | None]  # median ms, p95 ms, median app CPU ms


def _rates(name: str, default: str) -> list[float]:
    return [float(r) for r in os.environ.get(name, default).split(",") if r.strip()]


def _seconds(name: str, default: float) -> float:
    return float(os.environ.get(name, str(default)))


def step_requests() -> int:
    return int(_seconds("BENCH_STEP_REQUESTS", 1500))


def bench_env() -> dict[str, str]:
    """Return the environment of a server under the bench: production settings, the CPU header on, quiet logs."""
    env = {**servers.server_env(), "BEKAL_BENCH": "1", "BEKAL_LOG_LEVEL": "WARNING", "BEKAL_DB_CONN_MAX_AGE": "60"}
    return scaleout.with_static(env)


@contextmanager
def running(ports: Sequence[int], workers: int) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Start one gunicorn per port with the bench's environment; stop them afterwards."""
    env = bench_env()
    started = [servers.start_gunicorn(env=env, workers=workers, port=port) for port in ports]
    try:
        for port in ports:
            servers.wait_for_port(port, seconds=60)
        deadline = time.monotonic() + 60  # the master answers before its workers are all there
        while time.monotonic() < deadline and any(len(scaleout.children(s.pid)) < workers for s in started):
            time.sleep(0.2)
        yield started
    finally:
        for server in started:
            server.terminate()
        for server in started:
            server.wait(timeout=30)


def pids_of(procs: Sequence[subprocess.Popen[bytes]]) -> Callable[[], list[int]]:
    return lambda: [pid for p in procs for pid in (p.pid, *scaleout.children(p.pid))]


def alone(sender: Sender, entries: Sequence[Entry], runs: int) -> dict[str, tuple[float, PageStats]]:
    """Time each page alone, one request after another: (the first, cold answer in ms, the stats of the rest)."""
    timed = {}
    for entry in entries:
        stats = PageStats()
        sender.send(entry, stats, _NOLOCK)
        cold = stats.latencies_ms[0] if stats.latencies_ms else 0.0
        stats = PageStats()
        for _ in range(runs):
            sender.send(entry, stats, _NOLOCK)
        timed[entry.name] = (cold, stats)
    return timed


def warmed(sender: Sender, entries: Sequence[Entry], threads: int = 4) -> None:
    """Send every page from several threads at once before a server is measured: one request after another may
    reach one worker of a server alone, and the other's first answers (its first national read, its templates,
    its connections) then fell inside the first measured step (one server missed 8 req/s on a single 330 ms answer
    at the start of the step, in a run where two servers held 24)."""
    workers = [threading.Thread(target=alone, args=(sender, entries, 1)) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


class _NoLock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


_NOLOCK: Any = _NoLock()


def concurrent(sender: Sender, entries: Sequence[Entry], users: int, seconds: float) -> dict[str, PageStats]:
    """Run ``users`` concurrent users on each page in turn (closed loop, no think time)."""
    return {e.name: openload.closed_run(sender, e, users=users, seconds=seconds) for e in entries}


def stats_line(name: str, stats: PageStats, extra: str = "") -> str:
    cpu = f"{stats.cpu_median:6.1f}" if stats.cpu_median is not None else f"{'-':>6}"
    return (
        f"    {name:<34} p50 {stats.p50:7.1f} p95 {stats.p95:7.1f} app CPU {cpu} ms  "
        f"{len(stats.latencies_ms)} ok, {stats.errors} errors{extra}"
        + (f", {stats.spent} not sent (pool spent)" if stats.spent else "")
    )


def load_average() -> str:
    return scaleout.load_average()


def fixed_cost(runs: int, *, officer: User, write: Callable[[], Any] | None) -> list[tuple[str, float, float]]:
    """Return (what, median wall ms, median CPU ms) of a signed-in trivial request, an anonymous one and a write,
    in-process through the test client (the whole middleware stack, no network)."""
    signed_in, anonymous = Client(), Client()
    signed_in.force_login(officer)
    cases: list[tuple[str, Callable[[], Any]]] = [
        ("anonymous /healthz", lambda: anonymous.get("/healthz")),
        ("signed-in GET /api/v1/me (session, user, roles)", lambda: signed_in.get("/api/v1/me")),
        ("signed-in HEAD /accounts/password/ (with navigation)", lambda: signed_in.head("/accounts/password/")),
    ]
    if write is not None:
        cases.append(("write: a training day's attendance marks (rolled back)", write))
    out = []
    for what, func in cases:
        func()
        walls, cpus = [], []
        for _ in range(runs):
            wall, cpu = time.perf_counter(), time.thread_time()
            func()
            cpus.append((time.thread_time() - cpu) * 1000)
            walls.append((time.perf_counter() - wall) * 1000)
        out.append((what, statistics.median(walls), statistics.median(cpus)))
    return out


def attendance_write(entries: Sequence[Entry], officer: User) -> Callable[[], Any] | None:
    """Return the mix's attendance write as an in-process call rolled back, None when the mix has none."""
    entry = next((e for e in entries if e.method == "POST" and not e.pool), None)
    if entry is None or entry.body is None:
        return None
    client = Client(enforce_csrf_checks=False)
    writer = User.objects.get(username=_writer_name(entry))
    client.force_login(writer)
    body = entry.body

    def run() -> Any:
        with transaction.atomic():
            response = client.post(entry.url, body, content_type="application/json")
            assert response.status_code == 200, (entry.url, response.status_code, response.content[:300])
            transaction.set_rollback(True)

    return run


def _writer_name(entry: Entry) -> str:
    return entry.headers.get("X-Bench-User", "")


def _mix(ctx: Any) -> list[Entry]:
    return loadplan.mix(ctx.today)


def op_capacity(ctx: Any) -> Any:
    """The open-model mixed load: each page alone, the stepped rates and the capacity, 8 users per page."""
    from bekal.national.bench import Result, Timing  # this module is one of bench's operations

    entries, port = _mix(ctx), int(os.environ.get("BENCH_PORT", "8765"))
    workers = servers.bench_workers()
    details = [f"  mix: {len(entries)} requests of {sum(e.weight for e in entries):g} shares; load {load_average()}"]
    with running([port], workers) as procs:
        sender = Sender([port])
        timed = alone(sender, entries, max(3, min(ctx.runs, 20)))
        details.append("  each page alone (sequential; cold = first request after start):")
        details += [stats_line(n, s, f", cold {c:.1f} ms") for n, (c, s) in timed.items()]
        details.append(f"  open model, {workers} workers, load {load_average()} before:")
        rates = _rates("BENCH_RATES", "10,20,30,40,60,80,100")
        steps = openload.stepped(
            sender,
            entries,
            rates=rates,
            seconds=_seconds("BENCH_STEP_SECONDS", 30),
            app_pids=pids_of(procs),
            log=details.append,
            requests=step_requests(),
        )
        users = 8
        details.append(f"  {users} concurrent users on each page alone, load {load_average()} before:")
        together = concurrent(sender, entries, users, _seconds("BENCH_CONCURRENT_SECONDS", 10))
        details += [stats_line(n, s, "" if s.p95 < openload.P95_TARGET_MS else " MISSED") for n, s in together.items()]
    found = openload.capacity(steps)
    every = [s for st in steps for s in st.pages.values()]
    p95 = max((s.p95 for s in every), default=0.0)
    data = {
        "capacity": openload.summarise(steps),
        "alone": {n: {"median_ms": s.p50, "cold_ms": c, "cpu_ms": s.cpu_median} for n, (c, s) in timed.items()},
        "concurrent": {n: {"p50": s.p50, "p95": s.p95, "errors": s.errors} for n, s in together.items()},
    }
    label = openload.capacity_label(steps, rates)
    checks = [(f"{label} >= 40", found is not None and found >= 40)]
    checks.append((f"{users} users per page p95<300", all(s.p95 < openload.P95_TARGET_MS for s in together.values())))
    result = Result("open-model mixed load", Timing(0.0, p95), None, None, None, checks, f"{workers} workers", details)
    result.data = data
    return result


def op_fixed_cost(ctx: Any) -> Any:
    """The fixed cost of a signed-in request (under 3 ms) and of a write (under 50 ms), wall and CPU, in-process."""
    from bekal.national.bench import Result, Timing

    entries = _mix(ctx)
    rows = fixed_cost(max(5, ctx.runs), officer=ctx.officer, write=attendance_write(entries, ctx.officer))
    details = [f"  {what:<56} {wall:8.2f} ms wall {cpu:8.2f} ms CPU" for what, wall, cpu in rows]
    if not any(what.startswith("write") for what, _, _ in rows):
        details.append("  write not timed: this nation has no running batch with enrolled participants")
    signed = next(wall for what, wall, _ in rows if what.startswith("signed-in GET"))
    checks = [(f"signed-in {signed:.1f} ms<3", signed < 3)]
    checks += [(f"write {wall:.1f} ms<50", wall < 50) for what, wall, _ in rows if what.startswith("write")]
    note = f"load {load_average()}"
    result = Result("fixed cost and writes", Timing(signed, signed), None, None, None, checks, note, details)
    result.data = {"fixed": {what: {"wall_ms": w, "cpu_ms": c} for what, w, c in rows}}
    return result


def scale_out_rates(rates: list[float]) -> list[tuple[int, list[float]]]:
    """Return the rates offered to one server and to two: two get twice each rate of one, so that each of the two
    meets, step for step, the load the one met, and the ratio is read at the resolution of one server's steps
    (one holding 6 and missing 7 against two holding 12 and missing 14 is 2.0x; with one list for both, the two would
    be judged at steps of 1 req/s, half their resolution). ``BENCH_SCALE_RATES_TWO`` names the two's rates instead."""
    two = _rates("BENCH_SCALE_RATES_TWO", ",".join(str(2 * r) for r in rates))
    return [(1, rates), (2, two)]


def op_scale_out_capacity(ctx: Any) -> Any:
    """Capacity (open model) of one CPU-capped server and of two, the arrivals spread over both."""
    from bekal.national.bench import Result, Timing, _skipped

    name = "scale-out capacity, 1 vs 2 capped servers"
    fs = scaleout.cgroup_fs()
    if fs is None:
        return _skipped(name, scaleout.why_no_cgroup())
    entries, port = _mix(ctx), int(os.environ.get("BENCH_PORT", "8765"))
    workers = int(os.environ.get("BENCH_SCALE_WORKERS", "2"))
    rates, seconds = _rates("BENCH_SCALE_RATES", "4,5,6,7,8,10,12"), _seconds("BENCH_STEP_SECONDS", 30)
    details: list[str] = [f"  cgroup v{fs.version} at {fs.root}, cap {scaleout.QUOTA_US}/{scaleout.PERIOD_US} each"]
    found: list[float | None] = []
    labels: list[str] = []
    plan = scale_out_rates(rates)
    with running([port, port + 1], workers) as procs:
        groups = [f"bekal_scale_{i}" for i in range(2)]
        with (
            scaleout.cpu_capped(groups[0], pids_of(procs[:1])(), fs),
            scaleout.cpu_capped(groups[1], pids_of(procs[1:])(), fs),
        ):
            # Warm both servers' workers and the shared cache before either is measured: the first national reads
            # (800 ms of CPU at scale 1, more than 2 s on 0.4 of a core) would otherwise fall on the one server
            # measured first, and the ratio would credit the second with the first's warm-up.
            alone(Sender([port, port + 1]), entries, 3)
            for count, offered in plan:
                sender = Sender([port, port + 1][:count])
                warmed(sender, entries)
                details.append(f"  {count} server(s), load {load_average()} before:")
                steps = openload.stepped(
                    sender,
                    entries,
                    rates=offered,
                    seconds=seconds,
                    app_pids=pids_of(procs[:count]),
                    log=details.append,
                    requests=step_requests(),
                )
                details.append(f"  capped periods so far: {[fs.throttled(g) for g in groups]}")
                found.append(openload.capacity(steps))
                labels.append(openload.capacity_label(steps, offered))
    one, two = found
    ratio = (two or 0) / one if one else 0.0
    checks = [(f"2 servers {ratio:.2f}x 1 server >= {scaleout.SCALE_OUT_TARGET}x", ratio >= scaleout.SCALE_OUT_TARGET)]
    if two is not None and two >= max(plan[1][1]):
        checks.append(("two servers below the highest rate offered (else the ratio is a lower bound)", False))
    if one is not None and one >= max(rates):
        checks.append(("one server below the highest rate offered (else the ratio is an upper bound)", False))
    note = f"1 server: {labels[0]}; 2 servers: {labels[1]}; load {load_average()} after"
    result = Result(name, Timing(0.0, 0.0), None, None, None, checks, note, details)
    result.data = {"scale_out": {"one": one, "two": two, "ratio": ratio}}
    return result
