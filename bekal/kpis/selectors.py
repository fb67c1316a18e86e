"""Every KPI of the dashboard, the command, the API and the reports, computed here once (definitions in README.md).

Each figure is exact: a numerator, a denominator and the rate between them. Figures are computed with aggregate
queries grouped by the breakdown (unit, Kanwil, programme, provider, year), never with a query per person, and
always inside the user's unit scope (bekal.accounts.access): a unit's staff see their unit, a Kanwil its units,
Ditjenpas the nation, partners nothing. The training figures and recidivism are summed from the KPI facts
(models.py), which bekal.kpis.facts keeps exact; budget and community service are read from their records.

Which date decides the year:
- training KPIs (completion, attendance, certification, absorption, the funnel): the end date of the batch;
- recidivism: the release date (the release cohort);
- budget absorption: the allocation's budget year;
- community-service completion: the order's deadline (complete by).
"""

import operator
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, QuerySet, Value
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from bekal.accounts.access import Capability, require
from bekal.community_service.models import CommunityServiceOrder
from bekal.core.figures import Figure
from bekal.core.memo import memoised, page_memo
from bekal.kpis import cohorts, people_parts, unit_sums
from bekal.kpis.funnel import FUNNEL, step_q
from bekal.kpis.models import EnrolmentFact, ReleaseFact
from bekal.organizations import figure_versions
from bekal.organizations.models import Organization, OrganizationKind
from bekal.organizations.scope import UnitScope, unit_scope
from bekal.outcomes import selectors as outcomes
from bekal.training.models import (
    EnrollmentStatus,
    Programme,
)

CERTIFICATION = "certification"
ABSORPTION = "absorption"
RECIDIVISM = "recidivism"
BUDGET = "budget"
ATTENDANCE = "attendance"
COMPLETION = "completion"
COMMUNITY_SERVICE = "community_service"
KPIS = (CERTIFICATION, ABSORPTION, RECIDIVISM, BUDGET, ATTENDANCE, COMPLETION, COMMUNITY_SERVICE)

LABELS = {
    CERTIFICATION: _("Certification rate"),
    ABSORPTION: _("Absorption rate (working or self-employed)"),
    RECIDIVISM: _("Recidivism within 1 year"),
    BUDGET: _("Budget absorption"),
    ATTENDANCE: _("Attendance"),
    COMPLETION: _("Training completion"),
    COMMUNITY_SERVICE: _("Community-service completion"),
}
DEFINITIONS = {
    CERTIFICATION: _(
        "Participants who obtained a competency certificate / participants who completed training, "
        "in batches that ended in the year, by the unit that nominated them."
    ),
    ABSORPTION: _(
        "Certified people who worked after release, employed or self-employed (bekerja atau berwirausaha) / "
        "certified people released after their training, counted once per person; the split counts as employed "
        "whoever had a job, as self-employed whoever only ran their own business."
    ),
    RECIDIVISM: _(
        "People released in the year (transfers and deaths are not releases) who came back into custody within "
        "one year / people released in the year; shown once the whole cohort has had a full year."
    ),
    BUDGET: _("Training budget realised / training budget allocated (DIPA), per unit and budget year."),
    ATTENDANCE: _(
        "Training days attended (or counted as attended) / training days marked, for participants of batches "
        "that ended in the year."
    ),
    COMPLETION: _(
        "Participants who completed training / participants who started it (enrolled, completed, dropped out or "
        "not completed), in batches that ended in the year."
    ),
    COMMUNITY_SERVICE: _(
        "Community-service orders completed / orders due in the year that are finished or past their deadline."
    ),
}
# The figures a person can be listed behind; budget absorption is money and has no people behind it.
PEOPLE_KPIS = (CERTIFICATION, ABSORPTION, RECIDIVISM, ATTENDANCE, COMPLETION, COMMUNITY_SERVICE)
# Training KPIs can be split by programme and provider; the others belong to a unit only.
TRAINING_KPIS = (CERTIFICATION, ABSORPTION, ATTENDANCE, COMPLETION)

