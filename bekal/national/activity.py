"""The generated nation's activity after the people: training, certification, placement and community service.

Each function is a step of ``generate.STEPS``. Figures come from the rules registry (``rule_int``) so that the
generated rows agree with what the services would accept on the anchor date; statuses agree with dates, attendance
and results (a completed enrolment met the attendance minimum, a certificate follows a Kompeten decision, an order
is completed on the day its credited minutes reached the hours ordered and its supervision period ends that day).
"""

import json
import random
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from bekal.accounts.models import Role, UserRole
from bekal.certification.models import AssessmentEvent, Certificate, Decision, TestSite, UnitResult
from bekal.community_service.models import (
    CommunityServiceOrder,
    ComplianceStep,
    MonthlyReport,
    OrderStatus,
    Outcome,
    Sanction,
    SiteType,
    SupervisionSentence,
    WorkSession,
    WorkSite,
)
from bekal.community_service.models import Placement as ServicePlacement
from bekal.core.bulk import bulk_insert, bulk_update, next_id, reset_sequence
from bekal.organizations.models import Organization, OrganizationKind
from bekal.people.models import CustodyPeriod, SupervisionKind, SupervisionPeriod
from bekal.people.synthetic import FAMILY, MEN
from bekal.placement.models import (
    ContractType,
    EmployerProfile,
    FollowUp,
    PartnerStatus,
    Placement,
    PlacementEndReason,
    PlacementKind,
    ReadinessStatus,
    Referral,
    ReferralStatus,
    Vacancy,
    WageBand,
    WorkReadiness,
)
from bekal.rules.selectors import rule_fraction, rule_int, rule_int_list
from bekal.training.models import (
    Attendance,
    AttendanceReason,
    Batch,
    BatchStatus,
    CompetencyUnit,
    DayKind,
    Enrollment,
    EnrollmentStatus,
    Holiday,
    Instructor,
    Programme,
    TrainingDay,
    Venue,
)

if TYPE_CHECKING:
    from bekal.national.generate import Nation

K = OrganizationKind
BATCHES = 20_000
EMPLOYERS = 3_000
VACANCIES = 8_000
PLACEMENTS = 150_000
WORK_SITES = 1_500

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
EMPLOYER_SECTORS = [
    "Konstruksi",
    "Manufaktur",
    "Perdagangan",
    "Rumah makan",
    "Bengkel",
    "Pertanian",
    "Perikanan",
    "Garmen",
    "Perhotelan",
    "Jasa kebersihan",
]
POSITIONS = [
    "Tukang las",
    "Mekanik",
    "Juru masak",
    "Penjahit",
    "Barista",
    "Tukang kayu",
    "Teknisi listrik",
    "Operator",
    "Pekerja kebun",
    "Kapster",
    "Tukang batu",
    "Petugas kebersihan",
]
BUSINESSES = ["Warung makan", "Bengkel motor", "Usaha jahit", "Pangkas rambut", "Budidaya ikan", "Sablon"]
CS_OFFENCES = ["Penganiayaan ringan", "Pencurian ringan", "Penggelapan ringan", "Perusakan barang", "Penghinaan"]


@dataclass
class Custody:
    id: int
    person: int
    unit: int
    admission: date
    release: date | None
    expected: date | None


@dataclass
class Supervised:
    id: int
    person: int
    unit: int
    kind: str
    start: date
    end: date | None
    officer: int | None


def _periods(nation: "Nation") -> None:
    """Load the periods the people step wrote (ids, units, dates) once for the later steps."""
    if "custody" in nation.shared:
        return
    nation.shared["custody"] = [
        Custody(*row)
        for row in CustodyPeriod.objects.order_by("id").values_list(
            "id", "person_id", "unit_id", "admission_date", "release_date", "expected_release_date"
        )
    ]
    nation.shared["supervision"] = [
        Supervised(*row)
        for row in SupervisionPeriod.objects.order_by("id").values_list(
            "id", "person_id", "unit_id", "kind", "start_date", "expected_end_date", "officer_id"
        )
    ]


def _working_days(start: date, end: date) -> list[date]:
    holidays = set(Holiday.objects.values_list("date", flat=True))
    days, d = [], start
    while d <= end:
        if d.weekday() < 5 and d not in holidays:
            days.append(d)
        d += timedelta(days=1)
    return days


def _name(rng: random.Random) -> str:
    return f"{rng.choice(MEN)} {rng.choice(FAMILY)}"


def _province(org: Organization) -> str:
    return org.region.parent_id if org.region and org.region.parent_id else ""


