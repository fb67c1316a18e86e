"""Tables in and out: reading an uploaded CSV (UTF-8, with or without a byte-order mark) or the first sheet of an XLSX
file, and writing exports (XLSX, CSV) with text that could run as a formula kept as text."""

import csv
import io
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _


def read_table(filename: str, content: bytes, *, max_rows: int | None = None) -> list[dict[str, Any]]:
    """Return the rows as {header: value}; blank rows of a spreadsheet are left out. A file that is neither CSV nor
    XLSX is refused with one clear message on the ``file`` field, instead of a crash; so is a file with more than
    ``max_rows`` data rows, as soon as the row after the limit is read (the rest is never parsed)."""
    try:
        rows = _read(filename, content)
        if max_rows is None:
            return list(rows)
        out = list(itertools.islice(rows, max_rows + 1))
    except Exception as exc:  # any parser's error: the user gets its text, not a server error
        raise ValidationError({"file": _("The file could not be read: %(error)s") % {"error": exc}}) from exc
    if len(out) > max_rows:
        raise ValidationError({"file": too_many_rows(max_rows)})
    return out


def too_many_rows(limit: int) -> str:
    """Return the refusal of a file with more data rows than ``limit``."""
    return _("The file has more than %(limit)s rows; the most one import takes is %(limit)s: split it") % {
        "limit": number_format(limit, force_grouping=True)
    }


def _read(filename: str, content: bytes) -> Iterator[dict[str, Any]]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        if sheet is None:
            return iter([])
        values = sheet.iter_rows(values_only=True)
        first = next(values, None)
        if first is None:
            return iter([])
        header = [str(h or "").strip() for h in first]
        return (dict(zip(header, row, strict=False)) for row in values if any(c not in (None, "") for c in row))
    text = content.decode("utf-8-sig")
    return iter(csv.DictReader(io.StringIO(text)))


# Writing a table: every export (XLSX and CSV) writes its rows through these, so text a spreadsheet would read as a
# formula (``=HYPERLINK(...)`` typed as a person's name) stays text (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: Any) -> bool:
    """Return whether a spreadsheet could take the value for a formula: text starting with =, +, -, @, tab or CR."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(value: Any) -> Any:
    """Return a CSV cell that opens as text: formula-like text gets a leading apostrophe; anything else is unchanged."""
    return "'" + value if formula_like(value) else value


class SafeCsvWriter:
    """``csv.writer`` whose every text cell goes through ``csv_safe``."""

    def __init__(self, out: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_safe(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: Any, **kwargs: Any) -> SafeCsvWriter:
    """Return a CSV writer for an export (see ``SafeCsvWriter``)."""
    return SafeCsvWriter(out, **kwargs)


def xlsx_row(sheet: Any, row: Iterable[Any]) -> list[Any]:
    """Return the row's cells for ``sheet.append``: formula-like text becomes a cell typed as text with Excel's quote
    prefix (what Excel itself stores for text typed as ``'=...``), so it shows as written and never runs; the value
    read back is the text itself. Works for normal and write-only sheets."""
    from openpyxl.cell import WriteOnlyCell

    cells: list[Any] = []
    for value in row:
        if formula_like(value):
            cell = WriteOnlyCell(sheet, value=None)
            cell.value = value
            cell.data_type = "s"  # after the value: openpyxl types text starting with "=" as a formula
            cell.quotePrefix = True
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def xlsx_append(sheet: Any, row: Iterable[Any]) -> None:
    """Append a row to an export's sheet with every formula-like text cell kept as text (see ``xlsx_row``)."""
    sheet.append(xlsx_row(sheet, row))
