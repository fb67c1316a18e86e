"""The people part of the day's work: hand-overs a Bapas must take on (and the PK's own, awaiting litmas and
release), and a Lapas's proposals still waiting for the Bapas."""

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can
from bekal.accounts.models import Role
from bekal.core.pagination import head_and_count
from bekal.core.registry import WorkItem
from bekal.people.handovers import handovers_visible_to, handovers_waiting
from bekal.people.models import HandOverStatus

LINKS = 5


def _links(handovers: list[Any]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (f"{h.person.full_name} · {date_format(h.integration_date, 'j M Y')}", reverse("people:handover", args=[h.pk]))
        for h in handovers
    )


def worklist(user: Any, today: date) -> list[WorkItem]:
    """Return the hand-overs waiting for the user's Bapas (each hand-over names its Bapas: every write on it bumps
    the Bapas's figures, so the item is cached with the unit's blocks)."""
    org = getattr(user, "organization", None)
    if org is None or not can(user, Capability.PEOPLE_VIEW) or user.has_role(Role.SYSTEM_ADMIN):
        return []
    if org.is_probation_office and can(user, Capability.SUPERVISION_EDIT):
        head, count = head_and_count(handovers_waiting(user=user), LINKS)
        return [
            WorkItem(
                _("Hand-overs from a Lapas to take on"),
                count,
                reverse("people:handovers"),
                _links(head),
                _("No hand-over waits for your Bapas."),
                order=7,
            )
        ]
    return []


def live_worklist(user: Any, today: date) -> list[WorkItem]:
    """Return a custody unit's proposals still waiting for the Bapas: read on every request, for the Bapas takes
    them on with a write audited at the Bapas, which bumps the Bapas's figures and not the Lapas's."""
    org = getattr(user, "organization", None)
    if org is None or not can(user, Capability.PEOPLE_VIEW) or user.has_role(Role.SYSTEM_ADMIN):
        return []
    if org.is_probation_office and can(user, Capability.SUPERVISION_EDIT):
        return []
    if org.is_custody_unit and can(user, Capability.CUSTODY_EDIT):
        waiting = (
            handovers_visible_to(user)
            .filter(custody_period__unit=org, status=HandOverStatus.PROPOSED)
            .order_by("integration_date", "pk")
        )
        head, count = head_and_count(waiting, LINKS)
        return [
            WorkItem(
                _("Hand-overs waiting for the Bapas"),
                count,
                reverse("people:handovers"),
                _links(head),
                _("Every hand-over you proposed was taken on."),
                order=48,
            )
        ]
    return []
