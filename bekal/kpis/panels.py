"""What the KPIs add to the shared menu."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can


def nav_items(user: Any) -> list[tuple[str, str]]:
    """Return the KPI dashboard entry for those who may read the figures."""
    if can(user, Capability.KPI_VIEW):
        return [(reverse("kpis:dashboard"), _("KPIs"))]
    return []
