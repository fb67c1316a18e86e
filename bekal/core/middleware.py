import os
import time
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import MiddlewareNotUsed
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from bekal.core.keyset import InvalidCursor


class IndonesianByDefault:
    """Pages open in Bahasa Indonesia whatever the browser asks for; the language switch (a cookie) changes that.

    An office computer set up in English must not turn the product English by itself. API callers still choose
    their language with Accept-Language. Placed before LocaleMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class PrivateResponses:
    """Headers every page and API answer carries besides Django's own (SecurityMiddleware) and the CSP (django-csp):

    - ``Cache-Control: no-store``: pages and API answers carry personal data (names, NIKs, sentences); no browser or
      proxy keeps a copy. Static files never reach this middleware (WhiteNoise answers them first, cacheable).
    - ``Permissions-Policy``: no page uses the camera, microphone, location, payment or USB devices.
    """

    PERMISSIONS = (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        response.setdefault("Permissions-Policy", self.PERMISSIONS)
        return response


class ConflictIsNotAnError:
    """A unique constraint that stopped a second request on a page, where the service had no refusal of its own for
    it (``core.races.refuse_duplicate`` gives one on the form), answers as a refusal: back to the page with a message
    to reload and try again, never a 500. The API has the same as a 409 (``bekal/api``).
    An invalid list cursor (``core.keyset.InvalidCursor``) answers 400 with its message and a link to the first
    page (the API: 400 with the message, ``core.api_keyset``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, InvalidCursor) and not request.path.startswith("/api/"):
            # A list page's link that is not one of ours (edited, or from another list): say so, 400, never a 500.
            first = request.GET.copy()
            first.pop("cursor", None)
            context = {"message": exception.message, "first": f"{request.path}?{first.urlencode()}"}
            return render(request, "400.html", context, status=400)
        if not isinstance(exception, IntegrityError) or request.path.startswith("/api/"):
            return None
        messages.error(request, _("Another request changed the same record at the same time; reload it and try again"))
        return HttpResponseRedirect(request.get_full_path())


class AppCpuTiming:
    """With ``BEKAL_BENCH=1``, every answer says the CPU time its request cost this thread (``Server-Timing: app-cpu;
    dur=<ms>``), so the bench can print it beside the wall time: CPU time hardly moves with a busy machine's noise.

    Off (the default), Django drops the middleware at start-up and no request pays for it. Thread time, not process
    time: under a threaded server another request's work would count in the process's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if os.environ.get("BEKAL_BENCH") != "1":
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.thread_time()
        response = self.get_response(request)
        response["Server-Timing"] = f"app-cpu;dur={(time.thread_time() - started) * 1000:.2f}"
        return response
