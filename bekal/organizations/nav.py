"""The organisations app's menu entry: the unit administrator's letterhead and officials page."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can


def nav_items(user: Any) -> list[tuple[str, str]]:
    """Return the paperwork page for whoever keeps a unit's letterhead and officials."""
    if can(user, Capability.DOCUMENTS_EDIT) and getattr(user, "organization_id", None):
        return [(reverse("organizations:paperwork"), _("Letterhead and officials"))]
    return []
