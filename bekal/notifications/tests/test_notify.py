"""notify(): who is told (the rule table as data), never twice, and by email unless switched off."""

from datetime import date

import pytest
from django.core import mail
from django.db import transaction

from bekal.accounts.models import Role
from bekal.audit.models import AuditEvent
from bekal.notifications.models import Notice, NoticeKind, NotificationPreference, NotificationRule, Relation
from bekal.notifications.services import _create_once, notification_rule_create, notification_rule_update
from bekal.notifications.tasks import deliver_notice_email

pytestmark = pytest.mark.django_db


def test_the_default_rule_tells_the_head_of_the_records_unit_only(tell, users, world, make_user):
    other_head = make_user(world.bandar_lampung, Role.HEAD_OF_UNIT)
    (notice,) = tell()
    assert notice.recipient == users.head and notice.unit == world.martapura
    assert notice.title == "PKS 12/2024 berakhir pada 31 Januari 2027"
    assert "69 hari" in notice.body and notice.read_at is None
    assert not Notice.objects.filter(recipient__in=[users.officer, other_head]).exists()


def test_a_job_run_twice_tells_nobody_twice(tell, users):
    assert len(tell()) == 1
    assert tell() == []
    assert Notice.objects.count() == 1
    assert AuditEvent.objects.filter(code="notifications.notice.sent").count() == 1


def test_another_cause_of_the_same_record_tells_again(tell, users):
    tell(key="expiring")
    tell(kind=NoticeKind.AGREEMENT_EXPIRED, key="expired")
    assert Notice.objects.filter(recipient=users.head).count() == 2


def test_a_race_lost_to_a_concurrent_run_costs_one_row_and_no_error(tell, users, world):
    (notice,) = tell()
    values = {f: getattr(notice, f) for f in ("kind", "key", "title", "object_type", "object_id")}
    with transaction.atomic():
        assert _create_once(recipient=users.head, unit=world.martapura, **values) is None
        # The caller's transaction is still usable after the refused insert.
        assert Notice.objects.count() == 1


def test_each_recipient_gets_their_own_notice(tell, world, make_user):
    heads = [make_user(world.martapura, Role.HEAD_OF_UNIT) for _ in range(3)]
    notices = tell()
    assert sorted(n.recipient_id for n in notices) == sorted(h.pk for h in heads)


def test_an_inactive_user_is_not_told(tell, users):
    users.head.is_active = False
    users.head.save()
    assert tell() == []


def test_changing_the_rule_table_tells_other_people(tell, users):
    notification_rule_create(
        kind=NoticeKind.AGREEMENT_EXPIRING, role=Role.TRAINING_OFFICER, relation=Relation.UNIT, actor=users.sysadmin
    )
    rule = NotificationRule.objects.get(kind=NoticeKind.AGREEMENT_EXPIRING, role=Role.HEAD_OF_UNIT)
    notification_rule_update(
        rule=rule, kind=rule.kind, role=rule.role, relation=rule.relation, is_active=False, actor=users.sysadmin
    )
    assert [n.recipient for n in tell()] == [users.officer]
    codes = set(AuditEvent.objects.values_list("code", flat=True))
    assert {"notifications.rule.created", "notifications.rule.updated"} <= codes


def test_the_regional_office_and_anywhere_relations(tell, users):
    notification_rule_create(
        kind=NoticeKind.AGREEMENT_EXPIRING, role=Role.REGIONAL_VIEWER, relation=Relation.PARENT, actor=users.sysadmin
    )
    notification_rule_create(
        kind=NoticeKind.AGREEMENT_EXPIRING, role=Role.NATIONAL_VIEWER, relation=Relation.ANYWHERE, actor=users.sysadmin
    )
    assert {n.recipient for n in tell()} == {users.head, users.regional, users.national}


