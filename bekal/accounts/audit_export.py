"""The audit trail as a file: CSV or XLSX of the rows a page's filters keep, in the user's language; written through
the shared export writers, so no cell is ever a formula. Run as a background job (``bekal.jobs.audit``): the rows are
read as plain values a chunk at a time into a temporary file (a write-only workbook for XLSX), so memory does not
grow with the trail."""

import io
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.audit import events as audit_events
from bekal.core.tabular import csv_writer, xlsx_append

# The export stops here; narrow the filters (dates, event, unit) for more.
MAX_ROWS = 50_000
CHUNK = 2_000
COLUMNS = ["at", "code", "actor__username", "unit__name", "object_type", "object_id", "object_repr", "changes"]


def header() -> list[str]:
    """Return the export's header in the active language."""
    return [
        _("Time"),
        _("Event code"),
        _("Event"),
        _("Actor"),
        _("Unit"),
        _("Object type"),
        _("Object id"),
        _("Object"),
        _("Changes"),
    ]


def _rows(values: Iterable[tuple[Any, ...]]) -> Iterator[list[str]]:
    for at, code, actor, unit, object_type, object_id, object_repr, changes in values:
        yield [
            timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S"),
            code,
            str(audit_events.label(code)),
            actor or "",
            unit or "",
            object_type,
            object_id,
            object_repr,
            json.dumps(changes, ensure_ascii=False, sort_keys=True) if changes else "",
        ]


def audit_export_file(
    events: Any, file_format: str, *, progress: Callable[[int, int | None], None] | None = None
) -> tuple[IO[bytes], int]:
    """Write the events (a queryset, newest first; at most MAX_ROWS) as CSV or XLSX to a temporary file; return it,
    rewound, with the number of rows."""
    values = events[:MAX_ROWS].values_list(*COLUMNS).iterator(chunk_size=CHUNK)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the job's storage, closed with its file
    count = 0
    if file_format == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Audit trail")[:31])
        xlsx_append(sheet, header())
        for row in _rows(values):
            xlsx_append(sheet, row)
            count += 1
            if progress is not None and count % CHUNK == 0:
                progress(count, None)
        book.save(out)
    else:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        text.write("\ufeff")  # the BOM tells Excel the file is UTF-8
        writer = csv_writer(text)
        writer.writerow(header())
        for row in _rows(values):
            writer.writerow(row)
            count += 1
            if progress is not None and count % CHUNK == 0:
                progress(count, None)
        text.flush()
        text.detach()  # leaves the file open for the storage
    out.seek(0)
    if progress is not None:
        progress(count, count)
    return out, count
