"""Realisation against the annual training plan (issue 17): for a unit, a Kanwil's province or the nation, the
approved plans' batches, participants and budget per programme beside what the year realised (batches held,
participants, completers, certified, budget absorbed), by month, with the gap. Every figure is one aggregate query
over its table (five queries in all, whatever the number of units or programmes).

What counts, and when:
- a batch is held when it is neither a draft nor cancelled, in the month it starts; a batch of two units in scope
  counts once;
- participants are the enrolments the units nominated that started (enrolled, completed, dropped out, not
  completed), completers and certified (a competency certificate issued for the enrolment) among them, in the
  batch's start month;
- the budget absorbed is the realisation lines of the units' allocations for the year, in the month of their date;
- the plan is the approved plans only: a draft is not yet the yardstick of the year.
"""

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from bekal.certification.models import Certificate
from bekal.core.tabular import xlsx_append
from bekal.kpis.funnel import STARTED
from bekal.kpis.selectors import Filters
from bekal.organizations.models import Organization
from bekal.training.models import Batch as BatchModel
from bekal.training.models import (
    BatchStatus,
    BudgetAllocation,
    BudgetRealisation,
    Enrollment,
    EnrollmentStatus,
    PlanLine,
    PlanStatus,
    Programme,
    absorption_percent,
)

PLANNED = ("batches", "participants", "budget")
REALISED = ("batches", "participants", "completers", "certified", "budget")
LABELS = {
    "batches": gettext_lazy("Batches"),
    "participants": gettext_lazy("Participants"),
    "completers": gettext_lazy("Completers"),
    "certified": gettext_lazy("Certified"),
    "budget": gettext_lazy("Budget (Rp)"),
}
NOT_HELD = [BatchStatus.DRAFT, BatchStatus.CANCELLED]


@dataclass
class PlanRow:
    """One programme: planned beside realised, and the gap (planned less realised) of what was planned."""

    programme_id: int | None
    label: str
    mandatory: bool = False
    planned: dict[str, Any] = field(default_factory=lambda: dict.fromkeys(PLANNED, 0))
    realised: dict[str, Any] = field(default_factory=lambda: dict.fromkeys(REALISED, 0))

    @property
    def gap(self) -> dict[str, Any]:
        """Return what is still to realise of each planned figure (negative: beyond the plan)."""
        return {k: self.planned[k] - self.realised[k] for k in PLANNED}


@dataclass
class Realisation:
    year: int
    rows: list[PlanRow]
    total: PlanRow
    months: list[dict[str, Any]]  # month 1..12: the realised figures of the month and the budget so far
    allocated: Decimal
    about: str

    @property
    def absorption(self) -> Decimal:
        """Return the budget realised / allocated for the year, per cent (DOMAIN.md, budget absorption)."""
        return absorption_percent(self.allocated, self.total.realised["budget"])


def _unit_ids(f: Filters) -> list[int] | None:
    """Return the correctional units the figures are about (None: every unit, the nation)."""
    if f.unit_id is not None:
        return [f.unit_id]
    scope = f.scope
    assert scope is not None
    units = Organization.objects.correctional_units()
    if f.kanwil_id is not None:
        units = units.filter(parent_id=f.kanwil_id)
    elif scope.everything:
        return None
    if not scope.everything:
        units = units.filter(pk__in=scope.unit_ids)
    return list(units.values_list("pk", flat=True))


def _in(path: str, ids: list[int] | None) -> Q:
    return Q() if ids is None else Q(**{f"{path}__in": ids})


def _realised(year: int, ids: list[int] | None) -> list[tuple[int, int, str, Any]]:
    """Return (programme, month, figure, value) rows of the realised figures: four aggregate queries."""
    out: list[tuple[int, int, str, Any]] = []
    held = BatchModel.objects.filter(_in("units", ids), start_date__year=year).exclude(status__in=NOT_HELD)
    batches = held.values("programme_id", m=ExtractMonth("start_date")).annotate(n=Count("pk", distinct=True))
    out += [(r["programme_id"], r["m"], "batches", r["n"]) for r in batches.order_by()]
    people = (
        Enrollment.objects.filter(
            _in("unit", ids), batch__start_date__year=year, status__in=STARTED, batch__status__in=_held_statuses()
        )
        .annotate(has_certificate=Exists(Certificate.objects.filter(enrollment_id=OuterRef("pk"))))
        .values("batch__programme_id", m=ExtractMonth("batch__start_date"))
        .annotate(
            participants=Count("pk"),
            completers=Count("pk", filter=Q(status=EnrollmentStatus.COMPLETED)),
            certified=Count("pk", filter=Q(status=EnrollmentStatus.COMPLETED, has_certificate=True)),
        )
        .order_by()
    )
    for r in people:
        for key in ("participants", "completers", "certified"):
            out.append((r["batch__programme_id"], r["m"], key, r[key]))
    spent = (
        BudgetRealisation.objects.filter(_in("allocation__unit", ids), allocation__year=year)
        .values("batch__programme_id", m=ExtractMonth("date"))
        .annotate(amount=Sum("amount"))
        .order_by()
    )
    out += [(r["batch__programme_id"], r["m"], "budget", r["amount"] or Decimal(0)) for r in spent]
    return out


