"""Writes to the legal figures. A figure in force decides release dates, quotas and hours, so each change is audited
with the figure it replaces."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record
from bekal.core.formats import readable
from bekal.core.races import refuse_duplicate
from bekal.rules.models import RuleValue
from bekal.rules.registry import DEFINITIONS, parse


def expected_shape(kind: str) -> str:
    """Return what a figure of the kind looks like, in the user's language."""
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
                "expected": expected_shape(definition.kind),
                "value": repr(value),
            }
    if not source.strip():
        errors["source"] = _("Name the article or regulation that sets this figure")
    return errors


def _figure_before(code: str, on: date) -> str:
    row = RuleValue.objects.filter(code=code, valid_from__lt=on).order_by("-valid_from").first()
    return row.value if row else DEFINITIONS[code].default


def _later_row(code: str, on: date) -> RuleValue | None:
    return RuleValue.objects.filter(code=code, valid_from__gte=on).order_by("-valid_from").first()


@transaction.atomic
def rule_value_set(*, code: str, value: str, valid_from: date, source: str, actor: Any) -> RuleValue:
    """Put a new figure in force for the rule from the date, with the article or regulation that sets it.

    A figure is never changed in place and never slipped in before a later one: the history of what applied when
    stays as it was (a release date computed last year can be explained by last year's figure). A figure entered by
    mistake that has not yet come into force is withdrawn with rule_value_delete."""
    require(actor, Capability.RULES_EDIT)
    value, source = value.strip(), source.strip()
    errors = rule_value_errors(code=code, value=value, source=source)
    if errors:
        raise ValidationError(errors)
    # Lock the rule's rows so two figures entered at once are checked one after the other.
    list(RuleValue.objects.select_for_update().filter(code=code).values_list("pk", flat=True))
    later = _later_row(code, valid_from)
    if later is not None:
        raise ValidationError({"valid_from": _later_refusal(code=code, valid_from=valid_from, later=later)})
    with refuse_duplicate(
        constraint=("rule_value_once_per_date", "rules_rulevalue.code"),
        field="valid_from",
        message=_("Rule %(code)s already has a figure from %(date)s") % readable({"code": code, "date": valid_from}),
    ):
        row = RuleValue.objects.create(code=code, value=value, valid_from=valid_from, source=source)
    audit_record(
        code="rules.rule_value.set",
        actor=actor,
        obj=row,
        # The figure it replaces from that date: the earlier row's, or the registry default.
        changes={
            "value": [_figure_before(code, valid_from), value],
            "valid_from": [None, valid_from],
            "source": [None, source],
        },
    )
    return row


def _later_refusal(*, code: str, valid_from: date, later: RuleValue) -> str:
    return _(
        "Rule %(code)s already has the figure %(value)s from %(date)s; a new figure must start after that date, "
        "not on %(new)s (the history is kept as it was)"
    ) % readable({"code": code, "value": later.value, "date": later.valid_from, "new": valid_from})


@transaction.atomic
def rule_value_delete(*, rule_value: RuleValue, today: date, actor: Any) -> None:
    """Withdraw a figure entered by mistake before it comes into force; one that has applied is history and stays."""
    require(actor, Capability.RULES_EDIT)
    row = RuleValue.objects.select_for_update().get(pk=rule_value.pk)
    if row.valid_from <= today:
        raise ValidationError(
            _("Rule %(code)s has applied the figure %(value)s since %(date)s: it is history and cannot be removed")
            % readable({"code": row.code, "value": row.value, "date": row.valid_from})
        )
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