BREAKDOWNS = {
    "unit": _("Unit"),
    "kanwil": _("Kanwil"),
    "programme": _("Programme"),
    "provider": _("Provider"),
    "year": _("Year"),
}


@dataclass(frozen=True)
class Filters:
    """What a table is about: a year, and at most one unit or Kanwil, programme and provider (None: all in scope)."""

    year: int | None = None
    unit_id: int | None = None
    kanwil_id: int | None = None
    programme_id: int | None = None
    provider_id: int | None = None
    # The user's unit scope, read once by filters_for_user; None: read it when needed.
    scope: UnitScope | None = field(default=None, compare=False, repr=False)

    def params(self) -> dict[str, int]:
        """Return the filters as query parameters (for links that keep them)."""
        names = {
            "year": self.year,
            "unit": self.unit_id,
            "kanwil": self.kanwil_id,
            "programme": self.programme_id,
            "provider": self.provider_id,
        }
        return {k: v for k, v in names.items() if v is not None}


def filters_for_user(
    *,
    user: Any,
    year: int | None = None,
    unit: int | None = None,
    kanwil: int | None = None,
    programme: int | None = None,
    provider: int | None = None,
) -> Filters:
    """Return the filters after checking them against the user's scope: a unit or Kanwil outside it is a 404."""
    require(user, Capability.KPI_VIEW)
    scope = unit_scope(user)
    if unit is not None and not (
        scope.contains(unit)
        and Organization.objects.filter(pk=unit, kind__in=OrganizationKind.correctional_units()).exists()
    ):
        raise Http404
    if kanwil is not None:
        if not Organization.objects.filter(pk=kanwil, kind=OrganizationKind.KANWIL).exists():
            raise Http404
        if not scope.everything and kanwil not in scope.unit_ids:
            raise Http404
    if programme is not None and not Programme.objects.filter(pk=programme).exists():
        raise Http404
    if provider is not None and not Organization.objects.filter(pk=provider).exists():
        raise Http404
    return Filters(year=year, unit_id=unit, kanwil_id=kanwil, programme_id=programme, provider_id=provider, scope=scope)


def default_breakdown(f: Filters) -> str:
    """Return the breakdown a table opens on: one level below the scope. The nation (or a filter on none) reads
    by Kanwil first (38 rows, not 536 units); a Kanwil, a unit or a filtered Kanwil by unit."""
    everything = f.scope is not None and f.scope.everything
    return "kanwil" if everything and f.unit_id is None and f.kanwil_id is None else "unit"


def _unit_q(user: Any, f: Filters, path: str) -> Q:
    """Return the filter on an organisation path (``unit_id`` or ``x__unit_id``) for scope, unit and Kanwil."""
    q = (f.scope or unit_scope(user)).q(path)
    if f.unit_id is not None:
        q &= Q(**{path: f.unit_id})
    if f.kanwil_id is not None:
        q &= Q(**{path.removesuffix("_id") + "__parent_id": f.kanwil_id})
    return q


def fact_q(user: Any, f: Filters) -> Q:
    """Return the filters on the enrolment facts (scope, unit, Kanwil, the batch's end year, programme, provider)."""
    q = _unit_q(user, f, "unit_id")
    if f.year is not None:
        q &= Q(year=f.year)
    if f.programme_id is not None:
        q &= Q(programme_id=f.programme_id)
    if f.provider_id is not None:
        q &= Q(provider_id=f.provider_id)
    return q


GROUP_FIELDS = {
    "unit": "unit_id",
    "kanwil": "unit__parent_id",
    "programme": "programme_id",
    "provider": "provider_id",
}


def _group_key(by: str) -> Any:
    return F("year") if by == "year" else F(GROUP_FIELDS[by])


def _units(user: Any, f: Filters) -> list[int]:
    """Return the correctional units of the scope and filters: the units the facts and the orders belong to."""
    scope = f.scope or unit_scope(user)
    # Cached on the catalogue, which a unit's save moves: a unit added, moved or retired.
    return memoised(
        ("units", scope, f.unit_id, f.kanwil_id),
        lambda: figure_versions.cached_on_catalogue(
            "kpis.units", scope, (f.unit_id, f.kanwil_id), lambda: _read_units(scope, f)
        ),
    )


