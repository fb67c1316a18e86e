"""Reading an uploaded table: CSV (UTF-8, with or without a byte-order mark) or the first sheet of an XLSX file."""

import csv
import io
from typing import Any


def read_table(filename: str, content: bytes) -> list[dict[str, Any]]:
    """Return the rows as {header: value}; blank rows of a spreadsheet are left out. Raises on an unreadable file."""
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        if sheet is None:
            return []
        values = list(sheet.iter_rows(values_only=True))
        if not values:
            return []
        header = [str(h or "").strip() for h in values[0]]
        return [dict(zip(header, row, strict=False)) for row in values[1:] if any(c not in (None, "") for c in row)]
    text = content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))
