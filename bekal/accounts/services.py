"""Writes to accounts: users, their roles and passwords, and API tokens, each audited.

A password never reaches the audit trail, not even hashed: the event says that it was set or disabled, by whom.
"""

import secrets
from datetime import timedelta
from typing import Any

from axes.utils import reset
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can, require
from bekal.accounts.models import ApiToken, Role, TokenModule, TokenScope, User, UserRole, hash_token
from bekal.audit.services import audit_record, changed_fields, snapshot

TOKEN_PREFIX = "bkl_"  # noqa: S105 - a visible prefix, not a secret


def token_days_allowed() -> tuple[int, int]:
    """Return the default and the longest life of a new API token, in days (settings)."""
    return settings.BEKAL_API_TOKEN_DAYS, settings.BEKAL_API_TOKEN_MAX_DAYS


@transaction.atomic
def api_token_issue(
    *,
    user: User,
    name: str,
    actor: Any,
    scope: str = TokenScope.READ,
    days: int | None = None,
    modules: list[str] | None = None,
) -> tuple[ApiToken, str]:
    """Create a token for the user, limited to the API modules given (none: all of them); return it with its raw
    value, which is never stored or shown again."""
    name = name.strip()
    modules = sorted(set(modules or []))
    default_days, max_days = token_days_allowed()
    days = default_days if days is None else days
    errors = {}
    if not name:
        errors["name"] = _("Give the token a name, such as the system that will use it")
    if scope not in TokenScope.values:
        errors["scope"] = _("Unknown scope %(scope)s; the scopes are: %(scopes)s") % {
            "scope": scope,
            "scopes": ", ".join(TokenScope.values),
        }
    unknown = [m for m in modules if m not in TokenModule.values]
    if unknown:
        errors["modules"] = _("Unknown module %(module)s; the modules are: %(modules)s") % {
            "module": ", ".join(unknown),
            "modules": ", ".join(TokenModule.values),
        }
    if not 1 <= days <= max_days:
        errors["days"] = _("A token lasts %(days)s days; it must last 1 to %(max)s days") % {
            "days": days,
            "max": max_days,
        }
    if errors:
        raise ValidationError(errors)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:80],
        prefix=raw[:8],
        key_hash=hash_token(raw),
        scope=scope,
        modules=modules,
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(
        code="accounts.token.issued",
        actor=actor,
        unit=user.organization,
        obj=token,
        changes={
            "name": [None, name],
            "scope": [None, scope],
            "modules": [None, modules],
            "expires_at": [None, token.expires_at],
        },
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


class TokenRefused(Exception):
    """A bearer token that cannot be used: ``status`` 401 (unknown, revoked, expired) or 403 (out of its scope)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def api_token_authenticate(raw: str, *, write: bool = False, module: str | None = None) -> User:
    """Return the active user the raw token belongs to; raise TokenRefused, with the reason in the active language,
    for a token that is unknown, revoked, expired, of an inactive user, read-only on a write, or limited to other
    modules than the request's (``module``, a TokenModule value; None when the operation has none)."""
    token = ApiToken.objects.select_related("user", "user__organization").filter(key_hash=hash_token(raw)).first()
    if token is None or not token.user.is_active:
        raise TokenRefused(401, _("Unknown API token: make one on your account page"))
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRefused(401, _("API token %(prefix)s… was revoked; make a new one") % {"prefix": token.prefix})
    if token.expires_at <= now:
        raise TokenRefused(
            401,
            _("API token %(prefix)s… expired on %(date)s; make a new one")
            % {"prefix": token.prefix, "date": date_format(timezone.localtime(token.expires_at), "DATETIME_FORMAT")},
        )
    if write and token.scope != TokenScope.WRITE:
        raise TokenRefused(403, _("API token %(prefix)s… is read only; this request writes") % {"prefix": token.prefix})
    if token.modules and module not in token.modules:
        labels = dict(TokenModule.choices)
        raise TokenRefused(
            403,
            _("API token %(prefix)s… is limited to %(allowed)s; this request is for %(module)s")
            % {
                "prefix": token.prefix,
                "allowed": token.modules_display(),
                "module": labels.get(module or "", module or _("no module")),
            },
        )
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


def check_username(user: User) -> None:
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
    check_username(user)
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
    check_username(stored)
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
    """Replace the user's roles with the given ones (the system administrator's Django admin)."""
    require(actor, Capability.USERS_EDIT)
    return user_roles_apply(user=user, roles=roles, actor=actor)


@transaction.atomic
def user_roles_apply(*, user: User, roles: list[str], actor: Any) -> User:
    """Replace the user's roles, audited; the caller has checked that the actor may (inside its transaction)."""
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


def may_reset_password(actor: Any, user: User) -> bool:
    """Return True when the actor may reset the user's password: a system administrator anyone's, a unit
    administrator that of their own unit's users who are not system administrators."""
    if not can(actor, Capability.PASSWORD_RESET) or actor.pk == user.pk:
        return False
    if actor.has_role(Role.SYSTEM_ADMIN):
        return True
    return (
        actor.organization_id is not None
        and user.organization_id == actor.organization_id
        and not user.is_superuser
        and not user.has_role(Role.SYSTEM_ADMIN)
    )


@transaction.atomic
def user_password_reset(*, user: User, actor: Any) -> str:
    """Give the user a new random password, shown once to the administrator, and lift any sign-in lockout of the
    account; return the password."""
    if not may_reset_password(actor, user):
        raise PermissionDenied(Capability.PASSWORD_RESET)
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    # A password someone else has seen: the user replaces it before any other page.
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    reset(username=user.username)
    audit_record(code="accounts.user.password_reset", actor=actor, unit=user.organization, obj=user)
    return password


def user_password_changed(*, user: User, how: str) -> None:
    """Record that the user set their own password (``how``: "changed" on the account page, "reset_by_email"
    through the emailed link); called inside the transaction that saved it."""
    code = "accounts.password.changed" if how == "changed" else "accounts.password.reset_by_email"
    if user.must_change_password:
        User.objects.filter(pk=user.pk).update(must_change_password=False)
        user.must_change_password = False
    audit_record(code=code, actor=user, unit=user.organization, obj=user)


@transaction.atomic
def audit_exported(*, actor: User, file_format: str, filters: dict[str, Any]) -> None:
    """Record that the actor downloaded the audit trail, with the filters used."""
    require(actor, Capability.AUDIT_VIEW)
    audit_record(
        code="accounts.audit.exported",
        actor=actor,
        unit=actor.organization,
        obj=actor,
        changes={"format": file_format, **{k: str(v) for k, v in filters.items() if v not in (None, "")}},
    )