def _sum_scope(user: Any, f: Filters) -> UnitScope | None:
    """Return the user's scope when it holds every unit summed (no unit or Kanwil filter): the key of the sums."""
    return f.scope or unit_scope(user) if f.unit_id is None and f.kanwil_id is None else None


def _read_units(scope: UnitScope, f: Filters) -> list[int]:
    q = scope.q("id")
    if f.unit_id is not None:
        q &= Q(id=f.unit_id)
    if f.kanwil_id is not None:
        q &= Q(parent_id=f.kanwil_id)
    return list(Organization.objects.correctional_units().filter(q).order_by().values_list("id", flat=True))


def _year_programme_provider(facts: QuerySet[EnrolmentFact], f: Filters) -> QuerySet[EnrolmentFact]:
    """Return the enrolment facts narrowed by the filters' year, programme and provider."""
    if f.year is not None:
        facts = facts.filter(year=f.year)
    if f.programme_id is not None:
        facts = facts.filter(programme_id=f.programme_id)
    if f.provider_id is not None:
        facts = facts.filter(provider_id=f.provider_id)
    return facts


def _people_parts(f: Filters, by: str | None, today: date, ids: list[int]) -> dict[int, dict[Any, tuple[int, ...]]]:
    """Return {unit: {group: (released, working, employed)}}: the people released after these units' training, each
    once per unit and group, and those of more than one unit on their own keys (``people_parts.unit_parts``)."""
    facts = _year_programme_provider(EnrolmentFact.objects.filter(step_q("released", today)), f)
    group = Value(0) if by is None else _group_key(by)
    return people_parts.unit_parts(facts, group, by is not None, today, ids, (f.year, f.programme_id, f.provider_id))


def _grain(by: str | None) -> str | None:
    """Return the breakdown whose per-unit sums a breakdown is read from: the nation's and the Kanwils' figures
    are regrouped from the units' (one computation for the three, cold), the others are their own."""
    return "unit" if by in (None, "kanwil") else by


def _regroup(user: Any, f: Filters, by: str | None) -> Callable[[Any], Any]:
    """Return the function from a ``_grain`` group key to the breakdown's own: a unit to None or to its Kanwil."""
    if by is None:
        return lambda unit: None
    if by == "kanwil":
        parents = figure_versions.cached_on_catalogue(  # a unit moved to another Kanwil is a catalogue save
            "kpis.parents",
            f.scope or unit_scope(user),
            (f.unit_id, f.kanwil_id),
            lambda: dict(Organization.objects.filter(id__in=_units(user, f)).values_list("id", "parent_id")),
        )

        def kanwil_of(unit: int) -> int | None:
            if unit in parents:
                return parents[unit]
            # A unit outside the scope's list (the first unit of a person released twice in a year, whose
            # releases are counted over the whole scope): looked up.
            return Organization.objects.filter(pk=unit).values_list("parent_id", flat=True).first()

        return kanwil_of
    return lambda key: key


# The units' cohorts gathered under their Kanwils (``_cohort_counts``): the sum the table, the Kanwils and the
# years are regrouped from.
GATHERED = "unit>kanwil"


def _group_of(
    user: Any, f: Filters, by: str | None, whole: Any = None, gathered: bool = False
) -> Callable[[tuple[Any, Any]], Any]:
    """Return the function from a (key, year) group of a sum of the units' parts (the key a unit, or a programme or
    provider for those breakdowns; a Kanwil when ``gathered`` by ``_gathered``) to the breakdown's group; ``whole``
    is the one group of the table."""
    if by is None:
        return lambda group: whole
    if by == "year":
        return operator.itemgetter(1)
    if gathered:
        return operator.itemgetter(0)
    key_of = _regroup(user, f, by)  # a unit to its Kanwil; a unit, programme or provider to itself
    return lambda group: key_of(group[0])


