"""The training step: programmes per provider, batches with calendars and instructors, enrolments and daily
attendance. Statuses agree with dates and attendance: a completed enrolment met the attendance minimum; the
finished batches with a completed participant go on to certification (``Nation.shared["finished_batches"]``).
"""

import random
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from bekal.core.bulk import bulk_insert, next_id, reset_sequence
from bekal.national.activity._common import Custody, K, Supervised, load_periods, person_name, province_of, working_days
from bekal.organizations.models import Organization
from bekal.rules.selectors import rule_fraction, rule_int
from bekal.training.models import (
    Attendance,
    AttendanceReason,
    Batch,
    BatchInstructor,
    BatchStatus,
    CompetencyUnit,
    DayKind,
    Enrollment,
    EnrollmentStatus,
    Instructor,
    Programme,
    TrainingDay,
    Venue,
)

if TYPE_CHECKING:
    from bekal.national.generate import Nation

BATCHES = 20_000

# Vocational field, programme name, SKKNI sector code, competency units.
CATALOGUE: list[tuple[str, str, str, list[str]]] = [
    (
        "Pengelasan",
        "Pengelasan SMAW",
        "C.250000",
        [
            "Menerapkan K3 pengelasan",
            "Mengelas pelat posisi bawah tangan",
            "Mengelas pelat posisi horizontal",
            "Memotong dengan gas",
        ],
    ),
    (
        "Otomotif",
        "Servis Sepeda Motor",
        "C.452000",
        [
            "Merawat mesin sepeda motor",
            "Memperbaiki sistem rem",
            "Memperbaiki sistem kelistrikan",
            "Menyetel karburator",
        ],
    ),
    (
        "Tata Boga",
        "Tata Boga Dasar",
        "I.563000",
        ["Menerapkan sanitasi pangan", "Mengolah hidangan nasi", "Mengolah kue basah", "Menyajikan makanan"],
    ),
    (
        "Menjahit",
        "Menjahit Pakaian",
        "C.141000",
        ["Mengukur badan", "Membuat pola dasar", "Memotong bahan", "Menjahit kemeja"],
    ),
    (
        "Barista",
        "Barista",
        "I.563001",
        ["Menyiapkan peralatan kopi", "Membuat espresso", "Membuat minuman berbasis susu", "Melayani pelanggan"],
    ),
    (
        "Pertukangan",
        "Pertukangan Kayu",
        "F.439000",
        ["Membaca gambar kerja", "Mengukur dan memotong kayu", "Membuat sambungan kayu", "Menyelesaikan permukaan"],
    ),
    (
        "Listrik",
        "Instalasi Listrik Rumah",
        "D.351000",
        ["Memasang instalasi penerangan", "Memasang kotak kontak", "Menguji instalasi", "Menerapkan PUIL"],
    ),
    (
        "Komputer",
        "Operator Komputer",
        "J.620000",
        ["Mengoperasikan pengolah kata", "Mengoperasikan lembar kerja", "Mengelola berkas", "Menggunakan surel"],
    ),
    (
        "Perikanan",
        "Budidaya Ikan Air Tawar",
        "A.031000",
        ["Menyiapkan kolam", "Menebar benih", "Memberi pakan", "Memanen ikan"],
    ),
    (
        "Pertanian",
        "Budidaya Hortikultura",
        "A.011000",
        ["Menyiapkan lahan", "Menyemai benih", "Memupuk tanaman", "Mengendalikan hama"],
    ),
    (
        "Tata Rias",
        "Pangkas Rambut",
        "S.960000",
        ["Menyiapkan area kerja", "Memotong rambut pria", "Mencuci rambut", "Melayani pelanggan"],
    ),
    (
        "Sablon",
        "Sablon Kaos",
        "C.181000",
        ["Membuat desain", "Membuat screen", "Mencetak sablon", "Mengeringkan hasil"],
    ),
    (
        "Konstruksi",
        "Tukang Batu",
        "F.410000",
        ["Membaca gambar kerja", "Memasang bata", "Memplester dinding", "Mengecor beton"],
    ),
    (
        "Perhotelan",
        "Tata Graha",
        "I.551000",
        ["Menyiapkan kamar tamu", "Membersihkan area umum", "Menangani linen", "Melayani tamu"],
    ),
]

DROP_REASONS = ["Dipindahkan ke UPT lain", "Sakit berkepanjangan", "Mengundurkan diri", "Pelanggaran tata tertib"]

