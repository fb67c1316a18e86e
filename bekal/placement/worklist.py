"""The placement part of the day's work: follow-ups due, and releases coming without a readiness assessment."""

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can
from bekal.accounts.models import Role
from bekal.core.pagination import head_and_count
from bekal.core.registry import WorkItem
from bekal.placement import selectors

LINKS = 5


def worklist(user: Any, today: date) -> list[WorkItem]:
    """Return the follow-ups due to the user and, in a custody unit, the releases without readiness."""
    org = getattr(user, "organization", None)
    if not can(user, Capability.PLACEMENT_EDIT) or org is None or not org.is_correctional_unit:
        return []
    if user.has_role(Role.SYSTEM_ADMIN):
        return []
    due = selectors.follow_ups_due(user=user, today=today, mine_only=True, ahead_days=0)
    head, count = head_and_count(due, LINKS)
    items = [
        WorkItem(
            _("Follow-ups due"),
            count,
            reverse("placement:follow-ups"),
            tuple((str(f.placement.person), reverse("placement:follow-up", args=[f.pk])) for f in head),
            _("No follow-up is due; those of the coming weeks are on the follow-up list."),
            order=40,
        )
    ]
    if org.is_custody_unit:
        rows, days = selectors.home_due_rows(user=user, today=today)
        unready = [r for r in rows if r.readiness is None]
        items.append(
            WorkItem(
                _("Releases in the next %(days)s days without a readiness assessment") % {"days": days},
                len(unready),
                reverse("placement:due"),
                tuple((str(r.person), reverse("placement:readiness", args=[r.person.pk])) for r in unready[:LINKS]),
                _("Everyone due for release has a readiness assessment."),
                order=45,
            )
        )
    return items
