"""The audit trail as a file: CSV or XLSX of the rows a page's filters keep, in the user's language; written through
the shared export writers, so no cell is ever a formula."""

import io
import json
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.audit.models import AuditEvent
from bekal.core.tabular import csv_writer, xlsx_append

# The export stops here; narrow the filters (dates, event, unit) for more.
MAX_ROWS = 50_000


def _rows(events: Iterable[AuditEvent]) -> Iterable[list[str]]:
    for e in events:
        yield [
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            e.code,
            str(e.label),
            e.actor.username if e.actor else "",
            str(e.unit) if e.unit else "",
            e.object_type,
            e.object_id,
            e.object_repr,
            json.dumps(e.changes, ensure_ascii=False, sort_keys=True) if e.changes else "",
        ]


def audit_export(events: Iterable[AuditEvent], file_format: str) -> HttpResponse:
    """Return the events as a CSV or XLSX download."""
    header = [
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
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if file_format == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Audit trail")[:31])
        xlsx_append(sheet, header)
        for row in _rows(events):
            xlsx_append(sheet, row)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        buffer_text = io.StringIO()
        writer = csv_writer(buffer_text)
        writer.writerow(header)
        writer.writerows(_rows(events))
        response = HttpResponse("\ufeff" + buffer_text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.{file_format}"'
    response["Cache-Control"] = "no-store"
    return response
