"""Re-admissions, the identity review queue and recidivism rates by release cohort, scoped to the user's units.

Definition (DOMAIN.md): recidivism = people released who return to custody within 1, 2, 3 years, by release cohort.
- A release is the end of a custody period at a unit in scope, except a transfer or a death.
- The cohort of year Y is every person released in Y, counted once, from their first release that year.
- Re-admitted within N years: a custody period of the same person record, or of a record a reviewer confirmed as the
  same person, admitted after the release and at most N years after it.
- A cohort counts for follow-up year N only once all of it has had N full years: Y + N < the current year.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from bekal.accounts.access import Capability, require
from bekal.organizations.scope import unit_scope
from bekal.outcomes.models import IdentityDecision, IdentityReview
from bekal.people.models import CustodyPeriod, Person, ReleaseReason, normalise_name

FOLLOW_UP_YEARS = (1, 2, 3)
NOT_A_RELEASE = [ReleaseReason.TRANSFER, ReleaseReason.DEATH]


def confirmed_links(person_ids: Iterable[int] | None = None) -> dict[int, set[int]]:
    """Return {person id: ids of records confirmed as the same person}, both ways (every pair when no ids given:
    the confirmed pairs are few, and reading them all beats naming thousands of ids). The KPI facts read them too."""
    links: dict[int, set[int]] = defaultdict(set)
    pairs = IdentityReview.objects.filter(decision=IdentityDecision.SAME)
    if person_ids is not None:
        ids = set(person_ids)
        pairs = pairs.filter(Q(earlier_person_id__in=ids) | Q(later_person_id__in=ids))
    for a, b in pairs.values_list("earlier_person_id", "later_person_id"):
        links[a].add(b)
        links[b].add(a)
    return links


def _admissions(person_ids: set[int]) -> dict[int, list[tuple[date, int]]]:
    """Return {person id: [(admission date, custody period id)]} for the people and their confirmed twins."""
    links = confirmed_links(person_ids)
    every = person_ids | {other for ids in links.values() for other in ids}
    own: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for pid, admitted, period_id in CustodyPeriod.objects.filter(person_id__in=every).values_list(
        "person_id", "admission_date", "id"
    ):
        own[pid].append((admitted, period_id))
    return {pid: sorted(own[pid] + [a for other in links.get(pid, ()) for a in own[other]]) for pid in person_ids}


ReleaseRow = tuple[int, date, int, int, date | None]  # person, released, custody period, unit, re-admitted on


def _release_rows(
    *,
    user: Any,
    person_ids: QuerySet[Any, Any] | None,
    exclude: bool,
    unit_id: int | None = None,
    unit_ids: Collection[int] | None = None,
) -> list[ReleaseRow]:
    """Return each person's first release per year in scope with the first admission after it.

    One query: the next admission of the same record comes from the (person, admission date) index; records a
    reviewer confirmed as the same person are added from their own admissions (few).
    """
    scope = unit_scope(user)
    periods = CustodyPeriod.objects.filter(scope.q("unit_id"), release_date__isnull=False).exclude(
        release_reason__in=NOT_A_RELEASE
    )
    if unit_id is not None:
        periods = periods.filter(unit_id=unit_id)
    if unit_ids is not None:
        periods = periods.filter(unit_id__in=unit_ids)
    if person_ids is not None:
        periods = periods.exclude(person_id__in=person_ids) if exclude else periods.filter(person_id__in=person_ids)
    next_admission = (
        CustodyPeriod.objects.filter(person_id=OuterRef("person_id"), admission_date__gt=OuterRef("release_date"))
        .order_by("admission_date")
        .values("admission_date")[:1]
    )
    first: dict[tuple[int, int], ReleaseRow] = {}
    for pid, released, period_id, unit, back in (
        periods.annotate(back=Subquery(next_admission))
        .order_by("release_date", "id")
        .values_list("person_id", "release_date", "id", "unit_id", "back")
    ):
        if released is not None:
            first.setdefault((pid, released.year), (pid, released, period_id, unit, back))
    rows = list(first.values())
    links = confirmed_links()
    linked = {pid for pid, *_rest in rows if pid in links}
    if linked:
        others = {other for pid in linked for other in links[pid]}
        admitted: dict[int, list[date]] = defaultdict(list)
        for other, on in CustodyPeriod.objects.filter(person_id__in=others).values_list("person_id", "admission_date"):
            admitted[other].append(on)
        rows = [
            (pid, released, period_id, unit, _earliest(back, released, [a for o in links[pid] for a in admitted[o]]))
            if pid in linked
            else (pid, released, period_id, unit, back)
            for pid, released, period_id, unit, back in rows
        ]
    return rows


def _earliest(back: date | None, released: date, admissions: list[date]) -> date | None:
    later = [a for a in admissions if a > released] + ([back] if back else [])
    return min(later) if later else None


@dataclass(frozen=True)
class Rate:
    """A count out of a cohort, exact, with its percentage (one decimal, half up)."""

    count: int
    total: int

    @property
    def percent(self) -> Decimal | None:
        """Return 100 * count / total, or None for an empty cohort."""
        if not self.total:
            return None
        return (Decimal(100 * self.count) / Decimal(self.total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class CohortRow:
    year: int
    released: int
    # Follow-up year -> Rate, or None while the cohort has not had that many full years.
    within: dict[int, Rate | None] = field(default_factory=dict)

    def cells(self) -> list[Rate | None]:
        """Return the rates in follow-up-year order, for templates."""
        return [self.within[n] for n in FOLLOW_UP_YEARS]


def cohort_rows(releases: Iterable["FollowedRelease"], today: date) -> list[CohortRow]:
    """Return the cohort table of followed releases: per release year, the people and the share back within
    1, 2 and 3 years (None while the cohort has not had that many full years)."""
    by_year: dict[int, list[FollowedRelease]] = defaultdict(list)
    for release in releases:
        by_year[release.released.year].append(release)
    out = []
    for year in sorted(by_year):
        people = by_year[year]
        row = CohortRow(year=year, released=len(people))
        for n in FOLLOW_UP_YEARS:
            if not measurable(cohort=year, years=n, today=today):
                row.within[n] = None
                continue
            row.within[n] = Rate(sum(1 for r in people if r.back_within(n)), len(people))
        out.append(row)
    return out


def measurable(*, cohort: int, years: int, today: date) -> bool:
    """Return True once every release of the cohort year has had the full follow-up years."""
    return cohort + years < today.year


@dataclass(frozen=True)
class FollowedRelease:
    """One cohort release (a person's first release in a year) and the first re-admission after it, if any."""

    person_id: int
    unit_id: int
    released: date
    readmitted: date | None

    def back_within(self, years: int) -> bool:
        """Return True when the person was re-admitted at most ``years`` after this release."""
        return self.readmitted is not None and self.readmitted <= self.released + relativedelta(years=years)


@dataclass
class Readmission:
    person: Person
    released: date
    release_unit: str
    readmitted: date
    readmission_unit: str
    via_review: bool

    @property
    def days(self) -> int:
        """Return the days spent out between release and re-admission."""
        return (self.readmitted - self.released).days


def readmissions(*, user: Any) -> list[Readmission]:
    """Return every release in the user's units followed by a new custody period, newest first."""
    require(user, Capability.OUTCOMES_VIEW)
    releases = [r for r in _release_rows(user=user, person_ids=None, exclude=False) if r[4] is not None]
    admissions = _admissions({pid for pid, _released, _period, _unit, _back in releases})
    found: list[tuple[int, date, int, int]] = []
    for pid, released, period_id, _unit, _back in releases:
        later = [(a, p) for a, p in admissions.get(pid, []) if a > released]
        if later:
            found.append((pid, released, period_id, min(later)[1]))
    ids = [f[2] for f in found] + [f[3] for f in found]
    units = {p.pk: p for p in CustodyPeriod.objects.filter(pk__in=ids).select_related("unit")}
    people = Person.objects.in_bulk([f[0] for f in found])
    rows = [
        Readmission(
            person=people[pid],
            released=released,
            release_unit=units[old].unit.name,
            readmitted=units[new].admission_date,
            readmission_unit=units[new].unit.name,
            via_review=units[new].person_id != pid,
        )
        for pid, released, old, new in found
    ]
    return sorted(rows, key=lambda r: r.readmitted, reverse=True)


@dataclass
class Candidate:
    """Two person records that may be one person: same name and birth date, the later admitted after a release."""

    earlier: Person
    earlier_release: date
    earlier_unit: str
    later: Person
    later_admission: date
    later_unit: str


def identity_candidates(*, user: Any) -> list[Candidate]:
    """Return the pairs awaiting review whose later admission is at a unit in the user's scope.

    A pair is two records with the same normalised full name and birth date, where one was released before the
    other was admitted, and whose NIKs do not differ (two different NIKs are two people). Decided pairs drop out.
    """
    require(user, Capability.OUTCOMES_VIEW)
    scope = unit_scope(user)
    later_periods = list(
        CustodyPeriod.objects.filter(scope.q("unit_id")).select_related("person", "unit").order_by("admission_date")
    )
    births = {p.person.birth_date for p in later_periods}
    if not births:
        return []
    released = list(
        CustodyPeriod.objects.filter(person__birth_date__in=births, release_date__isnull=False)
        .exclude(release_reason__in=NOT_A_RELEASE)
        .select_related("person", "unit")
    )
    by_key: dict[tuple[str, date], list[CustodyPeriod]] = defaultdict(list)
    for period in released:
        by_key[(normalise_name(period.person.full_name), period.person.birth_date)].append(period)
    decided = set(IdentityReview.objects.values_list("earlier_person_id", "later_person_id"))
    out: dict[tuple[int, int], Candidate] = {}
    for later in later_periods:
        key = (normalise_name(later.person.full_name), later.person.birth_date)
        for earlier in by_key.get(key, []):
            a, b = earlier.person, later.person
            if a.pk == b.pk or (a.nik and b.nik and a.nik != b.nik) or (a.pk, b.pk) in decided:
                continue
            if earlier.release_date is None or later.admission_date <= earlier.release_date:
                continue
            out.setdefault(
                (a.pk, b.pk),
                Candidate(a, earlier.release_date, earlier.unit.name, b, later.admission_date, later.unit.name),
            )
    return list(out.values())


def get_candidate_for_user(user: Any, earlier_id: int, later_id: int) -> Candidate:
    """Return the pending pair when it is in the user's queue; 404 otherwise."""
    for candidate in identity_candidates(user=user):
        if candidate.earlier.pk == earlier_id and candidate.later.pk == later_id:
            return candidate
    raise Http404
