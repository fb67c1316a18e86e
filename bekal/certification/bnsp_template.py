"""BNSP's candidate list ("Form Daftar Asesi") in its upload template: its columns in its order and BNSP's codes, as
data (a change in BNSP's list is one edit here; the mapping and its sources are in the app's README). Dates are
spreadsheet dates shown dd/mm/yyyy, as the template's headers ask.

Sources (public code of LSP systems that fill this template; the column list is the same in each):
inifikri/lsp-v3 ``admin/exporthasilasesmen.php`` (SILSP, "silsp.online"); Shela868/Sistem-Pengelolaan-Data-Peserta-
Sertifikasi ``app/Exports/mitraumiExport.php``; dhazzero/LSPFI-DataManagementSystem ``data.go`` (fields) and
``web/data/master_data.sql`` (table ``ParameterBnsp``: the education codes below)."""

import tempfile
from typing import IO, Any

from bekal.certification.models import AssessmentEvent, Decision
from bekal.core.tabular import xlsx_append, xlsx_row

# BNSP's candidate list, in its column order, with its headers as LSP systems write them.
TEMPLATE = [
    "No",
    "NAMA ASESI",
    "NIK",
    "TEMPAT LAHIR",
    "TANGGAL LAHIR (dd/mm/yyyy)",
    "JENIS KELAMIN (L/P)",
    "TEMPAT TINGGAL",
    "KODE KOTA",
    "KODE PROVINSI",
    "TELP",
    "EMAIL",
    "KODE PENDIDIKAN",
    "KODE PEKERJAAN",
    "KODE JADWAL",
    "TANGGAL UJI (hh/bb/yyyy)",
    "NOMOR REGISTRASI ASESOR",
    "KODE SUMBER ANGGARAN",
    "KODE KEMENTERIAN",
    "K/BK",
]
SEX_CODES = {"M": "L", "F": "P"}  # the header's own "(L/P)"
# BNSP's education codes ("ParameterBnsp", category PENDIDIKAN): 01 SD, 02 SMP, 04 SMA/SMK, 05 D1/D2/D3,
# 06 S1/D4, 08 S2, 09 S3. The list has no code for no schooling: left empty for the LSP to settle.
EDUCATION_CODES = {
    "none": "",
    "sd": "01",
    "smp": "02",
    "sma": "04",
    "smk": "04",
    "d3": "05",
    "s1": "06",
    "s2": "08",
}
DATE_FORMAT = "DD/MM/YYYY"
DATE_COLUMNS = (4, 14)  # Tanggal Lahir, Tanggal Uji (0-based)

# Not in BNSP's list (the scheme goes with BNSP's schedule, "Kode Jadwal"): what the LSP needs to request the
# certificate blanks, on a second sheet so the first stays the template.
EVENT_SHEET = "Keterangan"
EVENT_FIELDS = ["Kode Skema", "Nama Skema", "TUK", "Nama Asesor", "Nomor Registrasi Asesor", "Tanggal Uji"]


def region_codes(region_code: str | None) -> tuple[str, str]:
    """Return BNSP's regency/city and province codes for a Kemendagri code ("16.08" -> "1608", "16"): BNSP's
    region list is Kemendagri's, written without the dot."""
    if not region_code:
        return "", ""
    parts = region_code.split(".")
    return ("".join(parts[:2]) if len(parts) > 1 else ""), parts[0]


def _dated(sheet: Any, cells: list[Any], columns: tuple[int, ...]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell

    for column in columns:  # real dates, shown the way the template's header says
        cell = WriteOnlyCell(sheet, value=cells[column])
        cell.number_format = DATE_FORMAT
        cells[column] = cell
    return cells


def candidate_sheet(
    *, event: AssessmentEvent, decisions: dict[int, Decision], candidates: Any
) -> tuple[IO[bytes], int]:
    """Write the candidate list in BNSP's template to a temporary file (a write-only workbook: rows stream through);
    return it with the number of candidates."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Daftar Asesi")
    xlsx_append(sheet, TEMPLATE)
    count = 0
    for count, enrollment in enumerate(candidates, start=1):
        person = enrollment.person
        city, province = region_codes(person.home_region_id)
        row = [
            count,
            person.full_name,
            person.nik or "",
            "",  # place of birth: not kept by Bekal
            person.birth_date,
            SEX_CODES.get(person.sex, person.sex),
            "",  # address: not kept by Bekal
            city,
            province,
            person.phone,
            "",  # e-mail: not kept by Bekal
            EDUCATION_CODES.get(person.education, ""),
            "",  # occupation code: not kept by Bekal
            "",  # BNSP's schedule code: given by BNSP's system to the LSP
            event.date,
            event.assessor_number,
            "",  # funding source code: the LSP's
            "",  # ministry code: the LSP's
            decisions[enrollment.id].verdict,
        ]
        sheet.append(_dated(sheet, xlsx_row(sheet, row), DATE_COLUMNS))
    programme = event.batch.programme
    info = workbook.create_sheet(EVENT_SHEET)
    xlsx_append(info, EVENT_FIELDS)
    values = [
        programme.scheme_code,
        programme.scheme or programme.name,
        event.get_test_site_display(),
        event.assessor,
        event.assessor_number,
        event.date,
    ]
    info.append(_dated(info, xlsx_row(info, values), (5,)))
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the job's storage, closed with its file
    workbook.save(out)
    out.seek(0)
    return out, count