def _people_counts(user: Any, f: Filters, today: date, by: str | None) -> dict[Any, tuple[int, ...]]:
    """Return {group key: (released, working, employed)}: people, each counted once per group, working if any of
    their enrolments is. Summed from each unit's cached part (``_people_parts``), keyed on the units' outcome facts:
    a certificate or a release recomputes the parts of the person's units, never the nation's."""
    grain = _grain(by)
    sums = figure_versions.summed(
        "kpis.people",
        _units(user, f),
        (f.year, f.programme_id, f.provider_id, grain, today),
        lambda ids: _people_parts(f, grain, today, ids),
        figure_versions.OUTCOMES,
        _sum_scope(user, f),
    )
    return people_parts.counted_once(sums, _regroup(user, f, by))


def _unit_counts(user: Any, f: Filters, today: date, by: str | None) -> dict[Any, dict[str, Any]]:
    """Return {group key: the ``unit_sums.COLUMNS``} for a breakdown (None: the table): the enrolment counts and
    attendance days, the orders and the budget, regrouped from one sum of every unit's cached part per unit and
    year (``unit_sums``). A write recomputes its own unit's part, and the table, the years and the breakdowns of a
    page all read the one sum; read once per request for each breakdown."""
    grain = by if by in ("programme", "provider") else "unit"
    gathered = by in (None, "kanwil", "year")
    sums, group_of = _unit_sums(user, f, today, grain, gathered), _group_of(user, f, by, gathered=gathered)
    if f.year is not None:
        sums = {(key, year): numbers for (key, year), numbers in sums.items() if year == f.year}
    regrouped = figure_versions.regrouped(sums, group_of)
    return {group: dict(zip(unit_sums.COLUMNS, numbers, strict=True)) for group, numbers in regrouped.items()}


def _unit_sums(
    user: Any, f: Filters, today: date, grain: str, gathered: bool = False
) -> dict[tuple[Any, Any], tuple[Any, ...]]:
    """Return the sum of the units' parts (``unit_sums``) of the scope and filters, by (key, year): read once per
    request for the table, the years and the breakdowns (the year filter is applied after, by the caller).
    ``gathered``: by (Kanwil, year), each unit's part put under its Kanwil before the parts are added: the table,
    the Kanwils and the years of a national sum of some 300 groups, not 3,000, which a write moves by its unit's
    few. Exact when a unit moves to another Kanwil: its save moves its own version, so its part is made again
    under the new Kanwil and its old part taken off the old one."""
    kanwil_of = _regroup(user, f, "kanwil") if gathered else None

    def compute(ids: list[int]) -> unit_sums.Parts:
        found = unit_sums.parts(
            facts=_year_programme_provider(EnrolmentFact.objects.all(), replace(f, year=None)),
            grain=grain,
            orders_and_budget=not _unit_only(f, grain),
            today=today,
            ids=ids,
        )
        if kanwil_of is None:
            return found
        return {u: {(kanwil_of(u), year): n for (_u, year), n in part.items()} for u, part in found.items()}

    return memoised(
        ("kpis.unit_sums", f.scope or unit_scope(user), replace(f, year=None), grain, today, gathered),
        lambda: figure_versions.summed(
            "kpis.unit_sums",
            _units(user, f),
            (f.programme_id, f.provider_id, grain, today, gathered),
            compute,
            scope=_sum_scope(user, f),
        ),
    )


def _counts(user: Any, f: Filters, today: date, by: str | None) -> dict[Any, dict[str, Any]]:
    key = ("kpis.unit_counts", getattr(user, "pk", None), f, by, today)
    return memoised(key, lambda: _unit_counts(user, f, today, by))


