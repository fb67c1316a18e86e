"""Small filters for the KPI tables."""

import functools
from html import escape as escape_html
from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bekal.core.formats import number
from bekal.kpis.selectors import PEOPLE_KPIS

register = template.Library()


@register.filter
def get(mapping: dict[Any, Any], key: Any) -> Any:
    """Return mapping[key], or None."""
    return mapping.get(key)


@register.simple_tag
def kpi_figure(figure: Any, kpi: str, params: str) -> str:
    """Render one figure of a KPI table: its percentage linked to the people behind the numerator, and the
    numerator and denominator each linked to their people; a dash when not measured; money without links.

    A tag, not an included template: a national table has thousands of cells (536 units x 7 KPIs)."""
    if figure is None:
        return format_html('<span class="muted" title="{}">–</span>', _("Not measured for this row"))
    if kpi not in PEOPLE_KPIS:
        return format_html("<strong>{}</strong>", figure.display)
    # Escaped with the standard library's html.escape, as format_html would (the same five characters): a
    # breakdown has hundreds of cells, and format_html per cell took some 8 ms of every dashboard.
    base = escape_html(f"{_people_url()}?{params}&kpi={kpi}&part=")
    numerator, denominator = f"{base}numerator", f"{base}denominator"
    title, shown = _numerator_title(get_language()), escape_html(str(figure.display))
    count, total = escape_html(number(figure.count)), escape_html(number(figure.total))
    return mark_safe(  # noqa: S308 - every value is escaped above
        f'<a class="kpi-figure" href="{numerator}" title="{title}">{shown}</a> '
        f'<span class="muted">(<a href="{numerator}">{count}</a>/<a href="{denominator}">{total}</a>)</span>'
    )


@register.simple_tag
def breakdown_rows(rows: list[Any], kpis: list[tuple[str, Any]]) -> str:
    """Render the rows of a breakdown table (a row per unit, Kanwil, programme, provider or year, a cell per KPI) in
    one pass, not a template loop per cell: a national dashboard read after a write renders its table again, and
    the loop's lookups took two thirds of the 8 ms it cost (a table by unit has some 3,700 cells)."""
    if not rows:
        text = escape_html(str(_("Nothing recorded for these filters.")))
        return mark_safe(f'<tr><td colspan="{len(kpis) + 1}">{text}</td></tr>')  # noqa: S308 - escaped
    out = []
    for row in rows:
        params = urlencode(row.params)
        cells = "".join(f"<td>{kpi_figure(row.figures.get(kpi), kpi, params)}</td>" for kpi, _label in kpis)
        out.append(f'<tr><th scope="row">{escape_html(str(row.label))}</th>{cells}</tr>')
    return mark_safe("\n".join(out))  # noqa: S308 - the label escaped here, each cell by kpi_figure


@functools.cache
def _numerator_title(language: str | None) -> str:
    return escape_html(str(_("People behind the numerator")))


@functools.cache
def _people_url() -> str:
    return reverse("kpis:people")


SELECTED = " selected"


@register.simple_tag
def select_options(choices: list[tuple[int, str]], selected: int | None) -> str:
    """Render (id, name) pairs as <option>s, the selected one marked: one join, not a template loop per option,
    each value escaped by the standard library's ``html.escape`` (the same five characters as Django's; a national
    filter lists some 2,000 options, and ``format_html`` per option took 20 ms of every dashboard)."""
    options = (
        f'<option value="{escape_html(str(pk))}"{SELECTED if pk == selected else ""}>{escape_html(str(name))}</option>'
        for pk, name in choices
    )
    return mark_safe("".join(options))  # noqa: S308 - every value is escaped above