def _held_statuses() -> list[str]:
    return [s for s in BatchStatus.values if s not in NOT_HELD]


def plan_realisation(*, f: Filters, year: int, about: str) -> Realisation:
    """Return the approved plans of the year beside the realised figures, per programme and per month."""
    ids = _unit_ids(f)
    planned = (
        PlanLine.objects.filter(_in("plan__unit", ids), plan__year=year, plan__status=PlanStatus.APPROVED)
        .values("programme_id", "programme__name")
        .annotate(
            batches=Sum("batches"),
            participants=Sum("participants"),
            budget=Sum("budget"),
            mandatory=Count("pk", filter=Q(mandatory=True)),
        )
        .order_by("programme__name")
    )
    rows: dict[int | None, PlanRow] = {}
    for r in planned:
        row = PlanRow(r["programme_id"], r["programme__name"], mandatory=r["mandatory"] > 0)
        row.planned = {k: r[k] or 0 for k in PLANNED}
        rows[r["programme_id"]] = row
    months: list[dict[str, Any]] = [dict(dict.fromkeys(REALISED, 0), month=m) for m in range(1, 13)]
    realised = _realised(year, ids)
    unplanned = {p for p, *_rest in realised} - set(rows)
    names = dict(Programme.objects.filter(pk__in=unplanned).values_list("pk", "name")) if unplanned else {}
    for programme, month_number, key, value in realised:
        row = rows.setdefault(programme, PlanRow(programme, names.get(programme, "–")))
        row.realised[key] += value
        months[month_number - 1][key] += value
    running = Decimal(0)
    for month in months:
        running += month["budget"]
        month["budget_to_date"] = running
    total = PlanRow(None, _("Total"))
    for row in rows.values():
        for k in PLANNED:
            total.planned[k] += row.planned[k]
        for k in REALISED:
            total.realised[k] += row.realised[k]
    allocated = BudgetAllocation.objects.filter(_in("unit", ids), year=year).aggregate(s=Sum("amount"))["s"]
    ordered = sorted(rows.values(), key=lambda r: (not r.mandatory, r.planned["batches"] == 0, r.label))
    return Realisation(year, ordered, total, months, allocated or Decimal(0), about)


def realisation_workbook(realisation: Realisation) -> bytes:
    """Return the realisation as a workbook: programmes (planned, realised, gap) and months."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Programmes"))[:31])
    xlsx_append(sheet, [realisation.about, realisation.year])
    header: list[Any] = [_("Programme"), _("Ditjenpas mandatory programme")]
    header += [f"{_('Planned')}: {LABELS[k]}" for k in PLANNED]
    header += [f"{_('Realised')}: {LABELS[k]}" for k in REALISED]
    header += [f"{_('Gap')}: {LABELS[k]}" for k in PLANNED]
    xlsx_append(sheet, header)
    for row in [*realisation.rows, realisation.total]:
        cells: list[Any] = [row.label, _("Yes") if row.mandatory else ""]
        cells += [row.planned[k] for k in PLANNED] + [row.realised[k] for k in REALISED]
        cells += [row.gap[k] for k in PLANNED]
        xlsx_append(sheet, cells)
    xlsx_append(sheet, [_("Budget allocated (DIPA)"), realisation.allocated])
    xlsx_append(sheet, [_("Budget absorption (%)"), realisation.absorption])
    months = workbook.create_sheet(str(_("Months"))[:31])
    xlsx_append(months, [_("Month"), *[str(LABELS[k]) for k in REALISED], _("Budget to date (Rp)")])
    for month in realisation.months:
        xlsx_append(months, [month["month"], *[month[k] for k in REALISED], month["budget_to_date"]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
