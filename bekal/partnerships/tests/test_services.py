"""The rules of the coordination log, the pipeline, the forum and awards, each refusal naming the rule and value."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bekal.audit.models import AuditEvent
from bekal.notifications.models import Notice
from bekal.partnerships import forums, notices, selectors, services
from bekal.partnerships.models import ActionStatus, MeetingStatus, Stage
from bekal.training.models import Agreement, AgreementKind

from .conftest import DAY


def test_a_held_meeting_cannot_be_dated_after_the_units_today(world, users):
    tomorrow = timezone.localdate() + timedelta(days=2)
    with pytest.raises(ValidationError) as refused:
        services.meeting_create(
            actor=users.officer,
            unit=world.martapura,
            partners=[world.blk],
            kind="audience",
            date=tomorrow,
            place="BLK",
            agenda="Rencana",
        )
    assert "record a future meeting as planned" in str(refused.value.message_dict["date"])
    planned = services.meeting_create(
        actor=users.officer,
        unit=world.martapura,
        partners=[world.blk],
        kind="audience",
        date=tomorrow,
        place="BLK",
        agenda="Rencana",
        status=MeetingStatus.PLANNED,
    )
    with pytest.raises(ValidationError, match="cannot be held yet"):
        services.meeting_set_status(actor=users.officer, meeting=planned, status=MeetingStatus.HELD)


def test_the_meeting_is_audited_with_its_attendees(meeting):
    event = AuditEvent.objects.get(code="partnerships.meeting.created")
    assert event.changes["attendees"] == [None, ["Kalapas", "Kepala BLK"]]
    assert [a.name for a in meeting.attendees.all()] == ["Kalapas", "Kepala BLK"]


def test_an_attendee_of_a_third_organisation_is_refused(world, users, other_blk):
    with pytest.raises(ValidationError, match="neither the unit nor a partner"):
        services.meeting_create(
            actor=users.officer,
            unit=world.martapura,
            partners=[world.blk],
            kind="audience",
            date=DAY,
            place="BLK",
            agenda="x",
            attendees=[{"organization": other_blk, "name": "A", "position": "B"}],
        )


def test_a_unit_outside_the_scope_is_refused(world, users):
    with pytest.raises(ValidationError, match="Choose one of your units"):
        services.meeting_create(
            actor=users.officer,
            unit=world.bandar_lampung,
            partners=[world.blk],
            kind="audience",
            date=DAY,
            place="BLK",
            agenda="x",
        )


def test_a_correctional_unit_is_not_a_partner(world, users):
    with pytest.raises(ValidationError, match="is not a partner"):
        services.partnership_create(actor=users.officer, unit=world.martapura, partners=[world.muratara], title="x")


def test_an_action_needs_an_owner_of_either_party(meeting, users, other_blk):
    with pytest.raises(ValidationError, match="Name the owner"):
        services.action_create(actor=users.officer, meeting=meeting, description="x", due_date=DAY)
    with pytest.raises(ValidationError, match="neither the unit nor a partner"):
        services.action_create(actor=users.officer, meeting=meeting, description="x", due_date=DAY, owner_org=other_blk)


def test_the_owner_partner_marks_their_action_done_and_others_may_not(meeting, users, world, other_partner):
    action = services.action_create(
        actor=users.officer, meeting=meeting, description="Kirim daftar program", due_date=DAY, owner_org=world.blk
    )
    services.action_set_status(actor=users.partner, action=action, status=ActionStatus.DONE, on=DAY)
    action.refresh_from_db()
    assert action.status == "done" and action.done_on == DAY
    with pytest.raises(PermissionDenied):
        services.action_set_status(actor=other_partner, action=action, status=ActionStatus.OPEN, on=DAY)


def test_a_due_action_is_in_the_owners_worklist_and_told_once(meeting, users, world):
    from bekal.partnerships.worklist import worklist

    services.action_create(
        actor=users.officer, meeting=meeting, description="Siapkan PKS", due_date=DAY, owner_user=users.head
    )
    items = {i.label: i for i in worklist(users.head, DAY + timedelta(days=1))}
    assert items["Follow-up actions due"].count == 1
    assert notices.actions_notify(today=DAY) == 1
    assert notices.actions_notify(today=DAY) == 0
    assert Notice.objects.get(recipient=users.head, kind="action_due").link.endswith(f"/meetings/{meeting.pk}/")


def test_an_action_owned_by_a_partner_tells_its_staff(meeting, users, world):
    services.action_create(
        actor=users.officer, meeting=meeting, description="Perluas layanan", due_date=DAY, owner_org=world.blk
    )
    assert notices.actions_notify(today=DAY) == 1
    assert Notice.objects.filter(recipient=users.partner, kind="action_due").exists()


def test_the_stage_follows_the_furthest_step_done_and_overdue_steps_count(partnership, meeting, users, world):
    services.step_record(actor=users.officer, partnership=partnership, kind=Stage.MEETING, done_on=DAY, meeting=meeting)
    services.step_record(actor=users.officer, partnership=partnership, kind=Stage.PKS, due_date=DAY)
    partnership.refresh_from_db()
    assert partnership.stage == Stage.MEETING
    row = selectors.pipeline(user=users.head, today=DAY + timedelta(days=1)).get(pk=partnership.pk)
    assert row.overdue == 1


def test_an_mou_step_is_done_only_with_its_agreement(partnership, users, world):
    with pytest.raises(ValidationError, match="done when its agreement is linked"):
        services.step_record(actor=users.officer, partnership=partnership, kind=Stage.MOU, done_on=DAY)
    pks = Agreement.objects.create(
        kind=AgreementKind.PKS,
        number="PKS/1",
        title="PKS",
        unit=world.martapura,
        start_date=DAY,
        end_date=date(2027, 12, 11),
    )
    with pytest.raises(ValidationError, match="not what the MoU step needs"):
        services.step_record(actor=users.officer, partnership=partnership, kind=Stage.MOU, done_on=DAY, agreement=pks)
    services.step_record(actor=users.officer, partnership=partnership, kind=Stage.PKS, done_on=DAY, agreement=pks)
    partnership.refresh_from_db()
    assert partnership.stage == Stage.PKS


def test_a_commitment_names_a_member(forum, users, other_blk, world):
    with pytest.raises(ValidationError, match="names the member"):
        forums.commitment_create(actor=users.regional, forum=forum, kind="commitment", text="5 lulusan")
    with pytest.raises(ValidationError, match="not a member"):
        forums.commitment_create(actor=users.regional, forum=forum, kind="commitment", text="5", owner=other_blk)
    c = forums.commitment_create(
        actor=users.regional, forum=forum, kind="commitment", text="5", owner=world.blk, number=5
    )
    forums.commitment_set_status(actor=users.regional, commitment=c, status="done")
    assert AuditEvent.objects.filter(code="partnerships.commitment.status_changed").count() == 1


def test_a_second_forum_of_the_same_name_is_refused(forum, users, world):
    with pytest.raises(ValidationError, match="already exists"):
        forums.forum_create(
            actor=users.regional,
            name=forum.name,
            region=forum.region,
            convener=world.kanwil_sumsel,
            members=[world.blk],
            founded_on=DAY,
        )


def test_an_award_in_the_future_is_refused(world, users):
    with pytest.raises(ValidationError, match="after today"):
        forums.award_create(
            actor=users.regional,
            partner=world.blk,
            given_by=world.kanwil_sumsel,
            date=timezone.localdate() + timedelta(days=3),
            title="x",
        )


def test_forum_figures_count_members_batches_certificates_and_placements(forum):
    figures = selectors.forum_figures(forum)
    assert figures.total.batches == 0 and len(figures.by_member) == 3  # the convener is a member too


@pytest.fixture(autouse=True)
def _in_english():
    """The messages asserted on are the English msgids; the Indonesian ones are checked by the page tests."""
    from django.utils import translation

    with translation.override("en"):
        yield
