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
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from bekal.audit.services import audit_record
from bekal.core.formats import XLSX_DATE, readable
from bekal.kpis import charts, selectors
from bekal.organizations.models import Organization
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
    summary.append([", ".join(about)])
    summary.append([_("KPI"), _("Numerator"), _("Denominator"), _("Percent"), _("Definition")])
    for kpi in selectors.KPIS:
        summary.append([str(selectors.LABELS[kpi]), *_cells(row.figures[kpi]), str(selectors.DEFINITIONS[kpi])])
    sheet = workbook.create_sheet(str(selectors.BREAKDOWNS[by])[:31])
    header: list[Any] = [str(selectors.BREAKDOWNS[by])]
    for kpi in selectors.KPIS:
        label = str(selectors.LABELS[kpi])
        header += [f"{label}: {_('Numerator')}", f"{label}: {_('Denominator')}", f"{label} (%)"]
    sheet.append(header)
    for line in breakdown:
        cells: list[Any] = [line.label]
        for kpi in selectors.KPIS:
            cells += _cells(line.figures[kpi])
        sheet.append(cells)
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
    sheet.append([_("Name"), _("NIK"), _("Birth date"), _("Registered at")])
    rows = people.values_list("full_name", "nik", "birth_date", "registered_unit__name")
    count = 0
    for name, nik, born, unit in rows.iterator(chunk_size=PEOPLE_CHUNK):
        birth = WriteOnlyCell(sheet, value=born)
        birth.number_format = XLSX_DATE  # a date cell, shown day first: sortable, and no ISO text
        sheet.append([name, nik_mask(nik or ""), birth, unit or ""])
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


def _letterhead(unit: Organization) -> list[Any]:
    styles = getSampleStyleSheet()
    lines = [
        "KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA",
        "DIREKTORAT JENDERAL PEMASYARAKATAN",
        (unit.parent.name if unit.parent else "").upper(),
    ]
    head = [Paragraph(f"<b>{line}</b>", styles["Normal"]) for line in lines if line]
    head.append(Paragraph(f"<b>{unit.name.upper()}</b>", styles["Heading3"]))
    if unit.address:
        head.append(Paragraph(unit.address, styles["Normal"]))
    rule = Table([[""]], colWidths=[16 * cm], rowHeights=[0.1 * cm])
    rule.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 1.5, colors.black)]))
    return [*head, Spacer(1, 0.2 * cm), rule]


def _grid(rows: list[list[str]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _png(data: bytes, width: float = 15 * cm) -> Image:
    image = Image(io.BytesIO(data))
    ratio = image.imageHeight / image.imageWidth
    image.drawWidth, image.drawHeight = width, width * ratio
    return image


def quarter_end(year: int, quarter: int) -> date:
    """Return the last day of a quarter."""
    month = quarter * 3
    first_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date.fromordinal(first_next.toordinal() - 1)


def quarterly_report(*, user: Any, unit: Organization, year: int, quarter: int, today: date) -> bytes:
    """Return the unit's KPI report for the year as known at the end of the quarter (or today, if earlier)."""
    as_of = min(quarter_end(year, quarter), today)
    row = selectors.kpi_table(user=user, today=as_of, year=year, unit=unit.pk)
    programmes = selectors.kpi_breakdown(user=user, today=as_of, by="programme", year=year, unit=unit.pk)
    years = selectors.kpi_breakdown(user=user, today=as_of, by="year", unit=unit.pk, only=charts.RATE_SERIES)
    cohorts = selectors.recidivism_cohorts(user=user, f=selectors.Filters(unit_id=unit.pk), today=as_of)
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    title = _("KPI report %(unit)s, quarter %(quarter)s %(year)s") % {
        "unit": unit.name,
        "quarter": quarter,
        "year": year,
    }
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm, title=title)
    story: list[Any] = _letterhead(unit)
    story += [
        Spacer(1, 0.4 * cm),
        Paragraph(title, styles["Title"]),
        Paragraph(
            _("To: %(kanwil)s. Figures as of %(day)s.")
            % readable({"kanwil": unit.parent.name if unit.parent else "", "day": as_of}),
            styles["Normal"],
        ),
        Spacer(1, 0.3 * cm),
    ]
    kpi_rows = [[_("KPI"), _("Figure"), _("Out of"), _("Definition")]]
    for kpi in selectors.KPIS:
        figure = row.figures[kpi]
        kpi_rows.append(
            [
                Paragraph(str(selectors.LABELS[kpi]), styles["BodyText"]),
                figure.display if figure else "–",
                f"{figure.count} / {figure.total}" if figure else "–",
                Paragraph(str(selectors.DEFINITIONS[kpi]), styles["BodyText"]),
            ]
        )
    story.append(_grid(kpi_rows, [3.5 * cm, 1.6 * cm, 3.4 * cm, 7.5 * cm]))
    story += [Spacer(1, 0.4 * cm), Paragraph(_("By programme"), styles["Heading2"])]
    shown = [selectors.COMPLETION, selectors.CERTIFICATION, selectors.ABSORPTION, selectors.ATTENDANCE]
    programme_rows = [[_("Programme"), *[str(selectors.LABELS[k]) for k in shown]]]
    for line in programmes:
        programme_rows.append(
            [line.label, *[(line.figures[k].display if line.figures[k] else "–") for k in shown]]  # type: ignore[union-attr]
        )
    if len(programme_rows) == 1:
        programme_rows.append([_("No batch ended this year."), "", "", "", ""])
    story.append(
        _grid([[Paragraph(str(c), styles["BodyText"]) for c in r] for r in programme_rows], [5 * cm] + [2.75 * cm] * 4)
    )
    story += [
        Spacer(1, 0.4 * cm),
        Paragraph(_("From nomination to work"), styles["Heading2"]),
        _png(charts.funnel(row, fmt="png")),
        Paragraph(_("Rates over time"), styles["Heading2"]),
        _png(charts.rates_over_time(years, fmt="png")),
        Paragraph(_("Recidivism by follow-up year"), styles["Heading2"]),
        _png(charts.recidivism(cohorts, fmt="png")),
    ]
    doc.build(story)
    return buffer.getvalue()