CATALOGUE_NAME = {f"Skema Okupasi {c[1]}": c[1] for c in CATALOGUE}


Offer = tuple[int, int, int, str, int]  # a provider's programme: id, days, JP a day, scheme, number of units
Candidate = tuple[int, int | None, int | None]  # person, custody period id, supervision period id


@dataclass(frozen=True)
class _Rules:
    """The training rules on the anchor date."""

    min_days: int
    fmd_days: int
    max_jp: int
    quota: int
    min_percent: int


@dataclass
class _People:
    """Who can be nominated: inmates of a custody unit, clients of a Bapas, by unit; and until when each is busy."""

    custody_by_unit: dict[int, list[Custody]]
    clients_by_unit: dict[int, list[Supervised]]
    custody_all: list[Custody]
    clients_all: list[Supervised]
    org_by_id: dict[int, Organization]
    busy_until: dict[int, date] = field(default_factory=dict)


@dataclass
class _Batch:
    """One generated batch, as its participants need it."""

    id: int
    unit: Organization
    bapas: bool
    programme: int
    scheme: str
    lsp: int | None
    start: date
    end: date
    status: str
    day_ids: list[tuple[int, date]]


@dataclass
class _Rows:
    """The rows the step writes at its end, and the next id of each table."""

    batch_id: int
    day_id: int
    enrol_id: int
    instructor_id: int
    attendance_id: int
    batches: list[tuple[Any, ...]] = field(default_factory=list)
    batch_units: list[tuple[int, int]] = field(default_factory=list)
    days: list[tuple[Any, ...]] = field(default_factory=list)
    instructors: list[tuple[Any, ...]] = field(default_factory=list)
    batch_instructors: list[tuple[Any, ...]] = field(default_factory=list)
    enrolments: list[tuple[Any, ...]] = field(default_factory=list)
    attendance: list[tuple[Any, ...]] = field(default_factory=list)
    finished: list[dict[str, Any]] = field(default_factory=list)  # for certification


def training(nation: "Nation") -> None:
    """Programmes per provider, batches with calendars and instructors, enrolments, daily attendance."""
    load_periods(nation)
    today, now = nation.today, timezone.now()
    rules = _rules(today)
    by_provider, programme_units = _programmes(nation, rules, now)
    people = _people(nation)
    first = today - timedelta(days=365 * 5)
    calendar = working_days(first, today + timedelta(days=120))
    reasons = dict(AttendanceReason.objects.values_list("code", "id"))
    starts = _batch_starts(nation, calendar)
    rows = _Rows(
        batch_id=next_id(Batch),
        day_id=next_id(TrainingDay),
        enrol_id=next_id(Enrollment),
        instructor_id=max(next_id(Instructor), next_id(BatchInstructor)),
        attendance_id=next_id(Attendance),
    )
    for n, start in enumerate(starts):
        batch = _add_batch(nation, rules, people, by_provider, calendar, rows, n, start, now)
        pool = _candidates(nation.rng, rules, people, batch, first)
        _enrol(nation, rules, people, batch, pool, rows, reasons, now)
        rows.batch_id += 1
        if (n + 1) % 5_000 == 0:
            nation.log(f"  batches: {n + 1:,} of {len(starts):,}, attendance rows so far {len(rows.attendance):,}")
    _write(nation, rows)
    nation.shared["finished_batches"] = rows.finished
    nation.shared["programme_units"] = programme_units
    nation.log(
        f"training: {nation.counts['programmes']:,} programmes, {nation.counts['batches']:,} batches, "
        f"{nation.counts['training_days']:,} days, {nation.counts['enrolments']:,} enrolments, "
        f"{nation.counts['attendance']:,} attendance rows"
    )


def _rules(today: date) -> _Rules:
    return _Rules(
        min_days=rule_int("training.batch.min_days", on=today),
        fmd_days=rule_int("training.fmd.days", on=today),
        max_jp=rule_int("training.jp_per_day.max", on=today),
        quota=rule_int("training.batch.quota", on=today),
        min_percent=int(rule_fraction("training.attendance.min_fraction", on=today) * 100),
    )


