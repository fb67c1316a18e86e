"""What the community-service pages share."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bekal.accounts.types import AuthedRequest
from bekal.community_service.models import CommunityServiceOrder


def order_form_page(request: AuthedRequest, form: Any, order: CommunityServiceOrder, title: str) -> HttpResponse:
    return render(request, "community_service/form.html", {"form": form, "title": title, "order": order})


def wants_json(request: HttpRequest) -> bool:
    """Return True for the offline queue's requests (they accept JSON), False for a browser's form post or htmx."""
    return request.headers.get("Accept", "").startswith("application/json")
