"""Loading a unit's SDP export: a dry run that says what each row would do, and the import that does it.

The file is read as a stream and handled a chunk of rows at a time: each chunk is looked up in a handful of queries
(``plan.Planner``) and written in a handful more (``bulk_create`` and the bulk update of ``core.bulk``), so 270,000
rows take minutes and about the memory of one chunk. The writes send no audit event per row: the import records one
summary event (``people.sdp_import.completed``) with its counts. Custody periods written in bulk are announced to the
apps that derive data from them (the KPI facts) through ``core.registry.bulk_write_contexts``.
"""

import csv
import io
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record
from bekal.core import registry
from bekal.core.bulk import bulk_update
from bekal.organizations.models import Organization, OrganizationKind
from bekal.organizations.time import unit_today
from bekal.people import links
from bekal.people.models import CustodyPeriod, Person, SupervisionPeriod
from bekal.people.nik import nik_mask
from bekal.people.nik_store import nik_digest, nik_encrypt
from bekal.people.sdp.columns import map_headers
from bekal.people.sdp.parse import PERSON_KEYS, RowReader, missing_columns
from bekal.people.sdp.plan import ACTION_LABELS, CUSTODY_COMPARED, Action, Planner, RowPlan
from bekal.people.sdp.reader import Table, open_table
from bekal.people.sdp.seen import SeenKeys
from bekal.people.services import _unit_for

CHUNK = 2_000
# The NIK is written encrypted, with its keyed hash beside it (``nik_store``): the bulk update writes raw values.
PERSON_WRITTEN = [*PERSON_KEYS, "nik_hash", "search_name", "updated_at"]
SUPERVISION_WRITTEN = ["kind", "start_date", "expected_end_date"]


@dataclass
class SdpReport:
    """What an import did (or a dry run would do): rows by action, records written, and the result file."""

    dry_run: bool
    rows: int = 0
    actions: Counter[str] = field(default_factory=Counter)
    people_created: int = 0
    people_updated: int = 0
    periods_created: int = 0
    periods_updated: int = 0
    refused: int = 0
    # Handed to the job as its file (closed by the storage once saved), so not opened in a with block.
    file: IO[bytes] = field(default_factory=lambda: tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024))  # noqa: SIM115


def _chunks(rows: Iterator[list[Any]], size: int) -> Iterator[list[tuple[int, list[Any]]]]:
    numbered = enumerate(rows, start=2)  # row 1 is the header, as a spreadsheet numbers them
    while chunk := list(islice(numbered, size)):
        yield chunk


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


class ResultFile:
    """The job's file, written a chunk at a time: the dry run's plan row by row, or the import's refused rows as
    they were in the file with the reason in a last column (same separator, so Excel opens it the same way)."""

    def __init__(self, report: SdpReport, table: Table) -> None:
        self.report = report
        self.delimiter = table.delimiter
        self.report.file.write("\ufeff".encode())  # the BOM tells Excel the file is UTF-8
        header = (
            [_("Row"), _("Action"), _("Name"), _("NIK"), _("Register number"), _("Changes or reasons")]
            if report.dry_run
            else [*table.header, _("Reason")]
        )
        self._write([header])

    def _write(self, rows: list[list[Any]]) -> None:
        out = io.StringIO()
        csv.writer(out, delimiter=self.delimiter).writerows(rows)
        self.report.file.write(out.getvalue().encode("utf-8"))

    def add(self, plans: list[RowPlan]) -> None:
        if self.report.dry_run:
            self._write([self._plan_line(p) for p in plans])
        else:
            self._write([[_cell(v) for v in p.row.raw] + ["; ".join(p.reasons)] for p in plans if p.reasons])

    def _plan_line(self, plan: RowPlan) -> list[Any]:
        person = plan.row.person
        return [
            plan.row.number,
            str(ACTION_LABELS[plan.action]),
            person.get("full_name", ""),
            nik_mask(person.get("nik") or ""),
            plan.row.period.get("register_number", ""),
            "; ".join(plan.reasons) if plan.reasons else _describe(plan),
        ]


