"""Reading an uploaded table: CSV (UTF-8, with or without a byte-order mark) or the first sheet of an XLSX file."""

import csv
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def read_table(filename: str, content: bytes) -> list[dict[str, Any]]:
    """Return the rows as {header: value}; blank rows of a spreadsheet are left out. A file that is neither CSV nor
    XLSX is refused with one clear message on the ``file`` field, instead of a crash."""
    try:
        return _read(filename, content)
    except Exception as exc:  # any parser's error: the user gets its text, not a server error
        raise ValidationError({"file": _("The file could not be read: %(error)s") % {"error": exc}}) from exc


def _read(filename: str, content: bytes) -> list[dict[str, Any]]:
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
