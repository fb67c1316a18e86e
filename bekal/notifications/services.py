"""Writes of the notifications: telling people (``notify``), their inbox, their email choice, and the rule table."""

import logging
from datetime import date, datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.accounts.models import Role
from bekal.audit.services import audit_record, changed_fields, created_diff, snapshot
from bekal.notifications import selectors
from bekal.notifications.models import Notice, NoticeKind, NotificationPreference, NotificationRule, Relation
from bekal.notifications.tasks import queue_notice_email
from bekal.organizations.models import Organization

logger = logging.getLogger(__name__)

RULE_FIELDS = ["kind", "role", "relation", "is_active"]


def render_message(*, kind: str, context: dict[str, Any], language: str) -> tuple[str, str]:
    """Return the title and body of a notice of ``kind`` in the language: the template's first line is the title,
    the rest the body (``notifications/email/<kind>.txt``)."""
    with translation.override(language):
        text = render_to_string(f"notifications/email/{kind}.txt", context)
    title, _sep, body = text.strip().partition("\n")
    return title.strip()[:200], body.strip()


@transaction.atomic
def notify(
    *,
    kind: str,
    unit: Organization | None,
    obj: models.Model | None,
    context: dict[str, Any],
    today: date,
    link: str = "",
    key: str | None = None,
    users: list[Any] | None = None,
) -> list[Notice]:
    """Tell the people the rules name for ``kind`` (``users``: those the record names) about ``obj``; return the
    notices created.

    ``key`` is the state or the day that causes the notice (default: ``today``): a recipient already told of the same
    kind, object and key is not told again, so a daily job run twice tells nobody twice. Emails go after the commit,
    one task per notice, to recipients who did not switch them off and have an address.
    """
    if kind not in NoticeKind.values:
        raise ValueError(f"Unknown notice kind {kind!r}: add it to NoticeKind with its template")
    key = key or today.isoformat()
    object_type, object_id = (obj._meta.label_lower, str(obj.pk)) if obj is not None else ("", "")
    people = selectors.recipients(kind=kind, unit=unit, users=users)
    if not people:
        return []
    same = Notice.objects.filter(kind=kind, object_type=object_type, object_id=object_id, key=key)
    already = set(same.filter(recipient__in=people).values_list("recipient_id", flat=True))
    preferences = selectors.preferences_of([p.pk for p in people if p.pk not in already])
    messages: dict[str, tuple[str, str]] = {}
    created: list[Notice] = []
    for person in people:
        if person.pk in already:
            continue
        preference = preferences.get(person.pk)
        language = preference.language if preference else settings.LANGUAGE_CODE
        if language not in messages:
            messages[language] = render_message(kind=kind, context=context, language=language)
        title, body = messages[language]
        notice = _create_once(
            recipient=person,
            kind=kind,
            key=key,
            title=title,
            body=body,
            link=link,
            object_type=object_type,
            object_id=object_id,
            unit=unit,
        )
        if notice is None:
            continue
        created.append(notice)
        if person.email and (preference is None or preference.email_enabled):
            transaction.on_commit(partial(queue_notice_email, notice.pk))
    if created:
        audit_record(
            code="notifications.notice.sent",
            actor=None,
            unit=unit,
            obj=obj if obj is not None else created[0],
            # The recipients by name, not id: the audit trail is read by people. The key (what makes a notice
            # once only) stays on the notice itself.
            changes={"kind": [None, kind], "recipients": [None, [str(n.recipient) for n in created]]},
        )
    return created


def _create_once(**values: Any) -> Notice | None:
    """Create the notice, or return None when a concurrent run created it first (the unique constraint wins)."""
    try:
        with transaction.atomic():  # a savepoint: the race costs this row, not the caller's transaction
            return Notice.objects.create(**values)
    except IntegrityError:
        logger.info("notice %s/%s for user %s already created", values["kind"], values["key"], values["recipient"].pk)
        return None


