"""What the jobs app adds to the shared menu."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _


def nav_items(user: Any) -> list[tuple[str, str]]:
    """Return "My downloads" for every signed-in user: anyone may start an export of what they see."""
    if getattr(user, "is_authenticated", False):
        return [(reverse("jobs:list"), _("My downloads"))]
    return []
