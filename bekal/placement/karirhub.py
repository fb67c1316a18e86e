"""Employers' vacancies and the placements of released people, in the columns Kemnaker's job portal (Karirhub,
SIAPkerja) asks for: one XLSX with a sheet of vacancies ("Lowongan") and one of placements ("Penempatan"). The
columns and the codes written in them are data here; the mapping is in the app's README. Dates are spreadsheet
dates. The placements sheet carries NIKs, so the export is audited (one event, with the counts)."""

import tempfile
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction

from bekal.accounts.access import Capability, can
from bekal.audit.services import audit_record
from bekal.core.tabular import xlsx_append, xlsx_row
from bekal.people.selectors import people_visible_to
from bekal.placement.models import ContractType, OpenTo, Placement, PlacementKind, WageBand
from bekal.placement.selectors import vacancies_visible_to

VACANCY_COLUMNS = [
    "Judul Lowongan",
    "Nama Perusahaan",
    "Sektor Usaha",
    "Jumlah Kebutuhan",
    "Keterampilan",
    "Skema Sertifikasi",
    "Kode Kabupaten/Kota",
    "Kabupaten/Kota",
    "Batas Akhir Lamaran",
    "Terbuka Untuk",
]
PLACEMENT_COLUMNS = [
    "NIK",
    "Nama",
    "Jenis Kelamin",
    "Tanggal Lahir",
    "Pendidikan Terakhir",
    "Status Kerja",
    "Nama Perusahaan",
    "Sektor Usaha",
    "Jabatan",
    "Jenis Hubungan Kerja",
    "Kisaran Upah",
    "Tanggal Mulai Bekerja",
    "Tanggal Berhenti",
]
OPEN_TO: dict[str, str] = {OpenTo.FORMER_ONLY: "Mantan WBP/Klien", OpenTo.EVERYONE: "Umum"}
WORK_STATUS: dict[str, str] = {PlacementKind.EMPLOYED: "Bekerja", PlacementKind.SELF_EMPLOYED: "Wirausaha"}
CONTRACTS: dict[str, str] = {
    ContractType.PERMANENT: "PKWTT",
    ContractType.FIXED_TERM: "PKWT",
    ContractType.DAILY: "Harian Lepas",
    ContractType.INFORMAL: "Tanpa Perjanjian Tertulis",
}
WAGES: dict[str, str] = {
    WageBand.BELOW_MINIMUM: "Di bawah UMK",
    WageBand.MINIMUM: "Setara UMK",
    WageBand.ABOVE_MINIMUM: "Di atas UMK",
    WageBand.UNKNOWN: "",
}
SEX_CODES = {"M": "L", "F": "P"}
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


def _vacancy_rows(vacancies: Any) -> Any:
    # A few thousand vacancies nationally: their programmes come in one prefetch query per chunk.
    for v in (
        vacancies.prefetch_related("programmes").order_by("employer__name", "title", "id").iterator(chunk_size=CHUNK)
    ):
        sector = getattr(getattr(v.employer, "employer_profile", None), "sector", "")
        yield [
            v.title,
            v.employer.name,
            sector,
            v.positions,
            v.skills,
            ", ".join(p.scheme or p.name for p in v.programmes.all()) or v.wanted_programmes,
            v.region_id,
            v.region.name,
            v.closing_date,
            OPEN_TO.get(v.open_to, v.open_to),
        ]


def placements_visible_to(user: Any) -> Any:
    """Return the work placements (employed or self-employed) of the people the user may see."""
    return Placement.objects.filter(person__in=people_visible_to(user), kind__in=list(WORK_STATUS)).order_by(
        "start_date", "id"
    )


PLACEMENT_VALUES = [
    "person__nik",
    "person__full_name",
    "person__sex",
    "person__birth_date",
    "person__education",
    "kind",
    "employer__name",
    "employer__employer_profile__sector",
    "business_name",
    "position",
    "contract_type",
    "wage_band",
    "start_date",
    "ended_on",
]


def _placement_rows(placements: Any) -> Any:
    # Streamed as plain values (no model instances), a chunk at a time: the national list holds every placement.
    rows = placements.values_list(*PLACEMENT_VALUES).iterator(chunk_size=CHUNK)
    for nik, name, sex, born, education, kind, employer, sector, business, position, contract, wage, start, end in rows:
        yield [
            nik or "",
            name,
            SEX_CODES.get(sex, sex),
            born,
            EDUCATION.get(education, ""),
            WORK_STATUS[kind],
            employer or "",
            sector if employer else business,
            position,
            CONTRACTS.get(contract, ""),
            WAGES.get(wage, ""),
            start,
            end,
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

    visible = vacancies_visible_to(actor).select_related("employer__employer_profile", "region")  # 403 first
    workbook = Workbook(write_only=True)
    vacancies = _sheet(workbook, "Lowongan", VACANCY_COLUMNS, _vacancy_rows(visible), {8}, progress)
    placements = 0
    if can(actor, Capability.PLACEMENT_VIEW):
        rows = _placement_rows(placements_visible_to(actor))
        placements = _sheet(workbook, "Penempatan", PLACEMENT_COLUMNS, rows, {3, 11, 12}, progress)
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
