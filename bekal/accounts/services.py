"""Writes to accounts: users, their roles and passwords, and API tokens, each audited.

A password never reaches the audit trail, not even hashed: the event says that it was set or disabled, by whom.
"""

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.accounts.models import ApiToken, Role, User, UserRole, hash_token
from bekal.audit.services import audit_record, changed_fields, snapshot

TOKEN_PREFIX = "bkl_"  # noqa: S105 - a visible prefix, not a secret


@transaction.atomic
def api_token_issue(*, user: User, name: str, actor: Any) -> tuple[ApiToken, str]:
    """Create a token for the user; return it with its raw value, which is never stored or shown again."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, such as the system that will use it")})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:80], prefix=raw[:8], key_hash=hash_token(raw))
    audit_record(
        code="accounts.token.issued", actor=actor, unit=user.organization, obj=token, changes={"name": [None, name]}
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Any) -> ApiToken:
    """Stop a token from working."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(code="accounts.token.revoked", actor=actor, unit=token.user.organization, obj=token)
    return token


def api_token_authenticate(raw: str) -> User | None:
    """Return the active user the raw token belongs to, or None."""
    token = (
        ApiToken.objects.select_related("user", "user__organization")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Written at most once a minute, so a busy integration does not turn every read into a write.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


USER_FIELDS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "organization",
    "job_title",
    "is_active",
    "is_staff",
    "is_superuser",
]


def _check_user(user: User) -> None:
    errors: dict[str, str] = {}
    if not user.username:
        errors["username"] = _("Give the user a username")
    elif User.objects.filter(username__iexact=user.username).exclude(pk=user.pk).exists():
        errors["username"] = _("Username %(username)s is already taken") % {"username": user.username}
    if errors:
        raise ValidationError(errors)


def _set_password(user: User, password: str | None) -> None:
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)


@transaction.atomic
def user_create(*, username: str, password: str | None, actor: Any, **data: Any) -> User:
    """Create an account; without a password it cannot sign in with one until a password is set."""
    require(actor, Capability.USERS_EDIT)
    unknown = set(data) - set(USER_FIELDS)
    if unknown:
        raise TypeError(f"user_create got unknown fields {sorted(unknown)}")
    user = User(username=username.strip(), **data)
    _check_user(user)
    _set_password(user, password)
    user.save()
    changes = {k: [None, v] for k, v in snapshot(user, USER_FIELDS).items() if v not in (None, "", False)}
    changes["usable_password"] = [None, user.has_usable_password()]
    audit_record(code="accounts.user.created", actor=actor, unit=user.organization, obj=user, changes=changes)
    return user


@transaction.atomic
def user_update(*, user: User, actor: Any, **data: Any) -> User:
    """Change an account's name, organisation, title, or its active, staff and superuser flags."""
    require(actor, Capability.USERS_EDIT)
    unknown = set(data) - set(USER_FIELDS)
    if unknown:
        raise TypeError(f"user_update got unknown fields {sorted(unknown)}")
    stored = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(stored, USER_FIELDS)
    for key, value in data.items():
        setattr(stored, key, value)
    stored.username = stored.username.strip()
    _check_user(stored)
    stored.save()
    changes = changed_fields(before, snapshot(stored, USER_FIELDS))
    if changes:
        # The unit of the trail is the one the account belongs to after the change (both appear in the changes).
        audit_record(code="accounts.user.updated", actor=actor, unit=stored.organization, obj=stored, changes=changes)
    return stored


@transaction.atomic
def user_password_set(*, user: User, password: str | None, actor: Any) -> User:
    """Set the user's password, or disable password sign-in with None; the user object given is updated."""
    require(actor, Capability.USERS_EDIT)
    had_password = user.has_usable_password()
    _set_password(user, password)
    user.save(update_fields=["password"])
    audit_record(
        code="accounts.user.password_set",
        actor=actor,
        unit=user.organization,
        obj=user,
        changes={"usable_password": [had_password, user.has_usable_password()]},
    )
    return user


@transaction.atomic
def user_roles_set(*, user: User, roles: list[str], actor: Any) -> User:
    """Replace the user's roles with the given ones."""
    require(actor, Capability.USERS_EDIT)
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        raise ValidationError(
            {
                "roles": _("Unknown role %(role)s; the roles are: %(roles)s")
                % {"role": ", ".join(unknown), "roles": ", ".join(Role.values)}
            }
        )
    user.__dict__.pop("roles", None)
    before = sorted(user.roles)
    UserRole.objects.filter(user=user).exclude(role__in=roles).delete()
    for role in roles:
        UserRole.objects.get_or_create(user=user, role=role)
    user.__dict__.pop("roles", None)
    after = sorted(user.roles)
    if before != after:
        audit_record(
            code="accounts.user.roles_changed",
            actor=actor,
            unit=user.organization,
            obj=user,
            changes={"roles": [before, after]},
        )
    return user
