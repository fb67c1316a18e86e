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
