"""What an SDP import will do with each row: create a person, update one, leave one unchanged, or refuse the row and
say why. One chunk of rows at a time, with a handful of queries per chunk (never one per row).

A row finds its person by NIK first, then by the register number of a custody period at the unit; a row that finds
nobody makes a new person, unless someone with the same name and birth date is registered (an import never merges
on a name: that row is refused and the registration page shows the possible match). A found person's custody (or
supervision) period at the unit is the one with the same register number or admission date (the same kind and
start); otherwise the row adds a period. Every value passes the same checks as the forms (``services``).
"""

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from django.db.models.functions import Upper
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bekal.organizations.models import Organization, Region
from bekal.people.imports import _registered_twins
from bekal.people.models import CustodyPeriod, Person, SupervisionPeriod, normalise_name
from bekal.people.sdp.parse import PERSON_KEYS, ParsedRow
from bekal.people.sdp.seen import SeenKeys
from bekal.people.services import (
    IntegrationRules,
    _apply_sentence,
    _custody_errors,
    _person_errors,
    _supervision_errors,
    find_by_nik,
    integration_dates,
    integration_rules,
)
from bekal.rules.models import RuleValue
from bekal.rules.selectors import rule_int

RULE_CODES = [
    "release.parole.fraction",
    "release.parole.min_served_months",
    "release.leave.fraction",
    "release.leave.max_sentence_months",
    "release.assimilation.fraction",
]
PERSON_DEFAULTS: dict[str, Any] = {
    "other_names": "",
    "nik": None,
    "education": "",
    "home_region": None,
    "phone": "",
}
CUSTODY_DEFAULTS: dict[str, Any] = {"register_number": "", "register_class": "", "expected_release_date": None}
CUSTODY_COMPARED = [
    "register_number",
    "register_class",
    "admission_date",
    "offence_category",
    "sentence_years",
    "sentence_months",
    "sentence_days",
    "expected_release_date",
    "parole_date",
    "leave_date",
    "assimilation_date",
]


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


ACTION_LABELS = {
    Action.CREATE: gettext_lazy("created"),
    Action.UPDATE: gettext_lazy("updated"),
    Action.UNCHANGED: gettext_lazy("unchanged"),
    Action.REFUSED: gettext_lazy("refused"),
}


@dataclass
class RowPlan:
    """What one row will do; ``person`` and ``period`` are the records as they will be written."""

    row: ParsedRow
    reasons: list[str] = field(default_factory=list)
    person: Person | None = None
    person_new: bool = False
    person_changes: list[str] = field(default_factory=list)
    period: Any = None
    period_new: bool = False
    period_changes: list[str] = field(default_factory=list)

    @property
    def action(self) -> Action:
        if self.reasons:
            return Action.REFUSED
        if self.person_new:
            return Action.CREATE
        if self.person_changes or self.period_new or self.period_changes:
            return Action.UPDATE
        return Action.UNCHANGED


