"""KPI API: the figures (summary and breakdowns) and the people behind a figure, scoped as the pages."""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from bekal.core.types import AuthedRequest
from bekal.kpis import selectors
from bekal.people.models import Person

router = Router(tags=["kpis"])


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


class PersonOut(Schema):
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


@router.get("/people", response=list[PersonOut])
@paginate
def people(
    request: AuthedRequest, filters: Query[FiltersIn], kpi: str = "", part: str = "", step: str = ""
) -> QuerySet[Person]:
    """Return the people behind a KPI's numerator or denominator, or behind a funnel step; NIKs masked."""
    today = timezone.localdate()
    f = selectors.filters_for_user(user=request.user, **filters.dict())
    if step:
        rows = selectors.funnel_people(user=request.user, f=f, today=today, step=step)
    else:
        rows = selectors.kpi_people(user=request.user, f=f, today=today, kpi=kpi, part=part)
    return rows.select_related("registered_unit")