def _label(model: Any, name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def _describe(plan: RowPlan) -> str:
    parts = [_label(Person, name) for name in plan.person_changes]
    model = type(plan.period)
    if plan.period_new:
        parts.append(_("new %(period)s") % {"period": model._meta.verbose_name})
    elif plan.period_changes:
        parts += [_label(model, name) for name in plan.period_changes]
    return ", ".join(parts)


def _write_chunk(plans: list[RowPlan], *, custody: bool, now: datetime, report: SdpReport) -> None:
    """Write the chunk's accepted rows: new people, changed people, new periods, changed periods."""
    good = [p for p in plans if not p.reasons]
    new_people = [p.person for p in good if p.person_new and p.person is not None]
    Person.objects.bulk_create(new_people)
    changed = [p.person for p in good if p.person_changes and p.person is not None]
    for person in changed:
        person.updated_at = now
    bulk_update(Person, PERSON_WRITTEN, [(p.pk, *(_value(p, f) for f in PERSON_WRITTEN)) for p in changed])
    model: Any = CustodyPeriod if custody else SupervisionPeriod
    new_periods = [p.period for p in good if p.period_new]
    model.objects.bulk_create(new_periods)  # takes each new person's id, assigned just above by the database
    changed_periods = [p.period for p in good if p.period_changes]
    fields = CUSTODY_COMPARED if custody else SUPERVISION_WRITTEN
    bulk_update(model, fields, [(p.pk, *(getattr(p, f) for f in fields)) for p in changed_periods])
    if custody:
        # Bulk writes send no signals: tell the apps deriving data from custody periods (inside the deferred block
        # of ``bulk_write_contexts``, each person is gathered and derived once at the end). A person registered by
        # this import has no enrolment, no release (an import writes none) and no confirmed twin, so nothing is
        # derived from them: only people already on record are announced.
        for plan in good:
            if (plan.period_new or plan.period_changes) and not plan.person_new:
                post_save.send(sender=CustodyPeriod, instance=plan.period, created=plan.period_new, update_fields=None)
    # The unit lists read each person's links: rewrite those of every person written (bulk writes send no signal).
    written = [p for p in good if p.person_new or p.person_changes or p.period_new or p.period_changes]
    links.touch(p.person.pk for p in written if p.person is not None)
    report.people_created += len(new_people)
    report.people_updated += len(changed)
    report.periods_created += len(new_periods)
    report.periods_updated += len(changed_periods)


def _value(person: Person, name: str) -> Any:
    if name == "home_region":
        return person.home_region_id
    if name == "nik":
        return nik_encrypt(person.nik) if person.nik else None
    if name == "nik_hash":
        return nik_digest(person.nik) if person.nik else None
    return getattr(person, name)


def _prepare(actor: Any, unit: Organization | None) -> tuple[Organization, bool]:
    require(actor, Capability.PEOPLE_EDIT)
    unit = _unit_for(actor, unit, kinds=OrganizationKind.correctional_units())
    custody = unit.kind in OrganizationKind.custody()
    require(actor, Capability.CUSTODY_EDIT if custody else Capability.SUPERVISION_EDIT)
    return unit, custody


def sdp_check_access(*, actor: Any, unit: Organization | None) -> Organization:
    """Return the unit when the actor may load an SDP export into it (403 or a field error otherwise)."""
    return _prepare(actor, unit)[0]


@transaction.atomic
def sdp_import(
    *,
    actor: Any,
    unit: Organization | None,
    filename: str,
    file: IO[bytes],
    dry_run: bool,
    today: date | None = None,
    progress: Callable[..., None] | None = None,
) -> SdpReport:
    """Plan (``dry_run``) or load the people of an SDP export into the unit: a Lapas, Rutan or LPKA file gives
    custody periods, a Bapas file supervision periods. Refused rows are reported, never half-written."""
    unit, custody = _prepare(actor, unit)
    today = today or unit_today(unit)
    table = open_table(filename, file)
    positions = map_headers(table.header)
    missing = missing_columns(positions, custody=custody)
    if missing:
        raise ValidationError({"file": _("Missing columns: %(columns)s") % {"columns": ", ".join(missing)}})
    report = SdpReport(dry_run=dry_run)
    result = ResultFile(report, table)
    now = timezone.now()
    with SeenKeys() as seen:
        reader = RowReader(positions, custody=custody)
        planner = Planner(unit=unit, custody=custody, today=today, seen=seen)
        for chunk in _chunks(table.rows, CHUNK):
            plans = planner.plan([reader.read(number, raw) for number, raw in chunk])
            if not dry_run:
                # The apps deriving data from the written records (the KPI facts) gather the chunk's people and
                # derive them when its block closes: per chunk, so what they gather never grows with the file.
                with ExitStack() as stack:
                    for context in registry.bulk_write_contexts:
                        stack.enter_context(context())
                    _write_chunk(plans, custody=custody, now=now, report=report)
            result.add(plans)  # written as it goes: the file's rows are never all in memory
            report.rows += len(plans)
            report.actions.update(str(p.action) for p in plans)
            report.refused += sum(1 for p in plans if p.reasons)
            if progress is not None:
                progress(report.rows, max(report.rows, table.total or 0))
    if not dry_run:
        _audit(actor=actor, unit=unit, filename=filename, report=report)
    report.file.seek(0)
    return report


def _audit(*, actor: Any, unit: Organization, filename: str, report: SdpReport) -> None:
    # One summary event for the whole file; the rows themselves are in the job's files, not in the trail.
    audit_record(
        code="people.sdp_import.completed",
        actor=actor,
        unit=unit,
        obj=unit,
        changes={
            "file": [None, filename],
            "rows": [None, report.rows],
            "people_created": [None, report.people_created],
            "people_updated": [None, report.people_updated],
            "periods_created": [None, report.periods_created],
            "periods_updated": [None, report.periods_updated],
            "unchanged": [None, report.actions[Action.UNCHANGED]],
            "refused": [None, report.refused],
        },
    )


def integrity_refusal(error: IntegrityError) -> ValidationError:
    """Return the message for a NIK registered by someone else while the import ran (the unique index refused it)."""
    return ValidationError(
        {"file": _("A NIK in the file was registered by someone else while the import ran; start the import again.")}
    )
