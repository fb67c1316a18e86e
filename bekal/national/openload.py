"""Open-model load: requests arrive at a fixed rate whatever the server's answer time (a closed loop of users who wait
for each answer slows down with the server and hides its queue), stepped up until a page's p95 passes its target.

The generator is plain threads over ``http.client`` keep-alive connections: one scheduler issues each request at its
planned instant into a pool large enough that a slow answer never delays the next arrival (a request that cannot be
issued on time is counted late, and a step with late requests is reported). ``capacity`` picks the highest offered
rate at which every page held its p95 under the target with no error, every lower step included.
"""

import http.client
import itertools
import os
import random
import statistics
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

P95_TARGET_MS = 300.0


@dataclass(frozen=True)
class Target:
    """One request of a write's pool: where it goes, what it sends and as whom."""

    url: str
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class Entry:
    """One request of the mix: the page's name in the report, its weight in the mix and what to send.

    A write that each target accepts once (an hour entry in a free slot, a certificate for a decision without one)
    sends its pool's targets in turn, each once; once they are spent the entry sends nothing more and the report
    counts what it did not send, rather than sending a request the app would rightly refuse."""

    name: str
    url: str
    headers: dict[str, str]
    weight: float = 1.0
    method: str = "GET"
    body: bytes | None = None
    ok_statuses: tuple[int, ...] = (200,)
    pool: tuple[Target, ...] = ()
    turns: Iterator[int] = field(default_factory=itertools.count, compare=False, repr=False)

    def next_request(self) -> tuple[str, bytes | None, dict[str, str]] | None:
        """Return the url, body and headers to send next; None when the pool is spent."""
        if not self.pool:
            return self.url, self.body, self.headers
        turn = next(self.turns)  # itertools.count: one number per call, whatever the threads
        if turn >= len(self.pool):
            return None
        target = self.pool[turn]
        return target.url, target.body, target.headers


@dataclass
class PageStats:
    """What one page got in one step: its latencies, errors and the app CPU the server reported (Server-Timing)."""

    latencies_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    errors: int = 0
    spent: int = 0  # arrivals of a write whose pool of targets was spent: not sent

    def p(self, q: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, max(0, int(len(ordered) * q + 0.5) - 1))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0

    @property
    def p95(self) -> float:
        return self.p(0.95)

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu_ms) if self.cpu_ms else None


@dataclass
class Step:
    """One offered rate held for its seconds: per page stats, what was achieved, CPU of the tiers, load average."""

    rate: float
    seconds: float
    pages: dict[str, PageStats] = field(default_factory=dict)
    late: int = 0
    load_average: str = ""
    app_cpu_s: float = 0.0  # CPU seconds the app server processes used during the step (/proc)
    db_cpu_s: float = 0.0  # CPU seconds the PostgreSQL backends used during the step (/proc)

    @property
    def requests(self) -> int:
        return sum(len(s.latencies_ms) + s.errors for s in self.pages.values())

    @property
    def errors(self) -> int:
        return sum(s.errors for s in self.pages.values())

    def passed(self, target_ms: float = P95_TARGET_MS) -> bool:
        """Return True when every page's p95 is under the target and nothing failed."""
        return self.errors == 0 and all(s.p95 < target_ms for s in self.pages.values() if s.latencies_ms)


def capacity(steps: Sequence[Step], target_ms: float = P95_TARGET_MS) -> float | None:
    """Return the highest offered rate held with every page's p95 under the target and 0 errors, counting only the
    steps below the first one that missed (a lucky step after a failing one is noise, not capacity); None if the
    first step already missed."""
    best = None
    for step in sorted(steps, key=lambda s: s.rate):
        if not step.passed(target_ms):
            break
        best = step.rate
    return best


def capacity_label(steps: Sequence[Step], rates: Sequence[float], target_ms: float = P95_TARGET_MS) -> str:
    """Return the capacity in words: a lower bound when even the highest rate offered held (offer higher ones)."""
    found = capacity(steps, target_ms)
    if not steps:
        return "no rate offered"
    if found is None:
        return "capacity below the first step"
    if rates and found >= max(rates):
        return f"capacity >= {found:g} req/s (the highest rate offered held: offer higher ones)"
    return f"capacity {found:g} req/s"


