"""Release cohorts counted from the KPI release facts: each person's first release of a year, and whether they came
back within 1, 2 and 3 years (the outcomes definition, ``bekal.outcomes.selectors``).

A release that is its person's only one that year (``repeat_in_year`` false, nearly all of them) is first in any
scope, so its counts are a sum over units: they are cached per unit (``figure_versions.summed``, keyed on each
unit's outcome facts), and a release, a re-admission, a certificate or a placement recomputes the parts of the units
it touches, never the nation's. The few releases of a person released twice in a year are sorted afresh for the
scope asked each time (an index holds just them)."""

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import F, QuerySet, Value, Window
from django.db.models.functions import RowNumber

from bekal.kpis.models import ReleaseFact
from bekal.organizations import figure_versions
from bekal.organizations.scope import UnitScope
from bekal.outcomes import selectors as outcomes

COLUMNS = ("r_person", "r_year", "r_released", "r_back", "r_key", "r_unit")
SINGLE, REPEATED = "single", "repeated"
# A group of people in a split: a queryset of their ids, or the name of a flag the release facts keep
# (``facts.GROUPS``).
Group = QuerySet[Any, Any] | str
# Builds the cohort SQL of one part (SINGLE: of the units listed; REPEATED: of the whole scope).
Builder = Callable[[str, list[int] | None], tuple[str, list[Any]]]


def first_releases(
    releases: QuerySet[ReleaseFact], key: Any, part: str | None = None, flags: Sequence[str] = ()
) -> tuple[str, list[Any]]:
    """Return SQL for the releases' cohort: each person's first release of each year among them (columns
    ``COLUMNS``, and ``r_<flag>`` for each of the facts' group ``flags``); ``part`` keeps only the single releases
    or only the first of the repeated ones."""
    carried = {f"r_{flag}": F(flag) for flag in flags}
    rows = releases.order_by().annotate(
        r_person=F("person_id"),
        r_year=F("year"),
        r_released=F("released_key"),
        r_back=F("back_key"),
        r_key=key,
        r_unit=F("unit_id"),
        **carried,
    )
    columns = (*COLUMNS, *carried)
    # A release that is its person's only one that year is first in any scope; the few others are sorted.
    single_sql, single_params = rows.filter(repeat_in_year=False).values_list(*columns).query.sql_with_params()
    repeated = rows.filter(repeat_in_year=True).annotate(
        r_first=Window(
            RowNumber(),
            partition_by=[F("person_id"), F("year")],
            order_by=[F("released_on").asc(), F("pk").asc()],
        )
    )
    repeated_sql, repeated_params = repeated.values_list(*columns, "r_first").query.sql_with_params()
    names = ", ".join(columns)
    single = f"SELECT {names} FROM ({single_sql}) single"  # noqa: S608
    first = f"SELECT {names} FROM ({repeated_sql}) repeated WHERE r_first = 1"  # noqa: S608
    if part == SINGLE:
        return single, list(single_params)
    if part == REPEATED:
        return first, list(repeated_params)
    return f"{single} UNION ALL {first}", [*single_params, *repeated_params]


def back_within(years: int) -> str:
    """Return the SQL condition "re-admitted within ``years`` of the release" on cohort SQL's YYYYMMDD columns
    (exactly the calendar rule: see ReleaseFact)."""
    return f"r_back <= r_released + {years * 10000}"


# The cohort's counts back within each follow-up year, summed.
BACK_SUMS = ", ".join(f"SUM(CASE WHEN {back_within(n)} THEN 1 ELSE 0 END)" for n in outcomes.FOLLOW_UP_YEARS)


def _grouped(sql: str, params: list[Any], keys: str, by_unit: bool) -> list[tuple[Any, ...]]:
    """Return (unit when ``by_unit``, the keys, released, back within 1, 2 and 3 years) rows of cohort SQL."""
    group = f"r_unit, {keys}" if by_unit else keys
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {group}, COUNT(*), {BACK_SUMS} FROM ({sql}) k GROUP BY {group}", params)  # noqa: S608
        return [tuple(row) for row in cursor.fetchall()]