def _programmes(nation: "Nation", rules: _Rules, now: datetime) -> tuple[dict[int, list[Offer]], dict[int, list[int]]]:
    """Write four programmes of the catalogue per provider, each with its competency units; return the programmes
    of each provider and the units of each programme."""
    rng = nation.rng
    programmes: list[tuple[Any, ...]] = []
    units: list[tuple[Any, ...]] = []
    programme_id, unit_id = next_id(Programme), next_id(CompetencyUnit)
    by_provider: dict[int, list[Offer]] = {}
    programme_units: dict[int, list[int]] = {}
    for provider in nation.units[K.BLK]:
        for name, field_name, sector, titles in rng.sample(CATALOGUE, 4):
            days = rules.min_days + rng.choice([0, 0, 5, 10])
            jp = rng.choice([8, 8, 6])
            scheme = f"Skema Okupasi {field_name}"
            programmes.append(
                (
                    programme_id,
                    provider.id,
                    field_name,
                    name,
                    days * jp,
                    days,
                    rules.min_days,
                    rules.max_jp,
                    rules.fmd_days,
                    rules.quota,
                    rules.min_percent,
                    scheme,
                    f"SKM-{sector}",
                    "",
                    0,
                    True,
                    now,
                )
            )
            ids = []
            for n, title in enumerate(titles):
                units.append((unit_id, programme_id, f"{sector[0]}.{sector[2:]}.{n + 1:03d}.01", title))
                ids.append(unit_id)
                unit_id += 1
            programme_units[programme_id] = ids
            by_provider.setdefault(provider.id, []).append((programme_id, days, jp, scheme, len(ids)))
            programme_id += 1
    bulk_insert(
        Programme,
        [
            "id",
            "provider",
            "name",
            "field",
            "total_jp",
            "training_days",
            "min_days",
            "max_jp_per_day",
            "fmd_days",
            "quota",
            "min_attendance_percent",
            "scheme",
            "scheme_code",
            "min_education",
            "min_days_before_release",
            "is_active",
            "created_at",
        ],
        programmes,
    )
    bulk_insert(CompetencyUnit, ["id", "programme", "code", "title"], units)
    nation.counts["programmes"], nation.counts["competency_units"] = len(programmes), len(units)
    return by_provider, programme_units


def _people(nation: "Nation") -> _People:
    custody_by_unit: dict[int, list[Custody]] = defaultdict(list)
    for c in nation.shared["custody"]:
        custody_by_unit[c.unit].append(c)
    clients_by_unit: dict[int, list[Supervised]] = defaultdict(list)
    for s in nation.shared["supervision"]:
        clients_by_unit[s.unit].append(s)
    return _People(
        custody_by_unit=custody_by_unit,
        clients_by_unit=clients_by_unit,
        custody_all=nation.shared["custody"],
        clients_all=nation.shared["supervision"],
        org_by_id={o.id: o for kind in (K.LAPAS, K.RUTAN, K.BAPAS) for o in nation.units[kind]},
    )


def _batch_starts(nation: "Nation", calendar: list[date]) -> list[date]:
    """Return the start dates of the batches, sorted: working days over five years, up to 45 days ahead."""
    rng, today = nation.rng, nation.today
    total = nation.scaled(BATCHES)
    starts = sorted(calendar[rng.randrange(0, len(calendar) - 60)] for _ in range(total))
    return [d for d in starts if d <= today + timedelta(days=45)] or starts[:1]


def _batch_status(rng: random.Random, start: date, end: date, today: date) -> str:
    if end < today:
        status = BatchStatus.CLOSED if end < today - timedelta(days=60) else BatchStatus.FINISHED
    elif start <= today:
        status = BatchStatus.RUNNING
    else:
        status = BatchStatus.OPEN
    if status != BatchStatus.OPEN and rng.random() < 0.02:
        status = BatchStatus.CANCELLED
    return status


