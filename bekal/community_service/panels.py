"""What community service adds to shared pages: menu items and the Bapas home-page blocks."""

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can
from bekal.community_service.selectors import noncompliance as noncompliance_selectors
from bekal.community_service.selectors import orders as order_selectors
from bekal.community_service.selectors import supervision as supervision_selectors
from bekal.core.memo import memoised
from bekal.core.registry import Panel
from bekal.organizations import figure_versions
from bekal.organizations.scope import unit_scope


def nav_items(user: Any) -> list[tuple[str, str]]:
    """Return the community-service menu entries the user may use."""
    if not can(user, Capability.COMMUNITY_VIEW):
        return []
    return [(reverse("community_service:list"), _("Community service"))]


def bapas_blocks(user: Any, today: date) -> dict[str, Any]:
    """Return the Bapas blocks' rows (orders at risk, letters due, missed monthly reports, periods awaiting an
    order): what they show depends on the Bapas's units, the user's roles and the day alone, so they are cached by
    the versions of its units (every write on an order, a session or a report is audited at the order's Bapas), and
    read once per page and day (``core.memo``: the block and the day's work both show them)."""
    return memoised(
        ("community_service.home_panel", user.pk, today),
        lambda: figure_versions.cached(
            "community_service.home_panel",
            unit_scope(user),
            (today, sorted(user.roles), user.organization_id),
            lambda: {
                "at_risk": order_selectors.at_risk_orders(user=user, today=today),
                "letters_due": list(noncompliance_selectors.letters_due(user=user)),
                "missed_reports": supervision_selectors.missed_report_rows(user=user, today=today),
                "awaiting_order": list(order_selectors.periods_awaiting_order(user=user)[:20]),
            },
        ),
    )


def home_panels(user: Any, today: date) -> list[Panel]:
    """Return the Bapas blocks: orders at risk, missed monthly reports, reports waiting for the prosecutor."""
    org = user.organization
    if not can(user, Capability.COMMUNITY_VIEW) or org is None or not org.is_probation_office:
        return []
    return [Panel(template="community_service/_home_panel.html", context=bapas_blocks(user, today), order=50)]
