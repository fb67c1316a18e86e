"""KPI API: the figures (summary and breakdowns) and the people behind a figure, scoped as the pages."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from bekal.accounts.types import AuthedRequest
from bekal.core.api_keyset import KeysetPages, KeysetRows
from bekal.kpis import behind, facts, selectors
from bekal.kpis.plans import PlanRow
from bekal.kpis.plans import plan_realisation as plan_realisation_of
from bekal.kpis.recidivism import recidivism_splits
from bekal.organizations.models import Organization
from bekal.outcomes.selectors import FOLLOW_UP_YEARS, CohortRow
from bekal.people.models import Person

router = Router(tags=["kpis"])
# Recidivism is an outcome (/api/v1/outcomes/recidivism) read from the KPI facts: mounted at the API's root.
outcomes_router = Router(tags=["outcomes"])


class FiltersIn(Schema):
    """The filters every KPI endpoint takes, as query parameters: as on the dashboard."""

    year: int | None = None
    unit: int | None = None
    kanwil: int | None = None
    programme: int | None = None
    provider: int | None = None


class FigureOut(Schema):
    kpi: str
    label: str
    definition: str
    numerator: str | None
    denominator: str | None
    percent: str | None
    display: str


class RowOut(Schema):
    key: str | None
    label: str
    figures: list[FigureOut]
    funnel: dict[str, int]
    # The absorption numerator ("bekerja atau berwirausaha") split: employed, and self-employed only.
    split: dict[str, int]


class KpiPersonOut(Schema):
    id: int
    full_name: str
    nik_masked: str
    birth_date: date
    registered_unit: str

    @staticmethod
    def resolve_registered_unit(obj: Person) -> str:
        return str(obj.registered_unit or "")


def _figures(row: selectors.KpiRow) -> list[dict[str, Any]]:
    out = []
    for kpi in selectors.KPIS:
        figure = row.figures[kpi]
        out.append(
            {
                "kpi": kpi,
                "label": str(selectors.LABELS[kpi]),
                "definition": str(selectors.DEFINITIONS[kpi]),
                "numerator": str(figure.count) if figure else None,
                "denominator": str(figure.total) if figure else None,
                "percent": str(figure.percent) if figure and figure.percent is not None else None,
                "display": figure.display if figure else "–",
            }
        )
    return out


def _row(row: selectors.KpiRow) -> dict[str, Any]:
    return {
        "key": None if row.key is None else str(row.key),
        "label": row.label,
        "figures": _figures(row),
        "funnel": row.funnel,
        "split": row.split,
    }


@router.get("/figures", response=RowOut)
def figures(request: AuthedRequest, filters: Query[FiltersIn]) -> dict[str, Any]:
    """Return every KPI (numerator, denominator, percent with one decimal) for the filters, in the caller's scope."""
    return _row(selectors.kpi_table(user=request.user, today=timezone.localdate(), **filters.dict()))


@router.get("/breakdown/{by}", response=list[RowOut])
def breakdown(request: AuthedRequest, by: str, filters: Query[FiltersIn]) -> list[dict[str, Any]]:
    """Return every KPI per unit, kanwil, programme, provider or year."""
    rows = selectors.kpi_breakdown(user=request.user, today=timezone.localdate(), by=by, **filters.dict())
    return [_row(r) for r in rows]


@router.get("/people", response=list[KpiPersonOut])
@paginate(KeysetPages)
def people(
    request: AuthedRequest, filters: Query[FiltersIn], kpi: str = "", part: str = "", step: str = ""
) -> KeysetRows:
    """Return the people behind a KPI's numerator or denominator, or behind a funnel step, by name; NIKs masked.
    Keyset pages as the other long lists: ``next`` and ``previous`` keep the filters, ``cursor=last`` reads the last
    page; ``count`` is exact (cached with the figures)."""
    f = selectors.filters_for_user(user=request.user, **filters.dict())
    rows, total = behind.people_behind(
        user=request.user, f=f, today=timezone.localdate(), kpi=kpi, part=part, step=step
    )
    return KeysetRows(rows, total=total)


