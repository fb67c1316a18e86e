"""Reading an SDP export row by row without holding it: CSV (comma or semicolon; UTF-8 with or without a byte-order
mark, or Windows-1252 as Excel writes under Indonesian settings) or the first sheet of an XLSX file (openpyxl's
read-only mode streams the sheet)."""

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SAMPLE = 64 * 1024


@dataclass
class Table:
    """An opened file: its header row, its rows (an iterator of lists, read as they are needed) and how it was
    written, so the refused rows can be handed back the same way."""

    header: list[str]
    rows: Iterator[list[Any]]
    delimiter: str = ","
    encoding: str = "utf-8"
    total: int | None = None  # rows expected (lines less the header), for the progress bar


def _encoding(file: IO[bytes]) -> tuple[str, int]:
    """Return "utf-8-sig" when the whole file decodes as UTF-8, else "cp1252", and its number of lines (read in
    pieces, then rewound)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, lines = True, 0
    file.seek(0)
    while piece := file.read(SAMPLE):
        lines += piece.count(b"\n")
        if utf8:
            try:
                decoder.decode(piece)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    file.seek(0)
    return ("utf-8-sig" if utf8 else "cp1252"), lines


def _delimiter(first_line: str) -> str:
    """Return the header line's separator: the sniffer's choice among comma, semicolon and tab, else the most
    frequent of them (Excel under Indonesian settings separates with semicolons)."""
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: first_line.count(d) for d in (";", ",", "\t")}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _lines(file: IO[bytes], encoding: str) -> Iterator[str]:
    """Yield the file's lines decoded, ends kept (csv joins a quoted field's lines itself). Both encodings keep
    b"\n" a byte of its own, so splitting the bytes first is safe; the caller's file stays open."""
    # Windows-1252 leaves five bytes undefined: such a byte shows as a replacement mark instead of stopping.
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    for raw in file:
        yield decoder.decode(raw)


def _open_csv(file: IO[bytes]) -> Table:
    encoding, lines = _encoding(file)
    text = _lines(file, encoding)
    first = next(text, "")
    delimiter = _delimiter(first)
    header = next(csv.reader([first], delimiter=delimiter), [])
    rows = (row for row in csv.reader(text, delimiter=delimiter) if any(cell.strip() for cell in row))
    used = "cp1252" if encoding == "cp1252" else "utf-8"
    return Table([h.strip() for h in header], rows, delimiter, used, total=max(lines - 1, 0) or None)


def _open_xlsx(file: IO[bytes]) -> Table:
    from openpyxl import load_workbook

    sheet = load_workbook(file, read_only=True, data_only=True).active
    if sheet is None:
        return Table([], iter([]))
    values = sheet.iter_rows(values_only=True)
    header = [str(h or "").strip() for h in next(values, ())]
    rows = (list(row) for row in values if any(c not in (None, "") for c in row))
    total = (sheet.max_row or 1) - 1 if getattr(sheet, "max_row", None) else None
    return Table(header, rows, total=total or None)


def open_table(filename: str, file: IO[bytes]) -> Table:
    """Open the file by its name's ending; a file that cannot be read is refused with the parser's reason."""
    try:
        return _open_xlsx(file) if filename.lower().endswith(".xlsx") else _open_csv(file)
    except Exception as exc:  # any parser's error: the user gets its text, not a server error
        raise ValidationError({"file": _("The file could not be read: %(error)s") % {"error": exc}}) from exc
