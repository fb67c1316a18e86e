"""Read a rule's figure in force."""

from datetime import date
from fractions import Fraction
from typing import Any

from django.http import Http404

from bekal.rules.models import RuleValue, in_force
from bekal.rules.registry import DEFINITIONS, RuleDefinition, parse


def rule_value(code: str, *, on: date | None = None) -> int | Fraction | bool | tuple[int, ...]:
    """Return the figure in force for the code on the date (today's rule when no date is given)."""
    definition = DEFINITIONS[code]
    row = in_force(code, on)
    return parse(definition.kind, row.value if row else definition.default)


def rule_int(code: str, *, on: date | None = None) -> int:
    """Return a whole-number rule."""
    value = rule_value(code, on=on)
    assert isinstance(value, int) and not isinstance(value, bool), code
    return value


def rule_bool(code: str, *, on: date | None = None) -> bool:
    """Return a yes/no rule, e.g. whether a check is on."""
    value = rule_value(code, on=on)
    assert isinstance(value, bool), code
    return value


def rule_fraction(code: str, *, on: date | None = None) -> Fraction:
    """Return a fraction rule."""
    value = rule_value(code, on=on)
    assert isinstance(value, Fraction), code
    return value


def rule_int_list(code: str, *, on: date | None = None) -> tuple[int, ...]:
    """Return a rule that is a list of whole numbers, e.g. follow-up months."""
    value = rule_value(code, on=on)
    assert isinstance(value, tuple), code
    return value


def _overview_row(definition: RuleDefinition, rows: list[RuleValue], today: date) -> dict[str, Any]:
    applied = [r for r in rows if r.valid_from <= today]
    scheduled = [r for r in rows if r.valid_from > today]
    current = applied[0] if applied else None
    return {
        "definition": definition,
        "code": definition.code,
        "title": definition.title(),
        "value": current.value if current else definition.default,
        "shown": definition.figure(current.value if current else definition.default),
        "source": current.source if current else definition.source,
        "since": current.valid_from if current else None,
        "next": scheduled[-1] if scheduled else None,
        "next_shown": definition.figure(scheduled[-1].value) if scheduled else "",
        "changes": len(rows),
    }


def rules_overview(*, today: date, query: str = "") -> list[dict[str, Any]]:
    """Return every rule with its figure in force today, its legal basis, the next figure scheduled and how many
    figures were ever set (one query: the table holds a few rows per rule)."""
    by_code: dict[str, list[RuleValue]] = {}
    for row in RuleValue.objects.order_by("code", "-valid_from"):
        by_code.setdefault(row.code, []).append(row)
    rows = [_overview_row(d, by_code.get(code, []), today) for code, d in sorted(DEFINITIONS.items())]
    needle = query.strip().lower()
    if needle:
        rows = [r for r in rows if needle in r["code"].lower() or needle in r["title"].lower()]
    return rows


def get_rule_definition(code: str) -> RuleDefinition:
    """Return the rule's definition; an unknown code answers 404."""
    definition = DEFINITIONS.get(code)
    if definition is None:
        raise Http404(code)
    return definition


def rule_history(code: str) -> list[RuleValue]:
    """Return every figure set for the rule, the latest start first (the registry default applies before the
    earliest)."""
    return list(RuleValue.objects.filter(code=code).order_by("-valid_from"))
