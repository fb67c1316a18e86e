from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from bekal.accounts.second_factor import HAS_DEVICE, second_factor_required

# Pages a signed-in user reaches before the second factor: enrolling, giving the code, signing out, the language.
_OPEN_PREFIXES = ("/static/", "/i18n/", "/health", "/metrics")


class SecondFactorRequired:
    """Send a signed-in user who has an authenticator, or whose role requires one, to give its code (or to set one
    up) before any other page; the API answers 403 to such a session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():  # type: ignore[union-attr]
            return self.get_response(request)
        has_device = bool(request.session.get(HAS_DEVICE))
        if not has_device and not second_factor_required(user):
            return self.get_response(request)
        setup, verify, logout = (
            reverse("accounts:otp-setup"),
            reverse("accounts:otp-verify"),
            reverse("accounts:logout"),
        )
        if request.path in (setup, verify, logout) or request.path.startswith(_OPEN_PREFIXES):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Give the code of your authenticator (second factor) first")}, status=403)
        target = verify if has_device else setup
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


class PasswordChangeRequired:
    """Send a signed-in user whose password an administrator gave (``User.must_change_password``) to change it before
    any other page; a session's API call is answered 403. Runs after the second factor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not getattr(user, "must_change_password", False):
            return self.get_response(request)
        change, logout = reverse("accounts:password-change"), reverse("accounts:logout")
        if request.path in (change, logout) or request.path.startswith(_OPEN_PREFIXES):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Change the temporary password on the website first")}, status=403)
        messages.info(request, _("Choose your own password to go on: the one you were given is temporary."))
        return redirect(f"{change}?{urlencode({'next': request.get_full_path()})}")
