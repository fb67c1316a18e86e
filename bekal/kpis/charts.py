"""The dashboard's three charts, drawn on the server by matplotlib: SVG for pages, PNG for the PDF report.

Plain on purpose: one colour per series, labelled axes, no interactivity. matplotlib is used through its
object API with the Agg canvas (no global pyplot state), so charts are safe to draw in threads.
"""

import functools
import hashlib
import io
import re
from collections.abc import Callable, Sequence
from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as PlotFigure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from bekal.kpis import selectors
from bekal.kpis.funnel import FUNNEL, FUNNEL_LABELS
from bekal.outcomes.selectors import FOLLOW_UP_YEARS, CohortRow

# The rates drawn over time; a breakdown for this chart computes only these (``kpi_breakdown(only=...)``).
RATE_SERIES = [
    selectors.COMPLETION,
    selectors.CERTIFICATION,
    selectors.ABSORPTION,
    selectors.BUDGET,
    selectors.RECIDIVISM,
]
COLOURS = ["#1f5f8b", "#c05a00", "#2e7d32", "#6a1b9a", "#8d6e00"]
SIZE = (6.4, 3.2)


# A drawing is kept a day: the key holds everything it shows, so it never goes out of date, and a day keeps the
# cache from filling with figures nobody asks for again.
DRAWN_SECONDS = 24 * 3600


def _drawn_once(shown: Callable[[Any], Any]) -> Callable[[Callable[..., bytes]], Callable[..., bytes]]:
    """Keep drawings in the shared cache by what they show (the chart, the figures drawn, the format and language;
    ``shown`` picks from the data what the drawing shows, so a figure the chart does not draw, such as the
    attendance days that every mark moves, never retires it): drawing is the slowest part of a dashboard, and the
    same figures always draw the same bytes, whichever server drew them. New figures are a new key, so a drawing
    is never out of date."""
    return functools.partial(_drawn_by, shown)


def _drawn_by(shown: Callable[[Any], Any], draw: Callable[..., bytes]) -> Callable[..., bytes]:
    @functools.wraps(draw)
    def wrapped(data: Any, *, fmt: str = "svg") -> bytes:
        what = repr((draw.__name__, fmt, get_language(), shown(data)))
        key = "kpis:chart:" + hashlib.sha256(what.encode()).hexdigest()
        out = cache.get(key)
        if out is None:
            out = draw(data, fmt=fmt)
            cache.set(key, out, DRAWN_SECONDS)
        return out

    return wrapped


def _render(fig: PlotFigure, fmt: str) -> bytes:
    FigureCanvasAgg(fig)
    out = io.BytesIO()
    # Text stays text in the SVG (the page's font draws it): a fraction of the bytes of glyph outlines.
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "bekal"}):
        fig.savefig(out, format=fmt, bbox_inches="tight", dpi=110 if fmt == "png" else 72, metadata=_metadata(fmt))
    return out.getvalue()


def _metadata(fmt: str) -> dict[str, str | None]:
    # No creation date in the output: the same figures draw the same bytes.
    return {"Date": None} if fmt == "svg" else {}


STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')
STYLE_ELEMENT = re.compile(r"<style[^>]*>\*\{([^}]*)\}</style>")


def _attributes(css: str) -> str:
    """Return CSS declarations as SVG presentation attributes: ``fill: #fff; stroke-width: 0.8`` becomes
    ``fill="#fff" stroke-width="0.8"`` (every property matplotlib writes is one; the values hold no double quote)."""
    pairs = (d.split(":", 1) for d in css.split(";") if ":" in d)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)


def svg(data: bytes) -> str:
    """Return the SVG as markup to inline in a page (without the XML prologue and doctype), with no style attribute
    or element: the page's Content-Security-Policy refuses inline styles, so they become presentation attributes
    (the drawing's one ``*{...}`` rule goes on the root, whence its elements inherit it)."""
    text = re.sub(r"^.*?(?=<svg)", "", data.decode(), flags=re.DOTALL)
    rule = STYLE_ELEMENT.search(text)
    if rule is not None:
        text = STYLE_ELEMENT.sub("", text)
        text = text.replace("<svg", "<svg" + _attributes(rule.group(1)), 1)
    return STYLE_ATTRIBUTE.sub(lambda m: _attributes(m.group(1)), text)


