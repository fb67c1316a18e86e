"""Placement's daily notice job: follow-ups due today or overdue, told to the officer following the placement up."""

from datetime import timedelta

import pytest

from bekal.notifications.models import Notice
from bekal.placement import services
from bekal.placement.notices import follow_ups_notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(users, released_person, employer, today):
    return services.placement_create(
        actor=users.officer,
        person=released_person,
        kind="employed",
        start_date=today - timedelta(40),
        employer=employer,
    )


def test_the_officer_is_told_once_of_each_follow_up_due(placement, users, world, make_user, today):
    other_officer = make_user(world.martapura, "training_officer")
    due = [f for f in placement.follow_ups.all() if f.due_date <= today]
    assert due, "the placement started 40 days ago has a follow-up due"
    assert follow_ups_notify(today=today) == len(due)
    assert follow_ups_notify(today=today) == 0
    notices = Notice.objects.all()
    assert {n.recipient for n in notices} == {users.officer}
    assert not Notice.objects.filter(recipient=other_officer).exists()
    notice = notices.get(object_id=str(due[0].pk))
    assert notice.kind == "follow_up_due" and notice.link == f"/placement/follow-ups/{due[0].pk}/"


def test_a_follow_up_done_or_not_yet_due_tells_nobody(placement, users, today):
    for follow_up in placement.follow_ups.all():
        if follow_up.due_date <= today:
            follow_up.done_on = today
            follow_up.save()
    assert follow_ups_notify(today=today) == 0
