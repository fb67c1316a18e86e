"""The API of the accounts administrators keep (issue 15 item 2): the same services and rules as the users pages
(``user_admin``): a unit administrator their unit's users, the system administrator everyone."""

from typing import Any, ClassVar

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from bekal.accounts.access import Capability, require
from bekal.accounts.models import User
from bekal.accounts.second_factor import second_factor_remove
from bekal.accounts.services import may_reset_password, user_password_reset
from bekal.accounts.types import AuthedRequest
from bekal.accounts.user_admin import (
    managed_users,
    may_manage_user,
    user_account_create,
    user_account_update,
    user_active_set,
    user_reset_link_send,
)
from bekal.core.api_types import BoundedPages
from bekal.core.lookups import object_or_invalid

router = Router(tags=["accounts"])
Organization: Any = User._meta.get_field("organization").related_model


class UserOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    job_title: str
    organization_id: int | None
    roles: list[str]
    is_active: bool
    must_change_password: bool

    @staticmethod
    def resolve_roles(obj: User) -> list[str]:
        return sorted(g.role for g in obj.role_grants.all())


class UserCreatedOut(Schema):
    user: UserOut
    temporary_password: str


class TemporaryPasswordOut(Schema):
    temporary_password: str


class UserIn(Schema):
    username: str
    organization_id: int
    roles: list[str] = []
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    job_title: str = ""


class UserPatch(Schema):
    patch_of: ClassVar[type[User]] = User

    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    job_title: str | None = None
    organization_id: int | None = None
    roles: list[str] | None = None


def _user(request: AuthedRequest, user_id: int) -> User:
    """Return an account the caller keeps: 403 without the capability, 404 for another unit's."""
    require(request.user, Capability.USERS_MANAGE)
    user = get_object_or_404(managed_users(request.user), pk=user_id)
    if not may_manage_user(request.user, user):
        raise Http404
    return user


def _out(user_id: int) -> User:
    return User.objects.prefetch_related("role_grants").get(pk=user_id)


@router.get("/users", response=list[UserOut])
@paginate(BoundedPages)
def user_list(request: AuthedRequest, q: str = "", organization: int | None = None, active: bool | None = None) -> Any:
    """The accounts the caller keeps (a unit administrator's unit, everyone for a system administrator); 403 for
    other roles. ``q`` searches the username, ``organization`` an organisation id, ``active`` the state."""
    require(request.user, Capability.USERS_MANAGE)
    users = managed_users(request.user)
    if q:
        users = users.filter(username__icontains=q)
    if organization is not None:
        users = users.filter(organization_id=organization)
    if active is not None:
        users = users.filter(is_active=active)
    return users


@router.get("/users/{user_id}", response=UserOut)
def user_detail(request: AuthedRequest, user_id: int) -> Any:
    """One account the caller keeps."""
    return _user(request, user_id)


@router.post("/users", response={201: UserCreatedOut})
def user_create(request: AuthedRequest, payload: UserIn) -> Any:
    """Create an account with roles and a temporary password (returned once; changed at the first sign-in). A unit
    administrator adds to their unit only, with its roles only."""
    require(request.user, Capability.USERS_MANAGE)
    data = payload.dict()
    organization = object_or_invalid(Organization, data.pop("organization_id"), field="organization")
    user, password = user_account_create(actor=request.user, organization=organization, **data)
    return Status(201, {"user": _out(user.pk), "temporary_password": password})


@router.patch("/users/{user_id}", response=UserOut)
def user_update(request: AuthedRequest, user_id: int, payload: UserPatch) -> Any:
    """Change an account's names, email, title, organisation or roles; fields left out keep their value."""
    user = _user(request, user_id)
    data = payload.dict(exclude_unset=True)
    if "organization_id" in data:
        data["organization"] = object_or_invalid(Organization, data.pop("organization_id"), field="organization")
    user_account_update(actor=request.user, user=user, **data)
    return _out(user.pk)


@router.post("/users/{user_id}/deactivate", response=UserOut)
def user_deactivate(request: AuthedRequest, user_id: int) -> Any:
    """Deactivate an account: it no longer signs in or uses its API tokens; its records stay."""
    user = _user(request, user_id)
    user_active_set(actor=request.user, user=user, active=False)
    return _out(user.pk)


@router.post("/users/{user_id}/reactivate", response=UserOut)
def user_reactivate(request: AuthedRequest, user_id: int) -> Any:
    """Reactivate a deactivated account."""
    user = _user(request, user_id)
    user_active_set(actor=request.user, user=user, active=True)
    return _out(user.pk)


@router.post("/users/{user_id}/password-reset", response=TemporaryPasswordOut)
def user_password_reset_api(request: AuthedRequest, user_id: int) -> Any:
    """Give the account a temporary password (returned once; changed at the next sign-in) and lift its lockout."""
    user = _user(request, user_id)
    if not may_reset_password(request.user, user):
        raise Http404
    return TemporaryPasswordOut(temporary_password=user_password_reset(user=user, actor=request.user))


@router.post("/users/{user_id}/reset-link", response=UserOut)
def user_reset_link(request: AuthedRequest, user_id: int) -> Any:
    """Email the account a link to set a new password (422 when it has no email address)."""
    user = _user(request, user_id)
    user_reset_link_send(actor=request.user, user=user)
    return _out(user.pk)


@router.delete("/users/{user_id}/second-factor", response=UserOut)
def user_second_factor_remove(request: AuthedRequest, user_id: int) -> Any:
    """Remove the account's authenticator (a lost phone); they set up a new one at the next sign-in."""
    user = _user(request, user_id)
    if not may_reset_password(request.user, user):
        raise Http404
    second_factor_remove(user=user, actor=request.user)
    return _out(user.pk)