def server_cpu_ms(header: str | None) -> float | None:
    """Return the ``app-cpu`` duration of a Server-Timing header (``app-cpu;dur=1.23``), None when absent."""
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        if name == "app-cpu" and params.startswith("dur="):
            try:
                return float(params[4:])
            except ValueError:
                return None
    return None


class Sender:
    """Sends entries to the ports, one keep-alive connection per thread and port, round-robin over the ports (the
    load spreads as a balancer in front of the servers would spread it)."""

    def __init__(self, ports: Sequence[int], host: str = "127.0.0.1", timeout: float = 30.0) -> None:
        self.ports, self.host, self.timeout = list(ports), host, timeout
        self.local = threading.local()
        self.turn = 0
        self.lock = threading.Lock()

    def _conn(self, port: int) -> http.client.HTTPConnection:
        conns = self.local.__dict__.setdefault("conns", {})
        if port not in conns:
            conns[port] = http.client.HTTPConnection(self.host, port, timeout=self.timeout)
        return conns[port]

    def send(self, entry: Entry, stats: PageStats, lock: threading.Lock) -> bool:
        """Send the entry's next request and count its answer; False when its pool is spent (nothing sent)."""
        request = entry.next_request()
        if request is None:
            with lock:
                stats.spent += 1
            return False
        url, body, headers = request
        with self.lock:
            port = self.ports[self.turn % len(self.ports)]
            self.turn += 1
        conn = self._conn(port)
        started = time.perf_counter()
        try:
            conn.request(entry.method, url, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            ok, cpu = response.status in entry.ok_statuses, server_cpu_ms(response.getheader("Server-Timing"))
        except (OSError, http.client.HTTPException):
            ok, cpu = False, None
            conn.close()
            self.local.conns.pop(port, None)
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            if ok:
                stats.latencies_ms.append(elapsed)
                if cpu is not None:
                    stats.cpu_ms.append(cpu)
            else:
                stats.errors += 1
        return True


def pick(entries: Sequence[Entry], rng: random.Random) -> Entry:
    return rng.choices(list(entries), weights=[e.weight for e in entries])[0]


def open_step(
    sender: Sender, entries: Sequence[Entry], *, rate: float, seconds: float, seed: int = 1, pool: int = 64
) -> Step:
    """Offer ``rate`` requests a second (Poisson arrivals) for the seconds given; wait for the answers."""
    rng = random.Random(seed)  # noqa: S311 - load pattern, not security
    step = Step(rate=rate, seconds=seconds, pages={e.name: PageStats() for e in entries})
    lock = threading.Lock()
    with ThreadPoolExecutor(max_workers=pool) as executor:
        in_flight = threading.BoundedSemaphore(pool)
        start = time.perf_counter()
        due = 0.0
        while due < seconds:
            wait = start + due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            if not in_flight.acquire(blocking=False):
                step.late += 1  # every thread busy: the generator, not the server, would delay this arrival
                in_flight.acquire()
            entry = pick(entries, rng)

            def run(entry: Entry = entry) -> None:
                try:
                    sender.send(entry, step.pages[entry.name], lock)
                finally:
                    in_flight.release()

            executor.submit(run)
            due += rng.expovariate(rate)
    return step


def closed_run(sender: Sender, entry: Entry, *, users: int, seconds: float) -> PageStats:
    """Run ``users`` threads that each request the entry back to back for the seconds given."""
    stats, lock = PageStats(), threading.Lock()
    deadline = time.monotonic() + seconds

    def user() -> None:
        while time.monotonic() < deadline and sender.send(entry, stats, lock):
            pass

    threads = [threading.Thread(target=user, daemon=True) for _ in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return stats


class Ticks(NamedTuple):
    """A process's CPU so far in clock ticks: its own (user+system), that of its children it has reaped (a gunicorn
    master's ended workers, the postmaster's ended backends), and its parent's id."""

    own: int
    reaped: int
    parent: int


def cpu_ticks(pids: Callable[[], Sequence[int]]) -> dict[int, Ticks]:
    """Return each process's ``Ticks``."""
    out = {}
    for pid in pids():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # state, ppid, ... utime (14th field of the line), stime, cutime, cstime
        out[pid] = Ticks(int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14]), int(fields[1]))
    return out


