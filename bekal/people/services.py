"""Every write to people and their periods. Each function is one transaction with its audit event.

Pages, the API, imports and the demo loader all call these; no rule is checked anywhere else.
"""

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record, changed_fields, created_diff, snapshot
from bekal.core.formats import number, readable
from bekal.core.locks import lock_key
from bekal.core.races import refuse_duplicate
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.organizations.scope import unit_scope
from bekal.organizations.time import long_date
from bekal.people import privacy
from bekal.people.models import (
    CustodyPeriod,
    Education,
    OffenceCategory,
    Person,
    RegisterClass,
    ReleaseReason,
    Sex,
    SupervisionEndReason,
    SupervisionKind,
    SupervisionPeriod,
    normalise_name,
)
from bekal.people.nik import nik_errors, nik_mask
from bekal.people.nik_store import nik_digest
from bekal.rules.selectors import rule_fraction, rule_int

PERSON_FIELDS = ["full_name", "other_names", "nik", "birth_date", "sex", "education", "home_region", "phone"]
CUSTODY_FIELDS = [
    "unit",
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
    "release_date",
    "release_reason",
    "release_decree",
]
SUPERVISION_FIELDS = ["unit", "kind", "officer", "start_date", "expected_end_date", "ended_on", "end_reason"]
EARLIEST_BIRTH_DATE = date(1900, 1, 1)
# How PostgreSQL and SQLite name the NIK's unique constraint when a concurrent request took the NIK first.
NIK_UNIQUE = ("person_nik_hash_unique", "people_person.nik_hash")
# Labels named in messages, translated only when a message is written (an import checks many rows).
OFFENCE_LABEL = gettext_lazy("Offence category")
REGISTER_CLASS_LABEL = gettext_lazy("Register class")
RELEASE_REASON_LABEL = gettext_lazy("Release reason")


class DuplicatePersonError(Exception):
    """Raised instead of creating a twin: the people already on record who may be the same person."""

    def __init__(self, matches: list[Person], *, by_nik: bool, outside: int = 0) -> None:
        super().__init__("possible duplicate")
        self.matches = matches  # those in the user's units: shown in full
        self.by_nik = by_nik
        self.outside = outside  # how many outside the user's units: their existence alone is told (privacy.py)


def _person_snapshot(person: Person) -> dict[str, Any]:
    # The audit trail shows changes to anyone who reads it; a NIK appears there masked, like everywhere else.
    values = snapshot(person, PERSON_FIELDS)
    if values.get("nik"):
        values["nik"] = nik_mask(values["nik"])
    return values


def _today() -> date:
    return timezone.localdate()


@functools.cache
def _choice_values(choices: Any) -> frozenset[str]:
    # TextChoices.values rebuilds its list on every call: an import checks four choices on each of 270,000 rows.
    return frozenset(choices.values)


def _check_choice(errors: dict[str, str], field: str, value: str, choices: Any, label: Any) -> None:
    if value and value not in _choice_values(choices):
        errors[field] = _("%(label)s %(value)s is not one of the allowed values") % {"label": label, "value": value}


def _unit_for(actor: Any, unit: Organization | None, *, kinds: list[str], field: str = "unit") -> Organization:
    """Return the unit when it is of the right kind and in the actor's scope; otherwise a validation error."""
    if unit is None:
        raise ValidationError({field: _("Choose a unit")})
    if unit.kind not in kinds:
        raise ValidationError(
            {
                field: _("%(unit)s is a %(kind)s; this needs one of: %(kinds)s")
                % {
                    "unit": unit.name,
                    "kind": unit.get_kind_display(),
                    "kinds": ", ".join(str(OrganizationKind(k).label) for k in kinds),
                }
            }
        )
    if not unit_scope(actor).contains(unit.id):
        raise ValidationError({field: _("%(unit)s is not one of your units") % {"unit": unit.name}})
    return unit


