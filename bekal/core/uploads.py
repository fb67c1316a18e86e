"""Checking an uploaded file before it is kept: its kind read from its first bytes (not its name alone) and its size
against the limit for that kind (``settings.BEKAL_UPLOAD_MAX_MB``, each limit an environment variable).

Kinds: ``document`` (a PDF: signed agreements, litmas) and ``table`` (a register or catalogue import: CSV text or an
XLSX workbook, which is a ZIP archive).
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
SNIFF_BYTES = 4096
MB = 1024 * 1024
KIND_LABELS = {"document": gettext_lazy("PDF documents"), "table": gettext_lazy("CSV or XLSX tables")}


def upload_limit_mb(kind: str) -> int:
    """Return the size limit of a kind of upload, in MB."""
    return int(settings.BEKAL_UPLOAD_MAX_MB[kind])


def _looks_like(kind: str, name: str, head: bytes) -> bool:
    lower = name.lower()
    if kind == "document":
        return lower.endswith(".pdf") and head.startswith(PDF_MAGIC)
    if lower.endswith(".xlsx"):
        return head.startswith(ZIP_MAGIC)
    if lower.endswith(".csv"):
        # Text: no NUL byte, not a PDF or an archive renamed. UTF-8, or Windows-1252, which Excel writes under
        # Indonesian settings (the SDP export): any byte but NUL is a character there, so the reader decides which.
        return b"\x00" not in head and not head.startswith((PDF_MAGIC, ZIP_MAGIC))
    return False


def check_upload(*, name: str, head: bytes, size: int, kind: str, field: str) -> None:
    """Raise a ``ValidationError`` on ``field`` unless the file's first bytes match its kind and its size is within
    the kind's limit; the message names the file, the limit and the size."""
    label = KIND_LABELS[kind]
    if not _looks_like(kind, name, head[:SNIFF_BYTES]):
        raise ValidationError(
            {
                field: _("%(name)s is not one of the accepted %(kind)s (its content was checked)")
                % {"name": name, "kind": label}
            }
        )
    limit = upload_limit_mb(kind)
    if size > limit * MB:
        raise ValidationError(
            {
                field: _("%(name)s is %(size)s MB; the limit for %(kind)s is %(max)s MB")
                % {"name": name, "size": number_format(size / MB, decimal_pos=1), "kind": label, "max": limit}
            }
        )


def check_uploaded_file(document: Any, *, kind: str, field: str) -> None:
    """``check_upload`` for a Django ``UploadedFile``: reads its first bytes and puts it back at the start."""
    document.seek(0)
    head = document.read(SNIFF_BYTES)
    document.seek(0)
    size = document.size if getattr(document, "size", None) is not None else len(head)
    check_upload(name=document.name or "", head=head, size=size, kind=kind, field=field)
