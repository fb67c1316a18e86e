"""Employers' vacancies and the placements of released people for Kemnaker's job portal (Karirhub, SIAPkerja), in
the fields of the portal's vacancy report under Wajib Lapor Lowongan Pekerjaan (WLLP, Perpres 57/2023) and of its
placement report (penempatan), in that order, with the forms' Indonesian labels: one XLSX with a sheet of vacancies
("Lowongan") and one of placements ("Penempatan"). No official import template is public: the fields follow an
unofficial third-party prototype of the portal's employer pages (README "Karirhub": the source, the mapping, the
fields Bekal does not keep and leaves empty). Columns and codes are data here. Dates are spreadsheet dates. The
placements sheet carries NIKs, so the export is audited (one event, with the counts)."""

import tempfile
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils import timezone, translation

from bekal.accounts.access import Capability, can
from bekal.audit.services import audit_record
from bekal.core.tabular import xlsx_append, xlsx_row
from bekal.organizations.models import Region
from bekal.people.nik import nik_mask
from bekal.people.selectors import people_visible_to
from bekal.placement.models import OpenTo, Placement, PlacementKind
from bekal.placement.selectors import vacancies_visible_to
from bekal.training.classifications import Kbji, Kbli

# The vacancy report's fields in the prototype's order (its table of reported vacancies), headed as its form labels
# them; the employer first, as the prototype's upload template starts with the reporting unit, since one file here
# holds many employers' vacancies; "Catatan" (the report's note) last, as in the prototype.
VACANCY_COLUMNS = [
    "Unit/Perusahaan",
    "Jabatan",
    "Jumlah Kebutuhan",
    "Jenis Kelamin",
    "Usia Min",
    "Usia Max",
    "Pendidikan Minimal",
    "Deskripsi Pekerjaan",
    "Keterampilan Utama",
    "Pengalaman Minimal (tahun)",
    "Rentang Gaji",
    "Kode KBJI",
    "Provinsi",
    "Kota",
    "Kecamatan",
    "Kelurahan",
    "Bidang Pekerjaan",
    "Industri / Sektor",
    "Status Pernikahan",
    "Masa Berlaku Mulai",
    "Masa Berlaku Sampai",
    "Alamat URL Postingan Loker",
    "Catatan",
]
# The placement report's fields in the prototype's order (its table of people placed), after the vacancy's position
# and employer, as the prototype's placement template puts them before the worker.
PLACEMENT_COLUMNS = [
    "Jabatan",
    "Unit/Perusahaan",
    "NIK",
    "Nama Lengkap",
    "Pendidikan",
    "Jenis Kelamin",
    "Tempat Lahir",
    "Tanggal Lahir",
    "Alamat",
    "Status Disabilitas",
    "Tanggal Mulai Kerja",
    "Email",
    "Nomor Hp",
]
VACANCY_DATES = {VACANCY_COLUMNS.index("Masa Berlaku Mulai"), VACANCY_COLUMNS.index("Masa Berlaku Sampai")}
PLACEMENT_DATES = {PLACEMENT_COLUMNS.index("Tanggal Lahir"), PLACEMENT_COLUMNS.index("Tanggal Mulai Kerja")}
OPEN_TO: dict[str, str] = {
    OpenTo.FORMER_ONLY: "Terbuka untuk: Mantan WBP/Klien",
    OpenTo.EVERYONE: "Terbuka untuk: Umum",
}
SEX = {"M": "Laki-laki", "F": "Perempuan"}  # the portal form's words (its choices: Semua, Laki-laki, Perempuan)
EDUCATION = {
    "none": "Tidak Sekolah",
    "sd": "SD",
    "smp": "SMP",
    "sma": "SMA",
    "smk": "SMK",
    "d3": "D3",
    "s1": "S1",
    "s2": "S2",
}
DATE_FORMAT = "DD-MM-YYYY"


CHUNK = 2_000


def _names(choices: Any, *, code: bool) -> dict[str, str]:
    """Return each KBJI/KBLI code's name in Indonesian (the portal's language, whatever the user's), with its code
    ("I · Penyediaan akomodasi dan makan minum") or without it."""
    with translation.override("id"):
        return {c: str(label) if code else str(label).split(" · ", 1)[-1] for c, label in choices.choices}


def _skills(vacancy: Any) -> str:
    schemes = ", ".join(p.scheme or p.name for p in vacancy.programmes.all()) or vacancy.wanted_programmes
    return "; ".join(part for part in (vacancy.skills, f"Sertifikasi: {schemes}" if schemes else "") if part)


def _province_and_city(region: Region) -> tuple[str, str]:
    if region.level == Region.Level.PROVINCE:
        return region.name, ""
    return (region.parent.name if region.parent_id and region.parent else ""), region.name


