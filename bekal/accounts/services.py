"""Writes to accounts: roles and API tokens, each audited."""

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.accounts.models import ApiToken, Role, User, UserRole, hash_token
from bekal.audit.services import audit_record

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


@transaction.atomic
def user_roles_set(*, user: User, roles: list[str], actor: Any) -> User:
    """Replace the user's roles with the given ones."""
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        raise ValidationError({"roles": _("Unknown role %(role)s") % {"role": ", ".join(unknown)}})
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