def _empty(ax: object, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#555")  # type: ignore[attr-defined]
    ax.set_axis_off()  # type: ignore[attr-defined]


def _rates_shown(rows: Sequence[selectors.KpiRow]) -> Any:
    return [(row.key, [(kpi, row.figures[kpi] and row.figures[kpi].percent) for kpi in RATE_SERIES]) for row in rows]  # type: ignore[union-attr]


@_drawn_once(_rates_shown)
def rates_over_time(rows: Sequence[selectors.KpiRow], *, fmt: str = "svg") -> bytes:
    """Return a line chart of the training rates, budget absorption and 1-year recidivism per year."""
    fig = PlotFigure(figsize=SIZE)
    ax = fig.add_subplot()
    series = RATE_SERIES
    drawn = False
    plotted: set[int] = set()
    for colour, kpi in zip(COLOURS, series, strict=False):
        points = [(row.key, row.figures[kpi]) for row in rows]
        xs = [year for year, fig_ in points if fig_ is not None and fig_.percent is not None]
        ys = [float(fig_.percent) for _year, fig_ in points if fig_ is not None and fig_.percent is not None]
        if xs:
            ax.plot(xs, ys, marker="o", color=colour, label=str(selectors.LABELS[kpi]))
            plotted.update(xs)
            drawn = True
    if not drawn:
        _empty(ax, _("No figures yet."))
        return _render(fig, fmt)
    ax.set_ylim(0, 105)
    ax.yaxis.set_major_formatter(PercentFormatter())
    ax.set_xticks(sorted(plotted))
    ax.set_xlim(min(plotted) - 0.5, max(plotted) + 0.5)
    ax.set_xlabel(_("Year"))
    ax.grid(axis="y", color="#ddd")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=8, frameon=False)
    return _render(fig, fmt)


@_drawn_once(lambda row: [(step, row.funnel.get(step, 0)) for step in FUNNEL])
def funnel(row: selectors.KpiRow, *, fmt: str = "svg") -> bytes:
    """Return a horizontal bar chart of the funnel, nominated to working."""
    fig = PlotFigure(figsize=SIZE)
    ax = fig.add_subplot()
    steps = list(FUNNEL)
    counts = [row.funnel.get(step, 0) for step in steps]
    if not any(counts):
        _empty(ax, _("No participants yet."))
        return _render(fig, fmt)
    labels = [str(FUNNEL_LABELS[step]) for step in steps]
    bars = ax.barh(labels[::-1], counts[::-1], color=COLOURS[0])
    ax.bar_label(bars, padding=3, fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(_("People"))
    ax.spines[["top", "right"]].set_visible(False)
    return _render(fig, fmt)


@_drawn_once(lambda rows: rows)
def recidivism(rows: Sequence[CohortRow], *, fmt: str = "svg") -> bytes:
    """Return one line per release cohort: the share re-admitted within 1, 2 and 3 years."""
    fig = PlotFigure(figsize=SIZE)
    ax = fig.add_subplot()
    drawn = False
    for colour, row in zip(COLOURS * 4, rows, strict=False):
        points = [(n, cell) for n, cell in zip(FOLLOW_UP_YEARS, row.cells(), strict=True) if cell is not None]
        points = [(n, cell) for n, cell in points if cell.percent is not None]
        if points:
            ax.plot(
                [n for n, _cell in points],
                [float(cell.percent or 0) for _n, cell in points],
                marker="o",
                color=colour,
                label=_("Released in %(year)s") % {"year": row.year},
            )
            drawn = True
    if not drawn:
        _empty(ax, _("No cohort has had a full year of follow-up yet."))
        return _render(fig, fmt)
    ax.set_xticks(list(FOLLOW_UP_YEARS))
    ax.set_xlim(0.8, FOLLOW_UP_YEARS[-1] + 0.2)
    ax.set_ylim(0, 105)
    ax.yaxis.set_major_formatter(PercentFormatter())
    ax.set_xlabel(_("Years after release"))
    ax.grid(axis="y", color="#ddd")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    return _render(fig, fmt)
