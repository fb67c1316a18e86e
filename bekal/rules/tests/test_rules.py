from datetime import date
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from bekal.rules.models import RuleValue
from bekal.rules.registry import DEFINITIONS
from bekal.rules.selectors import rule_fraction, rule_int


def test_every_rule_names_its_source(db):
    assert all(d.source for d in DEFINITIONS.values())


def test_defaults_apply_without_rows(db):
    assert rule_fraction("release.parole.fraction") == Fraction(2, 3)
    assert rule_int("release.parole.min_served_months") == 9


def test_a_row_applies_from_its_date(db):
    RuleValue.objects.create(
        code="release.parole.min_served_months", value="12", valid_from=date(2027, 1, 1), source="x"
    )
    assert rule_int("release.parole.min_served_months", on=date(2026, 12, 31)) == 9
    assert rule_int("release.parole.min_served_months", on=date(2027, 1, 1)) == 12


def test_a_bad_value_is_refused(db):
    row = RuleValue(code="release.parole.fraction", value="3/2", valid_from=date(2026, 1, 1), source="x")
    with pytest.raises(ValidationError):
        row.full_clean()
