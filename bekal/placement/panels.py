"""What placement adds to the shared menu and home page."""

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can
from bekal.core.registry import Panel
from bekal.placement import selectors


def nav_items(user: Any) -> list[tuple[str, str]]:
    """Return the placement menu entries the user may use."""
    if can(user, Capability.PLACEMENT_VIEW):
        items = [(reverse("placement:due"), _("Work readiness")), (reverse("placement:vacancies"), _("Vacancies"))]
        if can(user, Capability.TODO_KINDS_EDIT):
            items.append((reverse("placement:todo-kinds"), _("Pre-release to-do kinds")))
        return items
    if can(user, Capability.VACANCY_VIEW) and selectors.employer_is_users(user):
        return [(reverse("placement:vacancies"), _("Vacancies"))]
    return []


def home_panels(user: Any, today: date) -> list[Panel]:
    """Return the release-readiness and follow-up blocks for staff of a unit."""
    org = getattr(user, "organization", None)
    if not can(user, Capability.PLACEMENT_VIEW) or org is None or not org.is_correctional_unit:
        return []
    panels = []
    if org.is_custody_unit:
        every, days = selectors.home_due_rows(user=user, today=today)
        rows = [r for r in every if r.open_todos > 0]
        panels.append(
            Panel(
                "placement/panel_due.html",
                {"rows": rows[:10], "count": len(rows), "days": days},
                order=40,
            )
        )
    due = list(selectors.follow_ups_due(user=user, today=today, mine_only=True)[:10])
    panels.append(Panel("placement/panel_follow_ups.html", {"rows": due, "today": today}, order=45))
    return panels
