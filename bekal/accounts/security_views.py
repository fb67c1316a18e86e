"""Pages of sign-in security: the second factor, the password (change, reset by email, reset by an administrator)."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from bekal.accounts.access import Capability, require
from bekal.accounts.models import User
from bekal.accounts.second_factor import (
    HAS_DEVICE,
    confirmed_device,
    enrolment_details,
    second_factor_begin,
    second_factor_confirm,
    second_factor_remove,
    second_factor_required,
    second_factor_verify,
)
from bekal.accounts.services import may_reset_password, user_password_changed, user_password_reset
from bekal.accounts.types import AuthedRequest
from bekal.accounts.user_admin import managed_users
from bekal.core.forms import form_add_service_errors
from bekal.core.pagination import paginate


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("6-digit code"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return str(reverse_lazy("home:home"))


@login_required
def otp_setup(request: AuthedRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the secret), then confirm with a code."""
    device = confirmed_device(request.user)
    form = CodeForm(request.POST or None)
    if device is not None and request.user.is_verified():  # type: ignore[attr-defined]  # django-otp's middleware
        context = {"device": device, "removable": not second_factor_required(request.user)}
        return render(request, "accounts/otp_setup.html", context)
    if device is not None:
        return redirect(f"{reverse_lazy('accounts:otp-verify')}?{urlencode({'next': _next(request)})}")
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor_confirm(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            otp_login(request, device)
            request.session[HAS_DEVICE] = True
            messages.success(request, _("Second factor set up: you will be asked for a code at every sign-in."))
            return redirect(_next(request))
    pending = second_factor_begin(user=request.user)
    context = {
        "form": form,
        "required": second_factor_required(request.user),
        "next": _next(request),
        **enrolment_details(pending),
    }
    return render(request, "accounts/otp_setup.html", context)


@login_required
def otp_verify(request: AuthedRequest) -> HttpResponse:
    """Give the code of the authenticator after the password."""
    if confirmed_device(request.user) is None:
        # Removed meanwhile (by an administrator, for a lost phone): set one up, or go on when none is required.
        request.session[HAS_DEVICE] = False
        target = "accounts:otp-setup" if second_factor_required(request.user) else None
        return redirect(f"{reverse_lazy(target)}?{urlencode({'next': _next(request)})}" if target else _next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor_verify(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            otp_login(request, device)
            return redirect(_next(request))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


@login_required
@require_POST
def otp_remove(request: AuthedRequest) -> HttpResponse:
    """Remove one's own authenticator (not when the role requires one)."""
    try:
        second_factor_remove(user=request.user, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        request.session[HAS_DEVICE] = False
        messages.success(request, _("Second factor removed."))
    return redirect("accounts:profile")


class PasswordChange(auth_views.PasswordChangeView):
    """Change one's own password (the policy of AUTH_PASSWORD_VALIDATORS applies); audited."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            user_password_changed(user=form.user, how="changed")
        messages.success(self.request, _("Password changed."))
        return response


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """Set a new password through the emailed link; audited."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            user_password_changed(user=form.user, how="reset_by_email")
        return response


class PasswordReset(auth_views.PasswordResetView):
    """Ask for a link by email (sent through the configured SMTP server); the same answer whether or not an account
    has the address. The link starts with BEKAL_SITE_URL, like every link Bekal emails."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form: Any) -> HttpResponse:
        self.extra_email_context = {"site_url": settings.BEKAL_SITE_URL}
        return super().form_valid(form)


password_reset = PasswordReset.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


@login_required
def unit_users(request: AuthedRequest) -> HttpResponse:
    """The users the administrator keeps: their unit's (all, for a system administrator), searchable by username or
    name, with their roles and state."""
    require(request.user, Capability.USERS_MANAGE)
    users = managed_users(request.user).exclude(pk=request.user.pk)
    query = request.GET.get("q", "").strip()[:150]
    if query:
        users = users.filter(
            Q(username__icontains=query) | Q(first_name__icontains=query) | Q(last_name__icontains=query)
        )
    state = request.GET.get("state", "")
    if state in ("active", "inactive"):
        users = users.filter(is_active=state == "active")
    context = paginate(request, users)
    context.update(q=query, state=state)
    return render(request, "accounts/unit_users.html", context)


@login_required
@require_POST
def unit_user_password_reset(request: AuthedRequest, pk: int) -> HttpResponse:
    """Give one of the unit's users a new password, shown once."""
    require(request.user, Capability.PASSWORD_RESET)
    user = get_object_or_404(User.objects.select_related("organization"), pk=pk)
    if not may_reset_password(request.user, user):
        # Another unit's user, or an administrator: as if there were none.
        return render(request, "404.html", status=404)
    password = user_password_reset(user=user, actor=request.user)
    return render(request, "accounts/unit_user_password.html", {"target": user, "password": password})


@login_required
@require_POST
def unit_user_otp_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    """Remove the authenticator of one of the unit's users (a lost phone); they enrol a new one at the next sign-in."""
    require(request.user, Capability.PASSWORD_RESET)
    user = get_object_or_404(User.objects.select_related("organization"), pk=pk)
    if not may_reset_password(request.user, user):
        return render(request, "404.html", status=404)
    second_factor_remove(user=user, actor=request.user)
    messages.success(request, _("Second factor of %(username)s removed.") % {"username": user.username})
    return redirect("accounts:user-edit", pk=user.pk)
