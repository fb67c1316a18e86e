"""Recidivism by release cohort, summed from the KPI release facts (bekal.kpis.facts keeps them exact).

The definition (who is released, who counts as back, when a cohort is measurable) lives in bekal.outcomes.selectors,
which also reads it from the records; these are the same tables read from the facts, for the pages and the API.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from bekal.accounts.access import Capability, require
from bekal.kpis.cohorts import Group, cohort_table, cohort_tables_split
from bekal.kpis.models import ReleaseFact
from bekal.organizations.models import Organization
from bekal.organizations.scope import unit_scope
from bekal.outcomes.selectors import CohortRow


@dataclass
class Split:
    label: str
    inside: list[CohortRow]
    outside: list[CohortRow]


def release_facts(*, user: Any, unit_id: int | None, unit_ids: Collection[int] | None) -> QuerySet[Any, Any]:
    """Return the KPI release facts in the user's scope (one row per release with its re-admission, kept exact by
    bekal.kpis.facts): the same definition as bekal.outcomes.selectors reads from the records."""
    releases = ReleaseFact.objects.filter(unit_scope(user).q("unit_id"))
    if unit_id is not None:
        releases = releases.filter(unit_id=unit_id)
    if unit_ids is not None:
        releases = releases.filter(unit_id__in=unit_ids)
    return releases


def recidivism_by_cohort(
    *,
    user: Any,
    today: date,
    person_ids: Group | None = None,
    exclude: bool = False,
    unit_id: int | None = None,
    unit_ids: Collection[int] | None = None,
) -> list[CohortRow]:
    """Return, per release year, the people released and the share re-admitted within 1, 2 and 3 years.

    ``person_ids`` (a queryset of person ids, or a group flag of the release facts) restricts the cohort to those
    people, or with ``exclude`` to everyone else: this is how a split (placed / trained / certified versus not) is
    computed.
    """
    require(user, Capability.OUTCOMES_VIEW)
    releases = release_facts(user=user, unit_id=unit_id, unit_ids=unit_ids)
    if isinstance(person_ids, str):  # a group flag of the release facts
        releases = releases.filter(**{person_ids: not exclude})
    elif person_ids is not None:
        releases = releases.exclude(person_id__in=person_ids) if exclude else releases.filter(person_id__in=person_ids)
    return cohort_table(releases, today)


def recidivism_splits(
    *, user: Any, today: date, groups: Mapping[str, Group], unit_id: int | None = None
) -> tuple[list[CohortRow], dict[str, Split]]:
    """Return the cohort table of everyone released and, per group of people (label -> queryset of person ids or a
    group flag of the release facts, ``facts.GROUPS``), the
    tables of those in it and of everyone else.

    For the nation, in one pass over its 225,000 releases, each tagged with its groups (0.75 s instead of 1.7 s for
    seven tables). For a unit or a Kanwil, one query a table: the database then looks the few releases' people up
    in each group instead of reading the whole group (0.3 s instead of 0.4 s)."""
    require(user, Capability.OUTCOMES_VIEW)
    if unit_scope(user).everything and unit_id is None:
        releases = release_facts(user=user, unit_id=None, unit_ids=None)
        units = Organization.objects.correctional_units()
        overall, split = cohort_tables_split(releases, groups, today, list(units.values_list("id", flat=True)))
        return overall, {label: Split(label, inside, outside) for label, (inside, outside) in split.items()}
    overall = recidivism_by_cohort(user=user, today=today, unit_id=unit_id)
    return overall, {
        label: Split(
            label,
            recidivism_by_cohort(user=user, today=today, person_ids=people, unit_id=unit_id),
            recidivism_by_cohort(user=user, today=today, person_ids=people, exclude=True, unit_id=unit_id),
        )
        for label, people in groups.items()
    }


def recidivism_split(
    *, user: Any, today: date, label: str, person_ids: QuerySet[Any, Any], unit_id: int | None = None
) -> Split:
    """Return the cohort rates for the people in ``person_ids`` and for everyone else released."""
    return recidivism_splits(user=user, today=today, groups={label: person_ids}, unit_id=unit_id)[1][label]
