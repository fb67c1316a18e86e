"""Accounts kept in the app (issue 15 item 2): a unit administrator creates their unit's users, sets their roles and
deactivates them; the system administrator does so for everyone. Each write is audited, in one transaction.

The rules, checked here whatever the caller (page, API):
- a unit administrator manages the users of their own organisation only, never a system administrator or a superuser,
  and never their own account (another administrator of the unit, or the system administrator, does);
- they grant only the roles of their unit's kind (``access.UNIT_ROLES``), never the system administrator's;
- the system administrator manages every account and grants every role, but does not deactivate their own.
"""

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from bekal.accounts.access import UNIT_ROLES, Capability, can, require
from bekal.accounts.models import Role, User
from bekal.accounts.services import check_username, user_roles_apply
from bekal.audit.services import audit_record, changed_fields, snapshot
from bekal.core.races import refuse_duplicate

PROFILE_FIELDS = ["first_name", "last_name", "email", "job_title", "organization"]

# The words PostgreSQL (constraint name) and SQLite (table.column) name the unique username by.
USERNAME_UNIQUE = ("accounts_user_username_key", "accounts_user.username")


def may_manage_user(actor: Any, user: User) -> bool:
    """Return True when the actor may change the account: per this module's docstring."""
    if not can(actor, Capability.USERS_MANAGE):
        return False
    if actor.has_role(Role.SYSTEM_ADMIN):
        return True
    return (
        actor.pk != user.pk
        and actor.organization_id is not None
        and user.organization_id == actor.organization_id
        and not user.is_superuser
        and not user.has_role(Role.SYSTEM_ADMIN)
    )


def managed_users(actor: Any) -> QuerySet[User]:
    """Return the accounts the actor keeps, with organisation and roles loaded, active first: every one for a system
    administrator; for a unit administrator their unit's, but for system administrators, superusers and themselves."""
    if not can(actor, Capability.USERS_MANAGE):
        return User.objects.none()
    users = (
        User.objects.select_related("organization").prefetch_related("role_grants").order_by("-is_active", "username")
    )
    if actor.has_role(Role.SYSTEM_ADMIN):
        return users
    if actor.organization_id is None:
        return users.none()
    users = users.filter(organization_id=actor.organization_id).exclude(pk=actor.pk).exclude(is_superuser=True)
    return users.exclude(role_grants__role=Role.SYSTEM_ADMIN)


def grantable_roles(actor: Any, organization: Any) -> list[str]:
    """Return the roles the actor may give a user of the organisation (codes, in the order of Role)."""
    if not can(actor, Capability.USERS_MANAGE):
        return []
    if actor.has_role(Role.SYSTEM_ADMIN):
        return list(Role.values)
    if organization is None or organization.pk != actor.organization_id:
        return []
    allowed = UNIT_ROLES.get(organization.kind, frozenset())
    return [r for r in Role.values if r in allowed]


def _check_grant(actor: Any, organization: Any, roles: list[str]) -> None:
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        raise ValidationError(
            {
                "roles": _("Unknown role %(role)s; the roles are: %(roles)s")
                % {"role": ", ".join(unknown), "roles": ", ".join(Role.values)}
            }
        )
    if not actor.has_role(Role.SYSTEM_ADMIN):
        if organization is None or organization.pk != actor.organization_id:
            raise ValidationError({"organization": _("A unit administrator adds users to their own unit only")})
        allowed = grantable_roles(actor, organization)
        refused = [str(Role(r).label) for r in roles if r not in allowed]
        if refused:
            raise ValidationError(
                {
                    "roles": _("A unit administrator of %(unit)s may not grant the role %(role)s")
                    % {"unit": organization, "role": ", ".join(refused)}
                }
            )


