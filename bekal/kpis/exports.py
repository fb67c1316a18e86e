"""KPI downloads: any KPI table as XLSX, the people behind a figure as XLSX (audited), and a unit's quarterly PDF
report for its Kanwil on the unit's letterhead, with tables and charts."""

import io
import tempfile
from collections.abc import Callable
from datetime import date
from typing import IO, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from bekal.audit.services import audit_record
from bekal.core.documents import data_uri, render_pdf
from bekal.core.formats import XLSX_DATE, number
from bekal.core.tabular import xlsx_append
from bekal.kpis import charts, selectors
from bekal.organizations import documents as paperwork
from bekal.organizations.models import Organization
from bekal.organizations.time import long_date
from bekal.people.models import Person
from bekal.people.nik import nik_mask
from bekal.training.models import Programme

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cells(figure: selectors.Figure | None) -> list[Any]:
    """Return numerator, denominator and percentage (one decimal) of a figure, blanks when not measured."""
    if figure is None:
        return ["", "", ""]
    return [figure.count, figure.total, float(figure.percent) if figure.percent is not None else ""]


def table_workbook(*, row: selectors.KpiRow, breakdown: list[selectors.KpiRow], by: str, about: list[str]) -> bytes:
    """Return a workbook: a summary sheet (each KPI with its definition) and one sheet of the breakdown."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = str(_("Summary"))[:31]
    xlsx_append(summary, [", ".join(about)])
    xlsx_append(summary, [_("KPI"), _("Numerator"), _("Denominator"), _("Percent"), _("Definition")])
    for kpi in selectors.KPIS:
        xlsx_append(summary, [str(selectors.LABELS[kpi]), *_cells(row.figures[kpi]), str(selectors.DEFINITIONS[kpi])])
    xlsx_append(summary, [absorption_split(row)])
    sheet = workbook.create_sheet(str(selectors.BREAKDOWNS[by])[:31])
    header: list[Any] = [str(selectors.BREAKDOWNS[by])]
    for kpi in selectors.KPIS:
        label = str(selectors.LABELS[kpi])
        header += [f"{label}: {_('Numerator')}", f"{label}: {_('Denominator')}", f"{label} (%)"]
    xlsx_append(sheet, header)
    for line in breakdown:
        cells: list[Any] = [line.label]
        for kpi in selectors.KPIS:
            cells += _cells(line.figures[kpi])
        xlsx_append(sheet, cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


PEOPLE_CHUNK = 2_000


@transaction.atomic
def people_workbook(
    *,
    actor: Any,
    people: QuerySet[Person],
    kpi: str,
    part: str,
    filters: selectors.Filters,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[IO[bytes], int]:
    """Return the people behind a figure as a workbook (name, masked NIK, birth date, unit) on a temporary file, and
    how many rows it has; the export is audited.

    The rows are read by chunks straight into a write-only workbook: memory stays flat whatever the count (the
    national list is about 150,000 people).
    """
    total = people.count()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("People"))[:31])
    xlsx_append(sheet, [_("Name"), _("NIK"), _("Birth date"), _("Registered at")])
    rows = people.values_list("full_name", "nik", "birth_date", "registered_unit__name")
    count = 0
    for name, nik, born, unit in rows.iterator(chunk_size=PEOPLE_CHUNK):
        birth = WriteOnlyCell(sheet, value=born)
        birth.number_format = XLSX_DATE  # a date cell, shown day first: sortable, and no ISO text
        xlsx_append(sheet, [name, nik_mask(nik or ""), birth, unit or ""])
        count += 1
        if progress is not None and count % PEOPLE_CHUNK == 0:
            progress(count, total)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the storage, closed with the job's file
    workbook.save(out)
    out.seek(0)
    if progress is not None:
        progress(count, max(total, count))
    audit_record(
        code="kpis.people.exported",
        actor=actor,
        obj=actor,
        unit=actor.organization,
        changes={"kpi": kpi, "part": part, "filters": filters.params(), "rows": count},
    )
    return out, count


def absorption_split(row: selectors.KpiRow) -> str:
    """Return the job-absorption numerator in words, split into employed and self-employed (issue 17)."""
    return _("Working or self-employed after release: %(working)s (employed %(employed)s, self-employed %(own)s)") % {
        "working": number(row.funnel.get("working", 0)),
        "employed": number(row.split.get("employed", 0)),
        "own": number(row.split.get("self_employed", 0)),
    }


def about(f: selectors.Filters) -> list[str]:
    """Return the filters in words, for the heading of a list or report."""
    out = []
    if f.year is not None:
        out.append(str(f.year))
    for pk in (f.unit_id, f.kanwil_id, f.provider_id):
        if pk is not None:
            out.append(Organization.objects.get(pk=pk).name)
    if f.programme_id is not None:
        out.append(Programme.objects.get(pk=f.programme_id).name)
    return out or [_("All units in scope, every year")]


def quarter_end(year: int, quarter: int) -> date:
    """Return the last day of a quarter."""
    month = quarter * 3
    first_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date.fromordinal(first_next.toordinal() - 1)


def quarterly_report(*, user: Any, unit: Organization, year: int, quarter: int, today: date) -> bytes:
    """Return the unit's KPI report for the year as known at the end of the quarter (or today, if earlier), on the
    unit's letterhead, signed by its default signatory (``kpis/documents/quarterly.html``)."""
    as_of = min(quarter_end(year, quarter), today)
    row = selectors.kpi_table(user=user, today=as_of, year=year, unit=unit.pk)
    programmes = selectors.kpi_breakdown(user=user, today=as_of, by="programme", year=year, unit=unit.pk)
    years = selectors.kpi_breakdown(user=user, today=as_of, by="year", unit=unit.pk, only=charts.RATE_SERIES)
    cohorts = selectors.recidivism_cohorts(user=user, f=selectors.Filters(unit_id=unit.pk), today=as_of)
    shown = [selectors.COMPLETION, selectors.CERTIFICATION, selectors.ABSORPTION, selectors.ATTENDANCE]
    context = {
        "title": _("KPI report %(unit)s, quarter %(quarter)s %(year)s")
        % {"unit": unit.name, "quarter": quarter, "year": year},
        "kop": paperwork.kop(unit),
        "unit": unit,
        "as_of": long_date(as_of),
        "kpis": [
            {"label": selectors.LABELS[k], "figure": row.figures[k], "definition": selectors.DEFINITIONS[k]}
            for k in selectors.KPIS
        ],
        "absorption_split": absorption_split(row),
        "shown": [selectors.LABELS[k] for k in shown],
        "programmes": [
            {"label": line.label, "cells": [line.figures[k].display if line.figures[k] else "–" for k in shown]}  # type: ignore[union-attr]
            for line in programmes
        ],
        "charts": [
            (_("From nomination to work"), data_uri(charts.funnel(row, fmt="png"), "funnel.png")),
            (_("Rates over time"), data_uri(charts.rates_over_time(years, fmt="png"), "rates.png")),
            (_("Recidivism by follow-up year"), data_uri(charts.recidivism(cohorts, fmt="png"), "recidivism.png")),
        ],
        "place_date": paperwork.place_date(unit, today),
        "signatory": paperwork.signatory_of(unit),
        "fallback_position": _("Head of %(unit)s") % {"unit": unit.name},
    }
    return render_pdf("kpis/documents/quarterly.html", context)
