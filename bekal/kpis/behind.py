"""The people behind a figure of the KPI dashboard: a KPI's numerator or denominator, or a step of the funnel, in
the user's scope, by name, with an exact total cached as the figures are (``kpis.selectors``)."""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from bekal.accounts.access import Capability, require
from bekal.community_service.models import OrderStatus
from bekal.core.keyset import Total
from bekal.kpis import cohorts
from bekal.kpis.funnel import FUNNEL, step_q
from bekal.kpis.models import EnrolmentFact
from bekal.kpis.selectors import (
    ABSORPTION,
    ATTENDANCE,
    CERTIFICATION,
    COMMUNITY_SERVICE,
    COMPLETION,
    PEOPLE_KPIS,
    RECIDIVISM,
    Filters,
    cohort_releases,
    due_orders,
    fact_q,
)
from bekal.organizations import figure_versions
from bekal.organizations.scope import unit_scope
from bekal.outcomes import selectors as outcomes
from bekal.people.models import Person

PARTS = ("numerator", "denominator")


# The step of the funnel behind each part of a training KPI (attendance counts days: it has none).
KPI_STEPS = {
    CERTIFICATION: ("certified", "completed"),
    ABSORPTION: ("working", "released"),
    COMPLETION: ("completed", "enrolled"),
}


def _training_people(user: Any, f: Filters, today: date, kpi: str, part: str) -> QuerySet[Any, Any]:
    facts = EnrolmentFact.objects.filter(fact_q(user, f))
    if kpi == ATTENDANCE:
        # Days are counted, not people: both parts list the participants whose days were marked.
        return facts.filter(days_marked__gt=0).values("person_id")
    step = KPI_STEPS[kpi][0 if part == "numerator" else 1]
    return facts.filter(step_q(step, today)).values("person_id")


def funnel_people(*, user: Any, f: Filters, today: date, step: str) -> QuerySet[Person]:
    """Return the people who reached a step of the funnel."""
    return _by_name(_funnel_ids(user, f, today, step))


def _funnel_ids(user: Any, f: Filters, today: date, step: str) -> QuerySet[Any, Any]:
    if step not in FUNNEL:
        raise Http404
    return EnrolmentFact.objects.filter(fact_q(user, f)).filter(step_q(step, today)).values("person_id")


def _by_name(ids: Any) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=ids).order_by("full_name", "pk")


def _recidivism_people(user: Any, f: Filters, today: date, part: str) -> RawSQL:
    """Return SQL for the people of the measurable cohorts (numerator: those back within a year)."""
    require(user, Capability.OUTCOMES_VIEW)
    sql, params = cohort_releases(user, f)
    measurable = [y for y in range(1900, today.year) if outcomes.measurable(cohort=y, years=1, today=today)]
    last = max(measurable, default=0)
    condition = "r_year <= %s" + (f" AND {cohorts.back_within(1)}" if part == "numerator" else "")
    return RawSQL(f"SELECT r_person FROM ({sql}) p WHERE {condition}", [*params, last])  # noqa: S608, S611 - our compiled query


def kpi_people(*, user: Any, f: Filters, today: date, kpi: str, part: str) -> QuerySet[Person]:
    """Return the people behind the numerator or denominator of a KPI, in the user's scope, by name."""
    return _by_name(_kpi_ids(user, f, today, kpi, part))


def _kpi_ids(user: Any, f: Filters, today: date, kpi: str, part: str) -> QuerySet[Any, Any] | RawSQL:
    if kpi not in PEOPLE_KPIS or part not in PARTS:
        raise Http404
    if kpi == COMMUNITY_SERVICE:
        orders = due_orders(user, f, today)
        if part == "numerator":
            orders = orders.filter(status=OrderStatus.COMPLETED)
        return orders.values("period__person_id")
    if kpi == RECIDIVISM:
        return _recidivism_people(user, f, today, part)
    return _training_people(user, f, today, kpi, part)


def people_behind(
    *, user: Any, f: Filters, today: date, kpi: str = "", part: str = "", step: str = ""
) -> tuple[QuerySet[Person], Total]:
    """Return the people behind a figure (a funnel ``step``, else a ``kpi``'s ``part``) by name then id, the key of
    their keyset pages (no OFFSET), and their exact total: counted once and cached by scope, filters and day as the
    figures are, so the page and the API read it from the cache for every page but the first."""
    ids = _funnel_ids(user, f, today, step) if step else _kpi_ids(user, f, today, kpi, part)
    rows = _by_name(ids)
    parts = (sorted(f.params().items()), kpi, part, step, today)
    # The people behind a training step, a certificate, a release or work move only with the outcome facts;
    # attendance and orders with any record. (Counted at once, not summed from units' parts: one person in six
    # certified is certified at two units, too many to carry on their own; measured at national scale, 120 ms cold
    # against 780 ms.) Counted as the distinct ids of the facts or orders, which name people that exist (foreign
    # keys), without joining the people: the nation's certified people 114 -> 28 ms at scale 1, read from the
    # facts' index by status and person alone.
    count = ids.order_by().distinct().count if isinstance(ids, QuerySet) else rows.count
    family = figure_versions.RECORDS if kpi in (ATTENDANCE, COMMUNITY_SERVICE) else figure_versions.OUTCOMES
    total = figure_versions.cached("kpis.people.count", unit_scope(user), parts, count, family)
    return rows.select_related("registered_unit"), Total(total)