def cpu_seconds_between(before: dict[int, Ticks], after: dict[int, Ticks]) -> float:
    """Return the CPU seconds the processes used between two ``cpu_ticks``. A process that began in between counts
    whole. One that ended in between and was reaped by a process of the set (gunicorn replaces a worker after
    ``max_requests``) counts through its parent's reaped ticks, which hold its whole life: the part before the
    first reading is taken off. One whose parent is not in the set is lost (never counted below zero)."""
    ticks = 0
    for pid, now in after.items():
        then = before.get(pid)
        ticks += now.own + now.reaped - (then.own + then.reaped if then else 0)
    for pid, then in before.items():
        if pid not in after and then.parent in after:
            ticks -= then.own
    return max(0, ticks) / os.sysconf("SC_CLK_TCK")


def postgres_pids() -> list[int]:
    """Return the ids of the PostgreSQL processes on this machine (empty when PostgreSQL runs elsewhere)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if proc.joinpath("comm").read_text().strip() in ("postgres", "postmaster"):
                    pids.append(int(proc.name))
            except OSError:
                continue
    return pids


def stepped(
    sender: Sender,
    entries: Sequence[Entry],
    *,
    rates: Sequence[float],
    seconds: float,
    app_pids: Callable[[], Sequence[int]],
    log: Callable[[str], None],
    target_ms: float = P95_TARGET_MS,
    requests: int = 0,
) -> list[Step]:
    """Run the steps in order, printing each; stop after the first step that missed (higher ones would too). A step
    lasts its seconds, or longer where it needs them to offer ``requests`` in all (``step_seconds``)."""
    steps = []
    for rate in rates:
        app0, db0 = cpu_ticks(app_pids), cpu_ticks(postgres_pids)
        step = open_step(sender, entries, rate=rate, seconds=step_seconds(rate, seconds, requests))
        app1, db1 = cpu_ticks(app_pids), cpu_ticks(postgres_pids)
        step.app_cpu_s, step.db_cpu_s = cpu_seconds_between(app0, app1), cpu_seconds_between(db0, db1)
        step.load_average = " ".join(Path("/proc/loadavg").read_text().split()[:3])
        steps.append(step)
        log_step(step, log, target_ms)
        if not step.passed(target_ms):
            break
    return steps


def step_seconds(rate: float, seconds: float, requests: int) -> float:
    """Return how long a step offers its rate: its seconds, or long enough to offer ``requests`` in all. A page's p95
    is its slowest answer until it has 20 (nearest rank): at 12 req/s a 60 s step gives a page of 2% of the mix some
    14 answers, so one answer queued behind a figure recomputed after a write decided the step. 1,500 requests give
    such a page about 30, and the certificate (1%) about 15."""
    return max(seconds, requests / rate) if rate > 0 else seconds


def log_step(step: Step, log: Callable[[str], None], target_ms: float = P95_TARGET_MS) -> None:
    n = max(1, step.requests)
    verdict = "held" if step.passed(target_ms) else "MISSED"
    log(
        f"  step {step.rate:g} req/s x {step.seconds:g} s: {step.requests} requests, {step.errors} errors, "
        f"{step.late} late; CPU per request app {step.app_cpu_s * 1000 / n:.1f} ms, PostgreSQL "
        f"{step.db_cpu_s * 1000 / n:.1f} ms; load {step.load_average}; {verdict}"
    )
    for name, stats in sorted(step.pages.items(), key=lambda kv: -kv[1].p95):
        if stats.latencies_ms or stats.errors or stats.spent:
            cpu = f"{stats.cpu_median:6.1f}" if stats.cpu_median is not None else f"{'-':>6}"
            spent = f", {stats.spent} not sent (pool spent)" if stats.spent else ""
            log(
                f"    {name:<34} p50 {stats.p50:7.1f} p95 {stats.p95:7.1f} app CPU {cpu} ms  "
                f"{len(stats.latencies_ms)} ok, {stats.errors} errors{spent}"
            )


def summarise(steps: Sequence[Step]) -> dict[str, Any]:
    """Return the steps as plain data (for ``--save``)."""
    return {
        "capacity": capacity(steps),
        "steps": [
            {
                "rate": s.rate,
                "errors": s.errors,
                "load": s.load_average,
                "pages": {
                    n: {"p50": p.p50, "p95": p.p95, "errors": p.errors, "not_sent": p.spent} for n, p in s.pages.items()
                },
            }
            for s in steps
        ],
    }
