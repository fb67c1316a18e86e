"""Placement's daily job that tells people what needs doing (registered in ``apps.PlacementConfig.ready``)."""

from datetime import date

from django.urls import reverse

from bekal.notifications.models import NoticeKind
from bekal.notifications.services import notify
from bekal.placement.models import FollowUp


def follow_ups_notify(*, today: date) -> int:
    """Tell the officer following each running placement up (the rules: a training officer or a PK, at the person's
    unit) of each follow-up due today or overdue, once per follow-up; return the number of notices created."""
    due = FollowUp.objects.filter(
        done_on__isnull=True, due_date__lte=today, placement__ended_on__isnull=True
    ).select_related("placement__person__registered_unit", "placement__officer")
    told = 0
    for follow_up in due:
        placement = follow_up.placement
        told += len(
            notify(
                kind=NoticeKind.FOLLOW_UP_DUE,
                unit=placement.person.registered_unit,
                obj=follow_up,
                key="due",
                users=[placement.officer] if placement.officer else [],
                today=today,
                link=reverse("placement:follow-up", args=[follow_up.pk]),
                context={
                    "person": placement.person.full_name,
                    "month": follow_up.month,
                    "due_date": follow_up.due_date,
                },
            )
        )
    return told
