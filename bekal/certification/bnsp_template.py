"""BNSP's candidate list ("daftar asesi") in its upload template: its columns in its order and BNSP's codes, as data
(a change in BNSP's list is one edit here; the mapping is in the app's README). Dates are spreadsheet dates."""

import tempfile
from typing import IO, Any

from bekal.certification.models import AssessmentEvent, Decision
from bekal.core.tabular import xlsx_append, xlsx_row

# BNSP's candidate list ("daftar asesi"), in its column order.
TEMPLATE = [
    "No",
    "Nama Asesi",
    "NIK",
    "Tempat Lahir",
    "Tanggal Lahir",
    "Jenis Kelamin",
    "Alamat",
    "Kode Kota/Kabupaten",
    "No. Telepon",
    "Email",
    "Kode Pendidikan",
    "Kode Pekerjaan",
    "Kode Skema",
    "Nama Skema",
    "TUK",
    "Tanggal Uji",
    "No. Registrasi Asesor",
    "Nama Asesor",
    "Rekomendasi",
]
SEX_CODES = {"M": "L", "F": "P"}
EDUCATION_CODES = {
    "none": "TS",
    "sd": "SD",
    "smp": "SMP",
    "sma": "SMA",
    "smk": "SMK",
    "d3": "D3",
    "s1": "S1",
    "s2": "S2",
}
DATE_FORMAT = "DD-MM-YYYY"
DATE_COLUMNS = (4, 15)  # Tanggal Lahir, Tanggal Uji (0-based)


def candidate_sheet(
    *, event: AssessmentEvent, decisions: dict[int, Decision], candidates: Any
) -> tuple[IO[bytes], int]:
    """Write the candidate list in BNSP's template to a temporary file (a write-only workbook: rows stream through);
    return it with the number of candidates."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Daftar Asesi")
    xlsx_append(sheet, TEMPLATE)
    programme = event.batch.programme
    count = 0
    for count, enrollment in enumerate(candidates, start=1):
        person = enrollment.person
        cells = xlsx_row(
            sheet,
            [
                count,
                person.full_name,
                person.nik or "",
                "",
                person.birth_date,
                SEX_CODES.get(person.sex, person.sex),
                "",
                person.home_region_id or "",
                person.phone,
                "",
                EDUCATION_CODES.get(person.education, ""),
                "",
                programme.scheme_code,
                programme.scheme or programme.name,
                event.get_test_site_display(),
                event.date,
                event.assessor_number,
                event.assessor,
                decisions[enrollment.id].verdict,
            ],
        )
        for column in DATE_COLUMNS:  # birth date and test date: real dates, shown the Indonesian way
            cell = WriteOnlyCell(sheet, value=cells[column])
            cell.number_format = DATE_FORMAT
            cells[column] = cell
        sheet.append(cells)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the job's storage, closed with its file
    workbook.save(out)
    out.seek(0)
    return out, count
