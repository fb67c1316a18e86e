"""One SDP row turned into Bekal's values: the person's fields and the period's, with what cannot be read."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bekal.organizations.models import Region
from bekal.people.sdp import columns as c

PERSON_KEYS = ["full_name", "other_names", "nik", "birth_date", "sex", "education", "home_region", "phone"]
CUSTODY_KEYS = [
    "register_number",
    "register_class",
    "admission_date",
    "offence_category",
    "sentence_years",
    "sentence_months",
    "sentence_days",
    "expected_release_date",
]
SUPERVISION_KEYS = ["kind", "start_date", "expected_end_date"]


@dataclass
class ParsedRow:
    """A row's values by Bekal field; only the cells the file fills (an update keeps what the file leaves blank)."""

    number: int
    raw: list[Any]
    person: dict[str, Any] = field(default_factory=dict)
    period: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def nik(self) -> str | None:
        return self.person.get("nik")

    @property
    def register_key(self) -> str:
        return str(self.period.get("register_number") or "").upper()


class RowReader:
    """Reads rows of one file: knows its columns, the regencies and the date the rows are checked on."""

    def __init__(self, positions: dict[int, str], *, custody: bool) -> None:
        self.positions = positions
        self.custody = custody
        self.regencies = {r.code: r for r in Region.objects.filter(level=Region.Level.REGENCY)}

    def cells(self, raw: list[Any]) -> dict[str, Any]:
        return {name: raw[i] if i < len(raw) else None for i, name in self.positions.items()}

    def read(self, number: int, raw: list[Any]) -> ParsedRow:
        cells = self.cells(raw)
        row = ParsedRow(number, raw)
        texts = {name: c.text_of(value) for name, value in cells.items()}
        self._person(row, cells, texts)
        if self.custody:
            self._custody(row, cells, texts)
        else:
            self._supervision(row, cells, texts)
        return row

    def _date(self, row: ParsedRow, cells: dict[str, Any], texts: dict[str, str], name: str, label: Any) -> Any:
        if not texts.get(name):
            return None
        value = c.parse_date(cells[name])
        if value is None:
            row.problems.append(
                _("%(column)s: %(value)s is not a date (DD-MM-YYYY, YYYY-MM-DD or 5 Februari 2027)")
                % {"column": label, "value": texts[name]}
            )
        return value

    def _choice(self, row: ParsedRow, texts: dict[str, str], name: str, table: dict[str, str], label: Any) -> Any:
        text = texts.get(name) or ""
        if not text:
            return None
        key = c.header_key(text)
        value = table.get(key) or table.get(key.replace(" ", ""))
        if value is None:
            row.problems.append(
                _("%(column)s: %(value)s is not one of the values Bekal knows (see the column mapping)")
                % {"column": label, "value": text}
            )
        return value

    def _person(self, row: ParsedRow, cells: dict[str, Any], texts: dict[str, str]) -> None:
        person = row.person
        if texts.get("full_name"):
            person["full_name"] = " ".join(texts["full_name"].split())
        for name in ("other_names", "phone"):
            if texts.get(name):
                person[name] = texts[name]
        if texts.get("nik"):
            person["nik"] = texts["nik"].replace(" ", "").replace("'", "")
        born = self._date(row, cells, texts, "birth_date", gettext_lazy("Birth date"))
        if born is not None:
            person["birth_date"] = born
        for name, table, label in (
            ("sex", c.SEXES, gettext_lazy("Sex")),
            ("education", c.EDUCATIONS, gettext_lazy("Education")),
        ):
            value = self._choice(row, texts, name, table, label)
            if value is not None:
                person[name] = value
        if texts.get("home_region"):
            region = self.regencies.get(texts["home_region"])
            if region is None:
                row.problems.append(
                    _("home_region: %(value)s is not a regency or city code (Kemendagri)")
                    % {"value": texts["home_region"]}
                )
            person["home_region"] = region
        for name in c.PERSON_REQUIRED:
            if not texts.get(name):
                row.problems.append(_("%(column)s is required") % {"column": c.HEADERS[name][0]})

    def _custody(self, row: ParsedRow, cells: dict[str, Any], texts: dict[str, str]) -> None:
        period = row.period
        if texts.get("register_number"):
            period["register_number"] = texts["register_number"]
        if texts.get("register_class"):
            key = c.header_key(texts["register_class"]).replace(" ", "")
            value = c.REGISTER_CLASSES.get(key)
            if value is None:
                row.problems.append(
                    _("Register class %(value)s is not one of the allowed values") % {"value": texts["register_class"]}
                )
            period["register_class"] = value or ""
        for name, label in (
            ("admission_date", gettext_lazy("Admission date")),
            ("expected_release_date", gettext_lazy("Expected release")),
        ):
            value = self._date(row, cells, texts, name, label)
            if value is not None:
                period[name] = value
        offence = self._choice(row, texts, "offence_category", c.OFFENCES, gettext_lazy("Offence category"))
        if offence is not None:
            period["offence_category"] = offence
        self._sentence(row, texts)
        for name in c.CUSTODY_REQUIRED:
            if not texts.get(name):
                row.problems.append(_("%(column)s is required") % {"column": c.HEADERS[name][0]})

    def _sentence(self, row: ParsedRow, texts: dict[str, str]) -> None:
        if texts.get("sentence"):
            parts = c.parse_sentence(texts["sentence"])
            if parts is None:
                row.problems.append(
                    _("Sentence %(value)s is not a length such as '2 tahun 6 bulan'") % {"value": texts["sentence"]}
                )
                return
            row.period["sentence_years"], row.period["sentence_months"], row.period["sentence_days"] = parts
            return
        for name in ("sentence_years", "sentence_months", "sentence_days"):
            text = texts.get(name) or ""
            if text:
                if not text.isdigit():
                    row.problems.append(
                        _("%(column)s: %(value)s is not a whole number") % {"column": c.HEADERS[name][0], "value": text}
                    )
                    continue
                row.period[name] = int(text)

    def _supervision(self, row: ParsedRow, cells: dict[str, Any], texts: dict[str, str]) -> None:
        kind = self._choice(row, texts, "supervision_kind", c.SUPERVISION_KINDS, gettext_lazy("Supervision kind"))
        if kind is not None:
            row.period["kind"] = kind
        start = self._date(row, cells, texts, "supervision_start", gettext_lazy("Start"))
        if start is not None:
            row.period["start_date"] = start
        end = self._date(row, cells, texts, "supervision_expected_end", gettext_lazy("Expected end"))
        if end is not None:
            row.period["expected_end_date"] = end
        for name in c.SUPERVISION_REQUIRED:
            if not texts.get(name):
                row.problems.append(_("%(column)s is required") % {"column": c.HEADERS[name][0]})


def missing_columns(positions: dict[int, str], *, custody: bool) -> list[str]:
    """Return the headers (as SDP names them) of the required columns the file lacks."""
    present = set(positions.values())
    needed = c.PERSON_REQUIRED + (c.CUSTODY_REQUIRED if custody else c.SUPERVISION_REQUIRED)
    return [c.HEADERS[name][0] for name in needed if name not in present]
