"""Reads of the letters of an order (warnings, reports to the prosecutor), for those who may see the sentence."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from bekal.accounts.access import Capability, require
from bekal.community_service.models import ComplianceStep
from bekal.community_service.selectors.orders import orders_visible_to, sees_sentence


def get_step_for_user(user: Any, pk: int) -> ComplianceStep:
    """Return a compliance step of an order the user may see; otherwise 404. A site supervisor gets 403."""
    if not sees_sentence(user):
        require(user, Capability.COMMUNITY_VIEW)
        raise PermissionDenied("letters are not for work sites")
    return get_object_or_404(
        ComplianceStep.objects.select_related(
            "order__period__person",
            "order__period__unit",
            "order__period__officer",
            "order__court",
            "order__prosecutor_office",
            "session",
        ),
        pk=pk,
        order__in=orders_visible_to(user),
    )


def letters_due(*, user: Any) -> QuerySet[ComplianceStep]:
    """Return reports to the prosecutor still waiting for a decision, on orders the user may see."""
    return (
        ComplianceStep.objects.filter(order__in=orders_visible_to(user), decision="", kind="report")
        .select_related("order__period__person")
        .order_by("issued_on")
    )
