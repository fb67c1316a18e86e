"""Reading a year of holidays from a CSV or XLSX file (the holidays page and ``POST /api/v1/holidays/import``).

Columns, English or Indonesian headers: ``date``/``tanggal`` (2027-01-01 or 01/01/2027, or a spreadsheet date),
``name``/``nama``, optional ``kind``/``jenis`` (``holiday``/``libur`` or ``joint_leave``/``cuti bersama``), optional
``to_confirm``/``belum_pasti`` (ya/yes/1). Every row must fall in the year imported; a bad row refuses the whole file,
each problem named with its row number.
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from bekal.core.formats import readable
from bekal.core.tabular import read_table
from bekal.core.uploads import check_upload
from bekal.training.models import HolidayKind
from bekal.training.services.holidays import HolidayRow

MAX_ROWS = 400  # a year has 366 days
HEADERS = {
    "date": ("date", "tanggal"),
    "name": ("name", "nama", "keterangan"),
    "kind": ("kind", "jenis"),
    "to_confirm": ("to_confirm", "belum_pasti", "belum pasti", "tentatif"),
}
KINDS = {
    "": HolidayKind.HOLIDAY,
    "holiday": HolidayKind.HOLIDAY,
    "libur": HolidayKind.HOLIDAY,
    "libur nasional": HolidayKind.HOLIDAY,
    "joint_leave": HolidayKind.JOINT_LEAVE,
    "joint leave": HolidayKind.JOINT_LEAVE,
    "cuti bersama": HolidayKind.JOINT_LEAVE,
    "cuti_bersama": HolidayKind.JOINT_LEAVE,
}
YES = {"1", "ya", "yes", "y", "true", "x"}
NO = {"", "0", "tidak", "no", "n", "false"}


def _cell(row: dict[str, Any], key: str) -> Any:
    lowered = {str(k or "").strip().lower(): v for k, v in row.items()}
    for header in HEADERS[key]:
        if header in lowered and lowered[header] is not None:
            return lowered[header]
    return ""


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _row(number: int, raw: dict[str, Any], year: int, seen: set[date]) -> tuple[HolidayRow | None, list[str]]:
    problems: list[str] = []
    where = _("Row %(row)s") % {"row": number}
    try:
        day = _date(_cell(raw, "date"))
    except ValueError:
        return None, [
            _("%(where)s: date %(value)s is not a date such as 2027-01-01 or 01/01/2027")
            % {"where": where, "value": repr(str(_cell(raw, "date")))}
        ]
    if day.year != year:
        problems.append(
            _("%(where)s: %(date)s is not in %(year)s") % readable({"where": where, "date": day, "year": year})
        )
    if day in seen:
        problems.append(_("%(where)s: %(date)s is listed twice") % readable({"where": where, "date": day}))
    seen.add(day)
    name = str(_cell(raw, "name")).strip()
    if not name or len(name) > 120:
        problems.append(_("%(where)s: give the holiday's name, at most 120 characters") % {"where": where})
    kind_text = str(_cell(raw, "kind")).strip().lower()
    kind = KINDS.get(kind_text)
    if kind_text == "" and name.lower().startswith("cuti bersama"):
        kind = HolidayKind.JOINT_LEAVE
    if kind is None:
        problems.append(
            _("%(where)s: kind %(value)s is neither holiday nor cuti bersama")
            % {"where": where, "value": repr(kind_text)}
        )
    confirm_text = str(_cell(raw, "to_confirm")).strip().lower()
    if confirm_text not in YES | NO:
        problems.append(
            _("%(where)s: to be confirmed %(value)s is neither yes nor no")
            % {"where": where, "value": repr(confirm_text)}
        )
    if problems:
        return None, problems
    return HolidayRow(date=day, name=name, kind=str(kind), to_confirm=confirm_text in YES), []


def holiday_rows_read(*, filename: str, content: bytes, year: int) -> list[HolidayRow]:
    """Return the file's holidays for the year, or refuse the file with every problem named by its row."""
    check_upload(name=filename, head=content, size=len(content), kind="table", field="file")
    table = read_table(filename, content, max_rows=MAX_ROWS)
    rows: list[HolidayRow] = []
    problems: list[str] = []
    seen: set[date] = set()
    for number, raw in enumerate(table, start=2):  # row 1 is the header
        row, found = _row(number, raw, year, seen)
        problems.extend(found)
        if row is not None:
            rows.append(row)
    if not table:
        problems.append(_("The file has no holiday rows"))
    if problems:
        raise ValidationError({"file": problems})
    return sorted(rows, key=lambda r: r.date)
