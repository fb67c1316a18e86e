"""Pages where administrators keep accounts (issue 15 item 2): a new user, a user's record and roles, deactivating
and reactivating, a reset link by email. The rules are in ``user_admin``; the list is ``security_views.unit_users``."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bekal.accounts.access import Capability, require
from bekal.accounts.models import Role, User
from bekal.accounts.second_factor import confirmed_device
from bekal.accounts.types import AuthedRequest
from bekal.accounts.user_admin import (
    grantable_roles,
    may_manage_user,
    user_account_create,
    user_account_update,
    user_active_set,
    user_reset_link_send,
)
from bekal.core.forms import form_add_service_errors

# The organisation model, one floor up, reached through the account's foreign key (accounts imports no higher app).
Organization: Any = User._meta.get_field("organization").related_model


class UserForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=gettext_lazy("Email"), required=False)
    job_title = forms.CharField(label=gettext_lazy("Job title"), max_length=120, required=False)
    organization = forms.ModelChoiceField(label=gettext_lazy("Organisation"), queryset=Organization.objects.none())
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Roles"), choices=[], required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, actor: User, editing: User | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        system = actor.has_role(Role.SYSTEM_ADMIN)
        # Closed organisations are not offered; an account already there keeps it.
        units = Organization.objects.filter(is_active=True)
        if editing is not None and editing.organization_id:
            units = Organization.objects.filter(is_active=True) | Organization.objects.filter(
                pk=editing.organization_id
            )
        if not system:
            units = Organization.objects.filter(pk=actor.organization_id)
        self.fields["organization"].queryset = units.order_by("name")  # type: ignore[attr-defined]
        unit = actor.organization if not system else None
        offered = grantable_roles(actor, unit) if not system else list(Role.values)
        labels = dict(Role.choices)
        self.fields["roles"].choices = [(r, labels[r]) for r in offered]  # type: ignore[attr-defined]
        if not system:
            self.fields["organization"].disabled = True
            self.fields["organization"].initial = actor.organization
        if editing is not None:
            self.fields["username"].disabled = True


def _profile(form: UserForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {k: data[k] for k in ("first_name", "last_name", "email", "job_title", "organization")}


@login_required
def user_create(request: AuthedRequest) -> HttpResponse:
    """Add a user to a unit with roles; the temporary password is shown once and changed at the first sign-in."""
    require(request.user, Capability.USERS_MANAGE)
    form = UserForm(request.POST or None, actor=request.user, editing=None)
    if request.method == "POST" and form.is_valid():
        try:
            user, password = user_account_create(
                actor=request.user,
                username=form.cleaned_data["username"],
                roles=form.cleaned_data["roles"],
                **_profile(form),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return render(
                request, "accounts/unit_user_password.html", {"target": user, "password": password, "created": True}
            )
    return render(request, "accounts/user_edit.html", {"form": form, "target": None})


def _managed_user(request: AuthedRequest, pk: int) -> User:
    require(request.user, Capability.USERS_MANAGE)
    user = get_object_or_404(User.objects.select_related("organization"), pk=pk)
    if not may_manage_user(request.user, user):
        raise Http404  # another unit's user, or an administrator: as if there were none
    return user


@login_required
def user_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """A user's record and roles, with the buttons to deactivate or reactivate, reset the password or send a link."""
    target = _managed_user(request, pk)
    initial = {
        "username": target.username,
        "first_name": target.first_name,
        "last_name": target.last_name,
        "email": target.email,
        "job_title": target.job_title,
        "organization": target.organization,
        "roles": sorted(target.roles),
    }
    form = UserForm(request.POST or None, initial=initial, actor=request.user, editing=target)
    if request.method == "POST" and form.is_valid():
        try:
            user_account_update(actor=request.user, user=target, roles=form.cleaned_data["roles"], **_profile(form))
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("%(username)s saved.") % {"username": target.username})
            return redirect("accounts:user-edit", pk=target.pk)
    context = {
        "form": form,
        "target": target,
        "self_edit": target.pk == request.user.pk,
        "has_second_factor": confirmed_device(target) is not None,
    }
    return render(request, "accounts/user_edit.html", context)


@login_required
@require_POST
def user_active(request: AuthedRequest, pk: int) -> HttpResponse:
    """Deactivate (``active=0``) or reactivate (``active=1``) an account."""
    target = _managed_user(request, pk)
    active = request.POST.get("active") == "1"
    try:
        user_active_set(actor=request.user, user=target, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        message = (
            _("%(username)s reactivated.") if active else _("%(username)s deactivated: they can no longer sign in.")
        )
        messages.success(request, message % {"username": target.username})
    return redirect("accounts:user-edit", pk=target.pk)


@login_required
@require_POST
def user_reset_link(request: AuthedRequest, pk: int) -> HttpResponse:
    """Email the user a link to set a new password."""
    target = _managed_user(request, pk)
    try:
        user_reset_link_send(actor=request.user, user=target)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("A link to set a new password was sent to %(email)s.") % {"email": target.email})
    return redirect("accounts:user-edit", pk=target.pk)
