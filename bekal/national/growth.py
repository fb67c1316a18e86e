"""The growth table: each page alone (sequential requests) at scale 0.1 and at scale 1, and the ratio, held to its
bound. A page scoped to one unit should cost the same whatever the size of the nation (ratio <= 1.2); a national
page may grow, but far slower than the data (ratio <= 2 for ten times the data, cold caches).

The bench saves its results with ``manage.py bench --save FILE``; ``manage.py bench_growth SMALL LARGE`` reads two
such files (the same pages, one dataset each) and prints this table.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

UNIT_BOUND = 1.2
NATIONAL_BOUND = 2.0

# Pages whose scope is the whole nation (or a Kanwil's many units): held to NATIONAL_BOUND. Every other page is
# scoped to one unit or one record and held to UNIT_BOUND. Matched on the start of the bench's operation name.
NATIONAL_PAGES = (
    "national",
    "Kanwil",
    "KPI drill-down",
    "recidivism",
    "XLSX export",
    "export started as a job",
    "people list last page (national)",
)


# Operations of the bench that are not one page's answer (loads, imports, costs): left out of the table.
NOT_PAGES = ("fixed cost", "open-model", "scale-out", "mixed load", "CSV import")


@dataclass(frozen=True)
class GrowthRow:
    name: str
    small_ms: float
    large_ms: float
    bound: float

    @property
    def ratio(self) -> float:
        return self.large_ms / self.small_ms if self.small_ms else float("inf")

    @property
    def passed(self) -> bool:
        return self.ratio <= self.bound


def bound_for(name: str) -> float:
    """Return the growth bound of a page by its name: national and Kanwil pages 2x, the others 1.2x."""
    return NATIONAL_BOUND if any(mark in name for mark in NATIONAL_PAGES) else UNIT_BOUND


def growth_rows(small: dict[str, float], large: dict[str, float]) -> list[GrowthRow]:
    """Return a row for each page timed at both scales (median ms by name), in the small run's order."""
    return [GrowthRow(name, ms, large[name], bound_for(name)) for name, ms in small.items() if name in large and ms > 0]


def growth_table(rows: list[GrowthRow]) -> list[str]:
    """Return the table's lines, each with PASS or FAIL, and a last line that counts them."""
    lines = [f"{'page':<44} {'small ms':>12} {'large ms':>11} {'ratio':>7} {'bound':>6}  verdict"]
    for row in rows:
        verdict = "PASS" if row.passed else "FAIL"
        lines.append(
            f"{row.name:<44} {row.small_ms:12.1f} {row.large_ms:11.1f} {row.ratio:6.2f}x {row.bound:5.1f}x  {verdict}"
        )
    failed = sum(not r.passed for r in rows)
    lines.append(f"{len(rows) - failed} PASS, {failed} FAIL")
    return lines


def described(path: Path) -> str:
    """Return the dataset and load average a saved run names."""
    data: dict[str, Any] = json.loads(path.read_text())
    return f"{data.get('dataset', '?')}, load average {data.get('load_average', '?')}"


def medians(path: Path) -> dict[str, float]:
    """Return each page's time from a file ``manage.py bench --save`` wrote: the bench's operations (median) and
    the pages of the open-model mix timed alone (``alone: <page>``; national pages by their cold, first answer)."""
    data: dict[str, Any] = json.loads(path.read_text())
    out = {
        r["name"]: float(r["median_ms"])
        for r in data["results"]
        if r.get("median_ms") and not r["name"].startswith(NOT_PAGES)
    }
    for result in data["results"]:
        for name, timed in result.get("alone", {}).items():
            cold = bound_for(name) == NATIONAL_BOUND and timed.get("cold_ms")
            out[f"alone: {name}"] = float(cold or timed["median_ms"])
    return out