def _outcome_counts(
    user: Any, f: Filters, today: date, by: str | None
) -> tuple[dict[Any, tuple[int, ...]], dict[Any, Figure | None]]:
    """Return the figures of a breakdown that move only with the outcome facts: (the people released and working,
    recidivism), as one entry keyed on the outcome versions. An attendance mark or an order moves the records, not
    these: the dashboard rebuilt after one reads them as one small entry, not their sums."""
    require(user, Capability.OUTCOMES_VIEW)
    return memoised(
        ("kpis.outcome_counts", getattr(user, "pk", None), f, by, today),
        lambda: figure_versions.cached(
            "kpis.outcome_counts",
            f.scope or unit_scope(user),
            (sorted(f.params().items()), by, today),
            lambda: (_people_counts(user, f, today, by), _recidivism(user=user, f=f, today=today, by=by)),
            figure_versions.OUTCOMES,
        ),
    )


def _training_counts(*, user: Any, f: Filters, today: date, by: str | None) -> dict[Any, dict[str, int]]:
    """Return {group key: counts of the funnel and of attendance days}: the enrolment counts from the units' sums
    (``_unit_counts``: an attendance mark recomputes its unit's part only); the people released and working from
    parts keyed on the outcome facts (``_people_counts``), which a mark does not move."""
    out = {
        group: {name: row[name] for name in unit_sums.ENROLMENTS}
        for group, row in _counts(user, f, today, by).items()
        if row["nominated"]
    }
    people_counts = _outcome_counts(user, f, today, by)[0]
    for group, row in out.items():
        row["released"], row["working"], row["employed"] = people_counts.get(group, (0, 0, 0))
        row["self_employed"] = row["working"] - row["employed"]
    if by is None and None not in out:
        out[None] = dict.fromkeys((*FUNNEL, "marked", "attended"), 0)
    return out


def _unit_only(f: Filters, by: str | None) -> bool:
    """Return True when a figure of units alone (budget, orders) has no place: a programme or provider filter or
    breakdown."""
    return by in ("programme", "provider") or f.programme_id is not None or f.provider_id is not None


def _budget(*, user: Any, f: Filters, today: date, by: str | None) -> dict[Any, tuple[Decimal, Decimal]]:
    """Return {group key: (realised, allocated)}; budgets belong to units and years, not to programmes."""
    if _unit_only(f, by):
        return {}
    out = {
        group: (unit_sums.as_money(row["realised"]), unit_sums.as_money(row["allocated"]))
        for group, row in _counts(user, f, today, by).items()
        if row["allocations"]
    }
    if by is None:
        out.setdefault(None, (Decimal(0), Decimal(0)))
    return out


def due_orders(user: Any, f: Filters, today: date) -> QuerySet[CommunityServiceOrder]:
    return unit_sums.due(CommunityServiceOrder.objects.filter(_unit_q(user, f, "period__unit_id")), f.year, today)


def _community_service(*, user: Any, f: Filters, today: date, by: str | None) -> dict[Any, tuple[int, int]]:
    """Return {group key: (completed, due)} of community-service orders, from the units' sums."""
    if _unit_only(f, by):
        return {}
    out = {
        group: (row["orders_completed"], row["orders_due"])
        for group, row in _counts(user, f, today, by).items()
        if row["orders_due"]
    }
    if by is None:
        out.setdefault(None, (0, 0))
    return out


# Recidivism: the outcomes definition (bekal.outcomes.selectors), summed from the release facts ---------------------


def _trained(f: Filters) -> QuerySet[EnrolmentFact]:
    """Return the completed enrolments (anywhere) of the programme or provider filtered on."""
    trained = EnrolmentFact.objects.filter(status=EnrollmentStatus.COMPLETED)
    if f.programme_id is not None:
        trained = trained.filter(programme_id=f.programme_id)
    if f.provider_id is not None:
        trained = trained.filter(provider_id=f.provider_id)
    return trained


