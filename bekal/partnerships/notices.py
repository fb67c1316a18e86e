"""The partnership app's daily job: the owners of follow-up actions are told when one falls due (registered in
``apps.PartnershipsConfig.ready``)."""

from datetime import date

from django.urls import reverse

from bekal.notifications.models import NoticeKind
from bekal.notifications.services import notify
from bekal.partnerships.models import ActionStatus, FollowUpAction


def actions_notify(*, today: date) -> int:
    """Tell the owner of each open action due today or overdue, once per action: the person who owns it, or the
    people the rules name at the owning organisation; return the number of notices created."""
    due = FollowUpAction.objects.filter(status=ActionStatus.OPEN, due_date__lte=today).select_related(
        "meeting__unit", "owner_user", "owner_org"
    )
    told = 0
    for action in due:
        told += len(
            notify(
                kind=NoticeKind.ACTION_DUE,
                unit=action.owner_org if action.owner_user_id is None else action.meeting.unit,
                obj=action,
                key="due",
                users=[action.owner_user] if action.owner_user_id else [],
                today=today,
                link=reverse("partnerships:meeting", args=[action.meeting_id]),
                context={"action": action.description, "due_date": action.due_date, "meeting": str(action.meeting)},
            )
        )
    return told