def training(nation: "Nation") -> None:
    """Programmes per provider, batches with calendars and instructors, enrolments, daily attendance."""
    _periods(nation)
    rng, today, now = nation.rng, nation.today, timezone.now()
    min_days = rule_int("training.batch.min_days", on=today)
    fmd_days = rule_int("training.fmd.days", on=today)
    max_jp = rule_int("training.jp_per_day.max", on=today)
    quota = rule_int("training.batch.quota", on=today)
    min_percent = int(rule_fraction("training.attendance.min_fraction", on=today) * 100)

    # Programmes: four of the catalogue per provider, each with its competency units.
    programmes: list[tuple[Any, ...]] = []
    units: list[tuple[Any, ...]] = []
    programme_id, unit_id = next_id(Programme), next_id(CompetencyUnit)
    by_provider: dict[int, list[tuple[int, int, int, str, int]]] = {}  # provider -> (id, days, jp, scheme, n units)
    programme_units: dict[int, list[int]] = {}
    for provider in nation.units[K.BLK]:
        for name, field_name, sector, titles in rng.sample(CATALOGUE, 4):
            days = min_days + rng.choice([0, 0, 5, 10])
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
                    min_days,
                    max_jp,
                    fmd_days,
                    quota,
                    min_percent,
                    scheme,
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
            "min_education",
            "min_days_before_release",
            "is_active",
            "created_at",
        ],
        programmes,
    )
    bulk_insert(CompetencyUnit, ["id", "programme", "code", "title"], units)
    nation.counts["programmes"], nation.counts["competency_units"] = len(programmes), len(units)

    # Who can be nominated: inmates of a custody unit, clients of a Bapas, by unit.
    custody_by_unit: dict[int, list[Custody]] = defaultdict(list)
    for c in nation.shared["custody"]:
        custody_by_unit[c.unit].append(c)
    clients_by_unit: dict[int, list[Supervised]] = defaultdict(list)
    for s in nation.shared["supervision"]:
        clients_by_unit[s.unit].append(s)
    custody_all: list[Custody] = nation.shared["custody"]
    clients_all: list[Supervised] = nation.shared["supervision"]
    org_by_id = {o.id: o for kind in (K.LAPAS, K.RUTAN, K.BAPAS) for o in nation.units[kind]}

    first = today - timedelta(days=365 * 5)
    calendar = _working_days(first, today + timedelta(days=120))
    reasons = dict(AttendanceReason.objects.values_list("code", "id"))
    total = nation.scaled(BATCHES)
    starts = sorted(calendar[rng.randrange(0, len(calendar) - 60)] for _ in range(total))
    starts = [d for d in starts if d <= today + timedelta(days=45)] or starts[:1]

    batches: list[tuple[Any, ...]] = []
    batch_units: list[tuple[int, int]] = []
    days_rows: list[tuple[Any, ...]] = []
    instructors: list[tuple[Any, ...]] = []
    enrolments: list[tuple[Any, ...]] = []
    attendance: list[tuple[Any, ...]] = []
    finished: list[dict[str, Any]] = []  # for certification
    busy_until: dict[int, date] = {}
    batch_id, day_id, enrol_id = next_id(Batch), next_id(TrainingDay), next_id(Enrollment)
    instructor_id, attendance_id = next_id(Instructor), next_id(Attendance)
    lsps = nation.units.get(K.LSP, [])
    for n, start in enumerate(starts):
        bapas = rng.random() < 0.12 and clients_all
        if bapas:
            anchor_s = rng.choice(clients_all)
            unit = org_by_id[anchor_s.unit]
        else:
            anchor_c = rng.choice(custody_all)
            unit = org_by_id[anchor_c.unit]
        province = _province(unit)
        provider = rng.choice(nation.units_in(K.BLK, province))
        prog_id, n_days, jp, scheme, _n_units = rng.choice(by_provider[provider.id])
        i = bisect_left(calendar, start)
        dates = calendar[i : i + n_days]
        end = dates[-1]
        if end < today:
            status = BatchStatus.CLOSED if end < today - timedelta(days=60) else BatchStatus.FINISHED
        elif start <= today:
            status = BatchStatus.RUNNING
        else:
            status = BatchStatus.OPEN
        if status != BatchStatus.OPEN and rng.random() < 0.02:
            status = BatchStatus.CANCELLED
        local_lsps = [x for x in lsps if _province(x) == province] or lsps
        lsp = rng.choice(local_lsps).id if local_lsps else None
        venue = Venue.INSIDE if not bapas and rng.random() < 0.6 else Venue.BLK
        batches.append(
            (
                batch_id,
                f"{CATALOGUE_NAME.get(scheme, scheme)} Angkatan {n + 1} {start.year}",
                prog_id,
                provider.id,
                lsp,
                venue,
                start,
                end,
                jp,
                quota,
                status,
                "",
                now,
            )
        )
        batch_units.append((batch_id, unit.id))
        instructors.append((instructor_id, batch_id, _name(rng), "Instruktur bersertifikat BNSP"))
        instructor_id += 1
        day_ids = []
        for k, d in enumerate(dates):
            kind = DayKind.FMD if 0 < k <= fmd_days else DayKind.TRAINING
            days_rows.append((day_id, batch_id, d, kind, jp, None))
            day_ids.append((day_id, d))
            day_id += 1

        # Candidates in custody (or under supervision) at this unit over the whole batch, not in another batch.
        pool: list[tuple[int, int | None, int | None]] = []  # (person, custody id, supervision id)
        seen: set[int] = set()
        wanted = quota + rng.randint(5, 14)
        if bapas:
            source_s = clients_by_unit[unit.id]
            for _ in range(wanted * 12):
                s = rng.choice(source_s)
                if s.person in seen or s.start > start or (s.end and s.end < end):
                    continue
                if busy_until.get(s.person, first) >= start:
                    continue
                seen.add(s.person)
                pool.append((s.person, None, s.id))
                if len(pool) >= wanted:
                    break
        else:
            source_c = custody_by_unit[unit.id]
            for _ in range(wanted * 12):
                c = rng.choice(source_c)
                if c.person in seen or c.admission > start - timedelta(days=14):
                    continue
                if (c.release and c.release <= end) or (c.expected and c.expected <= end):
                    continue
                if busy_until.get(c.person, first) >= start:
                    continue
                seen.add(c.person)
                pool.append((c.person, c.id, None))
                if len(pool) >= wanted:
                    break
        participants, extras = pool[:quota], pool[quota:]
        for person, cp, sp in participants:
            busy_until[person] = end
            interest = start - timedelta(days=rng.randint(7, 30))
            decision, end_reason = "", ""
            rows_days = [(i_d, d) for i_d, d in day_ids if d <= today]
            attended: list[str] = []
            if status == BatchStatus.CANCELLED:
                e_status, decision, rows_days = EnrollmentStatus.NOT_SELECTED, "Angkatan dibatalkan", []
            elif status == BatchStatus.OPEN:
                e_status = EnrollmentStatus.SELECTED if rng.random() < 0.6 else EnrollmentStatus.NOMINATED
            else:
                roll = rng.random()
                missing = len(day_ids) - int(len(day_ids) * min_percent / 100)  # most days one may miss and pass
                if roll < 0.04:
                    e_status, end_reason = EnrollmentStatus.DROPPED_OUT, rng.choice(DROP_REASONS)
                    stop = rng.randint(1, max(1, len(rows_days) - 1)) if rows_days else 0
                    attended = ["present"] * stop
                    if stop < len(rows_days):
                        attended.append("removed")
                    rows_days = rows_days[: len(attended)]
                elif roll < 0.10 and status != BatchStatus.RUNNING:
                    e_status, end_reason = EnrollmentStatus.NOT_COMPLETED, "Kehadiran di bawah batas minimal"
                    miss = rng.randint(missing + 1, max(missing + 1, len(day_ids) // 2))
                    attended = _days(rng, len(rows_days), miss)
                else:
                    e_status = (
                        EnrollmentStatus.ENROLLED if status == BatchStatus.RUNNING else EnrollmentStatus.COMPLETED
                    )
                    miss = min(missing, rng.choice([0, 0, 0, 1, 1, 2, 3]))
                    attended = (
                        _days(rng, len(rows_days), miss)
                        if e_status == EnrollmentStatus.COMPLETED
                        else [
                            "present" if rng.random() < 0.95 else rng.choice(["sick", "leave", "absent"])
                            for _ in rows_days
                        ]
                    )
            enrolments.append(
                (enrol_id, batch_id, person, unit.id, cp, sp, e_status, interest, decision, end_reason, now)
            )
            for (i_d, _d), code in zip(rows_days, attended, strict=False):
                attendance.append((attendance_id, enrol_id, i_d, reasons[code]))
                attendance_id += 1
            if e_status == EnrollmentStatus.COMPLETED and lsp and status != BatchStatus.CANCELLED:
                if not finished or finished[-1]["batch"] != batch_id:
                    finished.append(
                        {"batch": batch_id, "lsp": lsp, "end": end, "programme": prog_id, "scheme": scheme, "enrol": []}
                    )
                finished[-1]["enrol"].append(enrol_id)
            enrol_id += 1
        for person, cp, sp in extras:
            if status == BatchStatus.OPEN:
                e_status = EnrollmentStatus.WAITLISTED if rng.random() < 0.5 else EnrollmentStatus.NOMINATED
                reason = ""
            else:
                e_status, reason = EnrollmentStatus.NOT_SELECTED, "Kuota angkatan sudah penuh"
            enrolments.append((enrol_id, batch_id, person, unit.id, cp, sp, e_status, None, reason, "", now))
            enrol_id += 1
        batch_id += 1
        if (n + 1) % 5_000 == 0:
            nation.log(f"  batches: {n + 1:,} of {len(starts):,}, attendance rows so far {len(attendance):,}")

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
        batches,
    )
    bulk_insert(Batch.units.through, ["batch", "organization"], batch_units)
    nation.counts["training_days"] = bulk_insert(
        TrainingDay, ["id", "batch", "date", "kind", "jp", "partner"], days_rows
    )
    bulk_insert(Instructor, ["id", "batch", "name", "certification"], instructors)
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
        enrolments,
    )
    del enrolments
    nation.counts["attendance"] = bulk_insert(Attendance, ["id", "enrollment", "day", "reason"], attendance)
    del attendance
    for model in (Programme, CompetencyUnit, Batch, TrainingDay, Instructor, Enrollment, Attendance):
        reset_sequence(model)
    reset_sequence(Batch.units.through)
    nation.shared["finished_batches"] = finished
    nation.shared["programme_units"] = programme_units
    nation.log(
        f"training: {len(programmes):,} programmes, {nation.counts['batches']:,} batches, "
        f"{nation.counts['training_days']:,} days, {nation.counts['enrolments']:,} enrolments, "
        f"{nation.counts['attendance']:,} attendance rows"
    )