def cohort_releases(
    user: Any,
    f: Filters,
    *,
    by: str | None = None,
    every_year: bool = False,
    part: str | None = None,
    units: list[int] | None = None,
) -> tuple[str, list[Any]]:
    """Return SQL for the cohort releases in scope, one per person and year (their first release that year, as
    outcomes counts them), with the columns of ``cohorts.COLUMNS`` (the group key in r_key); ``part`` and
    ``units``: only the single releases of those units, or only the repeated ones (``cohorts.summed_counts``).

    A programme or provider filter keeps the people who completed its training. Grouped by programme or provider,
    a person trained in two programmes is in both groups, as a trainee of each.
    """
    releases = ReleaseFact.objects.filter(_unit_q(user, f, "unit_id"))
    if units is not None:
        releases = releases.filter(unit_id__in=units)
    if f.programme_id is not None or f.provider_id is not None:
        releases = releases.filter(person_id__in=_trained(f).values("person_id"))
    if f.year is not None and not every_year:
        releases = releases.filter(year=f.year)
    keys = {None: Value(0), "year": F("year"), "unit": F("unit_id"), "kanwil": F("unit__parent_id")}
    cohort, params = cohorts.first_releases(releases, keys.get(by, Value(0)), part)
    if by not in ("programme", "provider"):
        return cohort, params
    column = "programme_id" if by == "programme" else "provider_id"
    trained_sql, trained_params = (
        _trained(f).values_list("person_id", column).distinct().order_by().query.sql_with_params()
    )
    joined = (
        f"SELECT c.r_person, c.r_year, c.r_released, c.r_back, t.{column} AS r_key, c.r_unit "  # noqa: S608
        f"FROM ({cohort}) c JOIN ({trained_sql}) t ON t.person_id = c.r_person"
    )
    return joined, [*params, *trained_params]


def _cohort_counts(user: Any, f: Filters, *, by: str | None = None, every_year: bool = False) -> list[tuple[Any, ...]]:
    """Return (group key, cohort year, released, back within 1, 2 and 3 years) rows: read once per request inside
    ``page_memo`` (the rates chart and the cohort table both group every year's releases by year). The nation's,
    the Kanwils' and the years' rows are regrouped from the units' gathered under their Kanwils (one sum of the
    units' parts for the three, of some 300 groups, not 4,800: a release recomputes one unit's part once, not once
    per breakdown)."""
    if by in (None, "kanwil", "year"):
        rows = _cohort_counts(user, f, by=GATHERED, every_year=every_year)
        group_of = _group_of(user, f, by, whole=0, gathered=True)  # 0: the cohort SQL's key of the whole scope
        kanwils = {(kanwil, year): tuple(numbers) for kanwil, year, *numbers in rows}
        sums = figure_versions.regrouped(kanwils, lambda group: (group_of(group), group[1]))
        return [(*key, *numbers) for key, numbers in sums.items()]
    return memoised(
        ("kpis.cohorts", getattr(user, "pk", None), f, by, every_year or f.year is None),
        lambda: cohorts.summed_counts(
            "kpis.cohorts",
            _units(user, f),
            (f.year, f.programme_id, f.provider_id, by, every_year),
            lambda part, ids: cohort_releases(
                user, f, by="unit" if by == GATHERED else by, every_year=every_year, part=part, units=ids
            ),
            "r_key, r_year",
            _sum_scope(user, f),
            gather=_regroup(user, f, "kanwil") if by == GATHERED else None,
        ),
    )


def recidivism_cohorts(*, user: Any, f: Filters, today: date) -> list[outcomes.CohortRow]:
    """Return the recidivism rows by release cohort (the outcomes definition) for the filters, every year."""
    require(user, Capability.OUTCOMES_VIEW)
    # Grouped by year over every year: the same rows as the rates chart's, read once per request, and kept on the
    # outcome facts (a dashboard rebuilt after an attendance mark regrouped the nation's 4,800 cohort groups).
    every = replace(f, year=None)
    rows = figure_versions.cached(
        "kpis.cohorts.by_year",
        f.scope or unit_scope(user),
        sorted(every.params().items()),
        lambda: _cohort_counts(user, every, by="year"),
        figure_versions.OUTCOMES,
    )
    return cohorts.cohort_table_of(rows, today)