DEFINITION = (
    "recidivism = people released who return to custody within 1, 2, 3 years, by release cohort; a cohort counts "
    "for N years once all of it has had N full years; transfers and deaths are not releases"
)


class RateOut(Schema):
    years: int
    readmitted: int | None
    released: int
    percent: str | None


class CohortOut(Schema):
    year: int
    released: int
    within: list[RateOut]


class RecidivismOut(Schema):
    definition: str
    all: list[CohortOut]
    placed: list[CohortOut]
    not_placed: list[CohortOut]
    trained: list[CohortOut]
    not_trained: list[CohortOut]
    certified: list[CohortOut]
    not_certified: list[CohortOut]


def _rows(rows: list[CohortRow]) -> list[dict[str, Any]]:
    return [
        {
            "year": r.year,
            "released": r.released,
            "within": [
                {
                    "years": n,
                    "readmitted": cell.count if cell else None,
                    "released": r.released,
                    "percent": str(cell.percent) if cell and cell.percent is not None else None,
                }
                for n, cell in zip(FOLLOW_UP_YEARS, r.cells(), strict=True)
            ],
        }
        for r in rows
    ]


@outcomes_router.get("/outcomes/recidivism", response=RecidivismOut)
def recidivism(request: AuthedRequest, unit: int | None = None) -> dict[str, Any]:
    """Return re-admission counts and rates by release cohort, overall and placed versus not placed."""
    today = timezone.localdate()
    groups = {name: name for name in facts.GROUPS}  # flags kept on the release facts
    overall, splits = recidivism_splits(user=request.user, today=today, groups=groups, unit_id=unit)
    split, trained, certified = splits["placed"], splits["trained"], splits["certified"]
    return {
        "definition": DEFINITION,
        "all": _rows(overall),
        "placed": _rows(split.inside),
        "not_placed": _rows(split.outside),
        "trained": _rows(trained.inside),
        "not_trained": _rows(trained.outside),
        "certified": _rows(certified.inside),
        "not_certified": _rows(certified.outside),
    }


class PlanFiguresOut(Schema):
    programme_id: int | None
    label: str
    mandatory: bool
    planned: dict[str, Decimal]
    realised: dict[str, Decimal]
    gap: dict[str, Decimal]


class PlanRealisationOut(Schema):
    year: int
    about: str
    programmes: list[PlanFiguresOut]
    total: PlanFiguresOut
    months: list[dict[str, Decimal]]
    allocated: Decimal
    absorption_percent: Decimal


def _plan_row(row: PlanRow) -> dict[str, Any]:
    return {
        "programme_id": row.programme_id,
        "label": row.label,
        "mandatory": row.mandatory,
        "planned": row.planned,
        "realised": row.realised,
        "gap": row.gap,
    }


@router.get("/plan-realisation", response=PlanRealisationOut)
def plan_realisation(request: AuthedRequest, year: int, unit: int | None = None, kanwil: int | None = None) -> Any:
    """Return the year's approved training plans beside their realisation (batches held, participants,
    completers, certified, budget absorbed) per programme and per month, with the gap; for a unit, a Kanwil or
    everything in scope."""
    f = selectors.filters_for_user(user=request.user, year=year, unit=unit, kanwil=kanwil)
    chosen = unit or kanwil
    about = Organization.objects.get(pk=chosen).name if chosen is not None else "*"
    r = plan_realisation_of(f=f, year=year, about=about)
    return {
        "year": r.year,
        "about": r.about,
        "programmes": [_plan_row(row) for row in r.rows],
        "total": _plan_row(r.total),
        "months": r.months,
        "allocated": r.allocated,
        "absorption_percent": r.absorption,
    }
