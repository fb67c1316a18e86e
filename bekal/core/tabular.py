"""Reading an uploaded table: CSV (UTF-8, with or without a byte-order mark) or the first sheet of an XLSX file."""

import csv
import io
import itertools
from collections.abc import Iterator
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