CATALOGUE_NAME = {f"Skema Okupasi {c[1]}": c[1] for c in CATALOGUE}


def _days(rng: random.Random, n: int, miss: int) -> list[str]:
    """Return n day codes with ``miss`` days not attended (sick, leave or absent) at random places."""
    codes = ["present"] * n
    for i in rng.sample(range(n), min(miss, n)):
        codes[i] = rng.choice(["sick", "leave", "absent"])
    return codes


def certification(nation: "Nation") -> None:
    """An LSP assessment after each finished batch; unit results and a decision per completed participant; a
    certificate for each Kompeten decision once issued."""
    rng, today, now = nation.rng, nation.today, timezone.now()
    validity = rule_int("certification.validity_years", on=today)
    events: list[tuple[Any, ...]] = []
    results: list[tuple[Any, ...]] = []
    decisions: list[tuple[Any, ...]] = []
    certificates: list[tuple[Any, ...]] = []
    event_id, result_id = next_id(AssessmentEvent), next_id(UnitResult)
    decision_id, certificate_id = next_id(Decision), next_id(Certificate)
    for batch in nation.shared.get("finished_batches", []):
        held = batch["end"] + timedelta(days=rng.randint(1, 14))
        if held > today:
            continue
        events.append(
            (
                event_id,
                batch["batch"],
                batch["lsp"],
                _name(rng),
                f"MET.000.{rng.randint(1000, 99999):05d}.2019",
                rng.choice([TestSite.WORKPLACE, TestSite.AD_HOC]),
                held,
                now,
            )
        )
        unit_ids = nation.shared["programme_units"][batch["programme"]]
        for enrol in batch["enrol"]:
            competent = rng.random() < 0.88
            failed = set() if competent else set(rng.sample(unit_ids, rng.randint(1, len(unit_ids))))
            for u in unit_ids:
                results.append((result_id, event_id, enrol, u, "BK" if u in failed else "K"))
                result_id += 1
            decided = min(today, held + timedelta(days=rng.randint(0, 7)))
            decisions.append((decision_id, event_id, enrol, "K" if competent else "BK", decided))
            issued = decided + timedelta(days=rng.randint(3, 21))
            if competent and issued <= today:
                valid = issued + relativedelta(years=validity)
                number = f"{batch['lsp']:04d}.{batch['programme']:05d}.{certificate_id:07d}.{issued.year}"
                certificates.append((certificate_id, decision_id, enrol, number, batch["scheme"], issued, valid))
                certificate_id += 1
            decision_id += 1
        event_id += 1
    nation.counts["assessments"] = bulk_insert(
        AssessmentEvent,
        ["id", "batch", "lsp", "assessor", "assessor_number", "test_site", "date", "created_at"],
        events,
    )
    nation.counts["unit_results"] = bulk_insert(UnitResult, ["id", "event", "enrollment", "unit", "verdict"], results)
    nation.counts["decisions"] = bulk_insert(
        Decision, ["id", "event", "enrollment", "verdict", "decided_on"], decisions
    )
    nation.counts["certificates"] = bulk_insert(
        Certificate, ["id", "decision", "enrollment", "number", "scheme", "issued_on", "valid_until"], certificates
    )
    for model in (AssessmentEvent, UnitResult, Decision, Certificate):
        reset_sequence(model)
    nation.shared["certified"] = {e for e in (c[2] for c in certificates)}
    nation.log(
        f"certification: {len(events):,} assessments, {len(results):,} unit results, {len(decisions):,} decisions, "
        f"{len(certificates):,} certificates"
    )


