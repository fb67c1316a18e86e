"""Every KPI of the dashboard, the command, the API and the reports, computed here once (definitions in README.md).

Each figure is exact: a numerator, a denominator and the rate between them. Figures are computed with aggregate
queries grouped by the breakdown (unit, Kanwil, programme, provider, year), never with a query per person, and
always inside the user's unit scope (bekal.accounts.access): a unit's staff see their unit, a Kanwil its units,
Ditjenpas the nation, partners nothing.

Which date decides the year:
- training KPIs (completion, attendance, certification, absorption, the funnel): the end date of the batch;
- recidivism: the release date (the release cohort);
- budget absorption: the allocation's budget year;
- community-service completion: the order's deadline (complete by).
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from bekal.accounts.access import Capability, UnitScope, require, unit_scope
from bekal.certification.models import Certificate
from bekal.community_service.models import CommunityServiceOrder, OrderStatus
from bekal.organizations.models import Organization, OrganizationKind
from bekal.outcomes import selectors as outcomes
from bekal.people.models import CustodyPeriod, Person
from bekal.placement.models import Placement, PlacementKind
from bekal.training.models import (
    Attendance,
    BudgetAllocation,
    BudgetRealisation,
    Enrollment,
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
    ABSORPTION: _("Absorption rate"),
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
        "Certified people who worked (employed or self-employed) after release / certified people released "
        "after their training, counted once per person."
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

STARTED = [
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.COMPLETED,
    EnrollmentStatus.DROPPED_OUT,
    EnrollmentStatus.NOT_COMPLETED,
]
WORKING = [PlacementKind.EMPLOYED, PlacementKind.SELF_EMPLOYED]
FUNNEL = ("nominated", "enrolled", "completed", "certified", "released", "working")
FUNNEL_LABELS = {
    "nominated": _("Nominated"),
    "enrolled": _("Enrolled"),
    "completed": _("Completed"),
    "certified": _("Certified"),
    "released": _("Certified and released"),
    "working": _("Working after release"),
}
BREAKDOWNS = {
    "unit": _("Unit"),
    "kanwil": _("Kanwil"),
    "programme": _("Programme"),
    "provider": _("Provider"),
    "year": _("Year"),
}


@dataclass(frozen=True)
class Figure:
    """A numerator out of a denominator, exact; percentages half up (one decimal for machines, whole for people)."""

    count: int | Decimal
    total: int | Decimal

    @property
    def percent(self) -> Decimal | None:
        """Return 100 * count / total with one decimal, half up, or None when there is nothing to count."""
        if not self.total:
            return None
        return (Decimal(100) * Decimal(self.count) / Decimal(self.total)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def whole(self) -> int | None:
        """Return the percentage rounded half up to a whole number, as the reports state it (72%, 58%)."""
        percent = self.percent
        if percent is None:
            return None
        return int(percent.quantize(Decimal("1"), rounding=ROUND_HALF_UP))

    @property
    def display(self) -> str:
        """Return the whole percentage with its sign, or a dash when there is nothing to count."""
        return "–" if self.whole is None else f"{self.whole}%"


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


def _unit_q(user: Any, f: Filters, path: str) -> Q:
    """Return the filter on an organisation path (``unit_id`` or ``x__unit_id``) for scope, unit and Kanwil."""
    q = (f.scope or unit_scope(user)).q(path)
    if f.unit_id is not None:
        q &= Q(**{path: f.unit_id})
    if f.kanwil_id is not None:
        q &= Q(**{path.removesuffix("_id") + "__parent_id": f.kanwil_id})
    return q


def _training_q(user: Any, f: Filters, prefix: str = "") -> Q:
    q = _unit_q(user, f, f"{prefix}unit_id")
    if f.year is not None:
        q &= Q(**{f"{prefix}batch__end_date__year": f.year})
    if f.programme_id is not None:
        q &= Q(**{f"{prefix}batch__programme_id": f.programme_id})
    if f.provider_id is not None:
        q &= Q(**{f"{prefix}batch__provider_id": f.provider_id})
    return q


def _certified() -> Exists:
    return Exists(Certificate.objects.filter(enrollment_id=OuterRef("pk")))


def _released(today: date) -> Exists:
    """Return: the person was released (not transferred, not dead) after the batch ended, on or before today."""
    return Exists(
        CustodyPeriod.objects.filter(
            person_id=OuterRef("person_id"), release_date__gte=OuterRef("batch__end_date"), release_date__lte=today
        ).exclude(release_reason__in=outcomes.NOT_A_RELEASE)
    )


def _working(today: date) -> Exists:
    """Return: the person started work (employed or self-employed) on or after such a release."""
    release_before = CustodyPeriod.objects.filter(
        person_id=OuterRef("person_id"),
        release_date__gte=OuterRef(OuterRef("batch__end_date")),
        release_date__lte=OuterRef("start_date"),
    ).exclude(release_reason__in=outcomes.NOT_A_RELEASE)
    return Exists(
        Placement.objects.filter(person_id=OuterRef("person_id"), kind__in=WORKING, start_date__lte=today).filter(
            Exists(release_before)
        )
    )


def _step_q(step: str, today: date | None = None) -> Q:
    """Return the condition an enrolment meets to reach a step of the funnel."""
    completed = Q(status=EnrollmentStatus.COMPLETED)
    if step in ("released", "working"):
        assert today is not None, "release and work are counted up to a day"
        released = completed & Q(_certified()) & Q(_released(today))
        return released & Q(_working(today)) if step == "working" else released
    steps = {
        "nominated": Q(),
        "enrolled": Q(status__in=STARTED),
        "completed": completed,
        "certified": completed & Q(_certified()),
    }
    return steps[step]


def certification_of(enrolments: QuerySet[Enrollment]) -> Figure:
    """Return the certification rate of some enrolments: certified completers out of completers (the one definition,
    also used by the certification pages over the batches a partner may see)."""
    row = enrolments.aggregate(
        completed=Count("id", filter=_step_q("completed"), distinct=True),
        certified=Count("id", filter=_step_q("certified"), distinct=True),
    )
    return Figure(row["certified"], row["completed"])


GROUP_FIELDS = {
    "unit": "unit_id",
    "kanwil": "unit__parent_id",
    "programme": "batch__programme_id",
    "provider": "batch__provider_id",
}


def _group(qs: QuerySet[Any], by: str, prefix: str = "") -> QuerySet[Any]:
    if by == "year":
        return qs.annotate(key=ExtractYear(f"{prefix}batch__end_date")).values("key")
    return qs.annotate(key=F(prefix + GROUP_FIELDS[by])).values("key")


def _training_counts(
    *, user: Any, f: Filters, today: date, by: str | None, attendance: bool = True
) -> dict[Any, dict[str, int]]:
    """Return {group key: counts of the funnel and of attendance}, two grouped queries in all (one without
    attendance: its keys are then missing, and its figure None)."""
    enrolments = Enrollment.objects.filter(_training_q(user, f))
    aggregates = {
        # An enrolment is one row here (every join is to one batch or one unit), so steps counted by enrolment need
        # no DISTINCT; released and working count people, once each.
        step: Count("person_id", filter=_step_q(step, today), distinct=True)
        if step in ("released", "working")
        else Count("id", filter=_step_q(step, today))
        for step in FUNNEL
    }
    marks = Attendance.objects.filter(_training_q(user, f, "enrollment__"))
    mark_aggregates = {
        "marked": Count("id"),
        "attended": Count("id", filter=Q(reason__counts_as_attended=True)),
    }
    if by is None:
        row = enrolments.aggregate(**aggregates)
        if attendance:
            row |= marks.aggregate(**mark_aggregates)
        return {None: row}
    out: dict[Any, dict[str, int]] = {}
    for row in _group(enrolments, by).annotate(**aggregates).order_by():
        out[row.pop("key")] = row
    if not attendance:
        return out
    for row in _group(marks, by, "enrollment__").annotate(**mark_aggregates).order_by():
        key = row.pop("key")
        out.setdefault(key, dict.fromkeys(FUNNEL, 0)).update(row)
    for row in out.values():
        row.setdefault("marked", 0)
        row.setdefault("attended", 0)
    return out


def _budget(*, user: Any, f: Filters, by: str | None) -> dict[Any, tuple[Decimal, Decimal]]:
    """Return {group key: (realised, allocated)}; budgets belong to units and years, not to programmes."""
    if by in ("programme", "provider") or f.programme_id is not None or f.provider_id is not None:
        return {}
    allocations = BudgetAllocation.objects.filter(_unit_q(user, f, "unit_id"))
    realisations = BudgetRealisation.objects.filter(_unit_q(user, f, "allocation__unit_id"))
    if f.year is not None:
        allocations = allocations.filter(year=f.year)
        realisations = realisations.filter(allocation__year=f.year)
    fields = {"unit": "unit_id", "kanwil": "unit__parent_id", "year": "year", None: None}
    path = fields[by]
    if path is None:
        allocated = allocations.aggregate(s=Sum("amount"))["s"] or Decimal(0)
        realised = realisations.aggregate(s=Sum("amount"))["s"] or Decimal(0)
        return {None: (realised, allocated)}
    out: dict[Any, tuple[Decimal, Decimal]] = {}
    for key, amount in allocations.values_list(path).annotate(s=Sum("amount")).order_by():
        out[key] = (Decimal(0), amount)
    for key, amount in realisations.values_list(f"allocation__{path}").annotate(s=Sum("amount")).order_by():
        out[key] = (amount, out.get(key, (Decimal(0), Decimal(0)))[1])
    return out


def _orders(user: Any, f: Filters, today: date) -> QuerySet[CommunityServiceOrder]:
    orders = CommunityServiceOrder.objects.filter(_unit_q(user, f, "period__unit_id")).filter(
        Q(complete_by__lt=today) | ~Q(status=OrderStatus.ACTIVE)
    )
    if f.year is not None:
        orders = orders.filter(complete_by__year=f.year)
    return orders


def _community_service(*, user: Any, f: Filters, today: date, by: str | None) -> dict[Any, tuple[int, int]]:
    """Return {group key: (completed, due)} of community-service orders."""
    if by in ("programme", "provider") or f.programme_id is not None or f.provider_id is not None:
        return {}
    orders = _orders(user, f, today)
    counts = {"due": Count("id"), "completed": Count("id", filter=Q(status=OrderStatus.COMPLETED))}
    if by is None:
        row = orders.aggregate(**counts)
        return {None: (row["completed"], row["due"])}
    fields = {"unit": "period__unit_id", "kanwil": "period__unit__parent_id"}
    key = ExtractYear("complete_by") if by == "year" else F(fields[by])
    return {
        row["key"]: (row["completed"], row["due"])
        for row in orders.annotate(key=key).values("key").annotate(**counts).order_by()
    }


def _recidivism_people_ids(f: Filters) -> QuerySet[Any, Any] | None:
    """Return the people a programme or provider filter restricts recidivism to: those who completed its training."""
    if f.programme_id is None and f.provider_id is None:
        return None
    trained = Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED)
    if f.programme_id is not None:
        trained = trained.filter(batch__programme_id=f.programme_id)
    if f.provider_id is not None:
        trained = trained.filter(batch__provider_id=f.provider_id)
    return trained.values("person_id")


def _recidivism_unit_ids(user: Any, f: Filters) -> list[int] | None:
    if f.unit_id is not None:
        return [f.unit_id]
    if f.kanwil_id is not None:
        return list(Organization.objects.filter(parent_id=f.kanwil_id).values_list("id", flat=True))
    return None


def recidivism_cohorts(*, user: Any, f: Filters, today: date) -> list[outcomes.CohortRow]:
    """Return the recidivism rows by release cohort (the outcomes definition) for the filters, every year."""
    return outcomes.cohort_rows(
        outcomes.releases_followed(
            user=user, person_ids=_recidivism_people_ids(f), unit_ids=_recidivism_unit_ids(user, f)
        ),
        today,
    )


def _recidivism(*, user: Any, f: Filters, today: date, by: str | None) -> dict[Any, Figure | None]:
    """Return {group key: re-admitted within 1 year out of released} over the measurable release cohorts.

    One pass over the releases in scope, grouped here by year, unit, Kanwil, or by the programmes (providers) each
    person completed: a person trained in two programmes counts in both rows, as a trainee of each. A group whose
    releases are all too recent to measure is None.
    """
    person_ids = _recidivism_people_ids(f)
    trained_in: dict[int, set[Any]] = {}
    if by in ("programme", "provider"):
        trained = Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED)
        if f.programme_id is not None:
            trained = trained.filter(batch__programme_id=f.programme_id)
        if f.provider_id is not None:
            trained = trained.filter(batch__provider_id=f.provider_id)
        column = "batch__programme_id" if by == "programme" else "batch__provider_id"
        for pid, key in trained.values_list("person_id", column).distinct().order_by():
            trained_in.setdefault(pid, set()).add(key)
        person_ids = trained.values("person_id")
    releases = [
        r
        for r in outcomes.releases_followed(user=user, person_ids=person_ids, unit_ids=_recidivism_unit_ids(user, f))
        if f.year is None or r.released.year == f.year
    ]
    parents: dict[int, int | None] = {}
    if by == "kanwil":
        parents = dict(Organization.objects.filter(pk__in={r.unit_id for r in releases}).values_list("id", "parent_id"))
    counts: dict[Any, list[int] | None] = {}
    for r in releases:
        keys: Iterable[Any] = [None]
        if by == "year":
            keys = [r.released.year]
        elif by == "unit":
            keys = [r.unit_id]
        elif by == "kanwil":
            keys = [parents[r.unit_id]]
        elif by in ("programme", "provider"):
            keys = trained_in.get(r.person_id, ())
        for key in keys:
            if not outcomes.measurable(cohort=r.released.year, years=1, today=today):
                counts.setdefault(key, None)
                continue
            tally = counts.get(key) or [0, 0]
            tally[0] += r.back_within(1)
            tally[1] += 1
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
    return KpiRow(key=key, label=label, figures=figures, funnel={s: t[s] for s in FUNNEL}, params=params)


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
    """Return every KPI for filters already checked by filters_for_user."""
    training = _training_counts(user=user, f=f, today=today, by=None)[None]
    budget = _budget(user=user, f=f, by=None).get(None)
    community = _community_service(user=user, f=f, today=today, by=None).get(None)
    recidivism = _recidivism(user=user, f=f, today=today, by=None).get(None)
    return _row(None, str(_("All in scope")), training, budget, community, recidivism, f.params())


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

    Recidivism comes from the outcomes definition: one pass over the releases, grouped here. ``only`` names the
    KPIs wanted (a chart draws five of them): attendance, the heaviest (every day of every participant), and
    community service are left out, as None, when not named.
    """
    f = filters_for_user(user=user, year=year, unit=unit, kanwil=kanwil, programme=programme, provider=provider)
    return breakdown_for(user=user, f=f, today=today, by=by, only=only)