def _recidivism(*, user: Any, f: Filters, today: date, by: str | None) -> dict[Any, Figure | None]:
    """Return {group key: re-admitted within 1 year out of released} over the measurable release cohorts.

    A group whose releases are all too recent to measure is None.
    """
    require(user, Capability.OUTCOMES_VIEW)
    counts: dict[Any, list[int] | None] = {}
    for key, year, released, back_1, *_later in _cohort_counts(user, f, by=by):
        key = None if by is None else (int(key) if by == "year" else key)
        if not outcomes.measurable(cohort=int(year), years=1, today=today):
            counts.setdefault(key, None)
            continue
        tally = counts.get(key) or [0, 0]
        tally[0] += int(back_1 or 0)
        tally[1] += released
        counts[key] = tally
    out: dict[Any, Figure | None] = {key: Figure(t[0], t[1]) if t else None for key, t in counts.items()}
    if by is None:
        out.setdefault(None, None)
    return out


@dataclass
class KpiRow:
    """One row of a KPI table: what it is about, and each KPI's figure (None: not measured for this row)."""

    key: Any
    label: str
    figures: dict[str, Figure | None] = field(default_factory=dict)
    funnel: dict[str, int] = field(default_factory=dict)
    params: dict[str, int] = field(default_factory=dict)
    # The absorption numerator split (issue 17): employed, and self-employed only; they sum to "working".
    split: dict[str, int] = field(default_factory=dict)


def _row(
    key: Any,
    label: str,
    training: dict[str, int] | None,
    budget: tuple[Decimal, Decimal] | None,
    community: tuple[int, int] | None,
    recidivism: Figure | None,
    params: dict[str, int],
) -> KpiRow:
    t = training or dict.fromkeys((*FUNNEL, "marked", "attended"), 0)
    figures: dict[str, Figure | None] = {
        CERTIFICATION: Figure(t["certified"], t["completed"]),
        ABSORPTION: Figure(t["working"], t["released"]),
        RECIDIVISM: recidivism,
        BUDGET: Figure(budget[0], budget[1]) if budget is not None else None,
        ATTENDANCE: Figure(t["attended"], t["marked"]) if "marked" in t else None,
        COMPLETION: Figure(t["completed"], t["enrolled"]),
        COMMUNITY_SERVICE: Figure(community[0], community[1]) if community is not None else None,
    }
    split = {"employed": t.get("employed", 0), "self_employed": t.get("self_employed", 0)}
    return KpiRow(key=key, label=label, figures=figures, funnel={s: t[s] for s in FUNNEL}, params=params, split=split)


def kpi_table(
    *,
    user: Any,
    today: date,
    year: int | None = None,
    unit: int | None = None,
    kanwil: int | None = None,
    programme: int | None = None,
    provider: int | None = None,
) -> KpiRow:
    """Return every KPI for the filters (the whole scope when none), in a fixed number of queries."""
    f = filters_for_user(user=user, year=year, unit=unit, kanwil=kanwil, programme=programme, provider=provider)
    return table_for(user=user, f=f, today=today)


def table_for(*, user: Any, f: Filters, today: date) -> KpiRow:
    """Return every KPI for filters already checked by filters_for_user (its sums read once: ``page_memo``)."""
    with page_memo():
        return _table(user, f, today)


def _table(user: Any, f: Filters, today: date) -> KpiRow:
    training = _training_counts(user=user, f=f, today=today, by=None)[None]
    budget = _budget(user=user, f=f, today=today, by=None).get(None)
    community = _community_service(user=user, f=f, today=today, by=None).get(None)
    recidivism = _outcome_counts(user, f, today, None)[1].get(None)
    return _row(None, str(_("All in scope")), training, budget, community, recidivism, f.params())