@transaction.atomic
def notice_mark_read(*, notice: Notice, actor: Any, now: datetime | None = None) -> Notice:
    """Mark one of the actor's own notices read (a no-op when it already is).

    Not audited: the read mark is the recipient's own bookkeeping, seen by nobody else, and the trail would record
    every click in every inbox. The notice itself was audited when it was sent.
    """
    if notice.recipient_id != actor.pk:
        raise ValidationError({"notice": _("This notice is not addressed to you")})
    if notice.read_at is None:
        notice.read_at = now or timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


@transaction.atomic
def notices_mark_all_read(*, actor: Any, now: datetime | None = None) -> int:
    """Mark every unread notice of the actor read; return how many (not audited, see ``notice_mark_read``)."""
    return Notice.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(read_at=now or timezone.now())


@transaction.atomic
def notification_preference_set(*, user: Any, email_enabled: bool, language: str, actor: Any) -> NotificationPreference:
    """Set how the user is told: emails on or off and their language. A person sets only their own."""
    if actor.pk != user.pk:
        require(actor, Capability.USERS_EDIT)
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Language %(value)s is not offered") % {"value": language}})
    preference = NotificationPreference.objects.select_for_update().filter(user_id=user.pk).first()
    before = snapshot(preference, ["email_enabled", "language"]) if preference else {}
    if preference is None:
        preference = NotificationPreference(user_id=user.pk)
    preference.email_enabled, preference.language = email_enabled, language
    preference.save()
    changes = changed_fields(before, snapshot(preference, ["email_enabled", "language"]))
    if changes:
        audit_record(
            code="notifications.preference.set", actor=actor, unit=user.organization, obj=preference, changes=changes
        )
    return preference


def _check_rule(*, kind: str, role: str, relation: str, exclude: int | None = None) -> None:
    errors = {}
    if kind not in NoticeKind.values:
        errors["kind"] = _("Notice kind %(value)s is not one of the allowed values") % {"value": kind}
    if role not in Role.values:
        errors["role"] = _("Role %(value)s is not one of the allowed values") % {"value": role}
    if relation not in Relation.values:
        errors["relation"] = _("%(value)s is not one of the allowed values") % {"value": relation}
    same = NotificationRule.objects.filter(kind=kind, role=role, relation=relation)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if not errors and same.exists():
        errors["role"] = _("This role is already told of this kind of notice in this way")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def notification_rule_create(
    *, kind: str, role: str, relation: str, is_active: bool = True, actor: Any
) -> NotificationRule:
    """Add a rule: holders of the role in that relation to a record are told of notices of the kind."""
    require(actor, Capability.NOTIFICATION_RULES_EDIT)
    _check_rule(kind=kind, role=role, relation=relation)
    rule = NotificationRule.objects.create(kind=kind, role=role, relation=relation, is_active=is_active)
    audit_record(
        code="notifications.rule.created", actor=actor, obj=rule, changes=created_diff(snapshot(rule, RULE_FIELDS))
    )
    return rule


@transaction.atomic
def notification_rule_update(
    *, rule: NotificationRule, kind: str, role: str, relation: str, is_active: bool, actor: Any
) -> NotificationRule:
    """Change a rule (switching it off keeps it in the table, for the record)."""
    require(actor, Capability.NOTIFICATION_RULES_EDIT)
    rule = NotificationRule.objects.select_for_update().get(pk=rule.pk)
    before = snapshot(rule, RULE_FIELDS)
    _check_rule(kind=kind, role=role, relation=relation, exclude=rule.pk)
    rule.kind, rule.role, rule.relation, rule.is_active = kind, role, relation, is_active
    rule.save()
    changes = changed_fields(before, snapshot(rule, RULE_FIELDS))
    if changes:
        audit_record(code="notifications.rule.updated", actor=actor, obj=rule, changes=changes)
    return rule


@transaction.atomic
def notification_rule_delete(*, rule: NotificationRule, actor: Any) -> None:
    """Remove a rule; the trail keeps what it said."""
    require(actor, Capability.NOTIFICATION_RULES_EDIT)
    before = snapshot(rule, RULE_FIELDS)
    audit_record(
        code="notifications.rule.deleted",
        actor=actor,
        obj=rule,
        changes={k: [v, None] for k, v in before.items()},
    )
    rule.delete()
