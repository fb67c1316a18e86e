"""The bench's tools, without a server: the capacity finder, the growth bounds, the cgroup writer."""

import json
import os
import sys
import threading
from pathlib import Path

import pytest

from bekal.national import growth, openload, scaleout
from bekal.national.openload import PageStats, Step


def _step(rate: float, **p95_by_page: float) -> Step:
    return Step(
        rate=rate, seconds=1, pages={name: PageStats(latencies_ms=[ms] * 20) for name, ms in p95_by_page.items()}
    )


def test_capacity_is_the_highest_rate_every_page_held():
    steps = [_step(10, home=50, dash=120), _step(20, home=80, dash=250), _step(30, home=90, dash=310)]
    assert openload.capacity(steps) == 20


def test_capacity_stops_at_the_first_missed_step_even_if_a_later_one_held():
    steps = [_step(10, home=50), _step(20, home=400), _step(30, home=100)]
    assert openload.capacity(steps) == 10


def test_capacity_needs_zero_errors():
    failing = _step(20, home=50)
    failing.pages["home"].errors = 1
    assert openload.capacity([_step(10, home=50), failing]) == 10


def test_capacity_is_none_when_the_first_step_missed():
    assert openload.capacity([_step(10, home=301)]) is None


def test_capacity_counts_a_p95_of_exactly_the_target_as_missed():
    assert openload.capacity([_step(10, home=300)]) is None


def test_p95_reads_the_95th_percentile():
    stats = PageStats(latencies_ms=[float(i) for i in range(1, 101)])
    assert stats.p95 == 95
    assert stats.p50 == 50.5


def test_server_timing_header_is_read():
    assert openload.server_cpu_ms("app-cpu;dur=12.5") == 12.5
    assert openload.server_cpu_ms("db;dur=3, app-cpu;dur=1.25") == 1.25
    assert openload.server_cpu_ms(None) is None
    assert openload.server_cpu_ms("app-cpu;dur=x") is None


def test_unit_pages_are_held_to_1_2x_and_national_pages_to_2x():
    rows = growth.growth_rows(
        {"person page": 10, "unit home page (Lapas)": 100, "national KPI dashboard": 300, "Kanwil home page": 30},
        {"person page": 12, "unit home page (Lapas)": 121, "national KPI dashboard": 600, "Kanwil home page": 61},
    )
    verdicts = {r.name: (r.bound, r.passed) for r in rows}
    assert verdicts == {
        "person page": (1.2, True),
        "unit home page (Lapas)": (1.2, False),
        "national KPI dashboard": (2.0, True),
        "Kanwil home page": (2.0, False),
    }
    lines = growth.growth_table(rows)
    assert "PASS" in lines[1] and "FAIL" in lines[2]
    assert lines[-1] == "2 PASS, 2 FAIL"


def test_growth_reads_saved_runs_with_national_pages_cold(tmp_path: Path):
    saved = {
        "results": [
            {"name": "person page", "median_ms": 10.0},
            {"name": "fixed cost and writes", "median_ms": 2.0},
            {
                "name": "open-model mixed load",
                "median_ms": 0.0,
                "alone": {
                    "Lapas home": {"median_ms": 20.0, "cold_ms": 90.0},
                    "recidivism (national)": {"median_ms": 20.0, "cold_ms": 90.0},
                },
            },
        ]
    }
    path = tmp_path / "run.json"
    path.write_text(json.dumps(saved))
    assert growth.medians(path) == {
        "person page": 10.0,
        "alone: Lapas home": 20.0,
        "alone: recidivism (national)": 90.0,
    }


def test_the_cgroup_v2_writer_caps_and_moves_the_pids(tmp_path: Path):
    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    fs = scaleout.cgroup_fs(tmp_path)
    assert fs == scaleout.CgroupFs(tmp_path, 2)
    group = fs.cap("bekal_scale_0", [11, 12], quota_us=40000, period_us=100000)
    assert (group / "cpu.max").read_text() == "40000 100000"
    assert (group / "cgroup.procs").read_text() == "12"  # one write per pid: the kernel keeps each
    assert (tmp_path / "cgroup.subtree_control").read_text() == "+cpu"
    (group / "cpu.stat").write_text("nr_periods 300\nnr_throttled 280\nthrottled_usec 1\n")
    assert fs.throttled("bekal_scale_0") == 280
    fs.release(group)
    assert (tmp_path / "cgroup.procs").read_text() == "12"


def test_the_cgroup_v1_writer_writes_quota_and_period(tmp_path: Path):
    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("-1")
    fs = scaleout.cgroup_fs(tmp_path)
    assert fs == scaleout.CgroupFs(tmp_path / "cpu", 1)
    group = fs.cap("bekal_scale_0", [7], quota_us=40000, period_us=100000)
    assert (group / "cpu.cfs_quota_us").read_text() == "40000"
    assert (group / "cpu.cfs_period_us").read_text() == "100000"
    assert (group / "cgroup.procs").read_text() == "7"


def test_no_cgroup_is_said_plainly(tmp_path: Path):
    assert scaleout.cgroup_fs(tmp_path) is None
    reason = scaleout.why_no_cgroup(tmp_path)
    assert ("not root" in reason) if os.geteuid() else (str(tmp_path) in reason)


