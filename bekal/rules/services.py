"""Writes to the legal figures. A figure in force decides release dates, quotas and hours, so each change is audited
with the figure it replaces."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record, changed_fields, snapshot
from bekal.rules.models import RuleValue
from bekal.rules.registry import DEFINITIONS, parse

RULE_VALUE_FIELDS = ["code", "value", "valid_from", "source"]


def _expected(kind: str) -> str:
    return {
        "int": _("a whole number"),
        "fraction": _("a fraction between 0 and 1, such as 2/3"),
        "bool": _("yes or no"),
        "int_list": _("a rising list of positive whole numbers, such as 1,3,6,12"),
    }[kind]


def rule_value_errors(*, code: str, value: str, source: str) -> dict[str, str]:
    """Return {field: message} for a figure the registry cannot read; empty when it is fine."""
    errors: dict[str, str] = {}
    definition = DEFINITIONS.get(code)
    if definition is None:
        errors["code"] = _("Unknown rule %(code)s") % {"code": code}
    else:
        try:
            parse(definition.kind, value)
        except (ValueError, ZeroDivisionError):
            errors["value"] = _("Rule %(code)s needs %(expected)s; %(value)s is not") % {
                "code": code,
                "expected": _expected(definition.kind),
                "value": repr(value),
            }
    if not source.strip():
        errors["source"] = _("Name the article or regulation that sets this figure")
    return errors


def _figure_before(code: str, on: date) -> str:
    row = RuleValue.objects.filter(code=code, valid_from__lt=on).order_by("-valid_from").first()
    return row.value if row else DEFINITIONS[code].default


@transaction.atomic
def rule_value_set(*, code: str, value: str, valid_from: date, source: str, actor: Any) -> RuleValue:
    """Put the figure in force for the rule from the date (a new row, or the row already dated that day)."""
    require(actor, Capability.RULES_EDIT)
    value, source = value.strip(), source.strip()
    errors = rule_value_errors(code=code, value=value, source=source)
    if errors:
        raise ValidationError(errors)
    row = RuleValue.objects.select_for_update().filter(code=code, valid_from=valid_from).first()
    if row is None:
        row = RuleValue.objects.create(code=code, value=value, valid_from=valid_from, source=source)
        # The figure it replaces from that date: the earlier row's, or the registry default.
        changes: dict[str, list[Any]] = {
            "value": [_figure_before(code, valid_from), value],
            "valid_from": [None, valid_from],
            "source": [None, source],
        }
    else:
        before = snapshot(row, RULE_VALUE_FIELDS)
        row.value, row.source = value, source
        row.save(update_fields=["value", "source"])
        changes = changed_fields(before, snapshot(row, RULE_VALUE_FIELDS))
        if not changes:
            return row
    audit_record(code="rules.rule_value.set", actor=actor, obj=row, changes=changes)
    return row


@transaction.atomic
def rule_value_delete(*, rule_value: RuleValue, actor: Any) -> None:
    """Remove a row entered by mistake; the earlier row, or the registry default, applies again from its date."""
    require(actor, Capability.RULES_EDIT)
    row = RuleValue.objects.select_for_update().get(pk=rule_value.pk)
    audit_record(
        code="rules.rule_value.deleted",
        actor=actor,
        obj=row,
        changes={
            "value": [row.value, _figure_before(row.code, row.valid_from)],
            "valid_from": [row.valid_from, None],
            "source": [row.source, None],
        },
    )
    row.delete()
