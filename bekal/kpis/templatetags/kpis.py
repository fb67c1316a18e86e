"""Small filters for the KPI tables."""

from typing import Any
from urllib.parse import urlencode

from django import template

from bekal.kpis.selectors import PEOPLE_KPIS

register = template.Library()


@register.filter
def get(mapping: dict[Any, Any], key: Any) -> Any:
    """Return mapping[key], or None."""
    return mapping.get(key)


@register.filter
def urlencode_dict(params: dict[str, Any]) -> str:
    """Return the parameters as a query string."""
    return urlencode(params)


@register.filter
def in_people(kpi: str) -> bool:
    """Return True when people stand behind the KPI (budget absorption is money)."""
    return kpi in PEOPLE_KPIS