def test_a_named_rule_tells_the_people_the_record_names_who_hold_the_role(tell, users, world, make_user):
    other_pk = make_user(world.muratara, Role.PROBATION_OFFICER)
    notices = tell(kind=NoticeKind.ORDER_AT_RISK, unit=world.muratara, users=[users.pk, users.officer])
    # The officer is named but is not a PK; the other PK is at the unit but not named.
    assert [n.recipient for n in notices] == [users.pk]
    assert not Notice.objects.filter(recipient=other_pk).exists()


def test_only_a_system_administrator_edits_the_rules(users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        notification_rule_create(
            kind=NoticeKind.AGREEMENT_EXPIRING, role=Role.UNIT_ADMIN, relation=Relation.UNIT, actor=users.head
        )


def test_a_rule_already_in_the_table_is_refused(users):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        notification_rule_create(
            kind=NoticeKind.AGREEMENT_EXPIRING, role=Role.HEAD_OF_UNIT, relation=Relation.UNIT, actor=users.sysadmin
        )
    assert "role" in error.value.message_dict


def _with_email(user, address="kalapas@example.go.id"):
    user.email = address
    user.save(update_fields=["email"])
    return user


def test_the_email_goes_after_the_commit_in_indonesian(tell, users, django_capture_on_commit_callbacks):
    _with_email(users.head)
    with django_capture_on_commit_callbacks(execute=True):
        (notice,) = tell()
    (message,) = mail.outbox
    assert message.to == ["kalapas@example.go.id"]
    assert message.subject == "PKS 12/2024 berakhir pada 31 Januari 2027"
    assert "http://127.0.0.1:8000/training/agreements/1/" in message.body
    assert "Buka di Bekal" in message.body and "halaman akun" in message.body
    notice.refresh_from_db()
    assert notice.emailed_at is not None


def test_the_email_is_in_english_for_a_user_who_chose_it(tell, users, django_capture_on_commit_callbacks):
    _with_email(users.head)
    NotificationPreference.objects.create(user=users.head, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        (notice,) = tell()
    (message,) = mail.outbox
    assert message.subject == notice.title == "PKS 12/2024 ends on 31 January 2027"
    assert "in 69 days" in message.body and "Open it in Bekal" in message.body and "account page" in message.body


def test_email_off_leaves_the_inbox_item_and_sends_nothing(tell, users, django_capture_on_commit_callbacks):
    _with_email(users.head)
    NotificationPreference.objects.create(user=users.head, email_enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        (notice,) = tell()
    assert mail.outbox == []
    assert notice.emailed_at is None and Notice.objects.filter(recipient=users.head).count() == 1


def test_no_address_no_email(tell, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert len(tell()) == 1
    assert mail.outbox == []


def test_the_task_sends_a_notice_once(tell, users, django_capture_on_commit_callbacks):
    _with_email(users.head)
    with django_capture_on_commit_callbacks(execute=True):
        (notice,) = tell()
    assert deliver_notice_email(notice.pk) is False
    assert len(mail.outbox) == 1


def test_a_refused_email_can_be_sent_again(tell, users, monkeypatch):
    _with_email(users.head)
    (notice,) = tell()

    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("bekal.notifications.tasks.send_mail", refuse)
    with pytest.raises(OSError):
        deliver_notice_email(notice.pk)
    notice.refresh_from_db()
    assert notice.emailed_at is None
    monkeypatch.undo()
    assert deliver_notice_email(notice.pk) is True and len(mail.outbox) == 1


def test_a_notice_of_no_record_is_kept_once_per_key(users, world):
    from bekal.notifications.services import notify

    def run():
        return notify(
            kind=NoticeKind.HOLIDAYS_MISSING,
            unit=None,
            obj=None,
            key="2027",
            today=date(2026, 11, 1),
            context={"year": 2027},
        )

    (notice,) = run()
    assert notice.recipient == users.sysadmin and notice.object_type == "" and "2027" in notice.title
    assert run() == []
