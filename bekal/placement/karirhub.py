"""Employers' vacancies and the placements of released people, in the columns Kemnaker's job portal (Karirhub,
SIAPkerja) asks for: one XLSX with a sheet of vacancies ("Lowongan") and one of placements ("Penempatan"). The
columns and the codes written in them are data here; the mapping is in the app's README. Dates are spreadsheet
dates. The placements sheet carries NIKs, so the export is audited (one event, with the counts)."""

import io
from typing import Any

from django.db import transaction

from bekal.accounts.access import Capability, can
from bekal.audit.services import audit_record
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


def _vacancy_rows(vacancies: Any) -> Any:
    for v in vacancies.order_by("employer__name", "title", "id"):
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
    """Return the work placements (employed or self-employed) of the people the user may see, with what the sheet
    reads loaded."""
    return (
        Placement.objects.filter(person__in=people_visible_to(user), kind__in=list(WORK_STATUS))
        .select_related("person", "employer__employer_profile")
        .order_by("start_date", "id")
    )


def _placement_rows(placements: Any) -> Any:
    for p in placements:
        person, employer = p.person, p.employer
        profile = getattr(employer, "employer_profile", None) if employer else None
        yield [
            person.nik or "",
            person.full_name,
            SEX_CODES.get(person.sex, person.sex),
            person.birth_date,
            EDUCATION.get(person.education, ""),
            WORK_STATUS[p.kind],
            employer.name if employer else "",
            profile.sector if profile else p.business_name,
            p.position,
            CONTRACTS.get(p.contract_type, ""),
            WAGES.get(p.wage_band, ""),
            p.start_date,
            p.ended_on,
        ]


def _sheet(workbook: Any, title: str, header: list[str], rows: Any, dates: set[int]) -> int:
    from openpyxl.cell import WriteOnlyCell

    sheet = workbook.create_sheet(title)
    sheet.append(header)
    count = 0
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=value)
            if i in dates:
                cell.number_format = DATE_FORMAT
            cells.append(cell)
        sheet.append(cells)
        count += 1
    return count


@transaction.atomic
def karirhub_export(*, actor: Any) -> bytes:
    """Return the XLSX for Karirhub: the vacancies the actor may see; the placements sheet only for staff who may
    see people's placements (never an employer's staff). 403 for those who may see no vacancy."""
    from openpyxl import Workbook

    visible = vacancies_visible_to(actor).select_related("employer__employer_profile")  # 403 before any sheet
    workbook = Workbook(write_only=True)
    vacancies = _sheet(workbook, "Lowongan", VACANCY_COLUMNS, _vacancy_rows(visible), {8})
    placements = 0
    if can(actor, Capability.PLACEMENT_VIEW):
        placements = _sheet(
            workbook, "Penempatan", PLACEMENT_COLUMNS, _placement_rows(placements_visible_to(actor)), {3, 11, 12}
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit_record(
        code="placement.karirhub.exported",
        actor=actor,
        unit=actor.organization,
        obj=actor.organization,
        changes={"vacancies": [None, vacancies], "placements": [None, placements]},
    )
    return buffer.getvalue()
