"""A "check your answers" step before an action that cannot be taken back (completing an enrolment, closing a
batch, activating or terminating an agreement): the first post shows what will change and asks again; only the
second, carrying ``confirm=1``, acts. No irreversible action on a single tap."""

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

FIELD = "confirm"


def confirmed(request: HttpRequest) -> bool:
    """Return True when the post comes from the confirmation page."""
    return request.POST.get(FIELD) == "1"


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    facts: Iterable[tuple[str, Any]],
    fields: dict[str, str],
    back: str,
    confirm_label: str,
    warning: str = "",
) -> HttpResponse:
    """Render the confirmation: the facts (label, value) of what will change, and a form that posts ``fields`` back
    to the same address with ``confirm=1``; Cancel goes ``back``."""
    return render(
        request,
        "bekal/confirm.html",
        {
            "title": title,
            "facts": list(facts),
            "fields": fields,
            "action": request.get_full_path(),
            "back": back,
            "confirm_label": confirm_label,
            "warning": warning,
        },
    )
