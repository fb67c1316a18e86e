"""Registering many people at once from a CSV or XLSX file (a unit's register moving into Bekal).

Every row passes the same checks as the registration form (`services._person_errors`: name, birth date, sex, NIK
against birth date and sex, education, regency). A NIK already registered, a NIK twice in the file, or the same
name and birth date as someone registered is refused for that row: an import never merges and never asks "same
person?"; those rows are listed with their reasons for the registration page, where a person can be confirmed.
The good rows are written in one transaction by the database's bulk path (COPY on PostgreSQL), with one audit
event for the import.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record
from bekal.core.bulk import bulk_insert
from bekal.core.tabular import read_table
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.people.models import Person, normalise_name
from bekal.people.services import PERSON_FIELDS, _person_errors, _today, _unit_for, find_by_nik
from bekal.rules.selectors import rule_int

COLUMNS = ["full_name", "nik", "birth_date", "sex", "education", "home_region", "phone", "other_names"]
REQUIRED = ["full_name", "birth_date", "sex"]
SEX_ALIASES = {"L": "M", "P": "F", "M": "M", "F": "F"}  # Indonesian forms use L (laki-laki) and P (perempuan)
CHUNK = 2_000


@dataclass
class PeopleImportReport:
    """What an import did: how many people it registered, and each refused row with its reasons."""

    created: int = 0
    errors: list[tuple[int, list[str]]] = field(default_factory=list)
    first_id: int | None = None
    last_id: int | None = None


def _date(text: str) -> date | None:
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value).strip()


def _parse(row: dict[str, Any], regencies: dict[str, Region]) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    raw = {column: _text(row.get(column)) for column in COLUMNS}
    for column in REQUIRED:
        if not raw[column]:
            problems.append(_("%(column)s is required") % {"column": column})
    birth = _date(raw["birth_date"]) if raw["birth_date"] else None
    if raw["birth_date"] and birth is None:
        problems.append(
            _("birth_date: %(value)s is not a date (YYYY-MM-DD or DD-MM-YYYY)") % {"value": raw["birth_date"]}
        )
    region = None
    if raw["home_region"]:
        region = regencies.get(raw["home_region"])
        if region is None:
            problems.append(
                _("home_region: %(value)s is not a regency or city code (Kemendagri)") % {"value": raw["home_region"]}
            )
    data = {
        "full_name": " ".join(raw["full_name"].split()),
        "other_names": raw["other_names"],
        "nik": raw["nik"].replace(" ", "") or None,
        "birth_date": birth,
        "sex": SEX_ALIASES.get(raw["sex"].upper(), raw["sex"]),
        "education": raw["education"].lower(),
        "home_region": region,
        "phone": raw["phone"],
    }
    return data, problems


def _cell(value: Any) -> Any:
    """Return a value as a COPY column takes it: a regency by its code."""
    return value.code if isinstance(value, Region) else value


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _registered_twins(keys: list[tuple[str, date]]) -> set[tuple[str, date]]:
    """Return the (normalised name, birth date) pairs already registered. On PostgreSQL one join of the pairs as
    arrays with the (birth date, name) index; elsewhere by chunks of names."""
    found: set[tuple[str, date]] = set()
    if not keys:
        return found
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT p.search_name, p.birth_date FROM people_person p "
                "JOIN unnest(%s::text[], %s::date[]) AS k(name, born) "
                "ON p.birth_date = k.born AND p.search_name = k.name",
                [[k[0] for k in keys], [k[1] for k in keys]],
            )
            found.update(cursor.fetchall())
        return found
    wanted = set(keys)
    for chunk in _chunks(sorted({name for name, _born in keys}), CHUNK):
        for pair in Person.objects.filter(search_name__in=chunk).values_list("search_name", "birth_date"):
            if pair in wanted:
                found.add(pair)
    return found


def _checked_rows(
    rows: list[dict[str, str]],
    report: PeopleImportReport,
    *,
    today: date,
    progress: Callable[[int, int], None] | None = None,
) -> list[tuple[int, dict[str, Any]]]:
    """Return (row number, person data) for each row the registration rules accept; refused rows go to the report
    with their reasons (a NIK twice in the file included)."""
    regencies = {r.code: r for r in Region.objects.filter(level=Region.Level.REGENCY)}
    provinces = set(Region.objects.filter(level=Region.Level.PROVINCE).values_list("code", flat=True))
    female_offset = rule_int("identity.nik.female_day_offset", on=today)  # read once, not once a row
    parsed: list[tuple[int, dict[str, Any]]] = []
    seen_nik: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        if progress is not None and number % CHUNK == 0:
            progress(number - 2, len(rows))
        data, problems = _parse(row, regencies)
        if not problems:
            problems = list(
                _person_errors(data, today=today, province_codes=provinces, female_offset=female_offset).values()
            )
        nik = data["nik"]
        if not problems and nik:
            if nik in seen_nik:
                problems.append(_("NIK %(nik)s is also on row %(row)s") % {"nik": nik, "row": seen_nik[nik]})
            seen_nik.setdefault(nik, number)
        if problems:
            report.errors.append((number, problems))
        else:
            data["search_name"] = normalise_name(data["full_name"], *data["other_names"].split(","))
            parsed.append((number, data))
    return parsed


def _not_registered(parsed: list[tuple[int, dict[str, Any]]], report: PeopleImportReport) -> list[dict[str, Any]]:
    """Return the rows of people not registered yet; a taken NIK or a registered name-and-birth-date twin goes to the
    report instead (nothing is merged silently)."""
    # Already registered: a NIK, or the same name and birth date (on the indexed columns).
    taken_nik: set[str] = set()
    for chunk in _chunks([d["nik"] for _n, d in parsed if d["nik"]], CHUNK):
        taken_nik.update(find_by_nik(chunk))
    twins = _registered_twins([(normalise_name(d["full_name"]), d["birth_date"]) for _n, d in parsed])
    good: list[dict[str, Any]] = []
    for number, data in parsed:
        if data["nik"] in taken_nik:
            report.errors.append((number, [_("NIK %(nik)s is already registered") % {"nik": data["nik"]}]))
        elif (normalise_name(data["full_name"]), data["birth_date"]) in twins:
            report.errors.append(
                (
                    number,
                    [
                        _(
                            "%(name)s born %(date)s may already be registered: register this person on the "
                            "registration page, which shows the possible match"
                        )
                        % {"name": data["full_name"], "date": data["birth_date"].isoformat()}
                    ],
                )
            )
        else:
            good.append(data)
    return good


@transaction.atomic
def people_import(
    *,
    actor: Any,
    unit: Organization | None,
    filename: str,
    content: bytes,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PeopleImportReport:
    """Register the file's people at the unit: good rows saved together, refused rows reported with their reasons.

    Columns: full_name, birth_date, sex (M/F or L/P) required; nik, education, home_region (Kemendagri code of a
    regency or city), phone, other_names optional. ``progress(done, total)`` hears how many rows are checked.
    """
    require(actor, Capability.PEOPLE_EDIT)
    unit = _unit_for(actor, unit, kinds=OrganizationKind.correctional_units(), field="registered_unit")
    today = today or _today()
    rows = read_table(filename, content)
    missing = [c for c in REQUIRED if rows and c not in rows[0]]
    if missing:
        raise ValidationError({"file": _("Missing columns: %(columns)s") % {"columns": ", ".join(missing)}})
    report = PeopleImportReport()
    parsed = _checked_rows(rows, report, today=today, progress=progress)
    good = _not_registered(parsed, report)
    report.errors.sort()
    if good:
        now = timezone.now()
        # The registration form's fields, in the service's own order, then what the import derives.
        fields = [*PERSON_FIELDS, "search_name", "registered_unit", "created_at", "updated_at"]
        report.created = bulk_insert(
            Person,
            fields,
            ((*(_cell(d[name]) for name in PERSON_FIELDS), d["search_name"], unit.pk, now, now) for d in good),
        )
        # The rows carry this transaction's timestamp: their ids, assigned by the database, for the audit trail.
        ids = Person.objects.filter(registered_unit=unit, created_at=now).aggregate(a=Min("id"), b=Max("id"))
        report.first_id, report.last_id = ids["a"], ids["b"]
    audit_record(
        code="people.import.completed",
        actor=actor,
        unit=unit,
        obj=unit,
        changes={
            "file": [None, filename],
            "created": [None, report.created],
            "ids": [None, [report.first_id, report.last_id]],
            "refused_rows": [None, [n for n, _r in report.errors]],
        },
    )
    if progress is not None:
        progress(len(rows), len(rows))
    return report