@transaction.atomic
def user_account_create(
    *, actor: Any, username: str, organization: Any, roles: list[str], **profile: Any
) -> tuple[User, str]:
    """Create an account at the organisation with the roles and a temporary password, which the user changes at the
    first sign-in; return the account and the password (shown once)."""
    require(actor, Capability.USERS_MANAGE)
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"user_account_create got unknown fields {sorted(unknown)}")
    _check_grant(actor, organization, roles)
    user = User(username=username.strip(), organization=organization, **profile)
    check_username(user)
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    user.must_change_password = True
    # Two administrators creating the same username at once: the second gets the check's refusal, not a 500.
    with refuse_duplicate(
        constraint=USERNAME_UNIQUE,
        field="username",
        message=_("Username %(username)s is already taken") % {"username": user.username},
    ):
        user.save()
    changes: dict[str, Any] = {k: [None, v] for k, v in snapshot(user, PROFILE_FIELDS).items() if v not in (None, "")}
    changes["username"] = [None, user.username]
    audit_record(code="accounts.user.created", actor=actor, unit=organization, obj=user, changes=changes)
    user_roles_apply(user=user, roles=roles, actor=actor)
    return user, password


@transaction.atomic
def user_account_update(*, actor: Any, user: User, roles: list[str] | None = None, **profile: Any) -> User:
    """Change an account's names, email, title, organisation and (when given) roles."""
    if not may_manage_user(actor, user):
        raise PermissionDenied(Capability.USERS_MANAGE)
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"user_account_update got unknown fields {sorted(unknown)}")
    stored = User.objects.select_for_update(of=("self",)).select_related("organization").get(pk=user.pk)
    before = snapshot(stored, PROFILE_FIELDS)
    for key, value in profile.items():
        setattr(stored, key, value)
    if roles is None:
        stored.__dict__.pop("roles", None)
        roles = sorted(stored.roles)
        if "organization" in profile and not actor.has_role(Role.SYSTEM_ADMIN):
            _check_grant(actor, stored.organization, roles)
    else:
        _check_grant(actor, stored.organization, roles)
        if actor.pk == stored.pk and stored.has_role(Role.SYSTEM_ADMIN) and Role.SYSTEM_ADMIN not in roles:
            raise ValidationError({"roles": _("You cannot take away your own system administrator role")})
    stored.save()
    changes = changed_fields(before, snapshot(stored, PROFILE_FIELDS))
    if changes:
        audit_record(code="accounts.user.updated", actor=actor, unit=stored.organization, obj=stored, changes=changes)
    user_roles_apply(user=stored, roles=roles, actor=actor)
    return stored


@transaction.atomic
def user_active_set(*, actor: Any, user: User, active: bool) -> User:
    """Deactivate an account (it can no longer sign in or use its API tokens; its records stay) or reactivate it."""
    if not may_manage_user(actor, user):
        raise PermissionDenied(Capability.USERS_MANAGE)
    if actor.pk == user.pk:
        raise ValidationError(_("You cannot deactivate your own account; ask another administrator"))
    stored = User.objects.select_for_update().get(pk=user.pk)
    if stored.is_active != active:
        stored.is_active = active
        stored.save(update_fields=["is_active"])
        audit_record(
            code="accounts.user.reactivated" if active else "accounts.user.deactivated",
            actor=actor,
            unit=stored.organization,
            obj=stored,
            changes={"is_active": [not active, active]},
        )
    return stored


@transaction.atomic
def user_reset_link_send(*, actor: Any, user: User) -> User:
    """Email the user a link to set a new password (the one of the "forgot password" page), sent once the
    transaction commits; refused when the account has no email address."""
    if not may_manage_user(actor, user):
        raise PermissionDenied(Capability.USERS_MANAGE)
    if not user.email:
        raise ValidationError(
            {"email": _("%(username)s has no email address: give a temporary password") % {"username": user.username}}
        )
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "site_url": settings.BEKAL_SITE_URL,
    }
    subject = "".join(render_to_string("accounts/password_reset_subject.txt", context).splitlines())
    body = render_to_string("accounts/password_reset_email.txt", context)
    audit_record(code="accounts.user.reset_link_sent", actor=actor, unit=user.organization, obj=user)
    address = user.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [address]))
    return user
