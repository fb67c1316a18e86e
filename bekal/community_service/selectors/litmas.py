"""Reads of social inquiry reports (litmas), scoped to the user's units."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from bekal.accounts.access import Capability, require
from bekal.community_service.models import LitmasReport
from bekal.organizations.scope import unit_scope


def litmas_visible_to(user: Any) -> QuerySet[LitmasReport]:
    """Return the litmas of the user's units: Bapas staff and those above them only."""
    require(user, Capability.PEOPLE_VIEW)
    require(user, Capability.COMMUNITY_VIEW)
    return LitmasReport.objects.filter(unit_scope(user).q("unit_id")).select_related("officer", "unit", "person")


def get_litmas_for_user(user: Any, pk: int) -> LitmasReport:
    """Return a litmas of the user's units; otherwise 404."""
    return get_object_or_404(litmas_visible_to(user), pk=pk)