def _organisations(nation: "Nation", kind: str, label: str, count: int) -> list[Organization]:
    rng = nation.rng
    regencies = [r for rs in nation.regencies.values() for r in rs]
    rows = []
    for i in range(count):
        regency = regencies[i % len(regencies)] if count >= len(regencies) else rng.choice(regencies)
        place = regency.name.replace("Kabupaten ", "").replace("Kota ", "")
        rows.append(Organization(name=f"{label} {place} {i + 1}", kind=kind, region=regency))
    Organization.objects.bulk_create(rows, batch_size=2000)
    made = list(Organization.objects.filter(kind=kind).select_related("region").order_by("id"))
    nation.units[kind] = made
    return made


def placement(nation: "Nation") -> None:
    """Employers with profiles and vacancies; after release, a placement with its follow-ups (and a hired referral
    for some), for trained people first."""
    _periods(nation)
    rng, today, now = nation.rng, nation.today, timezone.now()
    employers = _organisations(nation, K.EMPLOYER, "CV Mitra Kerja", max(20, nation.scaled(EMPLOYERS)))
    employers_by_province: dict[str, list[Organization]] = defaultdict(list)
    for e in employers:
        employers_by_province[_province(e)].append(e)
    bulk_insert(
        EmployerProfile,
        ["organization", "sector", "partner_status", "agreement_reference", "note"],
        [
            (
                e.id,
                rng.choice(EMPLOYER_SECTORS),
                rng.choice([PartnerStatus.PARTNER, PartnerStatus.PARTNER, PartnerStatus.PROSPECT]),
                "",
                "",
            )
            for e in employers
        ],
    )
    reset_sequence(EmployerProfile)
    vacancies: list[tuple[Any, ...]] = []
    vacancies_of: dict[int, list[int]] = defaultdict(list)
    vacancy_id = next_id(Vacancy)
    for _ in range(max(20, nation.scaled(VACANCIES))):
        e = rng.choice(employers)
        opened = today - timedelta(days=rng.randint(0, 365 * 3))
        vacancies.append(
            (
                vacancy_id,
                e.id,
                rng.choice(POSITIONS),
                rng.randint(1, 5),
                "",
                "",
                e.region_id,
                opened + timedelta(days=rng.randint(30, 120)),
                "[]",
                rng.choice(["former", "everyone"]),
                None,
                now,
            )
        )
        vacancies_of[e.id].append(vacancy_id)
        vacancy_id += 1
    bulk_insert(
        Vacancy,
        [
            "id",
            "employer",
            "title",
            "positions",
            "skills",
            "wanted_programmes",
            "region",
            "closing_date",
            "excluded_offences",
            "open_to",
            "created_by",
            "created_at",
        ],
        vacancies,
    )

    # A release and, where there is one, the next admission of the same person.
    by_person: dict[int, list[Custody]] = defaultdict(list)
    for c in nation.shared["custody"]:
        by_person[c.person].append(c)
    unit_province = {o.id: _province(o) for kind in (K.LAPAS, K.RUTAN) for o in nation.units[kind]}
    trained = {
        row for row in Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED).values_list("person_id", flat=True)
    }
    releases = []
    for person, periods in by_person.items():
        periods.sort(key=lambda c: c.admission)
        for i, c in enumerate(periods):
            if c.release and c.release < today - timedelta(days=14):
                after = periods[i + 1].admission if i + 1 < len(periods) else None
                releases.append((person not in trained, person, c, after))
                break
    rng.shuffle(releases)
    releases.sort(key=lambda r: r[0])  # trained people first, stable after the shuffle
    pk_users: dict[str, list[int]] = defaultdict(list)
    bapas_province = {o.id: _province(o) for o in nation.units[K.BAPAS]}
    for uid, org in UserRole.objects.filter(role=Role.PROBATION_OFFICER).values_list("user_id", "user__organization"):
        pk_users[bapas_province.get(org, "")].append(uid)
    months = rule_int_list("placement.follow_up_months", on=today)

    placements: list[tuple[Any, ...]] = []
    follow_ups: list[tuple[Any, ...]] = []
    referrals: list[tuple[Any, ...]] = []
    readiness: list[tuple[Any, ...]] = []
    placement_id, follow_id, referral_id = next_id(Placement), next_id(FollowUp), next_id(Referral)
    target = nation.scaled(PLACEMENTS)
    for _trained, person, c, after in releases:
        if len(placements) >= target:
            break
        start = c.release + timedelta(days=rng.randint(7, 150)) if c.release else today
        if start > today or (after and start >= after):
            continue
        province = unit_province.get(c.unit, "")
        roll = rng.random()
        kind = (
            PlacementKind.EMPLOYED
            if roll < 0.55
            else (PlacementKind.SELF_EMPLOYED if roll < 0.8 else PlacementKind.NOT_WORKING)
        )
        position = wage = contract = business = ""
        employer_id, referral = None, None
        if kind == PlacementKind.EMPLOYED:
            e = rng.choice(employers_by_province.get(province) or employers)
            employer_id, position = e.id, rng.choice(POSITIONS)
            wage = rng.choice([WageBand.MINIMUM, WageBand.MINIMUM, WageBand.BELOW_MINIMUM, WageBand.ABOVE_MINIMUM])
            contract = rng.choice(
                [ContractType.FIXED_TERM, ContractType.DAILY, ContractType.INFORMAL, ContractType.PERMANENT]
            )
            if vacancies_of.get(e.id) and rng.random() < 0.3:
                referral = referral_id
                referrals.append(
                    (
                        referral_id,
                        person,
                        rng.choice(vacancies_of[e.id]),
                        ReferralStatus.HIRED,
                        start - timedelta(days=rng.randint(1, 14)),
                        "",
                        None,
                        now,
                    )
                )
                referral_id += 1
        elif kind == PlacementKind.SELF_EMPLOYED:
            business = rng.choice(BUSINESSES)
        ended, reason = None, ""
        if after:
            ended, reason = after, PlacementEndReason.RE_ADMITTED
        elif rng.random() < 0.25:
            latest = min(today, start + timedelta(days=400))
            if latest > start + timedelta(days=14):
                ended = start + timedelta(days=rng.randint(14, (latest - start).days))
                reason = (
                    PlacementEndReason.FOUND_WORK
                    if kind == PlacementKind.NOT_WORKING
                    else rng.choice(
                        [
                            PlacementEndReason.RESIGNED,
                            PlacementEndReason.CONTRACT_ENDED,
                            PlacementEndReason.LOST_CONTACT,
                        ]
                    )
                )
        if ended and ended > today:
            ended, reason = None, ""
        officers: list[int | None] = [*pk_users.get(province, [])] or [None]
        placements.append(
            (
                placement_id,
                person,
                rng.choice(officers),
                kind,
                employer_id,
                position,
                wage,
                contract,
                business,
                "",
                referral,
                start,
                ended,
                reason,
                now,
            )
        )
        readiness.append((person, ReadinessStatus.READY, "", "", min(start, c.release or start), now))
        for m in months:
            due = start + relativedelta(months=m)
            if ended and due > ended:
                break
            done = due + timedelta(days=rng.randint(0, 10))
            if done <= today and rng.random() < 0.9:
                working = None if kind == PlacementKind.NOT_WORKING else True
                follow_ups.append((follow_id, placement_id, m, due, done, working, ""))
            else:
                follow_ups.append((follow_id, placement_id, m, due, None, None, ""))
            follow_id += 1
        placement_id += 1
    bulk_insert(
        Referral,
        ["id", "person", "vacancy", "status", "status_date", "note", "referred_by", "created_at"],
        referrals,
    )
    nation.counts["placements"] = bulk_insert(
        Placement,
        [
            "id",
            "person",
            "officer",
            "kind",
            "employer",
            "position",
            "wage_band",
            "contract_type",
            "business_kind",
            "support_received",
            "referral",
            "start_date",
            "ended_on",
            "end_reason",
            "created_at",
        ],
        placements,
    )
    nation.counts["follow_ups"] = bulk_insert(
        FollowUp, ["id", "placement", "month", "due_date", "done_on", "still_working", "note"], follow_ups
    )
    bulk_insert(WorkReadiness, ["person", "status", "declined_reason", "note", "assessed_on", "updated_at"], readiness)
    for model in (Vacancy, Referral, Placement, FollowUp, WorkReadiness):
        reset_sequence(model)
    nation.counts.update(employers=len(employers), vacancies=len(vacancies), referrals=len(referrals))
    nation.log(
        f"placement: {len(employers):,} employers, {len(vacancies):,} vacancies, {len(referrals):,} referrals, "
        f"{len(placements):,} placements, {len(follow_ups):,} follow-ups"
    )


