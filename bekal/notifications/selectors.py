"""Reads of the inbox: always the signed-in user's own notices."""

from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from bekal.accounts.models import User
from bekal.notifications.models import Notice, NotificationPreference, NotificationRule, Relation
from bekal.organizations.models import Organization


def notices_for(user: Any) -> QuerySet[Notice]:
    """Return the user's notices, newest first."""
    return Notice.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    """Return how many of the user's notices are unread (one query on the partial index ``notice_unread``)."""
    return Notice.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def get_notice_for_user(user: Any, pk: int) -> Notice:
    """Return one of the user's own notices; 404 for anyone else's, so their existence does not leak."""
    return get_object_or_404(Notice, pk=pk, recipient_id=user.pk)


def preference_of(user: Any) -> NotificationPreference:
    """Return the user's preference, or the default one (email on, Indonesian) unsaved."""
    found = NotificationPreference.objects.filter(user_id=user.pk).first()
    return found or NotificationPreference(user_id=user.pk, email_enabled=True, language=settings.LANGUAGE_CODE)


def preferences_of(user_ids: list[int]) -> dict[int, NotificationPreference]:
    """Return the saved preferences of the users, by user id (a user without one has the defaults)."""
    return {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=user_ids)}


def recipients(*, kind: str, unit: Organization | None, users: list[Any] | None = None) -> list[User]:
    """Return the active users the rules for ``kind`` name: holders of each rule's role at the record's unit, at the
    regional office above it, anywhere, or among ``users`` (the people the record names, such as an order's PK)."""
    named = [u.pk for u in users or []]
    wanted = Q(pk__in=[])
    for role, relation in NotificationRule.objects.filter(kind=kind, is_active=True).values_list("role", "relation"):
        holds = Q(role_grants__role=role)
        if relation == Relation.UNIT and unit is not None:
            wanted |= holds & Q(organization_id=unit.pk)
        elif relation == Relation.PARENT and unit is not None and unit.parent_id:
            wanted |= holds & Q(organization_id=unit.parent_id)
        elif relation == Relation.NAMED and named:
            wanted |= holds & Q(pk__in=named)
        elif relation == Relation.ANYWHERE:
            wanted |= holds
    return list(User.objects.filter(wanted, is_active=True).distinct().order_by("pk"))