def breakdown_for(*, user: Any, f: Filters, today: date, by: str, only: Collection[str] | None = None) -> list[KpiRow]:
    """Return the breakdown (see kpi_breakdown) for filters already checked by filters_for_user: a page that
    shows several tables checks its filters once."""
    if by not in BREAKDOWNS:
        raise Http404
    wanted = set(only) if only is not None else set(KPIS)
    training = _training_counts(user=user, f=f, today=today, by=by, attendance=ATTENDANCE in wanted)
    budget = _budget(user=user, f=f, by=by)
    community = _community_service(user=user, f=f, today=today, by=by) if COMMUNITY_SERVICE in wanted else {}
    recidivism = _recidivism(user=user, f=f, today=today, by=by)
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


# The people behind a figure -------------------------------------------------------------------------------------

PARTS = ("numerator", "denominator")


def _training_people(user: Any, f: Filters, today: date, kpi: str, part: str) -> QuerySet[Any, Any]:
    steps = {
        CERTIFICATION: ("certified", "completed"),
        ABSORPTION: ("working", "released"),
        COMPLETION: ("completed", "enrolled"),
    }
    enrolments = Enrollment.objects.filter(_training_q(user, f))
    if kpi == ATTENDANCE:
        # Days are counted, not people: both parts list the participants whose days were marked.
        return Attendance.objects.filter(_training_q(user, f, "enrollment__")).values("enrollment__person_id")
    step = steps[kpi][0 if part == "numerator" else 1]
    return enrolments.filter(_step_q(step, today)).values("person_id")


