"""What training adds to shared pages: menu entries and home-page blocks."""

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can
from bekal.accounts.models import Role
from bekal.core.registry import Panel
from bekal.training import selectors


def nav_items(user: Any) -> list[tuple[str, str]]:
    """Return the training menu entries the user may use."""
    items: list[tuple[str, str]] = []
    if can(user, Capability.TRAINING_VIEW):
        items.append((reverse("training:batch-list"), _("Training")))
    if can(user, Capability.BUDGET_VIEW):
        items.append((reverse("training:budget"), _("Budget")))
    if can(user, Capability.HOLIDAYS_EDIT):
        items.append((reverse("training:holiday-list"), _("Holidays")))
    return items


def home_panels(user: Any, today: date) -> list[Panel]:
    """Return expiring agreements for heads of unit and the escort gaps of the user's unit."""
    panels: list[Panel] = []
    org = user.organization
    if user.has_role(Role.HEAD_OF_UNIT) and can(user, Capability.TRAINING_VIEW):
        panels.append(
            Panel(
                "training/_panel_agreements.html",
                {"agreements": selectors.agreements_expiring(user=user, today=today)},
                20,
            )
        )
    if org is not None and org.is_correctional_unit and can(user, Capability.ESCORT_ASSIGN):
        gaps = selectors.escort_gaps_for_unit(unit=org, today=today)
        if gaps:
            panels.append(Panel("training/_panel_escorts.html", {"days": gaps}, 30))
    return panels
