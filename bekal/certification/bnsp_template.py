"""BNSP's candidate list ("daftar asesi") in its upload template: its columns in its order and BNSP's codes, as data
(a change in BNSP's list is one edit here; the mapping is in the app's README). Dates are spreadsheet dates."""

import io
from typing import Any

from bekal.certification.models import AssessmentEvent, Decision
from bekal.core.tabular import xlsx_append

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


def candidate_sheet(*, event: AssessmentEvent, decisions: dict[int, Decision], candidates: Any) -> bytes:
    """Return the candidate list as an XLSX workbook in BNSP's template."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Daftar Asesi"
    xlsx_append(sheet, TEMPLATE)
    programme = event.batch.programme
    for count, enrollment in enumerate(candidates, start=1):
        person = enrollment.person
        xlsx_append(
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
        for column in (5, 16):  # birth date and test date: real dates, shown the Indonesian way
            sheet.cell(row=count + 1, column=column).number_format = DATE_FORMAT
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