def table_of_year(over_time: list[KpiRow], f: Filters) -> KpiRow | None:
    """Return the table of filters with a year from the by-year breakdown of the same filters over every year
    (its point for that year: the same figures as table_for, without computing them twice); None without a year.
    """
    if f.year is None:
        return None
    found = next((r for r in over_time if r.key == f.year), None)
    if found is None:
        return None
    figures = dict(found.figures)
    if f.programme_id is None and f.provider_id is None:
        # A year with no budget or no order due has nothing to show in a breakdown, but 0 of 0 in a table.
        zero = {BUDGET: Figure(Decimal(0), Decimal(0)), COMMUNITY_SERVICE: Figure(0, 0)}
        for kpi, nothing in zero.items():
            if figures[kpi] is None:
                figures[kpi] = nothing
    return replace(found, key=None, label=str(_("All in scope")), figures=figures, params=f.params())


def _labels(by: str, keys: Iterable[Any]) -> dict[Any, str]:
    ids = [k for k in keys if k is not None]
    if by == "year":
        return {k: str(k) for k in ids}
    if by == "programme":
        return dict(Programme.objects.filter(pk__in=ids).values_list("id", "name"))
    return dict(Organization.objects.filter(pk__in=ids).values_list("id", "name"))


def kpi_breakdown(
    *,
    user: Any,
    today: date,
    by: str,
    year: int | None = None,
    unit: int | None = None,
    kanwil: int | None = None,
    programme: int | None = None,
    provider: int | None = None,
    only: Collection[str] | None = None,
) -> list[KpiRow]:
    """Return one row of every KPI per unit, Kanwil, programme, provider or year, with grouped queries.

    The training figures and recidivism are summed from the KPI facts (bekal.kpis.facts). ``only`` names the KPIs
    wanted (a chart draws five of them): community service, a query of its own, is left out, as None, when not
    named.
    """
    f = filters_for_user(user=user, year=year, unit=unit, kanwil=kanwil, programme=programme, provider=provider)
    return breakdown_for(user=user, f=f, today=today, by=by, only=only)


def breakdown_for(*, user: Any, f: Filters, today: date, by: str, only: Collection[str] | None = None) -> list[KpiRow]:
    """Return the breakdown (see kpi_breakdown) for filters already checked by filters_for_user: a page that
    shows several tables checks its filters once. Its sums are read once (``page_memo``)."""
    if by not in BREAKDOWNS:
        raise Http404
    with page_memo():
        return _breakdown(user, f, today, by, only)


def _breakdown(user: Any, f: Filters, today: date, by: str, only: Collection[str] | None) -> list[KpiRow]:
    wanted = set(only) if only is not None else set(KPIS)
    training = _training_counts(user=user, f=f, today=today, by=by)
    budget = _budget(user=user, f=f, today=today, by=by)
    community = _community_service(user=user, f=f, today=today, by=by) if COMMUNITY_SERVICE in wanted else {}
    recidivism = _outcome_counts(user, f, today, by)[1]
    keys = set(training) | set(budget) | set(community) | set(recidivism)
    keys.discard(None)
    labels = _labels(by, keys)
    param = {"unit": "unit", "kanwil": "kanwil", "programme": "programme", "provider": "provider", "year": "year"}[by]
    rows = []
    for key in keys:
        params = f.params() | {param: key}
        rows.append(
            _row(
                key,
                labels.get(key, str(key)),
                training.get(key),
                budget.get(key),
                community.get(key),
                recidivism.get(key),
                params,
            )
        )
    if by == "year":
        return sorted(rows, key=lambda r: r.key)
    return sorted(rows, key=lambda r: r.label)


def years_available(*, user: Any, today: date) -> list[int]:
    """Return the years with a batch end, a release or a budget in the user's scope, newest first: read from the
    units' sums and the release cohorts that the dashboard reads too (cached per unit), not from the facts again."""
    with page_memo():
        f = Filters(scope=unit_scope(user))
        nominated, allocations = unit_sums.COLUMNS.index("nominated"), unit_sums.COLUMNS.index("allocations")
        years = {
            int(year)
            for (_kanwil, year), numbers in _unit_sums(user, f, today, "unit", gathered=True).items()
            if year is not None and (numbers[nominated] or numbers[allocations])
        }
        years |= {int(row[1]) for row in _cohort_counts(user, f, by="year", every_year=True)}
    return sorted(years, reverse=True)
