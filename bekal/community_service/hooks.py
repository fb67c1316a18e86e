"""What community service adds to shared pages: menu items, Bapas home-page blocks and its demo data."""

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can
from bekal.core.registry import Panel


def nav_items(user: Any) -> list[tuple[str, str]]:
    """Return the community-service menu entries the user may use."""
    if not can(user, Capability.COMMUNITY_VIEW):
        return []
    return [(reverse("community_service:list"), _("Community service"))]


def home_panels(user: Any, today: date) -> list[Panel]:
    """Return the Bapas blocks: orders at risk, missed monthly reports, reports waiting for the prosecutor."""
    from bekal.community_service import selectors, supervision_selectors

    org = user.organization
    if not can(user, Capability.COMMUNITY_VIEW) or org is None or not org.is_probation_office:
        return []
    return [
        Panel(
            template="community_service/_home_panel.html",
            context={
                "at_risk": selectors.at_risk_orders(user=user, today=today),
                "letters_due": list(selectors.letters_due(user=user)),
                "missed_reports": supervision_selectors.missed_report_rows(user=user, today=today),
                "awaiting_order": list(selectors.periods_awaiting_order(user=user)[:20]),
            },
            order=50,
        )
    ]


def load_demo(*, today: date, users: dict[str, Any]) -> None:
    """Add the community-service demo data."""
    from bekal.community_service.demo import load

    load(today=today, users=users)


def training_attendance(*, actor: Any, day: Any, attended: list[Any], withdrawn: list[Any]) -> list[str]:
    """Credit (or withdraw) training days on orders that let training count toward the hours."""
    from bekal.community_service.services import training_attendance_credit

    return training_attendance_credit(actor=actor, day=day, attended=attended, withdrawn=withdrawn)