def count_cohorts(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Return (group key, cohort year, released, back within 1, 2 and 3 years) rows of cohort SQL."""
    return _grouped(sql, params, "r_key, r_year", by_unit=False)


def summed_counts(
    name: str,
    units: list[int],
    parts: Any,
    build: Builder,
    keys: str,
    scope: UnitScope | None = None,
    gather: Callable[[Any], Any] | None = None,
) -> list[tuple[Any, ...]]:
    """Return the rows ``count_cohorts`` would (grouped by ``keys``) for the cohort that ``build`` makes: the single
    releases from each unit's cached part, summed, and the repeated ones counted afresh. ``gather``: the first key
    (a unit) mapped to the group it is counted in (its Kanwil) before the parts are added, so that the sum kept
    and moved by a release is as small as the groups asked."""
    width = len(keys.split(","))

    def counted(rows: Iterable[tuple[Any, ...]]) -> dict[Any, tuple[Any, ...]]:
        out: dict[Any, tuple[Any, ...]] = {}
        for row in rows:
            key, numbers = tuple(row[:width]), tuple(int(v or 0) for v in row[width:])
            if gather is not None:
                key = (gather(key[0]), *key[1:])
            found = out.get(key)
            out[key] = numbers if found is None else tuple(map(operator.add, found, numbers))
        return out

    def compute(ids: list[int]) -> dict[int, dict[Any, tuple[Any, ...]]]:
        by_unit: dict[int, list[tuple[Any, ...]]] = {}
        for unit, *row in _grouped(*build(SINGLE, ids), keys, by_unit=True):
            by_unit.setdefault(unit, []).append(tuple(row))
        return {unit: counted(rows) for unit, rows in by_unit.items()}

    single = figure_versions.summed(name, units, parts, compute, figure_versions.OUTCOMES, scope)
    repeated = counted(_grouped(*build(REPEATED, None), keys, by_unit=False))
    return [(*key, *numbers) for key, numbers in figure_versions.add_parts([single, repeated]).items()]


def cohort_table_of(rows: list[tuple[Any, ...]], today: date) -> list[outcomes.CohortRow]:
    """Return the cohort table of (group key, year, released, back within 1, 2, 3 years) rows, by year."""
    out = []
    for _key, year, released, *back in sorted(rows, key=lambda r: r[1]):
        row = outcomes.CohortRow(year=int(year), released=released)
        for n, count in zip(outcomes.FOLLOW_UP_YEARS, back, strict=True):
            measured = outcomes.measurable(cohort=int(year), years=n, today=today)
            row.within[n] = outcomes.Rate(int(count or 0), released) if measured else None
        out.append(row)
    return out


def cohort_tables_split(
    releases: QuerySet[ReleaseFact],
    groups: Mapping[str, Group],
    today: date,
    units: list[int] | None = None,
) -> tuple[list[outcomes.CohortRow], dict[str, tuple[list[outcomes.CohortRow], list[outcomes.CohortRow]]]]:
    """Return the cohort table of some release facts and, for each group of people (a queryset of person ids, or
    the name of a group flag the release facts keep: ``facts.GROUPS``), the tables of the releases inside and
    outside it: one pass over the releases, each tagged with its groups.
    With ``units`` (the units the releases belong to), each unit's single releases are counted once and cached."""
    names = [f"g{i}" for i in range(len(groups))]
    keys = ", ".join(["r_year", *names])
    carried = [people for people in groups.values() if isinstance(people, str)]

    def build(part: str | None, ids: list[int] | None) -> tuple[str, list[Any]]:
        narrowed = releases if ids is None else releases.filter(unit_id__in=ids)
        cohort, cohort_params = first_releases(narrowed, Value(0), part, carried)
        flags, flag_params = _flags(groups, few=part == REPEATED or (ids is not None and len(ids) <= FEW_UNITS))
        tagged = ", ".join(["r_unit", "r_year", "r_released", "r_back", *flags])
        return f"SELECT {tagged} FROM ({cohort}) c", [*flag_params, *cohort_params]  # noqa: S608

    if units is None:
        rows = _grouped(*build(None, None), keys, by_unit=False)
    else:
        shape = [people if isinstance(people, str) else str(people.query) for people in groups.values()]
        rows = summed_counts("kpis.cohorts.split", units, (str(releases.query), shape), build, keys)
    width = len(names)

    def table(group: int | None = None, tagged: int = 1) -> list[outcomes.CohortRow]:
        """Sum the rows by year: all of them, or those whose group flag (0: outside, 1: inside) is ``tagged``."""
        totals: dict[Any, list[int]] = {}
        for row in rows:
            if group is None or row[1 + group] == tagged:
                sums = totals.setdefault(row[0], [0] * (1 + len(outcomes.FOLLOW_UP_YEARS)))
                for j, value in enumerate(row[1 + width :]):
                    sums[j] += int(value or 0)
        return cohort_table_of([(None, year, *sums) for year, sums in totals.items()], today)

    return table(), {name: (table(i, 1), table(i, 0)) for i, name in enumerate(groups)}


# Up to this many units' releases (a write's own unit, the repeated releases), each person is looked up in a group
# by its index; beyond, each group is read whole once and hashed (measured at national scale: one unit's part
# 4.5 ms against 242 ms, the nation's 403 ms against 636 ms the other way round).
FEW_UNITS = 20


def _flags(groups: Mapping[str, Group], few: bool) -> tuple[list[str], list[Any]]:
    """Return the SELECT columns g0, g1, ... (1 when the release's person is in that group) and their parameters."""
    flags: list[str] = []
    params: list[Any] = []
    for i, people in enumerate(groups.values()):
        if isinstance(people, str):  # a flag the release facts keep: read from the release itself, as it is (a
            # boolean equals 1 or 0), so the groups follow the order of the index of the splits (kpis_release_split)
            flags.append(f"r_{people} AS g{i}")
            continue
        sql, group_params = people.query.sql_with_params()
        if few:
            column = people.query.values_select[0] if people.query.values_select else "person_id"
            found = f"EXISTS (SELECT 1 FROM ({sql}) x{i} WHERE x{i}.{column} = r_person)"  # noqa: S608 (our compiled query)
        else:
            found = f"r_person IN ({sql})"
        flags.append(f"CASE WHEN {found} THEN 1 ELSE 0 END AS g{i}")
        params.extend(group_params)
    return flags, params


def cohort_table(releases: QuerySet[ReleaseFact], today: date) -> list[outcomes.CohortRow]:
    """Return the cohort table (people released per year, share back within 1, 2, 3 years) of some release facts,
    already narrowed to a scope, units or people by the caller (the outcomes pages and their splits)."""
    return cohort_table_of(count_cohorts(*first_releases(releases, Value(0))), today)