@pytest.mark.parametrize("header", ["app-cpu;dur=0.50"])
def test_the_step_report_prints_cpu_and_load(header: str):
    step = _step(10, home=50)
    step.pages["home"].cpu_ms.append(openload.server_cpu_ms(header) or 0)
    step.app_cpu_s, step.db_cpu_s, step.load_average = 0.2, 0.1, "1.00 2.00 3.00"
    lines: list[str] = []
    openload.log_step(step, lines.append)
    assert "load 1.00 2.00 3.00" in lines[0] and "held" in lines[0]
    assert "app CPU    0.5 ms" in lines[1]


def test_a_capacity_at_the_highest_rate_offered_is_a_lower_bound():
    steps = [_step(10, home=50), _step(20, home=80)]
    assert openload.capacity_label(steps, [10, 20]) == (
        "capacity >= 20 req/s (the highest rate offered held: offer higher ones)"
    )
    assert openload.capacity_label(steps, [10, 20, 30]) == "capacity 20 req/s"
    assert openload.capacity_label([_step(10, home=900)], [10]) == "capacity below the first step"


def test_a_pool_sends_each_target_once_then_nothing():
    targets = tuple(openload.Target(f"/t/{i}", b"", {}) for i in range(2))
    entry = openload.Entry("write", "/t/0", {}, method="POST", pool=targets)
    assert [entry.next_request(), entry.next_request()] == [("/t/0", b"", {}), ("/t/1", b"", {})]
    assert entry.next_request() is None
    stats = PageStats()
    sender = openload.Sender([1])  # no server: a spent pool sends nothing
    assert sender.send(entry, stats, threading.Lock()) is False
    assert stats.spent == 1 and stats.errors == 0 and not stats.latencies_ms
    assert openload.closed_run(sender, entry, users=2, seconds=5).spent == 2  # each user stops at once
    lines: list[str] = []
    openload.log_step(Step(rate=1, seconds=1, pages={"write": stats}), lines.append)
    assert "1 not sent (pool spent)" in lines[1]


def test_an_entry_without_a_pool_sends_itself_every_time():
    entry = openload.Entry("home", "/", {"A": "b"})
    assert entry.next_request() == entry.next_request() == ("/", None, {"A": "b"})


def test_cpu_between_two_readings_counts_new_processes_and_never_goes_negative():
    tick = os.sysconf("SC_CLK_TCK")
    T = openload.Ticks
    # process 2 (parent 99, not read) ends before the second reading: lost; process 3 begins: counted whole
    before = {1: T(10 * tick, 0, 99), 2: T(5 * tick, 0, 99)}
    after = {1: T(12 * tick, 0, 99), 3: T(1 * tick, 0, 99)}
    assert openload.cpu_seconds_between(before, after) == 3.0
    assert openload.cpu_seconds_between({1: T(9 * tick, 0, 99)}, {1: T(2 * tick, 0, 99)}) == 0.0
    mine = openload.cpu_ticks(lambda: [os.getpid()])
    assert list(mine) == [os.getpid()] and mine[os.getpid()].own >= 0 and mine[os.getpid()].parent == os.getppid()


def test_a_worker_replaced_between_two_readings_counts_through_its_master():
    # gunicorn's master (1) reaps worker 2 after max_requests (7 s in all, 5 of them before the first reading) and
    # forks worker 3: the step used 2 s of worker 2, 1 s of worker 3 and 1 s of the master.
    tick = os.sysconf("SC_CLK_TCK")
    T = openload.Ticks
    before = {1: T(4 * tick, 0, 0), 2: T(5 * tick, 0, 1)}
    after = {1: T(5 * tick, 7 * tick, 0), 3: T(1 * tick, 0, 1)}
    assert openload.cpu_seconds_between(before, after) == 4.0


def test_a_real_child_reaped_between_two_readings_is_counted():
    import subprocess

    me = os.getpid()
    before = openload.cpu_ticks(lambda: [me])
    subprocess.run([sys.executable, "-c", "sum(range(30_000_000))"], check=True)  # some 0.5-1 s of CPU, then reaped
    after = openload.cpu_ticks(lambda: [me])
    assert openload.cpu_seconds_between(before, after) >= 0.2


def test_a_step_lasts_long_enough_to_offer_its_requests():
    assert openload.step_seconds(12, 60, 1500) == 125  # a page of 2% gets some 30 answers, not 14
    assert openload.step_seconds(50, 30, 1500) == 30  # a fast rate offers them within its seconds
    assert openload.step_seconds(12, 60, 0) == 60


def test_two_servers_are_offered_twice_each_rate_of_one(monkeypatch: pytest.MonkeyPatch):
    from bekal.national.capacitybench import scale_out_rates

    monkeypatch.delenv("BENCH_SCALE_RATES_TWO", raising=False)
    assert scale_out_rates([4, 5, 6.5]) == [(1, [4, 5, 6.5]), (2, [8, 10, 13])]
    monkeypatch.setenv("BENCH_SCALE_RATES_TWO", "9,11")
    assert scale_out_rates([4, 5]) == [(1, [4, 5]), (2, [9, 11])]
