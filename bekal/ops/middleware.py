import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from bekal.ops.logging import request_id_var, unit_id_var, user_id_var

logger = logging.getLogger("bekal.request")
# A request id from the proxy is kept when it looks like one (letters, digits, dashes; at most 64), so a line in
# the proxy's log and in ours can be matched; anything else is replaced, so a caller cannot inject text into logs.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestContext:
    """Give every request an id (the caller's ``X-Request-ID`` or a new one), return it in the response header, and
    put it with the user and unit ids on every log record written while the request runs; log one line per request.

    Placed after AuthenticationMiddleware, so the user is known.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        user = getattr(request, "user", None)
        authenticated = bool(user is not None and user.is_authenticated)
        tokens = [
            request_id_var.set(request_id),
            user_id_var.set(str(user.pk) if authenticated else "-"),  # type: ignore[union-attr]
            unit_id_var.set(str(getattr(user, "organization_id", None) or "-") if authenticated else "-"),
        ]
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            logger.info(
                "%s %s %s %.0fms",
                request.method,
                request.path,
                response.status_code,
                (time.monotonic() - started) * 1000,
            )
            return response
        finally:
            for var, token in zip((request_id_var, user_id_var, unit_id_var), tokens, strict=True):
                var.reset(token)
