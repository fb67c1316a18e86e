from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


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
