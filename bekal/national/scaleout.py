"""Scale-out: how many requests a second one app server holds, and two, each capped to the same share of a CPU.

This machine's two cores are shared by the app servers, PostgreSQL and the load generator, so uncapped servers cannot
show what a second server adds. Each gunicorn server is put in a CPU cgroup of its own (cgroup v2 ``cpu.max``
"40000 100000", or v1's ``cpu.cfs_quota_us`` 40000 against a period of 100000: 0.4 of a core), so the app tier is
the bottleneck. A closed loop of signed-in clients (the mixed load's users and pages, with no think time) keeps the
servers busy for a fixed time: first one server, then two with the clients spread over both. The ratio of the two
throughputs is the figure (``capacitybench.op_scale_out_capacity`` finds the open-model capacity of each instead).
"""

import contextlib
import http.client
import itertools
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

CGROUP_BASE = Path("/sys/fs/cgroup")
QUOTA_US, PERIOD_US = int(os.environ.get("BENCH_SCALE_QUOTA_US", "40000")), 100_000
SCALE_OUT_TARGET = 1.8


@dataclass(frozen=True)
class CgroupFs:
    """A CPU cgroup hierarchy: v2 (``cpu.max``) or v1's ``cpu`` controller (``cpu.cfs_quota_us``)."""

    root: Path
    version: int

    def cap(self, name: str, pids: list[int], *, quota_us: int, period_us: int) -> Path:
        """Make the group ``name`` capped at quota per period and move the processes into it; return its path."""
        group = self.root / name
        group.mkdir(exist_ok=True)
        if self.version == 2:
            with contextlib.suppress(OSError):  # already enabled, or enabled by whoever made the hierarchy
                (self.root / "cgroup.subtree_control").write_text("+cpu")
            (group / "cpu.max").write_text(f"{quota_us} {period_us}")
        else:
            (group / "cpu.cfs_period_us").write_text(str(period_us))
            (group / "cpu.cfs_quota_us").write_text(str(quota_us))
        for pid in pids:
            (group / "cgroup.procs").write_text(str(pid))
        return group

    def release(self, group: Path) -> None:
        """Hand the group's processes back to the root group, then remove the empty group."""
        with contextlib.suppress(OSError):
            for member in (group / "cgroup.procs").read_text().split():
                with contextlib.suppress(OSError):
                    (self.root / "cgroup.procs").write_text(member)
        with contextlib.suppress(OSError):
            group.rmdir()

    def throttled(self, group: str) -> int:
        """Return how many scheduling periods the group's processes were held back by the cap so far."""
        with contextlib.suppress(OSError):
            for line in (self.root / group / "cpu.stat").read_text().splitlines():
                if line.startswith("nr_throttled "):
                    return int(line.split()[1])
        return 0


@dataclass
class LoadRun:
    """What a closed loop of clients got from the servers in its time."""

    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    throttled: list[int] = field(default_factory=list)  # periods each capped server was held back (cpu.stat)

    @property
    def rps(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    @property
    def p95_ms(self) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, int(len(ordered) * 0.95) - 1)]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0


def with_static(env: dict[str, str]) -> dict[str, str]:
    """Return the environment with BEKAL_STATIC_ROOT naming static files collected for it (hashed and compressed, as
    a server with debug off needs them), collecting them once per bench run."""
    root = Path(settings.BASE_DIR) / "var" / "bench-static"
    if not (root / "staticfiles.json").exists():
        subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "collectstatic", "--noinput", "-v0"],
            env={**env, "BEKAL_STATIC_ROOT": str(root)},
            check=True,
            timeout=300,
        )
    return {**env, "BEKAL_STATIC_ROOT": str(root)}


def cgroups_available() -> bool:
    """Return True when this process may make CPU cgroups (root, cgroup v2 with the cpu controller or v1's cpu)."""
    return cgroup_fs() is not None


def cgroup_fs(base: Path = CGROUP_BASE) -> CgroupFs | None:
    """Return the writable CPU cgroup hierarchy under ``base`` (v2 first, then v1's ``cpu``), None when neither."""
    controllers = base / "cgroup.controllers"
    if controllers.exists() and "cpu" in controllers.read_text().split() and os.access(base, os.W_OK):
        return CgroupFs(base, 2)
    v1 = base / "cpu"
    if (v1 / "cpu.cfs_quota_us").exists() and os.access(v1, os.W_OK):
        return CgroupFs(v1, 1)
    return None


def why_no_cgroup(base: Path = CGROUP_BASE) -> str:
    """Return, in plain words, why the servers cannot be capped here."""
    if os.geteuid() != 0:
        return "not root: CPU cgroups need root"
    return f"no writable CPU cgroup under {base} (neither v2 with the cpu controller nor v1's cpu hierarchy)"


