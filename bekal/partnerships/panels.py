"""What the partnership app adds to the shared menu and the home page: for partner staff, the way to their own
partnership page (agreements and pipeline steps, batches, forums, awards, follow-up actions)."""

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can
from bekal.core.registry import Panel
from bekal.partnerships import selectors


def nav_items(user: Any) -> list[tuple[str, str]]:
    """Return the partnership menu entries the user may use."""
    if not can(user, Capability.PARTNERSHIP_VIEW):
        return []
    if selectors.partner_org(user) is not None:
        return [(reverse("partnerships:mine"), _("My partnership"))]
    return [(reverse("partnerships:pipeline"), _("Partnerships"))]


def home_panels(user: Any, today: date) -> list[Panel]:
    """Return, for partner staff, the way to their own partnership page (no query: the page itself lists it all;
    the follow-up actions due and forum commitments are in the day's work)."""
    org = selectors.partner_org(user) if can(user, Capability.PARTNERSHIP_VIEW) else None
    if org is None:
        return []
    return [Panel("partnerships/panel_partner.html", {"org": org}, order=15)]