def community_service(nation: "Nation") -> None:
    """Courts, prosecutors' offices and work sites; an order for each community-service period with its placement
    and hours ledger; a sentence for each supervision-sentence period."""
    _periods(nation)
    rng, today, now = nation.rng, nation.today, timezone.now()
    min_hours = rule_int("community_service.min_hours", on=today)
    max_hours = rule_int("community_service.max_hours", on=today)
    max_per_day = rule_int("community_service.max_hours_per_day", on=today)
    max_replaced = rule_int("community_service.max_replaced_prison_months", on=today)
    warnings_allowed = rule_int("community_service.warnings_before_report", on=today)
    regencies = sum(len(r) for r in nation.regencies.values())
    courts = _organisations(nation, K.COURT, "Pengadilan Negeri", regencies)
    prosecutors = _organisations(nation, K.PROSECUTOR, "Kejaksaan Negeri", regencies)
    sites = _organisations(nation, K.WORK_SITE, "Panti Sosial", max(10, nation.scaled(WORK_SITES)))
    by_province: dict[tuple[str, str], list[Organization]] = defaultdict(list)
    for kind, orgs in ((K.COURT, courts), (K.PROSECUTOR, prosecutors), (K.WORK_SITE, sites)):
        for o in orgs:
            by_province[(kind, _province(o))].append(o)
    site_rows, site_days = [], {}
    for s in sites:
        days = sorted(rng.sample(range(6), 4))
        site_days[s.id] = days
        site_rows.append(
            (
                s.id,
                s.id,
                rng.choice(list(SiteType)),
                rng.randint(3, 10),
                json.dumps(days),
                time(8),
                time(16),
                _name(rng),
                "",
            )
        )
    bulk_insert(
        WorkSite,
        [
            "id",
            "organization",
            "site_type",
            "capacity",
            "days",
            "opens_at",
            "closes_at",
            "supervisor_name",
            "supervisor_phone",
        ],
        site_rows,
    )
    bapas_province = {o.id: _province(o) for o in nation.units[K.BAPAS]}

    def pick(kind: str, province: str) -> Organization:
        return rng.choice(by_province.get((kind, province)) or nation.units[kind])

    orders, placements, sessions, steps, sentences, period_ends = [], [], [], [], [], []
    reports: list[tuple[Any, ...]] = []
    sentence_id = next_id(SupervisionSentence)
    order_id, placement_id = next_id(CommunityServiceOrder), next_id(ServicePlacement)
    session_id, step_id = next_id(WorkSession), next_id(ComplianceStep)
    hour_choices = list(range(max(min_hours, 40), min(max_hours, 240) + 1, 8))
    for p in nation.shared["supervision"]:
        province = bapas_province.get(p.unit, "")
        court, prosecutor = pick(K.COURT, province), pick(K.PROSECUTOR, province)
        decided = p.start - timedelta(days=rng.randint(7, 30))
        number = f"{rng.randint(1, 999)}/Pid.B/{decided.year}/PN"
        if p.kind == SupervisionKind.SUPERVISION_SENTENCE:
            # The client reports every month (wajib lapor); a few months are missed.
            month = date(p.start.year, p.start.month, 1)
            while month < date(today.year, today.month, 1) and (p.end is None or month <= p.end):
                if rng.random() < 0.97:
                    reported = month + timedelta(days=rng.randint(0, 27))
                    reports.append((sentence_id, month, max(reported, p.start), "", None))
                month = (month + timedelta(days=32)).replace(day=1)
            sentences.append(
                (
                    sentence_id,
                    p.id,
                    court.id,
                    number,
                    decided,
                    rng.choice(CS_OFFENCES),
                    rng.randint(6, 36),
                    12,
                    prosecutor.id,
                    "",
                    now,
                )
            )
            sentence_id += 1
            continue
        if p.kind != SupervisionKind.COMMUNITY_SERVICE:
            continue
        hours = rng.choice(hour_choices)
        complete_by = p.end or p.start + timedelta(days=180)
        site = pick(K.WORK_SITE, province)
        weekdays = sorted(rng.sample(site_days[site.id], 3))
        per_day = rng.choice([4, 4, 6, max_per_day])
        placed = p.start + timedelta(days=rng.randint(3, 14))
        diligence = rng.choices([0.92, 0.6, 0.0], [70, 20, 10])[0]
        credited, warnings, number_of_steps, completed_on = 0, 0, 0, None
        d = placed
        order_sessions: list[tuple[Any, ...]] = []
        order_steps: list[tuple[Any, ...]] = []
        stalled_after = rng.randint(1, 5)
        while d < today and d <= complete_by and credited < hours * 60:
            if d.weekday() in weekdays:
                if diligence == 0.0 and len(order_sessions) >= stalled_after:
                    break
                roll = rng.random()
                if roll < diligence or diligence == 0.0:
                    outcome, minutes, reason = Outcome.ATTENDED_COMPLIED, per_day * 60, ""
                elif roll < diligence + 0.25 or warnings >= warnings_allowed:
                    outcome, minutes, reason = Outcome.ACCEPTABLE_ABSENCE, 0, "Sakit dengan surat keterangan"
                else:
                    outcome, minutes, reason = Outcome.UNACCEPTABLE_ABSENCE, 0, ""
                end = (datetime.combine(d, time(8)) + timedelta(hours=per_day)).time()
                rated = outcome == Outcome.ATTENDED_COMPLIED
                order_sessions.append(
                    (
                        session_id,
                        order_id,
                        placement_id,
                        d,
                        time(8),
                        end,
                        minutes,
                        outcome,
                        reason,
                        rng.choice([3, 3, 4]) if rated else None,
                        rng.choice([3, 4]) if rated else None,
                        _name(rng),
                        "",
                        None,
                        now,
                    )
                )
                if outcome == Outcome.UNACCEPTABLE_ABSENCE:
                    warnings += 1
                    number_of_steps += 1
                    order_steps.append(
                        (step_id, order_id, "warning", number_of_steps, d, session_id, "", None, "", now)
                    )
                    step_id += 1
                session_id += 1
                credited += minutes
                if credited >= hours * 60:
                    completed_on = d
            d += timedelta(days=1)
        status = OrderStatus.COMPLETED if completed_on else OrderStatus.ACTIVE
        if completed_on:
            number_of_steps += 1
            order_steps.append(
                (step_id, order_id, "completion", number_of_steps, completed_on, None, "", None, "", now)
            )
            step_id += 1
        ended_on, end_reason = completed_on, "completed" if completed_on else ""
        reported = complete_by + timedelta(days=rng.randint(1, 14))
        if not completed_on and reported + timedelta(days=21) < today:
            # Past its deadline and undone: the Bapas reports to the prosecutor, who has the replaced term served
            # and the order enforced (``step_decide``), which ends the period.
            number_of_steps += 1
            ended_on, end_reason = reported + timedelta(days=rng.randint(7, 21)), "revoked"
            order_steps.append(
                (step_id, order_id, "report", number_of_steps, reported, None, "serve_prison", ended_on, "", now)
            )
            step_id += 1
            status = OrderStatus.ENFORCED
        period_ends.append((p.id, ended_on, end_reason))
        orders.append(
            (
                order_id,
                p.id,
                court.id,
                number,
                decided,
                rng.choice(CS_OFFENCES),
                rng.randint(3, 48),
                hours,
                rng.randint(1, max_replaced),
                None,
                max_per_day,
                complete_by,
                rng.choice([Sanction.REPEAT, Sanction.SERVE_PRISON]),
                prosecutor.id,
                True,
                "",
                "[]",
                False,
                status,
                completed_on,
                now,
            )
        )
        placements.append((placement_id, order_id, site.id, placed, completed_on, json.dumps(weekdays), per_day, now))
        sessions.extend(order_sessions)
        steps.extend(order_steps)
        order_id += 1
        placement_id += 1
    nation.counts["community_orders"] = bulk_insert(
        CommunityServiceOrder,
        [
            "id",
            "period",
            "court",
            "decision_number",
            "decision_date",
            "offence",
            "threatened_prison_months",
            "hours_ordered",
            "replaced_prison_months",
            "replaced_fine",
            "hours_per_day",
            "complete_by",
            "sanction",
            "prosecutor_office",
            "consent_recorded",
            "exception_reason",
            "exceptions",
            "training_counts",
            "status",
            "completed_on",
            "created_at",
        ],
        orders,
    )
    bulk_insert(
        ServicePlacement,
        ["id", "order", "site", "start_date", "end_date", "days", "hours_per_day", "created_at"],
        placements,
    )
    nation.counts["work_sessions"] = bulk_insert(
        WorkSession,
        [
            "id",
            "order",
            "placement",
            "date",
            "start",
            "end",
            "minutes_credited",
            "outcome",
            "absence_reason",
            "work_quality",
            "behaviour",
            "supervised_by",
            "notes",
            "recorded_by",
            "created_at",
        ],
        sessions,
    )
    bulk_insert(
        ComplianceStep,
        [
            "id",
            "order",
            "kind",
            "number",
            "issued_on",
            "session",
            "decision",
            "decided_on",
            "decision_note",
            "created_at",
        ],
        steps,
    )
    nation.counts["supervision_sentences"] = bulk_insert(
        SupervisionSentence,
        [
            "id",
            "period",
            "court",
            "decision_number",
            "decision_date",
            "offence",
            "threatened_prison_months",
            "term_months",
            "prosecutor_office",
            "special_conditions",
            "created_at",
        ],
        sentences,
    )
    nation.counts["monthly_reports"] = bulk_insert(
        MonthlyReport, ["sentence", "month", "reported_on", "notes", "recorded_by"], reports
    )
    # An order's period ends the day the order is completed (as ``_complete`` does), and stays open otherwise.
    bulk_update(SupervisionPeriod, ["ended_on", "end_reason"], period_ends)
    for model in (
        WorkSite,
        CommunityServiceOrder,
        ServicePlacement,
        WorkSession,
        ComplianceStep,
        SupervisionSentence,
        MonthlyReport,
    ):
        reset_sequence(model)
    nation.log(
        f"community service: {len(orders):,} orders ({sum(1 for o in orders if o[18] == 'completed'):,} completed), "
        f"{len(sessions):,} work sessions, {len(steps):,} letters, {len(sentences):,} supervision sentences, "
        f"{len(reports):,} monthly reports"
    )