class Planner:
    """Plans the rows of one file, chunk after chunk: remembers the NIKs and register numbers already seen in it."""

    def __init__(self, *, unit: Organization, custody: bool, today: date, seen: SeenKeys) -> None:
        self.unit = unit
        self.custody = custody
        self.today = today
        self.provinces = set(Region.objects.filter(level=Region.Level.PROVINCE).values_list("code", flat=True))
        self.female_offset = rule_int("identity.nik.female_day_offset", on=today)
        self.seen = seen  # the keys of earlier rows, on disk: memory stays flat however long the file
        # The integration figures change only on the dates a rule value takes effect: read once per stretch.
        self._bounds = sorted(set(RuleValue.objects.filter(code__in=RULE_CODES).values_list("valid_from", flat=True)))
        self._rules: dict[int, IntegrationRules] = {}

    def rules_on(self, on: date) -> IntegrationRules:
        key = bisect_right(self._bounds, on)
        if key not in self._rules:
            self._rules[key] = integration_rules(on)
        return self._rules[key]

    def plan(self, rows: list[ParsedRow]) -> list[RowPlan]:
        """Return a plan per row, in order."""
        plans = [RowPlan(row, reasons=list(row.problems)) for row in rows]
        live = [p for p in plans if not p.reasons]
        self._file_twins(live)
        live = [p for p in live if not p.reasons]
        by_nik = find_by_nik(p.row.nik for p in live if p.row.nik)
        by_register = self._by_register([p.row.register_key for p in live if p.row.register_key])
        for plan in live:
            self._find_person(plan, by_nik, by_register)
        self._same_record_at_unit([p for p in live if not p.reasons and p.person is None])
        self._refuse_name_twins([p for p in live if not p.reasons and p.person is None])
        periods = self._periods([p.person.pk for p in live if not p.reasons and p.person is not None])
        for plan in live:
            if plan.reasons:
                continue
            self._person_plan(plan)
            if not plan.reasons:
                assert plan.person is not None
                others = periods.get(plan.person.pk, []) if not plan.person_new else []
                if self.custody:
                    self._custody_plan(plan, others, by_register.get(plan.row.register_key))
                else:
                    self._supervision_plan(plan, others)
        return plans

    def _file_twins(self, plans: list[RowPlan]) -> None:
        """Refuse a row whose NIK or register number is on an earlier row of the file (this chunk or before)."""
        earlier_nik = self.seen.first_rows("nik", (p.row.nik for p in plans if p.row.nik))
        earlier_register = self.seen.first_rows("register", (p.row.register_key for p in plans if p.row.register_key))
        new_nik: dict[str, int] = {}
        new_register: dict[str, int] = {}
        for plan in plans:
            nik, register = plan.row.nik, plan.row.register_key
            if nik and (first := earlier_nik.get(nik) or new_nik.get(nik)):
                plan.reasons.append(_("NIK %(nik)s is also on row %(row)s") % {"nik": nik, "row": first})
            if register and (first := earlier_register.get(register) or new_register.get(register)):
                plan.reasons.append(
                    _("Register number %(number)s is also on row %(row)s")
                    % {"number": plan.row.period["register_number"], "row": first}
                )
            if nik and nik not in earlier_nik:
                new_nik.setdefault(nik, plan.row.number)
            if register and register not in earlier_register:
                new_register.setdefault(register, plan.row.number)
        self.seen.add("nik", new_nik.items())
        self.seen.add("register", new_register.items())

    def _by_register(self, keys: list[str]) -> dict[str, CustodyPeriod]:
        """Return the unit's custody periods holding these register numbers (upper case), on the upper-case index."""
        if not self.custody or not keys:
            return {}
        found = (
            CustodyPeriod.objects.annotate(register_upper=Upper("register_number"))
            .filter(unit=self.unit, register_upper__in=sorted(set(keys)))
            .select_related("person", "unit")
            .order_by("admission_date", "id")
        )
        return {period.register_upper: period for period in found}  # type: ignore[attr-defined]

    def _find_person(self, plan: RowPlan, by_nik: dict[str, Person], by_register: dict[str, CustodyPeriod]) -> None:
        row = plan.row
        by_id = by_nik.get(row.nik or "")
        period = by_register.get(row.register_key)
        if by_id is not None and period is not None and period.person_id != by_id.pk:
            plan.reasons.append(
                _(
                    "Register number %(number)s belongs to %(other)s at this unit, but NIK %(nik)s belongs to "
                    "%(name)s: correct one of them"
                )
                % {"number": period.register_number, "other": period.person.full_name, "nik": row.nik, "name": by_id}
            )
            return
        person = by_id or (period.person if period is not None else None)
        if person is not None and row.nik and person.nik and person.nik != row.nik:
            plan.reasons.append(
                _("Register number %(number)s belongs to %(name)s, whose NIK is not %(nik)s")
                % {"number": row.period.get("register_number"), "name": person.full_name, "nik": row.nik}
            )
            return
        plan.person = person

    def _same_record_at_unit(self, plans: list[RowPlan]) -> None:
        """Find the person of a row without NIK or known register number when the unit already holds this very
        period for someone of that name and birth date: the row is that record again (a file loaded twice), not a
        possible twin."""
        if not plans:
            return
        model: Any = CustodyPeriod if self.custody else SupervisionPeriod
        names = {normalise_name(p.row.person["full_name"]) for p in plans}
        found = model.objects.filter(
            unit=self.unit,
            person__search_name__in=sorted(names),
            person__birth_date__in=sorted({p.row.person["birth_date"] for p in plans}),
        ).select_related("person")
        index: dict[tuple[Any, ...], Person] = {}
        for period in found:
            start = period.admission_date if self.custody else (period.kind, period.start_date)
            index[(period.person.search_name, period.person.birth_date, start)] = period.person
        for plan in plans:
            values = plan.row.period
            start = values.get("admission_date") if self.custody else (values.get("kind"), values.get("start_date"))
            key = (normalise_name(plan.row.person["full_name"]), plan.row.person["birth_date"], start)
            person = index.get(key)
            if person is not None and not (plan.row.nik and person.nik and person.nik != plan.row.nik):
                plan.person = person

    def _refuse_name_twins(self, plans: list[RowPlan]) -> None:
        keys = [(normalise_name(p.row.person["full_name"]), p.row.person["birth_date"]) for p in plans]
        twins = _registered_twins(keys)
        for plan, key in zip(plans, keys, strict=True):
            if key in twins:
                plan.reasons.append(
                    _(
                        "%(name)s born %(date)s may already be registered: register this person on the "
                        "registration page, which shows the possible match"
                    )
                    % {"name": plan.row.person["full_name"], "date": key[1].isoformat()}
                )

    def _periods(self, person_ids: list[int]) -> dict[int, list[Any]]:
        model = CustodyPeriod if self.custody else SupervisionPeriod
        found: dict[int, list[Any]] = defaultdict(list)
        if person_ids:
            for period in model.objects.filter(person_id__in=sorted(set(person_ids))).select_related("unit"):
                found[period.person_id].append(period)
        return found

    def _person_plan(self, plan: RowPlan) -> None:
        values = plan.row.person
        person = plan.person
        current = {k: getattr(person, k) for k in PERSON_KEYS} if person is not None else dict(PERSON_DEFAULTS)
        merged = current | values
        errors = _person_errors(
            merged, today=self.today, province_codes=self.provinces, female_offset=self.female_offset
        )
        if errors:
            plan.reasons.extend(errors.values())
            return
        if person is None:
            person = Person(registered_unit=self.unit, **{k: merged.get(k) for k in PERSON_KEYS})
            plan.person, plan.person_new = person, True
        else:
            plan.person_changes = [k for k in PERSON_KEYS if k in values and merged[k] != current[k]]
            for key in plan.person_changes:
                setattr(person, key, merged[key])
        person.search_name = normalise_name(person.full_name, *person.other_names.split(","))

    def _custody_plan(self, plan: RowPlan, others: list[CustodyPeriod], by_register: CustodyPeriod | None) -> None:
        values, person = plan.row.period, plan.person
        assert person is not None
        target = by_register if by_register is not None and by_register.person_id == person.pk else None
        if target is None:
            target = next(
                (
                    o
                    for o in others
                    if o.unit_id == self.unit.pk
                    and (
                        (values.get("register_number") and o.register_number.upper() == plan.row.register_key)
                        or o.admission_date == values["admission_date"]
                    )
                ),
                None,
            )
        if target is None:
            period = CustodyPeriod(person=person, unit=self.unit, **(CUSTODY_DEFAULTS | values))
            _apply_sentence(
                period,
                expected_release_given="expected_release_date" in values,
                rules=self.rules_on(period.admission_date),
            )
            plan.period, plan.period_new = period, True
        else:
            target.person = person
            before = {k: getattr(target, k) for k in CUSTODY_COMPARED}
            derived = self._sentence_end(target)
            typed = target.expected_release_date is not None and target.expected_release_date != derived
            for key, value in values.items():
                setattr(target, key, value)
            _apply_sentence(
                target,
                expected_release_given="expected_release_date" in values or typed,
                rules=self.rules_on(target.admission_date),
            )
            plan.period = target
            plan.period_changes = [k for k in CUSTODY_COMPARED if getattr(target, k) != before[k]]
        rest = [o for o in others if o is not target]
        errors = _custody_errors(plan.period, today=self.today, others=rest)
        plan.reasons.extend(errors.values())

    def _sentence_end(self, period: CustodyPeriod) -> date | None:
        return integration_dates(
            admission=period.admission_date,
            years=period.sentence_years,
            months=period.sentence_months,
            days=period.sentence_days,
            rules=self.rules_on(period.admission_date),
        ).sentence_end

    def _supervision_plan(self, plan: RowPlan, others: list[SupervisionPeriod]) -> None:
        values, person = plan.row.period, plan.person
        assert person is not None
        target = next(
            (
                o
                for o in others
                if o.unit_id == self.unit.pk and o.kind == values["kind"] and o.start_date == values["start_date"]
            ),
            None,
        )
        if target is None:
            plan.period = SupervisionPeriod(person=person, unit=self.unit, **values)
            plan.period_new = True
        else:
            target.person = person
            plan.period = target
            plan.period_changes = [k for k, v in values.items() if getattr(target, k) != v]
            for key in plan.period_changes:
                setattr(target, key, values[key])
        errors = _supervision_errors(plan.period, others=[o for o in others if o is not target])
        plan.reasons.extend(errors.values())
