"""What outcomes adds to the shared menu."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can


def nav_items(user: Any) -> list[tuple[str, str]]:
    """Return the recidivism entry for those who may read outcome figures."""
    if can(user, Capability.OUTCOMES_VIEW):
        return [(reverse("outcomes:recidivism"), _("Recidivism"))]
    return []
