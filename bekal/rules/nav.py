from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can


def nav_items(user: Any) -> list[tuple[str, str]]:
    """Return the legal figures page for those who keep them."""
    return [(reverse("rules:list"), _("Legal figures"))] if can(user, Capability.RULES_EDIT) else []