def _vacancy_rows(vacancies: Any) -> Any:
    # A few thousand vacancies nationally: their programmes come in one prefetch query per chunk.
    occupations, sectors = _names(Kbji, code=False), _names(Kbli, code=True)
    rows = vacancies.prefetch_related("programmes").order_by("employer__name", "title", "id")
    for v in rows.iterator(chunk_size=CHUNK):
        profile = getattr(v.employer, "employer_profile", None)
        sector = sectors.get(v.kbli or getattr(profile, "kbli", "")) or getattr(profile, "sector", "")
        province, city = _province_and_city(v.region)
        yield [
            v.employer.name,
            v.title,
            v.positions,
            None,  # Jenis Kelamin: Bekal keeps no such requirement
            None,  # Usia Min
            None,  # Usia Max
            None,  # Pendidikan Minimal
            None,  # Deskripsi Pekerjaan
            _skills(v) or None,
            None,  # Pengalaman Minimal (tahun)
            None,  # Rentang Gaji
            v.kbji or None,  # the KBJI 2014 major group (one digit): the only level Bekal keeps
            province or None,
            city or None,
            None,  # Kecamatan
            None,  # Kelurahan
            occupations.get(v.kbji),
            sector or None,
            None,  # Status Pernikahan
            timezone.localtime(v.created_at).date(),  # open since it was recorded
            v.closing_date,
            None,  # Alamat URL Postingan Loker
            OPEN_TO.get(v.open_to, v.open_to),
        ]


def placements_visible_to(user: Any) -> Any:
    """Return the jobs (employed placements) of the people the user may see: a placement in Karirhub's sense fills
    an employer's vacancy, so self-employment is not one."""
    return Placement.objects.filter(person__in=people_visible_to(user), kind=PlacementKind.EMPLOYED).order_by(
        "start_date", "id"
    )


PLACEMENT_VALUES = [
    "position",
    "employer__name",
    "person__nik",
    "person__full_name",
    "person__education",
    "person__sex",
    "person__birth_date",
    "start_date",
    "person__phone",
]


def _placement_rows(placements: Any, full_nik: bool) -> Any:
    # Streamed as plain values (no model instances), a chunk at a time: the national list holds every placement.
    # The full NIK only for those who may reveal one (README, "Who sees a full NIK"); masked for the others.
    rows = placements.values_list(*PLACEMENT_VALUES).iterator(chunk_size=CHUNK)
    for position, employer, nik, name, education, sex, born, start, phone in rows:
        yield [
            position or None,
            employer,
            (nik if full_nik else nik_mask(nik)) if nik else None,
            name,
            EDUCATION.get(education) or None,
            SEX.get(sex, sex),
            None,  # Tempat Lahir: not kept
            born,
            None,  # Alamat: not kept (only the home regency/city)
            None,  # Status Disabilitas: not kept
            start,
            None,  # Email: not kept
            phone or None,
        ]


def _sheet(workbook: Any, title: str, header: list[str], rows: Any, dates: set[int], progress: Any) -> int:
    from openpyxl.cell import WriteOnlyCell

    sheet = workbook.create_sheet(title)
    xlsx_append(sheet, header)
    count = 0
    for row in rows:
        cells = xlsx_row(sheet, row)  # text that reads as a formula stays text
        for i in dates:
            cell = WriteOnlyCell(sheet, value=cells[i])
            cell.number_format = DATE_FORMAT
            cells[i] = cell
        sheet.append(cells)
        count += 1
        if progress is not None and count % CHUNK == 0:
            progress(count, None)
    return count


@dataclass
class KarirhubFile:
    """The workbook on a temporary file (handed to the job's storage) and how many rows each sheet got."""

    file: IO[bytes]
    vacancies: int
    placements: int


def karirhub_check(*, actor: Any) -> None:
    """Raise PermissionDenied unless the actor may see vacancies (the export's first sheet)."""
    vacancies_visible_to(actor)


@transaction.atomic
def karirhub_export(*, actor: Any, progress: Any = None) -> KarirhubFile:
    """Write the XLSX for Karirhub: the vacancies the actor may see; the placements sheet only for staff who may
    see people's placements (never an employer's staff). 403 for those who may see no vacancy.

    Rows are read as values a chunk at a time into a write-only workbook saved to a temporary file, so memory does
    not grow with the number of placements."""
    from openpyxl import Workbook

    visible = vacancies_visible_to(actor).select_related("employer__employer_profile", "region__parent")  # 403 first
    workbook = Workbook(write_only=True)
    vacancies = _sheet(workbook, "Lowongan", VACANCY_COLUMNS, _vacancy_rows(visible), VACANCY_DATES, progress)
    placements = 0
    if can(actor, Capability.PLACEMENT_VIEW):
        rows = _placement_rows(placements_visible_to(actor), full_nik=can(actor, Capability.NIK_REVEAL))
        placements = _sheet(workbook, "Penempatan", PLACEMENT_COLUMNS, rows, PLACEMENT_DATES, progress)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the job's storage, closed with its file
    workbook.save(out)
    out.seek(0)
    if progress is not None:
        progress(vacancies + placements, vacancies + placements)
    audit_record(
        code="placement.karirhub.exported",
        actor=actor,
        unit=actor.organization,
        obj=actor.organization,
        changes={"vacancies": [None, vacancies], "placements": [None, placements]},
    )
    return KarirhubFile(out, vacancies, placements)
