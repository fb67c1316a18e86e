"""Reads of social inquiry reports (litmas), scoped to the user's units."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from bekal.accounts.access import Capability, require, unit_scope
from bekal.community_service.models import LitmasReport


def litmas_visible_to(user: Any) -> QuerySet[LitmasReport]:
    """Return the litmas of the user's units: Bapas staff and those above them only."""
    require(user, Capability.PEOPLE_VIEW)
    require(user, Capability.COMMUNITY_VIEW)
    return LitmasReport.objects.filter(unit_scope(user).q("unit_id")).select_related("officer", "unit", "person")


def get_litmas_for_user(user: Any, pk: int) -> LitmasReport:
    """Return a litmas of the user's units; otherwise 404."""
    try:
        return litmas_visible_to(user).get(pk=pk)
    except LitmasReport.DoesNotExist as exc:
        raise Http404 from exc
