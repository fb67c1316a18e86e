"""The legal figures through the API: every rule with its figure in force, one rule's history, and a new figure
from a date (system administrators; the same service as the rules page)."""

from datetime import date
from typing import Any

from ninja import Router, Schema, Status

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.organizations.time import unit_today
from bekal.rules import selectors, services
from bekal.rules.models import RuleValue

router = Router(tags=["rules"])


class RuleFigureOut(Schema):
    value: str
    valid_from: date
    source: str


class RuleOut(Schema):
    code: str
    label: str
    kind: str
    default: str
    default_source: str
    value: str
    source: str
    since: date | None
    next: RuleFigureOut | None


class RuleHistoryOut(RuleOut):
    history: list[RuleFigureOut]


class RuleFigureIn(Schema):
    value: str
    valid_from: date
    source: str


def _out(row: dict[str, Any]) -> dict[str, Any]:
    definition = row["definition"]
    return {
        "code": definition.code,
        "label": row["title"],
        "kind": definition.kind,
        "default": definition.default,
        "default_source": definition.source,
        "value": row["value"],
        "source": row["source"],
        "since": row["since"],
        "next": row["next"],
    }


@router.get("/rules", response=list[RuleOut])
def rule_list(request: AuthedRequest) -> list[dict[str, Any]]:
    """List every rule with its figure in force today, its legal basis and the next figure scheduled."""
    require(request.user, Capability.RULES_EDIT)
    return [_out(row) for row in selectors.rules_overview(today=unit_today(None))]


def _detail(code: str) -> dict[str, Any]:
    selectors.get_rule_definition(code)
    (row,) = [r for r in selectors.rules_overview(today=unit_today(None)) if r["code"] == code]
    return _out(row) | {"history": selectors.rule_history(code)}


@router.get("/rules/{code}", response=RuleHistoryOut)
def rule_detail(request: AuthedRequest, code: str) -> dict[str, Any]:
    """Return one rule with every figure set for it, the latest start first."""
    require(request.user, Capability.RULES_EDIT)
    return _detail(code)


@router.post("/rules/{code}/values", response={201: RuleFigureOut})
def rule_value_add(request: AuthedRequest, code: str, payload: RuleFigureIn) -> Any:
    """Put a new figure in force from a date, with its legal basis; a date on or before the latest figure's is
    refused (history is never rewritten)."""
    require(request.user, Capability.RULES_EDIT)
    selectors.get_rule_definition(code)
    row: RuleValue = services.rule_value_set(actor=request.user, code=code, **payload.dict())
    return Status(201, row)
