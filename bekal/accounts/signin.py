"""Sign-in protection: the lockout backend, the caller's address, and the audit trail of sign-ins.

django-axes counts failures by account and by address (settings ``AXES_*``; the limits are rules read in
``bekal.home.security``). Every sign-in, sign-out, failure and lockout is an audit event at the user's unit; a failure
for a username nobody has is recorded with no unit and no object, the username tried as its label.
"""

import time
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off, get_failure_limit
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bekal.accounts.models import User
from bekal.accounts.second_factor import HAS_DEVICE, confirmed_device
from bekal.audit.services import audit_record

# The time of the user's last request, in the session (seconds since the epoch): see bekal.home.security.IdleTimeout.
LAST_SEEN = "bekal_last_seen"
# Set on the request by whoever signs a user out for a reason other than their own click (the idle timeout).
SIGNOUT_REASON = "bekal_signout_reason"


class SignInThrottle(AxesStandaloneBackend):
    """Refuse a sign-in from a locked account or address. A call with no request (a management command, a test's
    ``client.login``) is not a sign-in through a page and is left to the next backend."""

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request: HttpRequest) -> str | None:
    """Return the caller's address: the connection's, or, behind ``BEKAL_PROXY_COUNT`` trusted proxies, the one they
    saw (the entry that many from the right of X-Forwarded-For), so a forged header cannot change it."""
    count = settings.BEKAL_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


def _user_named(username: str) -> User | None:
    return User.objects.select_related("organization").filter(username__iexact=username).first()


def _record(*, user: User | None, request: Any, username: str = "", code: str, by_user: bool, **changes: Any) -> None:
    """Record the event at the user's unit; the actor is the user only when they did it (not for a failure, which
    anyone may cause by typing their username)."""
    address = client_address(request) if request is not None else None
    with transaction.atomic():
        audit_record(
            code=code,
            actor=user if by_user else None,
            unit=user.organization if user is not None else None,
            obj=user,
            object_repr=username,
            changes={"address": address, **changes},
        )


def on_signed_in(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[HAS_DEVICE] = confirmed_device(user) is not None
        request.session[LAST_SEEN] = int(time.time())
    _record(code="accounts.signin.succeeded", user=user, request=request, by_user=True)


def on_signed_out(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is None:
        return
    reason = getattr(request, SIGNOUT_REASON, "") if request is not None else ""
    _record(
        code="accounts.signin.signed_out",
        user=user,
        request=request,
        by_user=True,
        **({"reason": reason} if reason else {}),
    )


def on_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username") or "")[:150]
    _record(
        code="accounts.signin.failed", user=_user_named(username), request=request, username=username, by_user=False
    )


def on_locked_out(
    sender: Any, request: Any, username: str | None = None, ip_address: str | None = None, **kw: Any
) -> None:
    name = str(username or "")[:150]
    _record(code="accounts.signin.locked_out", user=_user_named(name), request=request, username=name, by_user=False)


def connect() -> None:
    """Listen to Django's and django-axes's sign-in signals (called once, from the app's ``ready``)."""
    user_logged_in.connect(on_signed_in, dispatch_uid="bekal-signin-succeeded")
    user_logged_out.connect(on_signed_out, dispatch_uid="bekal-signin-signed-out")
    user_login_failed.connect(on_failed, dispatch_uid="bekal-signin-failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="bekal-signin-locked-out")


def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """The page shown to a locked account or address (429), in the user's language, naming the limit and the wait."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else 0,
    }
    return render(request, "accounts/locked_out.html", context, status=429)
