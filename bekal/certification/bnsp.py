"""Files exchanged with BNSP: the candidate list in its upload template, and the certificates it issues.

The template's columns and codes are data in ``bnsp_template``.

BNSP's certificate list (XLSX or CSV) comes back with a certificate number and issue date per candidate: each row is
matched to a candidate of the assessment by NIK (then by name and birth date) and issued through
``services.certificate_issue`` (the same checks as by hand). A dry run says what each row would do first.
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bekal.accounts.access import Capability, require
from bekal.certification import services
from bekal.certification.models import AssessmentEvent, Decision, Verdict
from bekal.core.tabular import csv_writer
from bekal.people.models import normalise_name
from bekal.people.nik import nik_mask
from bekal.people.sdp.columns import header_key, parse_date, text_of
from bekal.people.sdp.reader import open_table

# The certificate list BNSP hands back: Bekal's field, and the headers that name it.
CERTIFICATE_HEADERS = {
    "nik": ["NIK"],
    "name": ["Nama", "Nama Asesi", "Nama Lengkap"],
    "birth_date": ["Tanggal Lahir"],
    "number": ["Nomor Sertifikat", "No. Sertifikat", "No Sertifikat"],
    "issued_on": ["Tanggal Terbit", "Tanggal Sertifikat", "Tanggal Penerbitan"],
}
_BY_HEADER = {header_key(a): name for name, aliases in CERTIFICATE_HEADERS.items() for a in [name, *aliases]}


CREATE, UNCHANGED, REFUSED = "create", "unchanged", "refused"
ACTION_LABELS = {
    CREATE: gettext_lazy("created"),
    UNCHANGED: gettext_lazy("unchanged"),
    REFUSED: gettext_lazy("refused"),
}


@dataclass
class CertificateRow:
    """One row of BNSP's certificate list and what it does."""

    row: int
    name: str
    nik: str
    number: str
    issued_on: date | None
    action: str = CREATE
    reasons: list[str] = field(default_factory=list)
    decision: Decision | None = None

    @property
    def label(self) -> str:
        return str(ACTION_LABELS[self.action])

    @property
    def nik_masked(self) -> str:
        return nik_mask(self.nik)


def _read(filename: str, content: bytes | IO[bytes]) -> Iterator[dict[str, Any]]:
    """Yield the rows by Bekal field, read from the file as they are needed (openpyxl read-only, csv reader)."""
    table = open_table(filename, io.BytesIO(content) if isinstance(content, bytes) else content)
    positions = {i: _BY_HEADER[header_key(h)] for i, h in enumerate(table.header) if header_key(h) in _BY_HEADER}
    missing = [CERTIFICATE_HEADERS[n][0] for n in ("number", "issued_on") if n not in positions.values()]
    if "nik" not in positions.values() and "name" not in positions.values():
        missing.append(CERTIFICATE_HEADERS["nik"][0])
    if missing:
        raise ValidationError({"file": _("Missing columns: %(columns)s") % {"columns": ", ".join(missing)}})
    return ({name: raw[i] if i < len(raw) else None for i, name in positions.items()} for raw in table.rows)


def _match(cells: dict[str, Any], decisions: list[Decision]) -> Decision | None:
    nik = text_of(cells.get("nik")).replace(" ", "")
    if nik:
        return next((d for d in decisions if d.enrollment.person.nik == nik), None)
    name, born = normalise_name(text_of(cells.get("name"))), parse_date(cells.get("birth_date"))
    found = [
        d
        for d in decisions
        if normalise_name(d.enrollment.person.full_name) == name
        and (born is None or d.enrollment.person.birth_date == born)
    ]
    return found[0] if len(found) == 1 else None


def certificates_check_access(*, actor: Any, event: AssessmentEvent) -> None:
    """Raise unless the actor may load BNSP's certificate list for the assessment (403, or the export's refusal)."""
    require(actor, Capability.ASSESSMENT_RECORD)
    services.bnsp_report_check(actor=actor, event=event)


def certificates_plan(
    *, actor: Any, event: AssessmentEvent, filename: str, content: bytes | IO[bytes]
) -> list[CertificateRow]:
    """Return what each row of BNSP's certificate list would do for the assessment's candidates; writes nothing."""
    certificates_check_access(actor=actor, event=event)
    decisions = list(
        Decision.objects.filter(event=event).select_related("enrollment__person", "certificate").order_by("id")
    )
    plan: list[CertificateRow] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(_read(filename, content), start=2):
        text = text_of(cells.get("number"))
        row = CertificateRow(
            number, text_of(cells.get("name")), text_of(cells.get("nik")), text, parse_date(cells.get("issued_on"))
        )
        decision = _match(cells, decisions)
        if decision is None:
            row.reasons.append(_("No candidate of this assessment has this NIK (or this name and birth date)"))
        if not text:
            row.reasons.append(_("Give the certificate number"))
        elif text in seen:
            row.reasons.append(
                _("Certificate number %(number)s is also on row %(row)s") % {"number": text, "row": seen[text]}
            )
        if row.issued_on is None:
            row.reasons.append(
                _("Issue date %(value)s is not a date") % {"value": text_of(cells.get("issued_on")) or "-"}
            )
        seen.setdefault(text, number)
        if decision is not None:
            row.name = row.name or decision.enrollment.person.full_name
            row.nik = decision.enrollment.person.nik or ""
            existing = getattr(decision, "certificate", None)
            if existing is not None and existing.number == text and existing.issued_on == row.issued_on:
                row.action = UNCHANGED
            elif existing is not None:
                row.reasons.append(_("Certificate %(number)s is already issued") % {"number": existing.number})
            elif decision.verdict != Verdict.COMPETENT:
                row.reasons.append(_("The LSP decided Belum Kompeten; a certificate needs Kompeten"))
        row.decision = decision
        if row.reasons:
            row.action = REFUSED
        plan.append(row)
    return plan


@transaction.atomic
def certificates_import(
    *, actor: Any, event: AssessmentEvent, filename: str, content: bytes | IO[bytes]
) -> list[CertificateRow]:
    """Issue the certificates of BNSP's list: every row the dry run accepts, through ``certificate_issue`` (its
    checks and its audit event); a row the service refuses is reported with the service's reason."""
    plan = certificates_plan(actor=actor, event=event, filename=filename, content=content)
    for row in plan:
        if row.action != CREATE or row.decision is None or row.issued_on is None:
            continue
        try:
            with transaction.atomic():
                services.certificate_issue(
                    actor=actor, decision=row.decision, number=row.number, issued_on=row.issued_on
                )
        except ValidationError as error:
            row.action, row.reasons = REFUSED, list(error.messages)
    return plan


def plan_csv(rows: list[CertificateRow]) -> bytes:
    """Return the rows and what each does (or did) as a CSV for the job's file: NIK masked, formulas kept as text."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(plan_header())
    for r in rows:
        issued = r.issued_on.isoformat() if r.issued_on else ""
        writer.writerow([r.row, r.label, r.name, r.nik_masked, r.number, issued, "; ".join(r.reasons)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def plan_header() -> list[str]:
    """Return the header of a plan's file, in the active language."""
    return [_("Row"), _("Action"), _("Name"), _("NIK"), _("certificate number"), _("issued on"), _("Reasons")]
