"""Industry demand beside training supply (issue 17): what partner employers and open vacancies in a unit's
province ask for, by occupation (KBJI major group) and sector (KBLI section), beside the batches and places the
unit's programmes offer in the year, so that the annual plan can follow demand. Six aggregate queries, whatever
the number of vacancies or batches."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils.translation import gettext_lazy

from bekal.accounts.access import Capability, require
from bekal.organizations.models import Organization, Region
from bekal.organizations.scope import unit_scope
from bekal.placement.models import EmployerProfile, PartnerStatus, Vacancy
from bekal.training.classifications import Kbji, Kbli
from bekal.training.models import Batch, BatchStatus

FIGURES = ("vacancies", "positions", "employers", "batches", "places")
LABELS = [
    gettext_lazy("Open vacancies"),
    gettext_lazy("Positions"),
    gettext_lazy("Partner employers"),
    gettext_lazy("Batches of the unit"),
    gettext_lazy("Places (quota)"),
]


@dataclass
class DemandRow:
    code: str
    label: str
    figures: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIGURES, 0))

    @property
    def unmet(self) -> bool:
        """Return True when partners or vacancies ask for it and the unit trains no one for it."""
        return (self.figures["positions"] > 0 or self.figures["employers"] > 0) and self.figures["places"] == 0


@dataclass
class Demand:
    unit: Organization
    province: Region | None
    year: int
    by_kbji: list[DemandRow]
    by_kbli: list[DemandRow]


def demand_unit(user: Any, unit_id: int | None) -> Organization | None:
    """Return the unit the page is about: the one asked for (404 outside the scope), else the user's own."""
    require(user, Capability.PLACEMENT_VIEW)
    scope = unit_scope(user)
    units = Organization.objects.correctional_units().select_related("region__parent")
    if unit_id is None:
        own = user.organization_id
        return units.filter(pk=own).first() if own is not None and scope.contains(own) else None
    if not scope.contains(unit_id):
        raise Http404
    unit = units.filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def _province(unit: Organization) -> Region | None:
    region = unit.region
    if region is None:
        return None
    return region.parent if region.level == Region.Level.REGENCY and region.parent_id else region


def _add(rows: dict[str, DemandRow], values: Any, key: str, figures: dict[str, str]) -> None:
    for r in values:
        if r[key] in rows:
            for figure, column in figures.items():
                rows[r[key]].figures[figure] += r[column] or 0


def demand_beside_supply(*, unit: Organization, year: int, today: date) -> Demand:
    """Return demand in the unit's province beside the unit's supply of the year, by KBJI and by KBLI."""
    province = _province(unit)
    in_province = Q(region__parent=province) | Q(region=province) if province else Q(pk__in=[])
    vacancies = Vacancy.objects.open_on(today).filter(in_province).order_by()
    employers = EmployerProfile.objects.filter(
        Q(organization__region__parent=province) | Q(organization__region=province) if province else Q(pk__in=[]),
        partner_status=PartnerStatus.PARTNER,
    ).order_by()
    batches = (
        Batch.objects.filter(units=unit, start_date__year=year)
        .exclude(status__in=[BatchStatus.DRAFT, BatchStatus.CANCELLED])
        .order_by()
    )
    out = []
    for choices, key in ((Kbji, "kbji"), (Kbli, "kbli")):
        rows = {code: DemandRow(code, str(label)) for code, label in choices.choices}
        _add(
            rows,
            vacancies.values(key).annotate(n=Count("pk"), p=Sum("positions")),
            key,
            {"vacancies": "n", "positions": "p"},
        )
        _add(rows, employers.values(key).annotate(n=Count("pk")), key, {"employers": "n"})
        supply = batches.values(f"programme__{key}").annotate(n=Count("pk"), q=Sum("quota"))
        _add(rows, supply, f"programme__{key}", {"batches": "n", "places": "q"})
        out.append([row for row in rows.values() if any(row.figures.values())] or [])
    return Demand(unit=unit, province=province, year=year, by_kbji=out[0], by_kbli=out[1])