def _add_batch(
    nation: "Nation",
    rules: _Rules,
    people: _People,
    by_provider: dict[int, list[Offer]],
    calendar: list[date],
    rows: _Rows,
    n: int,
    start: date,
    now: datetime,
) -> _Batch:
    """Choose the batch's unit, provider, programme, LSP and venue; add its row, its instructor and its days."""
    rng, today = nation.rng, nation.today
    bapas = rng.random() < 0.12 and bool(people.clients_all)
    if bapas:
        unit = people.org_by_id[rng.choice(people.clients_all).unit]
    else:
        unit = people.org_by_id[rng.choice(people.custody_all).unit]
    province = province_of(unit)
    provider = rng.choice(nation.units_in(K.BLK, province))
    prog_id, n_days, jp, scheme, _n_units = rng.choice(by_provider[provider.id])
    i = bisect_left(calendar, start)
    dates = calendar[i : i + n_days]
    end = dates[-1]
    status = _batch_status(rng, start, end, today)
    lsps = nation.units.get(K.LSP, [])
    local_lsps = [x for x in lsps if province_of(x) == province] or lsps
    lsp = rng.choice(local_lsps).id if local_lsps else None
    venue = Venue.INSIDE if not bapas and rng.random() < 0.6 else Venue.BLK
    name = f"{CATALOGUE_NAME.get(scheme, scheme)} Angkatan {n + 1} {start.year}"
    batch_id = rows.batch_id
    rows.batches.append(
        (batch_id, name, prog_id, provider.id, lsp, venue, start, end, jp, rules.quota, status, "", now)
    )
    rows.batch_units.append((batch_id, unit.id))
    # One registered instructor of the provider per batch (no certificate rows: the synthetic nation does not
    # model instructors' own certification), linked to the batch under the same id.
    rows.instructors.append(
        (rows.instructor_id, provider.id, person_name(rng), "Instruktur bersertifikat BNSP", True, now)
    )
    rows.batch_instructors.append((rows.instructor_id, batch_id, rows.instructor_id, ""))
    rows.instructor_id += 1
    day_ids = []
    for k, d in enumerate(dates):
        kind = DayKind.FMD if 0 < k <= rules.fmd_days else DayKind.TRAINING
        rows.days.append((rows.day_id, batch_id, d, kind, jp, None))
        day_ids.append((rows.day_id, d))
        rows.day_id += 1
    return _Batch(batch_id, unit, bapas, prog_id, scheme, lsp, start, end, status, day_ids)


def _candidates(rng: random.Random, rules: _Rules, people: _People, batch: _Batch, first: date) -> list[Candidate]:
    """Return candidates in custody (or under supervision) at the unit over the whole batch, not in another batch:
    the quota and a few more."""
    pool: list[Candidate] = []
    seen: set[int] = set()
    wanted = rules.quota + rng.randint(5, 14)
    start, end = batch.start, batch.end
    if batch.bapas:
        source_s = people.clients_by_unit[batch.unit.id]
        for _ in range(wanted * 12):
            s = rng.choice(source_s)
            if s.person in seen or s.start > start or (s.end and s.end < end):
                continue
            if people.busy_until.get(s.person, first) >= start:
                continue
            seen.add(s.person)
            pool.append((s.person, None, s.id))
            if len(pool) >= wanted:
                break
    else:
        source_c = people.custody_by_unit[batch.unit.id]
        for _ in range(wanted * 12):
            c = rng.choice(source_c)
            if c.person in seen or c.admission > start - timedelta(days=14):
                continue
            if (c.release and c.release <= end) or (c.expected and c.expected <= end):
                continue
            if people.busy_until.get(c.person, first) >= start:
                continue
            seen.add(c.person)
            pool.append((c.person, c.id, None))
            if len(pool) >= wanted:
                break
    return pool


def _enrol(
    nation: "Nation",
    rules: _Rules,
    people: _People,
    batch: _Batch,
    pool: list[Candidate],
    rows: _Rows,
    reasons: dict[str, int],
    now: datetime,
) -> None:
    """Enrol the quota with their attendance so far; the rest wait or are not selected."""
    rng = nation.rng
    participants, extras = pool[: rules.quota], pool[rules.quota :]
    for person, cp, sp in participants:
        people.busy_until[person] = batch.end
        interest = batch.start - timedelta(days=rng.randint(7, 30))
        e_status, decision, end_reason, rows_days, attended = _participation(rng, rules, batch, nation.today)
        rows.enrolments.append(
            (rows.enrol_id, batch.id, person, batch.unit.id, cp, sp, e_status, interest, decision, end_reason, now)
        )
        for (i_d, _d), code in zip(rows_days, attended, strict=False):
            rows.attendance.append((rows.attendance_id, rows.enrol_id, i_d, reasons[code]))
            rows.attendance_id += 1
        if e_status == EnrollmentStatus.COMPLETED and batch.lsp and batch.status != BatchStatus.CANCELLED:
            if not rows.finished or rows.finished[-1]["batch"] != batch.id:
                rows.finished.append(
                    {
                        "batch": batch.id,
                        "lsp": batch.lsp,
                        "end": batch.end,
                        "programme": batch.programme,
                        "scheme": batch.scheme,
                        "enrol": [],
                    }
                )
            rows.finished[-1]["enrol"].append(rows.enrol_id)
        rows.enrol_id += 1
    for person, cp, sp in extras:
        if batch.status == BatchStatus.OPEN:
            e_status = EnrollmentStatus.WAITLISTED if rng.random() < 0.5 else EnrollmentStatus.NOMINATED
            reason = ""
        else:
            e_status, reason = EnrollmentStatus.NOT_SELECTED, "Kuota angkatan sudah penuh"
        rows.enrolments.append(
            (rows.enrol_id, batch.id, person, batch.unit.id, cp, sp, e_status, None, reason, "", now)
        )
        rows.enrol_id += 1


