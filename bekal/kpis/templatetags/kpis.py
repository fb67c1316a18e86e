"""Small filters for the KPI tables."""

import functools
from html import escape as escape_html
from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from bekal.core.formats import number
from bekal.kpis.selectors import PEOPLE_KPIS

register = template.Library()


@register.filter
def get(mapping: dict[Any, Any], key: Any) -> Any:
    """Return mapping[key], or None."""
    return mapping.get(key)


@register.filter
def urlencode_dict(params: dict[str, Any]) -> str:
    """Return the parameters as a query string."""
    return urlencode(params)


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
    title, shown = escape_html(str(_("People behind the numerator"))), escape_html(str(figure.display))
    count, total = escape_html(number(figure.count)), escape_html(number(figure.total))
    return mark_safe(  # noqa: S308 - every value is escaped above
        f'<a class="kpi-figure" href="{numerator}" title="{title}">{shown}</a> '
        f'<span class="muted">(<a href="{numerator}">{count}</a>/<a href="{denominator}">{total}</a>)</span>'
    )


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