def _person_errors(
    data: dict[str, Any], *, today: date, province_codes: set[str] | None = None, female_offset: int | None = None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not (data.get("full_name") or "").strip():
        errors["full_name"] = _("Full name is required")
    birth_date: date | None = data.get("birth_date")
    if birth_date is None:
        errors["birth_date"] = _("Birth date is required")
    elif birth_date > today:
        errors["birth_date"] = _("Birth date %(date)s is in the future") % readable({"date": birth_date})
    elif birth_date < EARLIEST_BIRTH_DATE:
        errors["birth_date"] = _("Birth date %(date)s is before %(min)s") % readable(
            {
                "date": birth_date,
                "min": EARLIEST_BIRTH_DATE,
            }
        )
    sex = data.get("sex") or ""
    if sex not in Sex.values:
        errors["sex"] = _("Sex %(value)s must be M or F") % {"value": sex or "-"}
    _check_choice(errors, "education", data.get("education") or "", Education, gettext_lazy("Education"))
    region: Region | None = data.get("home_region")
    if region is not None and region.level != Region.Level.REGENCY:
        errors["home_region"] = _("%(region)s is a province; choose a regency or city") % {"region": region.name}
    nik = data.get("nik")
    if nik:
        if province_codes is None:
            province_codes = set(Region.objects.filter(level=Region.Level.PROVINCE).values_list("code", flat=True))
        for field, message in nik_errors(
            nik, birth_date=birth_date, sex=sex, province_codes=province_codes, female_offset=female_offset
        ).items():
            errors.setdefault(field, message)
    return errors


def _clean_person_data(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    out["full_name"] = " ".join((out.get("full_name") or "").split())
    out["other_names"] = (out.get("other_names") or "").strip()
    out["nik"] = (out.get("nik") or "").strip().replace(" ", "") or None
    out["phone"] = (out.get("phone") or "").strip()
    out["education"] = out.get("education") or ""
    return out


def find_by_nik(niks: Iterable[str]) -> dict[str, Person]:
    """Return the registered people holding these NIKs, by NIK: every lookup of people by NIK goes through here (one
    query, so an import asks once per chunk of rows), by the NIK's keyed hash: the NIK itself is encrypted."""
    wanted = sorted({n for n in niks if n})
    if not wanted:
        return {}
    by_digest = {nik_digest(nik): nik for nik in wanted}
    return {by_digest[p.nik_hash]: p for p in Person.objects.filter(nik_hash__in=list(by_digest)) if p.nik_hash}


def person_find_duplicates(
    *, full_name: str, birth_date: date, nik: str | None, exclude_id: int | None = None
) -> tuple[list[Person], bool]:
    """Return people who may be this person (same NIK, or same name and birth date), and whether a NIK matched."""
    people = Person.objects.select_related("registered_unit")
    if exclude_id:
        people = people.exclude(pk=exclude_id)
    if nik:
        by_nik = list(people.filter(nik_hash=nik_digest(nik)))
        if by_nik:
            return by_nik, True
    name = normalise_name(full_name)
    same_day = people.filter(birth_date=birth_date)
    matches = [p for p in same_day.filter(search_name__contains=name) if name in p.search_name.split(" | ")]
    return matches, False


def person_create(*, actor: Any, unit: Organization | None, confirm_new: bool = False, **data: Any) -> Person:
    """Register a person at the unit; refuse a NIK twin, and a name-and-birth-date twin unless confirmed.

    A twin outside the actor's units is told only as a count (``DuplicatePersonError.outside``), and that finding is
    audited and counted against the rule's daily limit (``privacy.py``): its audit row commits with the refusal.
    """
    with transaction.atomic():
        outcome = _person_create(actor=actor, unit=unit, confirm_new=confirm_new, **data)
    if isinstance(outcome, DuplicatePersonError):
        raise outcome
    return outcome


def _person_create(
    *, actor: Any, unit: Organization | None, confirm_new: bool, **data: Any
) -> Person | DuplicatePersonError:
    require(actor, Capability.PEOPLE_EDIT)
    unit = _unit_for(actor, unit, kinds=OrganizationKind.correctional_units(), field="registered_unit")
    data = _clean_person_data(data)
    errors = _person_errors(data, today=_today())
    if errors:
        raise ValidationError(errors)
    privacy.check_outside_limit(actor, field="nik" if data["nik"] else "full_name")
    # The registration page submitted twice at once: both requests would pass the duplicate check before either
    # saves. The second waits here for the first to commit, then finds its row and is refused like any twin.
    lock_key("people.person.create", normalise_name(data["full_name"]), data["birth_date"].isoformat())
    if data["nik"]:
        lock_key("people.person.nik", nik_digest(data["nik"]))
    matches, by_nik = person_find_duplicates(
        full_name=data["full_name"], birth_date=data["birth_date"], nik=data["nik"]
    )
    if matches and (by_nik or not confirm_new):
        scope = unit_scope(actor)
        visible = [p for p in matches if scope.everything or scope.contains(p.registered_unit_id)]
        outside = len(matches) - len(visible)
        if outside:
            by = "nik" if by_nik else "name_birth_date"
            privacy.record_outside_found(actor=actor, unit=actor.organization, records=outside, by=by)
        return DuplicatePersonError(visible, by_nik=by_nik, outside=outside)
    person = Person(registered_unit=unit, **{k: data.get(k) for k in PERSON_FIELDS})
    person.search_name = normalise_name(person.full_name, *person.other_names.split(","))
    taken = _("NIK %(nik)s is already registered") % {"nik": data["nik"]}
    with refuse_duplicate(constraint=NIK_UNIQUE, field="nik", message=taken):
        person.save()
    audit_record(
        code="people.person.created",
        actor=actor,
        unit=unit,
        obj=person,
        changes=created_diff(_person_snapshot(person)),
    )
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, **data: Any) -> Person:
    """Change a person's record; the same rules as at registration, and no NIK shared with someone else."""
    require(actor, Capability.PEOPLE_EDIT)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.anonymised_at:
        raise ValidationError(
            {
                "full_name": _(
                    "This record was anonymised under the retention rule on %(date)s; it can no longer change"
                )
                % {"date": long_date(timezone.localdate(person.anonymised_at))}
            }
        )
    before = _person_snapshot(person)
    merged = {k: getattr(person, k) for k in PERSON_FIELDS} | data
    merged = _clean_person_data(merged)
    errors = _person_errors(merged, today=_today())
    if errors:
        raise ValidationError(errors)
    taken = _("NIK %(nik)s already belongs to another person") % {"nik": merged["nik"]}
    if merged["nik"] and Person.objects.filter(nik_hash=nik_digest(merged["nik"])).exclude(pk=person.pk).exists():
        raise ValidationError({"nik": taken})
    for key in PERSON_FIELDS:
        setattr(person, key, merged[key])
    person.search_name = normalise_name(person.full_name, *person.other_names.split(","))
    with refuse_duplicate(constraint=NIK_UNIQUE, field="nik", message=taken):  # a NIK given to two at once
        person.save()
    changes = changed_fields(before, _person_snapshot(person))
    if changes:
        audit_record(
            code="people.person.updated", actor=actor, unit=person.registered_unit, obj=person, changes=changes
        )
    return person


@transaction.atomic
def person_nik_reveal(*, actor: Any, person: Person) -> str:
    """Return the full NIK to a role that needs it, and log that it was shown."""
    require(actor, Capability.NIK_REVEAL)
    audit_record(code="people.nik.revealed", actor=actor, unit=actor.organization, obj=person)
    return person.nik or ""


@dataclass(frozen=True)
class IntegrationDates:
    sentence_end: date | None
    parole: date | None
    leave: date | None
    assimilation: date | None


@dataclass(frozen=True)
class IntegrationRules:
    """The release and integration figures in force on one date (LEGAL.md, "Release and integration")."""

    parole_fraction: Fraction
    parole_min_months: int
    leave_fraction: Fraction
    leave_max_sentence_months: int
    assimilation_fraction: Fraction


def integration_rules(on: date) -> IntegrationRules:
    """Return the integration figures in force on the date."""
    return IntegrationRules(
        parole_fraction=rule_fraction("release.parole.fraction", on=on),
        parole_min_months=rule_int("release.parole.min_served_months", on=on),
        leave_fraction=rule_fraction("release.leave.fraction", on=on),
        leave_max_sentence_months=rule_int("release.leave.max_sentence_months", on=on),
        assimilation_fraction=rule_fraction("release.assimilation.fraction", on=on),
    )


def integration_dates(
    *, admission: date, years: int, months: int, days: int, rules: IntegrationRules | None = None
) -> IntegrationDates:
    """Return the sentence end and the earliest parole, conditional-leave and assimilation dates.

    Rules as in force on the admission date unless given (LEGAL.md, "Release and integration"): parole after the
    parole fraction (2/3) when that share is at least the minimum months (9; KUHP Pasal 72); conditional leave after
    its fraction (2/3) for sentences of at most 18 months; assimilation after its fraction (1/2).
    """
    try:
        end = admission + relativedelta(years=years, months=months, days=days)
    except (OverflowError, ValueError):
        # A sentence of thousands of years (a typing slip): refused, named, instead of a 500.
        raise ValidationError(
            {
                "sentence_years": _(
                    "A sentence of %(years)s years, %(months)s months and %(days)s days from %(admission)s ends "
                    "after the last date a calendar holds"
                )
                % readable({"years": years, "months": months, "days": days, "admission": admission})
            }
        ) from None
    total = (end - admission).days
    if total <= 0:
        return IntegrationDates(None, None, None, None)
    rules = rules or integration_rules(admission)

    def after(fraction: Fraction) -> date:
        return admission + timedelta(days=math.ceil(total * fraction))

    parole = after(rules.parole_fraction)
    parole_date = None if parole < admission + relativedelta(months=rules.parole_min_months) else parole
    leave_allowed = end <= admission + relativedelta(months=rules.leave_max_sentence_months)
    leave_date = after(rules.leave_fraction) if leave_allowed else None
    return IntegrationDates(end, parole_date, leave_date, after(rules.assimilation_fraction))


def _overlap(start: date, end: date | None, other_start: date, other_end: date | None) -> bool:
    # Periods are half-open [start, end): a release and an admission on the same day (a transfer) do not overlap.
    return (end is None or other_start < end) and (other_end is None or start < other_end)


SENTENCE_PARTS = ("sentence_years", "sentence_months", "sentence_days")
# The sentence's parts are small integers in the database (PostgreSQL smallint): a value past it would be refused
# there with an error instead of a message (a sentence of 32,767 days is 89 years).
SENTENCE_PART_MAX = 32_767
SENTENCE_LABELS = {name: CustodyPeriod._meta.get_field(name).verbose_name for name in SENTENCE_PARTS}  # type: ignore[union-attr]


def _custody_errors(period: CustodyPeriod, *, today: date, others: list[CustodyPeriod] | None = None) -> dict[str, str]:
    """Return what is wrong with the period; ``others`` are the person's other custody periods (with their units),
    read here when not given (an import reads them for many people at once)."""
    errors: dict[str, str] = {}
    _check_choice(errors, "offence_category", period.offence_category, OffenceCategory, OFFENCE_LABEL)
    _check_choice(errors, "register_class", period.register_class, RegisterClass, REGISTER_CLASS_LABEL)
    _check_choice(errors, "release_reason", period.release_reason, ReleaseReason, RELEASE_REASON_LABEL)
    if not period.offence_category:
        errors["offence_category"] = _("Offence category is required")
    for name in SENTENCE_PARTS:
        value = getattr(period, name)
        if value is not None and not 0 <= value <= SENTENCE_PART_MAX:
            errors[name] = _("%(field)s %(value)s; it must be between 0 and %(max)s") % {
                "field": SENTENCE_LABELS[name],
                "value": number(value),
                "max": number(SENTENCE_PART_MAX),
            }
    if period.admission_date > today:
        errors["admission_date"] = _("Admission date %(date)s is in the future") % readable(
            {"date": period.admission_date}
        )
    if period.admission_date < period.person.birth_date:
        errors["admission_date"] = _("Admission date %(date)s is before the birth date %(birth)s") % readable(
            {
                "date": period.admission_date,
                "birth": period.person.birth_date,
            }
        )
    if period.expected_release_date and period.expected_release_date < period.admission_date:
        errors["expected_release_date"] = _(
            "Expected release %(release)s is before admission %(admission)s"
        ) % readable(
            {
                "release": period.expected_release_date,
                "admission": period.admission_date,
            }
        )
    if period.release_date:
        if period.release_date < period.admission_date:
            errors["release_date"] = _("Release %(release)s is before admission %(admission)s") % readable(
                {
                    "release": period.release_date,
                    "admission": period.admission_date,
                }
            )
        elif period.release_date > today:
            errors["release_date"] = _("Release date %(date)s is in the future") % readable(
                {"date": period.release_date}
            )
        if not period.release_reason:
            errors["release_reason"] = _("Give the reason for the release")
    if others is None:
        others = list(CustodyPeriod.objects.filter(person=period.person).exclude(pk=period.pk).select_related("unit"))
    for other in others:
        if other.pk is not None and other.pk == period.pk:
            continue
        if _overlap(period.admission_date, period.release_date, other.admission_date, other.release_date):
            errors["admission_date"] = _(
                "This period (%(start)s to %(end)s) overlaps the custody period at %(unit)s from %(other_start)s to "
                "%(other_end)s; a person can be in custody at one place at a time"
            ) % readable(
                {
                    "start": period.admission_date,
                    "end": period.release_date or _("open"),
                    "unit": other.unit.name,
                    "other_start": other.admission_date,
                    "other_end": other.release_date or _("open"),
                }
            )
            break
    return errors


def _apply_sentence(
    period: CustodyPeriod, *, expected_release_given: bool, rules: IntegrationRules | None = None
) -> None:
    dates = integration_dates(
        admission=period.admission_date,
        years=period.sentence_years,
        months=period.sentence_months,
        days=period.sentence_days,
        rules=rules,
    )
    period.parole_date, period.leave_date, period.assimilation_date = dates.parole, dates.leave, dates.assimilation
    if not expected_release_given:
        period.expected_release_date = dates.sentence_end


def _lock_person(person: Person) -> Person:
    # Serialises writes to one person's periods, so two overlapping periods cannot be saved at once.
    return Person.objects.select_for_update().get(pk=person.pk)


@transaction.atomic
def custody_period_create(*, actor: Any, person: Person, unit: Organization | None, **data: Any) -> CustodyPeriod:
    """Admit a person to a Lapas, Rutan or LPKA; computes the earliest integration dates from the rules."""
    require(actor, Capability.CUSTODY_EDIT)
    unit = _unit_for(actor, unit, kinds=OrganizationKind.custody())
    person = _lock_person(person)
    period = CustodyPeriod(person=person, unit=unit, **data)
    _apply_sentence(period, expected_release_given=data.get("expected_release_date") is not None)
    errors = _custody_errors(period, today=_today())
    if errors:
        raise ValidationError(errors)
    period.save()
    audit_record(
        code="people.custody.created",
        actor=actor,
        unit=unit,
        obj=period,
        changes=created_diff(snapshot(period, CUSTODY_FIELDS)),
    )
    return period


@transaction.atomic
def custody_period_update(*, actor: Any, period: CustodyPeriod, **data: Any) -> CustodyPeriod:
    """Correct a custody period; integration dates are recomputed and overlaps refused."""
    require(actor, Capability.CUSTODY_EDIT)
    _lock_person(period.person)
    period = CustodyPeriod.objects.select_related("person", "unit").get(pk=period.pk)
    before = snapshot(period, CUSTODY_FIELDS)
    if "unit" in data:
        data["unit"] = _unit_for(actor, data["unit"], kinds=OrganizationKind.custody())
    derived_end = integration_dates(
        admission=period.admission_date,
        years=period.sentence_years,
        months=period.sentence_months,
        days=period.sentence_days,
    ).sentence_end
    # An expected release that was computed from the sentence follows a corrected sentence; one typed in stays.
    new_expected = data.get("expected_release_date", period.expected_release_date)
    typed_release = new_expected is not None and new_expected != derived_end
    for key, value in data.items():
        setattr(period, key, value)
    _apply_sentence(period, expected_release_given=typed_release)
    errors = _custody_errors(period, today=_today())
    if errors:
        raise ValidationError(errors)
    period.save()
    changes = changed_fields(before, snapshot(period, CUSTODY_FIELDS))
    if changes:
        audit_record(code="people.custody.updated", actor=actor, unit=period.unit, obj=period, changes=changes)
    return period


@transaction.atomic
def custody_period_release(
    *, actor: Any, period: CustodyPeriod, release_date: date, release_reason: str, release_decree: str = ""
) -> CustodyPeriod:
    """Record a release; the period must be open and the date on or after admission; a parole or leave release no
    earlier than its eligibility date unless a decree allows it. An accepted hand-over opens its supervision."""
    require(actor, Capability.CUSTODY_EDIT)
    if period.release_date is not None:
        raise ValidationError(
            {"release_date": _("This period already ended on %(date)s") % readable({"date": period.release_date})}
        )
    _check_eligible(period, release_date=release_date, release_reason=release_reason, decree=release_decree)
    period = custody_period_update(
        actor=actor,
        period=period,
        release_date=release_date,
        release_reason=release_reason,
        release_decree=release_decree,
    )
    # A release on an integration programme the Bapas accepted opens its supervision period (bekal.people.handovers).
    from bekal.people.handovers import handover_open_supervision

    handover_open_supervision(actor=actor, period=period)
    return period


# The release reasons that are an integration programme, with the custody period's date that makes one eligible.
ELIGIBILITY_DATES = {ReleaseReason.PAROLE: "parole_date", ReleaseReason.CONDITIONAL_LEAVE: "leave_date"}


def _check_eligible(period: CustodyPeriod, *, release_date: date, release_reason: str, decree: str) -> None:
    """Refuse a parole or conditional-leave release before its eligibility date, unless a decree is recorded."""
    field = ELIGIBILITY_DATES.get(release_reason)  # type: ignore[call-overload]
    eligible_on = getattr(period, field) if field else None
    if release_date < period.admission_date:
        return  # the period's own check names that date
    if eligible_on and release_date < eligible_on and not decree.strip():
        raise ValidationError(
            {
                "release_date": _(
                    "%(reason)s on %(date)s is before the eligibility date %(eligible)s; record the decree (SK) "
                    "number that allows it"
                )
                % {
                    "reason": ReleaseReason(release_reason).label,
                    "date": long_date(release_date),
                    "eligible": long_date(eligible_on),
                }
            }
        )


def _supervision_errors(period: SupervisionPeriod, *, others: list[SupervisionPeriod] | None = None) -> dict[str, str]:
    """Return what is wrong with the period; ``others`` are the person's other supervision periods, read here when
    not given."""
    errors: dict[str, str] = {}
    _check_choice(errors, "kind", period.kind, SupervisionKind, _("Supervision kind"))
    _check_choice(errors, "end_reason", period.end_reason, SupervisionEndReason, _("End reason"))
    if not period.kind:
        errors["kind"] = _("Supervision kind is required")
    if period.start_date < period.person.birth_date:
        errors["start_date"] = _("Start %(date)s is before the birth date %(birth)s") % readable(
            {
                "date": period.start_date,
                "birth": period.person.birth_date,
            }
        )
    if period.expected_end_date and period.expected_end_date < period.start_date:
        errors["expected_end_date"] = _("Expected end %(end)s is before the start %(start)s") % readable(
            {
                "end": period.expected_end_date,
                "start": period.start_date,
            }
        )
    if period.ended_on:
        if period.ended_on < period.start_date:
            errors["ended_on"] = _("End %(end)s is before the start %(start)s") % readable(
                {
                    "end": period.ended_on,
                    "start": period.start_date,
                }
            )
        if not period.end_reason:
            errors["end_reason"] = _("Give the reason the supervision ended")
    officer = period.officer
    if officer is not None and (officer.organization_id != period.unit_id or not officer.has_role("probation_officer")):
        errors["officer"] = _("%(officer)s is not a probation officer (PK) at %(unit)s") % {
            "officer": officer,
            "unit": period.unit.name,
        }
    if others is None:
        others = list(SupervisionPeriod.objects.filter(person=period.person, kind=period.kind).exclude(pk=period.pk))
    end = period.ended_on or period.expected_end_date
    for other in others:
        if other.kind != period.kind or (other.pk is not None and other.pk == period.pk):
            continue
        if _overlap(period.start_date, end, other.start_date, other.ended_on or other.expected_end_date):
            errors["start_date"] = _(
                "This %(kind)s (%(start)s to %(end)s) overlaps another from %(other_start)s to %(other_end)s"
            ) % readable(
                {
                    "kind": period.get_kind_display(),
                    "start": period.start_date,
                    "end": end or _("open"),
                    "other_start": other.start_date,
                    "other_end": other.ended_on or other.expected_end_date or _("open"),
                }
            )
            break
    return errors


@transaction.atomic
def supervision_period_create(
    *, actor: Any, person: Person, unit: Organization | None, **data: Any
) -> SupervisionPeriod:
    """Place a person under a Bapas's guidance."""
    require(actor, Capability.SUPERVISION_EDIT)
    unit = _unit_for(actor, unit, kinds=[OrganizationKind.BAPAS])
    person = _lock_person(person)
    period = SupervisionPeriod(person=person, unit=unit, **data)
    errors = _supervision_errors(period)
    if errors:
        raise ValidationError(errors)
    period.save()
    audit_record(
        code="people.supervision.created",
        actor=actor,
        unit=unit,
        obj=period,
        changes=created_diff(snapshot(period, SUPERVISION_FIELDS)),
    )
    return period


@transaction.atomic
def supervision_period_update(*, actor: Any, period: SupervisionPeriod, **data: Any) -> SupervisionPeriod:
    """Correct a supervision period, or end it (``ended_on`` with ``end_reason``)."""
    require(actor, Capability.SUPERVISION_EDIT)
    _lock_person(period.person)
    period = SupervisionPeriod.objects.select_related("person", "unit", "officer").get(pk=period.pk)
    before = snapshot(period, SUPERVISION_FIELDS)
    if "unit" in data:
        data["unit"] = _unit_for(actor, data["unit"], kinds=[OrganizationKind.BAPAS])
    for key, value in data.items():
        setattr(period, key, value)
    errors = _supervision_errors(period)
    if errors:
        raise ValidationError(errors)
    period.save()
    changes = changed_fields(before, snapshot(period, SUPERVISION_FIELDS))
    if changes:
        code = "people.supervision.ended" if "ended_on" in changes else "people.supervision.updated"
        audit_record(code=code, actor=actor, unit=period.unit, obj=period, changes=changes)
    return period
