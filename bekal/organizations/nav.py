"""The organisations app's menu entries: the unit administrator's letterhead and officials, the organisations and
the users they keep."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can


def nav_items(user: Any) -> list[tuple[str, str]]:
    """Return the administrator's pages: paperwork, organisations, users."""
    items = []
    if can(user, Capability.DOCUMENTS_EDIT) and getattr(user, "organization_id", None):
        items.append((reverse("organizations:paperwork"), _("Letterhead and officials")))
    if can(user, Capability.ORGANIZATIONS_MANAGE):
        items.append((reverse("organizations:manage"), _("Manage organisations")))
    if can(user, Capability.USERS_MANAGE):
        items.append((reverse("accounts:unit-users"), _("Users")))
    return items
