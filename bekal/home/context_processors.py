from functools import partial
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can
from bekal.core import registry
from bekal.notifications.selectors import unread_count


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Return the menu items the signed-in user may use, marking the current one, and the count on the bell."""
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": []}
    items = [(reverse("home:home"), _("Home"))]
    if can(user, Capability.PEOPLE_VIEW):
        items.append((reverse("people:list"), _("People")))
    for func in registry.nav_items:
        items.extend(func(user))
    items.append((reverse("organizations:list"), _("Organisations")))
    if can(user, Capability.AUDIT_VIEW):
        items.append((reverse("audit:list"), _("Audit trail")))
    if user.is_staff:
        items.append((reverse("admin:index"), _("Administration")))
    path = request.path
    return {
        # Called by the template only when it shows the bell: a fragment rendered without base.html costs nothing.
        "notice_unread": partial(unread_count, user),
        "nav_items": [
            {"url": url, "label": label, "current": path == url or (url != "/" and path.startswith(url))}
            for url, label in items
        ],
    }