def _participation(
    rng: random.Random, rules: _Rules, batch: _Batch, today: date
) -> tuple[str, str, str, list[tuple[int, date]], list[str]]:
    """Return a participant's status, decision reason and end reason, the days marked so far and their codes."""
    day_ids = batch.day_ids
    rows_days = [(i_d, d) for i_d, d in day_ids if d <= today]
    if batch.status == BatchStatus.CANCELLED:
        return EnrollmentStatus.NOT_SELECTED, "Angkatan dibatalkan", "", [], []
    if batch.status == BatchStatus.OPEN:
        status = EnrollmentStatus.SELECTED if rng.random() < 0.6 else EnrollmentStatus.NOMINATED
        return status, "", "", rows_days, []
    roll = rng.random()
    missing = len(day_ids) - int(len(day_ids) * rules.min_percent / 100)  # most days one may miss and pass
    if roll < 0.04:
        end_reason = rng.choice(DROP_REASONS)
        stop = rng.randint(1, max(1, len(rows_days) - 1)) if rows_days else 0
        attended = ["present"] * stop
        if stop < len(rows_days):
            attended.append("removed")
        return EnrollmentStatus.DROPPED_OUT, "", end_reason, rows_days[: len(attended)], attended
    if roll < 0.10 and batch.status != BatchStatus.RUNNING:
        miss = rng.randint(missing + 1, max(missing + 1, len(day_ids) // 2))
        attended = _days(rng, len(rows_days), miss)
        return EnrollmentStatus.NOT_COMPLETED, "", "Kehadiran di bawah batas minimal", rows_days, attended
    status = EnrollmentStatus.ENROLLED if batch.status == BatchStatus.RUNNING else EnrollmentStatus.COMPLETED
    miss = min(missing, rng.choice([0, 0, 0, 1, 1, 2, 3]))
    attended = (
        _days(rng, len(rows_days), miss)
        if status == EnrollmentStatus.COMPLETED
        else ["present" if rng.random() < 0.95 else rng.choice(["sick", "leave", "absent"]) for _ in rows_days]
    )
    return status, "", "", rows_days, attended


def _days(rng: random.Random, n: int, miss: int) -> list[str]:
    """Return n day codes with ``miss`` days not attended (sick, leave or absent) at random places."""
    codes = ["present"] * n
    for i in rng.sample(range(n), min(miss, n)):
        codes[i] = rng.choice(["sick", "leave", "absent"])
    return codes


def _write(nation: "Nation", rows: _Rows) -> None:
    """Write the batches, their units, days and instructors, the enrolments and the attendance."""
    nation.counts["batches"] = bulk_insert(
        Batch,
        [
            "id",
            "name",
            "programme",
            "provider",
            "lsp",
            "venue",
            "start_date",
            "end_date",
            "jp_per_day",
            "quota",
            "status",
            "agreement_warning",
            "created_at",
        ],
        rows.batches,
    )
    bulk_insert(Batch.units.through, ["batch", "organization"], rows.batch_units)
    nation.counts["training_days"] = bulk_insert(
        TrainingDay, ["id", "batch", "date", "kind", "jp", "partner"], rows.days
    )
    bulk_insert(Instructor, ["id", "provider", "name", "note", "is_active", "created_at"], rows.instructors)
    bulk_insert(BatchInstructor, ["id", "batch", "instructor", "uncertified_reason"], rows.batch_instructors)
    nation.counts["enrolments"] = bulk_insert(
        Enrollment,
        [
            "id",
            "batch",
            "person",
            "unit",
            "custody_period",
            "supervision_period",
            "status",
            "interest_statement_on",
            "decision_reason",
            "end_reason",
            "created_at",
        ],
        rows.enrolments,
    )
    rows.enrolments.clear()
    nation.counts["attendance"] = bulk_insert(Attendance, ["id", "enrollment", "day", "reason"], rows.attendance)
    rows.attendance.clear()
    for model in (Programme, CompetencyUnit, Batch, TrainingDay, Instructor, BatchInstructor, Enrollment, Attendance):
        reset_sequence(model)
    reset_sequence(Batch.units.through)
