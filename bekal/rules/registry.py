"""The legal and standard figures Bekal applies, each with its default and its source.

A figure in force is a ``RuleValue`` row when one exists for the date asked about, otherwise the default here.
A change of law is a new row (admin or ``rules`` API), not a code change.
"""

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

Kind = Literal["int", "fraction", "bool", "int_list"]


@dataclass(frozen=True)
class RuleDefinition:
    code: str
    kind: Kind
    default: str
    label: str
    source: str


DEFINITIONS: dict[str, RuleDefinition] = {
    d.code: d
    for d in [
        RuleDefinition(
            "release.parole.fraction",
            "fraction",
            "2/3",
            "Share of the sentence served before parole (PB)",
            "KUHP Pasal 72; Permenkumham 3/2018 jo. 7/2022",
        ),
        RuleDefinition(
            "release.parole.min_served_months",
            "int",
            "9",
            "Minimum months the served share must reach for parole (PB)",
            "KUHP Pasal 72 ayat (1)",
        ),
        RuleDefinition(
            "release.leave.fraction",
            "fraction",
            "2/3",
            "Share of the sentence served before conditional leave (CB)",
            "Permenkumham 3/2018 jo. 7/2022",
        ),
        RuleDefinition(
            "release.leave.max_sentence_months",
            "int",
            "18",
            "Longest sentence, in months, that allows conditional leave (CB)",
            "Permenkumham 3/2018 jo. 7/2022",
        ),
        RuleDefinition(
            "release.assimilation.fraction",
            "fraction",
            "1/2",
            "Share of the sentence served before assimilation",
            "Permenkumham 3/2018 jo. 7/2022",
        ),
        RuleDefinition(
            "identity.nik.female_day_offset",
            "int",
            "40",
            "Number added to the birth day in a woman's NIK",
            "Permendagri on population administration (NIK structure)",
        ),
        RuleDefinition(
            "placement.release_window_days",
            "int",
            "90",
            "Days before release in which work readiness and pre-release to-dos are listed",
            "Issue 5, work readiness before release; hmpps-education-employment-api pre-release window",
        ),
        RuleDefinition(
            "placement.follow_up_months",
            "int_list",
            "1,3,6,12",
            "Months after the start of a placement at which the officer follows up",
            "Issue 5, placements after release (post-release accompaniment, Lapas Martapura with Disnaker OKU Timur)",
        ),
    ]
}


def parse(kind: Kind, raw: str) -> int | Fraction | bool | tuple[int, ...]:
    """Return the raw text of a rule read as its kind; bad text raises ValueError."""
    text = raw.strip()
    if kind == "int":
        return int(text)
    if kind == "int_list":
        values = tuple(int(part) for part in text.split(","))
        if not values or any(v <= 0 for v in values) or list(values) != sorted(set(values)):
            raise ValueError(f"{raw!r} is not a rising list of positive whole numbers")
        return values
    if kind == "fraction":
        value = Fraction(text)
        if not 0 <= value <= 1:
            raise ValueError(f"{raw!r} is not a fraction between 0 and 1")
        return value
    if text.lower() in {"1", "true", "yes", "ya"}:
        return True
    if text.lower() in {"0", "false", "no", "tidak"}:
        return False
    raise ValueError(f"{raw!r} is not a yes/no value")
