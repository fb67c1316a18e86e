"""People counted once in a sum over units: the people released after training, and those of them working, are
distinct people, not rows. Each unit's part counts its own people once; a person released after the training of
more than one unit (about 640 of 97,000 at national scale) is carried on their own key, (SHARED, group, person)
with (1, working, employed), in each of those units' parts, so that a sum over units counts them once
(``counted_once``). A rewrite of a person's facts bumps every unit of their facts (``kpis.facts.refresh``), so
the parts that carry them are recomputed together."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Case, Exists, F, Max, Min, OuterRef, QuerySet, When

from bekal.core.memo import memoised
from bekal.kpis import cohorts
from bekal.kpis.models import EnrolmentFact

SHARED = "shared"
Numbers = tuple[int, ...]


def unit_parts(
    facts: QuerySet[EnrolmentFact], group: Any, grouped: bool, today: date, ids: list[int], filters: Any
) -> dict[int, dict[Any, Numbers]]:
    """Return {unit: {group: (released, working, employed)}} for these units from the released facts (``facts``,
    already filtered; ``group`` the group key's expression, ``grouped`` False for a single group, None)."""
    people = facts.annotate(p=F("person_id"), g=group)  # p first: the GROUP BY order of the index (below)
    working = {
        "w": Max(Case(When(working_on__lte=today, then=1), default=0)),
        "e": Max(Case(When(employed_on__lte=today, then=1), default=0)),
    }
    many = len(ids) > cohorts.FEW_UNITS
    if not many:  # a write's own units: each person looked up elsewhere by index
        elsewhere = facts.filter(person_id=OuterRef("person_id")).exclude(unit_id=OuterRef("unit_id"))
        few = people.filter(unit_id__in=ids).annotate(s=Exists(elsewhere)).values("unit_id", "g", "p", "s")
        sql, params = few.annotate(**working).order_by().query.sql_with_params()
        shared = f"SELECT unit_id, g, CASE WHEN s THEN p END AS sp, w, e FROM ({sql}) people"  # noqa: S608
    else:  # many units (the nation, cold): every person counted in their units at once, then the few people of
        # more than one unit (found once for the page by one aggregate over the facts) taken out of those counts
        # and returned on their own, from their own facts (by index)
        spread = sorted(memoised(("kpis.spread", filters, today), lambda: _spread_people(facts)))
        # Grouped in the order of the index of the released people (unit, person, year): read as it comes.
        everyone = people.filter(unit_id__in=ids).values("unit_id", "p", "g").annotate(**working).order_by()
        sql, params = everyone.query.sql_with_params()
        shared = f"SELECT unit_id, g, CAST(NULL AS INTEGER) AS sp, w, e FROM ({sql}) people"  # noqa: S608
        if spread:
            alone = people.filter(unit_id__in=ids, person_id__in=spread).values("unit_id", "g", "p")
            alone_sql, alone_params = alone.annotate(**working).order_by().query.sql_with_params()
            shared += f" UNION ALL SELECT unit_id, g, p, w, e FROM ({alone_sql}) alone"  # noqa: S608
            params = (*params, *alone_params)
    with connection.cursor() as cursor:
        counted = f"SELECT unit_id, g, sp, COUNT(*), SUM(w), SUM(e) FROM ({shared}) parts GROUP BY 1, 2, 3"  # noqa: S608
        cursor.execute(counted, params)
        rows = list(cursor)
    out: dict[int, dict[Any, Numbers]] = {}
    of_many: list[tuple[int, Any, int, Numbers]] = []
    for unit, g, person, released, working_, employed in rows:
        key = g if grouped else None
        numbers: Numbers = (released, int(working_ or 0), int(employed or 0))
        if person is None:
            out.setdefault(unit, {})[key] = numbers
        else:
            of_many.append((unit, key, person, numbers))
    for unit, key, person, numbers in of_many:
        if many:  # counted with everyone at once too: taken out of the unit's count
            left = tuple(a - b for a, b in zip(out[unit][key], numbers, strict=True))
            out[unit][key] = left
            if not any(left):
                del out[unit][key]
        out.setdefault(unit, {})[(SHARED, key, person)] = numbers
    return out


def _spread_people(facts: QuerySet[EnrolmentFact]) -> set[int]:
    """Return the people whose facts lie in more than one unit."""
    units = facts.order_by().values("person_id").annotate(lo=Min("unit_id"), hi=Max("unit_id"))
    return set(units.exclude(lo=F("hi")).values_list("person_id", flat=True))


def counted_once(sums: dict[Any, Numbers], regroup: Callable[[Any], Any]) -> dict[Any, Numbers]:
    """Return {group: (released, working, employed)} from a sum of unit parts, each group key mapped by
    ``regroup`` (a unit to its Kanwil, say): the people of more than one unit counted once per group, working if
    any of their enrolments is."""
    out: dict[Any, list[int]] = {}
    shared: dict[tuple[Any, int], tuple[int, int]] = {}
    for key, numbers in sums.items():
        if isinstance(key, tuple) and key[0] == SHARED:
            group, person = regroup(key[1]), key[2]
            w, e = shared.get((group, person), (0, 0))
            shared[(group, person)] = (max(w, min(numbers[1], 1)), max(e, min(numbers[2], 1)))
            continue
        row = out.setdefault(regroup(key), [0, 0, 0])
        for i, n in enumerate(numbers):
            row[i] += n
    for (group, _person), (w, e) in shared.items():
        row = out.setdefault(group, [0, 0, 0])
        row[0], row[1], row[2] = row[0] + 1, row[1] + w, row[2] + e
    return {group: tuple(row) for group, row in out.items()}