def children(pid: int) -> list[int]:
    """Return the ids of a process's children (a gunicorn master's workers)."""
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Return a process's resident memory in MB (``VmHWM``: its peak so far), 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@contextlib.contextmanager
def cpu_capped(name: str, pids: list[int], fs: CgroupFs | None = None) -> Iterator[Path]:
    """Put the processes in a CPU cgroup of their own capped at QUOTA_US per PERIOD_US; remove it afterwards."""
    fs = fs or cgroup_fs()
    assert fs is not None, why_no_cgroup()
    group = fs.cap(name, pids, quota_us=QUOTA_US, period_us=PERIOD_US)
    try:
        yield group
    finally:
        fs.release(group)


def closed_loop(
    *, ports: list[int], plan: list[dict[str, Any]], clients: int, seconds: float, host: str = "127.0.0.1"
) -> LoadRun:
    """Run ``clients`` threads that each open the plan's pages back to back (keep-alive, one connection each),
    spread round-robin over the ports, for the seconds given; return the latencies and errors."""
    run = LoadRun(seconds=seconds)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    cookie_name = settings.SESSION_COOKIE_NAME

    def client(index: int) -> None:
        entry = plan[index % len(plan)]
        port = ports[index % len(ports)]
        conn = http.client.HTTPConnection(host, port, timeout=30)
        headers = {"Cookie": entry["cookie"], "Accept-Language": "id"}
        assert entry["cookie"].startswith(cookie_name)
        for url in itertools.cycle(entry["urls"]):
            if time.monotonic() >= deadline:
                break
            started = time.perf_counter()
            try:
                conn.request("GET", url, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if ok:
                    run.latencies_ms.append(elapsed)
                else:
                    run.errors += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return run


def scale_out(
    *,
    plan: list[dict[str, Any]],
    start_server: Any,
    wait_for_port: Any,
    server_pids: Any,
    env: dict[str, str],
    ports: tuple[int, int],
    workers: int,
    clients: int,
    seconds: float,
) -> tuple[LoadRun, LoadRun]:
    """Return the closed-loop runs against one capped server and against two, in the same run."""
    servers = [start_server(env=env, workers=workers, port=port) for port in ports]
    try:
        for port in ports:
            wait_for_port(port, seconds=60)
        # The master answers before it forks its workers: cap only once every worker is there to be capped.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(len(server_pids(s)) < workers + 1 for s in servers):
            time.sleep(0.2)
        with (
            cpu_capped("bekal_scale_a", server_pids(servers[0])),
            cpu_capped("bekal_scale_b", server_pids(servers[1])),
        ):
            # Warm both servers (imports, connections) before anything is counted.
            closed_loop(ports=list(ports), plan=plan, clients=4, seconds=3)
            groups = ["bekal_scale_a", "bekal_scale_b"]
            before = [_throttled(g) for g in groups]
            one = closed_loop(ports=[ports[0]], plan=plan, clients=clients, seconds=seconds)
            middle = [_throttled(g) for g in groups]
            two = closed_loop(ports=list(ports), plan=plan, clients=clients, seconds=seconds)
            after = [_throttled(g) for g in groups]
            one.throttled = [m - b for m, b in zip(middle, before, strict=True)]
            two.throttled = [a - m for a, m in zip(after, middle, strict=True)]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    return one, two


def _throttled(group: str) -> int:
    fs = cgroup_fs()
    return fs.throttled(group) if fs else 0


def load_average() -> str:
    """Return the machine's 1, 5 and 15 minute load averages, to print beside the figures."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def summary(one: LoadRun, two: LoadRun, *, load_before: str) -> tuple[list[tuple[str, bool]], str, list[str]]:
    """Return the bench row's checks, note and detail lines for the two runs."""
    ratio = two.rps / one.rps if one.rps else 0.0
    errors = one.errors + two.errors
    checks = [
        (f"2 servers {ratio:.2f}x 1 server >= {SCALE_OUT_TARGET}x", ratio >= SCALE_OUT_TARGET),
        (f"{errors} errors", errors == 0),
    ]
    cap = f"cap {QUOTA_US / PERIOD_US:.2f} core each"
    note = f"{one.rps:.1f} -> {two.rps:.1f} req/s, {cap}; load {load_before} before, {load_average()} after"
    details = [
        f"  {label:<12} {run.median_ms:10.1f} {run.p95_ms:9.1f}  {len(run.latencies_ms)} requests, "
        f"{run.errors} errors, capped periods {run.throttled} of {int(run.seconds * 1_000_000 / PERIOD_US)}"
        for label, run in (("one server", one), ("two servers", two))
    ]
    return checks, note, details
