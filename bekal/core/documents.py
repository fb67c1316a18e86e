"""One engine for every printed document: an HTML template rendered to PDF by WeasyPrint, with the fonts the machine
has (Debian's ``fonts-dejavu-core``), a QR code drawn inline as SVG and uploaded images embedded as data URIs, so a
document never fetches anything over the network."""

import base64
import mimetypes
from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render ``template_name`` (extending ``documents/base.html``) with ``context`` and return the PDF's bytes."""
    # Imported here: WeasyPrint loads pango when imported, which pages that never print need not pay for.
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return bytes(HTML(string=html, base_url=None).write_pdf())


def qr_svg(data: str, *, scale: int = 3) -> SafeString:
    """Return ``data`` as a QR code, an SVG element to put inline in a template (medium error correction)."""
    qr = segno.make(data, error="m", micro=False)
    svg = qr.svg_inline(scale=scale, border=2, dark="#000", light="#fff")
    return mark_safe(svg)  # noqa: S308 - segno's own markup; the data is inside its path, not text


def data_uri(content: bytes, name: str) -> str:
    """Return an uploaded image's bytes as a ``data:`` URI (its type guessed from the file name)."""
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(content).decode('ascii')}"