def funnel_people(*, user: Any, f: Filters, today: date, step: str) -> QuerySet[Person]:
    """Return the people who reached a step of the funnel."""
    if step not in FUNNEL:
        raise Http404
    ids = Enrollment.objects.filter(_training_q(user, f)).filter(_step_q(step, today)).values("person_id")
    return Person.objects.filter(pk__in=ids).order_by("full_name", "pk")


def kpi_people(*, user: Any, f: Filters, today: date, kpi: str, part: str) -> QuerySet[Person]:
    """Return the people behind the numerator or denominator of a KPI, in the user's scope, by name."""
    if kpi not in PEOPLE_KPIS or part not in PARTS:
        raise Http404
    if kpi == COMMUNITY_SERVICE:
        orders = _orders(user, f, today)
        if part == "numerator":
            orders = orders.filter(status=OrderStatus.COMPLETED)
        ids: Any = orders.values("period__person_id")
    elif kpi == RECIDIVISM:
        releases = [
            r
            for r in outcomes.releases_followed(
                user=user, person_ids=_recidivism_people_ids(f), unit_ids=_recidivism_unit_ids(user, f)
            )
            if (f.year is None or r.released.year == f.year)
            and outcomes.measurable(cohort=r.released.year, years=1, today=today)
            and (part == "denominator" or r.back_within(1))
        ]
        ids = {r.person_id for r in releases}
    else:
        ids = _training_people(user, f, today, kpi, part)
    return Person.objects.filter(pk__in=ids).order_by("full_name", "pk")


def years_available(*, user: Any) -> list[int]:
    """Return the years with a batch end, a release, a budget or an order due in the user's scope, newest first."""
    scope = unit_scope(user)
    years = set(
        Enrollment.objects.filter(scope.q("unit_id"))
        .annotate(y=ExtractYear("batch__end_date"))
        .order_by()
        .values_list("y", flat=True)
        .distinct()
    )
    years |= set(BudgetAllocation.objects.filter(scope.q("unit_id")).values_list("year", flat=True).distinct())
    years |= set(
        CustodyPeriod.objects.filter(scope.q("unit_id"), release_date__isnull=False)
        .annotate(y=ExtractYear("release_date"))
        .order_by()
        .values_list("y", flat=True)
        .distinct()
    )
    return sorted(years, reverse=True)


def trained_person_ids() -> QuerySet[Any, Any]:
    """Return the ids of people who completed a training (the "trained" split of recidivism)."""
    return Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED).values("person_id")


def certified_person_ids() -> QuerySet[Any, Any]:
    """Return the ids of people who hold a competency certificate (the "certified" split of recidivism)."""
    return Certificate.objects.values("enrollment__person_id")
