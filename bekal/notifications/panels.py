"""The notifications' block on the account page (``core.registry.account_panels``)."""

from typing import Any

from bekal.core.registry import Panel
from bekal.notifications.forms import PreferenceForm
from bekal.notifications.selectors import preference_of


def account_panels(user: Any) -> list[Panel]:
    """Return the email switch, filled with the user's preference."""
    preference = preference_of(user)
    form = PreferenceForm(initial={"email_enabled": preference.email_enabled, "language": preference.language})
    return [Panel("notifications/preference_panel.html", {"preference_form": form}, order=50)]
