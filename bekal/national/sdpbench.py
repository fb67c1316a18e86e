"""The SDP import at national scale: a generated export of 270,000 rows (semicolons, Windows-1252, Indonesian
headers, as Excel writes it under Indonesian settings) planned by the dry run, imported, then imported again (every
row unchanged); per run its wall and CPU time, this process's resident memory at the start and its peak during the run
(VmHWM, reset before each run through ``/proc/self/clear_refs``), with ``--trace`` the peak of Python's own
allocations (tracemalloc, slower), and the load average beside each.

Run by ``manage.py sdp_bench [--rows 270000]`` on the database of ``DATABASE_URL`` (PostgreSQL for figures worth
quoting) with ``BEKAL_DEBUG=0`` as a worker runs (in debug mode Django keeps the last 9,000 statements in memory):
it adds one Lapas, one training officer and the file's people to that database.
"""

import csv
import io
import os
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import IO, Any

from django.db import connection, transaction

from bekal.accounts.models import Role, User, UserRole
from bekal.national.scaleout import rss_mb
from bekal.organizations.models import Organization, OrganizationKind
from bekal.people.sdp.importer import SdpReport, sdp_import

HEADER = [
    "No. Registrasi",
    "Nama",
    "NIK",
    "Tanggal Lahir",
    "Jenis Kelamin",
    "Pendidikan",
    "Golongan Registrasi",
    "Tanggal Masuk",
    "Jenis Kejahatan",
    "Lama Pidana",
    "Tanggal Ekspirasi",
]
OFFENCES = ["Narkotika", "Pencurian", "Penipuan", "Penganiayaan", "Korupsi", "Lainnya"]
EDUCATION = ["SD", "SLTP", "SLTA", "SMK", "Tidak Sekolah", "S1"]
BAD_EVERY = 1_000  # one row in a thousand has a birth date that does not exist


def write_export(file: IO[bytes], rows: int) -> None:
    """Write the generated export, a row at a time (never the whole file in memory)."""
    text = io.TextIOWrapper(file, encoding="cp1252", newline="")
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    first_birth, first_admission = date(1960, 1, 1), date(2018, 1, 1)
    for i in range(rows):
        born = first_birth + timedelta(days=i % 14_000)
        female = i % 7 == 0
        day = born.day + (40 if female else 0)
        nik = f"160801{day:02d}{born.month:02d}{born.year % 100:02d}{i // 14_000 + 1:04d}"
        admitted = first_admission + timedelta(days=i % 2_500)
        writer.writerow(
            [
                f"B.I-{i:06d}/{admitted.year}",
                f"Warga Binaan Ké {i}",
                nik,
                "31-02-1990" if i % BAD_EVERY == BAD_EVERY - 1 else born.strftime("%d-%m-%Y"),
                "P" if female else "L",
                EDUCATION[i % len(EDUCATION)],
                "B.I",
                admitted.strftime("%d-%m-%Y"),
                OFFENCES[i % len(OFFENCES)],
                f"{1 + i % 9} tahun {i % 12} bulan",
                "",
            ]
        )
    text.flush()
    text.detach()


@dataclass
class SdpRun:
    name: str
    seconds: float
    cpu_seconds: float  # this process's own CPU time: the fair figure on a machine other work shares
    peak_mb: float  # the process's resident peak during this run (VmHWM, reset before it where Linux allows)
    report: SdpReport
    start_mb: float = 0.0  # resident memory when the run started
    traced_peak_mb: float | None = None  # Python's own allocations at their peak (tracemalloc), when traced
    load: str = ""  # the machine's load averages (1, 5, 15 min) when the run ended


def _officer() -> tuple[User, Organization]:
    unit, _new = Organization.objects.get_or_create(
        name="Lapas Bench SDP", defaults={"kind": OrganizationKind.LAPAS, "region_id": "16.08"}
    )
    user, _new = User.objects.get_or_create(username="sdp.bench", defaults={"organization": unit})
    UserRole.objects.get_or_create(user=user, role=Role.TRAINING_OFFICER)
    return user, unit


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _reset_peak() -> bool:
    """Reset this process's resident peak (VmHWM) to its current size (Linux 4.0+); False where it cannot."""
    try:
        with open("/proc/self/clear_refs", "w") as out:
            out.write("5")
    except OSError:
        return False
    return True


def load_average() -> str:
    """Return the 1, 5 and 15 minute load averages, as ``uptime`` prints them."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _timed(name: str, work: Callable[[], SdpReport], *, trace: bool = False) -> SdpRun:
    _reset_peak()
    start_mb = rss_mb(os.getpid())
    if trace:
        tracemalloc.start()
    started, cpu = time.perf_counter(), _cpu()
    report = work()
    seconds, cpu_seconds = time.perf_counter() - started, _cpu() - cpu
    traced = None
    if trace:
        traced = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    peak = rss_mb(os.getpid(), "VmHWM")
    return SdpRun(name, seconds, cpu_seconds, peak, report, start_mb, traced, load_average())


def run_sdp_bench(*, rows: int, log: Callable[[str], Any], trace: bool = False) -> list[SdpRun]:
    """Generate the export, then dry-run, import and re-import it; log and return the figures."""
    with transaction.atomic():
        user, unit = _officer()
    runs: list[SdpRun] = []
    with tempfile.TemporaryFile() as file:
        write_export(file, rows)
        log(f"load average before: {load_average()}; database {connection.vendor}")
        log(f"export: {rows:,} rows, {file.tell() / 1e6:.1f} MB (semicolons, Windows-1252)")
        log(f"memory before reading it: {rss_mb(os.getpid()):.0f} MB resident, peak {rss_mb(os.getpid(), 'VmHWM'):.0f}")

        def once(dry_run: bool) -> SdpReport:
            file.seek(0)
            with transaction.atomic():  # as the job runs it: every row and the summary in one transaction
                return sdp_import(actor=user, unit=unit, filename="sdp.csv", file=file, dry_run=dry_run)

        for name, dry_run in (("dry run", True), ("import", False), ("same file again", False)):
            run = _timed(name, lambda dry_run=dry_run: once(dry_run), trace=trace)  # type: ignore[misc]
            runs.append(run)
            counts = ", ".join(f"{k} {v:,}" for k, v in sorted(run.report.actions.items()))
            traced = f", Python allocations at peak {run.traced_peak_mb:.1f} MB" if run.traced_peak_mb else ""
            log(
                f"{name}: {run.seconds:.1f} s wall ({rows / run.seconds:,.0f} rows/s), {run.cpu_seconds:.1f} s CPU "
                f"here; resident {run.start_mb:.0f} MB at start, peak {run.peak_mb:.0f} MB{traced}; "
                f"load average {run.load}; {counts}; people created {run.report.people_created:,}, periods "
                f"created {run.report.periods_created:,}"
            )
    return runs
