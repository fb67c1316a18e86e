"""Read a rule's figure in force."""

from datetime import date
from fractions import Fraction

from bekal.rules.models import in_force
from bekal.rules.registry import DEFINITIONS, parse


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


def rule_bool(code: str, *, on: date | None = None) -> bool:
    """Return a yes/no rule."""
    value = rule_value(code, on=on)
    assert isinstance(value, bool), code
    return value
