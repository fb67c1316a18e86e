from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from bekal.audit.models import AuditEvent
from bekal.rules.models import RuleValue
from bekal.rules.selectors import rule_int
from bekal.rules.services import rule_value_delete, rule_value_set

CODE = "release.parole.min_served_months"


def test_a_new_figure_applies_from_its_date_and_records_the_figure_it_replaces(users):
    row = rule_value_set(code=CODE, value="12", valid_from=date(2027, 1, 1), source=" UU 1/2023 ", actor=users.sysadmin)
    assert rule_int(CODE, on=date(2027, 1, 1)) == 12 and row.source == "UU 1/2023"
    event = AuditEvent.objects.get(code="rules.rule_value.set")
    assert event.actor == users.sysadmin and event.object_id == str(row.pk)
    assert event.changes == {"value": ["9", "12"], "valid_from": [None, "2027-01-01"], "source": [None, "UU 1/2023"]}


def test_a_figure_is_never_changed_in_place(users):
    rule_value_set(code=CODE, value="12", valid_from=date(2027, 1, 1), source="x", actor=users.sysadmin)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        rule_value_set(code=CODE, value="10", valid_from=date(2027, 1, 1), source="x", actor=users.sysadmin)
    message = error.value.message_dict["valid_from"][0]
    assert CODE in message and "12" in message and "1 January 2027" in message
    assert list(RuleValue.objects.filter(code=CODE).values_list("value", flat=True)) == ["12"]
    assert AuditEvent.objects.filter(code="rules.rule_value.set").count() == 1


def test_a_figure_starting_before_a_later_one_is_refused_with_the_later_figure_named(users):
    rule_value_set(code=CODE, value="12", valid_from=date(2027, 1, 1), source="x", actor=users.sysadmin)
    with pytest.raises(ValidationError) as error:
        rule_value_set(code=CODE, value="10", valid_from=date(2026, 6, 1), source="y", actor=users.sysadmin)
    message = error.value.message_dict["valid_from"][0]
    assert "12" in message and "1 Januari 2027" in message and "1 Juni 2026" in message
    assert RuleValue.objects.filter(code=CODE).count() == 1


def test_figures_over_time_keep_their_history(users):
    rule_value_set(code=CODE, value="12", valid_from=date(2027, 1, 1), source="a", actor=users.sysadmin)
    rule_value_set(code=CODE, value="10", valid_from=date(2028, 1, 1), source="b", actor=users.sysadmin)
    assert rule_int(CODE, on=date(2026, 12, 31)) == 9
    assert rule_int(CODE, on=date(2027, 6, 1)) == 12 and rule_int(CODE, on=date(2028, 1, 1)) == 10
    last = AuditEvent.objects.filter(code="rules.rule_value.set").first()
    assert last is not None and last.changes["value"] == ["12", "10"]


@pytest.mark.parametrize(
    ("code", "value", "field", "words"),
    [
        ("release.parole.fraction", "3/2", "value", "fraction between 0 and 1"),
        ("release.parole.fraction", "1/0", "value", "fraction between 0 and 1"),
        (CODE, "nine", "value", "whole number"),
        ("placement.follow_up_months", "6,3", "value", "rising list"),
        ("no.such.rule", "1", "code", "no.such.rule"),
    ],
)
def test_it_refuses_a_figure_the_registry_cannot_read(users, code, value, field, words):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        rule_value_set(code=code, value=value, valid_from=date(2027, 1, 1), source="x", actor=users.sysadmin)
    assert words in error.value.message_dict[field][0]
    assert not RuleValue.objects.exists() and not AuditEvent.objects.exists()


def test_it_needs_a_source(users):
    with pytest.raises(ValidationError) as error:
        rule_value_set(code=CODE, value="12", valid_from=date(2027, 1, 1), source=" ", actor=users.sysadmin)
    assert "source" in error.value.message_dict


def test_only_the_system_administrator_sets_figures(users):
    for user in [users.unit_admin, users.national, users.head]:
        with pytest.raises(PermissionDenied):
            rule_value_set(code=CODE, value="12", valid_from=date(2027, 1, 1), source="x", actor=user)


def test_withdrawing_a_scheduled_figure_brings_back_the_earlier_one_and_is_recorded(users):
    row = rule_value_set(code=CODE, value="12", valid_from=date(2027, 1, 1), source="x", actor=users.sysadmin)
    rule_value_delete(rule_value=row, today=date(2026, 12, 31), actor=users.sysadmin)
    assert rule_int(CODE, on=date(2027, 1, 1)) == 9
    event = AuditEvent.objects.get(code="rules.rule_value.deleted")
    assert event.changes["value"] == ["12", "9"] and event.object_repr.startswith(CODE)


def test_a_figure_that_has_applied_is_history_and_cannot_be_removed(users):
    row = rule_value_set(code=CODE, value="12", valid_from=date(2027, 1, 1), source="x", actor=users.sysadmin)
    with pytest.raises(ValidationError, match="12"):
        rule_value_delete(rule_value=row, today=date(2027, 1, 1), actor=users.sysadmin)
    assert RuleValue.objects.filter(pk=row.pk).exists()
