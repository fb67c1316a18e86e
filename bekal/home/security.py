"""The sign-in figures that are rules (``bekal.rules``), read where the settings and middleware need them.

The accounts app sits below the rules, so the lockout limits django-axes asks for (``AXES_FAILURE_LIMIT``,
``AXES_COOLOFF_TIME`` point here) and the idle timeout live one floor up, in the shell. Each figure is read at most
once a minute per process, so no request pays a query for it.
"""

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from bekal.accounts.signin import LAST_SEEN, SIGNOUT_REASON
from bekal.rules.selectors import rule_int

_CACHE_SECONDS = 60
_cache: dict[str, tuple[float, int]] = {}


def cached_rule(code: str) -> int:
    """Return a whole-number rule in force today, read again after a minute."""
    now = time.monotonic()
    hit = _cache.get(code)
    if hit is None or now - hit[0] > _CACHE_SECONDS:
        hit = (now, rule_int(code))
        _cache[code] = hit
    return hit[1]


def forget_cached_rules() -> None:
    """Drop the figures read (tests that change a rule)."""
    _cache.clear()


def signin_failure_limit(request: Any, credentials: Any) -> int:
    """Wrong passwords for one account or from one address before sign-in is locked (django-axes)."""
    return cached_rule("security.signin.failure_limit")


def signin_lockout(request: Any = None) -> timedelta:
    """How long a lockout lasts (django-axes)."""
    return timedelta(minutes=cached_rule("security.signin.lockout_minutes"))


class IdleTimeout:
    """Sign out a user whose last request is older than the idle rule, besides the absolute ``SESSION_COOKIE_AGE``.

    The time of the last request is kept in the session (marked at sign-in), rewritten at most once a minute. Pages
    send the user to the sign-in page with a message; the API (session callers) answers 401.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            # Within a minute of the last mark nobody is idle (the rule is in whole minutes): nothing to read or write.
            if not isinstance(last, int) or now - last >= 60:
                idle = cached_rule("security.session.idle_minutes")
                if isinstance(last, int) and now - last > idle * 60:
                    return self._sign_out(request, idle)
                request.session[LAST_SEEN] = now
        return self.get_response(request)

    def _sign_out(self, request: HttpRequest, idle: int) -> HttpResponse:
        setattr(request, SIGNOUT_REASON, "idle")
        logout(request)
        message = _("You were signed out after %(minutes)s minutes without activity; sign in again.") % {
            "minutes": idle
        }
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=401)
        messages.info(request, message)
        return redirect_to_login(request.get_full_path())
