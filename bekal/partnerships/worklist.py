"""The partnership part of the day's work on the home page: the follow-up actions the user owns (in person or by
organisation), the forum commitments of their organisation, and, for staff, the pipeline steps past their due date."""

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can
from bekal.core.pagination import head_and_count
from bekal.core.registry import WorkItem
from bekal.partnerships import selectors
from bekal.partnerships.models import ActionStatus, Commitment

LINKS = 5


def _actions(user: Any, today: date) -> WorkItem:
    head, count = head_and_count(selectors.actions_owned_by(user).filter(due_date__lte=today), LINKS)
    return WorkItem(
        _("Follow-up actions due"),
        count,
        reverse("partnerships:actions"),
        tuple(
            (
                f"{a.description} · {date_format(a.due_date, 'j M Y')}",
                reverse("partnerships:meeting", args=[a.meeting_id]),
            )
            for a in head
        ),
        _("No follow-up action of yours is due."),
        order=70,
    )


def _commitments(user: Any) -> WorkItem:
    rows = Commitment.objects.filter(owner_id=user.organization_id, status=ActionStatus.OPEN).select_related("forum")
    head, count = head_and_count(rows.order_by("due_date", "id"), LINKS)
    return WorkItem(
        _("Forum commitments open"),
        count,
        reverse("partnerships:forums"),
        tuple((c.text, reverse("partnerships:forum", args=[c.forum_id])) for c in head),
        _("Your organisation has no open forum commitment."),
        order=72,
    )


def _overdue_steps(user: Any, today: date) -> WorkItem:
    head, count = head_and_count(selectors.overdue_steps(user=user, today=today), LINKS)
    return WorkItem(
        _("Partnership steps overdue"),
        count,
        reverse("partnerships:pipeline"),
        tuple(
            (
                f"{s.partnership.title} · {s.get_kind_display()}",
                reverse("partnerships:partnership", args=[s.partnership_id]),
            )
            for s in head
        ),
        _("No partnership step is past its due date."),
        order=74,
    )


def worklist(user: Any, today: date) -> list[WorkItem]:
    """Return the partnership work of the user."""
    if not can(user, Capability.PARTNERSHIP_VIEW) or user.organization_id is None:
        return []
    items = [_actions(user, today)]
    if selectors.partner_org(user) is not None:
        # The members that commit in a forum are partners (employers, BLK, Disnaker); a unit's staff read the forum.
        commitments = _commitments(user)
        if commitments.count:
            items.append(commitments)
    elif can(user, Capability.PARTNERSHIP_EDIT):
        items.append(_overdue_steps(user, today))
    return items
