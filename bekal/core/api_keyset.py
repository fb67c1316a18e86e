"""Keyset pages in the API (``core/keyset.py``): ``?cursor=`` and ``?page_size=`` in, ``items``, ``count``,
``count_is_estimate``, ``next`` and ``previous`` (the addresses of the pages beside, or null) out.

An endpoint returns its ordered queryset, or ``KeysetRows`` to give the total it can count cheaply and a function
that turns each row of the page into its output. A cursor that is not one of ours answers 400 with a sentence."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase

from bekal.core.api_types import NO_NUL
from bekal.core.keyset import InvalidCursor, Total, keyset_page

CURSOR_MAX = 2000  # a signed cursor of a few keys is about 150 characters


@dataclass
class KeysetRows:
    """What a keyset endpoint returns: its ordered rows, the total when known, how to show each row of the page."""

    rows: Any
    total: Total | None = None
    convert: Callable[[Any], Any] | None = None


class KeysetPages(PaginationBase):
    """``?cursor=`` (from ``next`` or ``previous``, or ``last`` for the last page) and ``?page_size=`` (1 to
    ``NINJA_MAX_PER_PAGE_SIZE``)."""

    class KeysetInput(Schema):
        cursor: str | None = Field(
            None,
            max_length=CURSOR_MAX,
            pattern=NO_NUL,
            description="The page to read: a cursor from next or previous, or 'last'; the first page without it",
        )
        page_size: int | None = Field(None, ge=1, le=getattr(settings, "NINJA_MAX_PER_PAGE_SIZE", 100))

    class KeysetOutput(Schema):
        items: list[Any]
        count: int | None = Field(None, description="How many rows the list holds, when known")
        count_is_estimate: bool = Field(False, description="True when count is an estimate (the whole nation)")
        next: str | None = Field(None, description="The address of the next page, or null on the last")
        previous: str | None = Field(None, description="The address of the previous page, or null on the first")

    # Named apart from the other paginations' Input and Output (schema names are unique); ninja reads them by name.
    Input = KeysetInput  # type: ignore[assignment]
    Output = KeysetOutput  # type: ignore[assignment]
    items_attribute = "items"

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        found = queryset if isinstance(queryset, KeysetRows) else KeysetRows(queryset)
        size = pagination.page_size or settings.NINJA_PAGINATION_PER_PAGE
        try:
            page = keyset_page(found.rows, pagination.cursor or None, size, total=found.total)
        except InvalidCursor as error:
            raise HttpError(400, error.message) from error
        rows = [found.convert(row) for row in page.rows] if found.convert else page.rows
        total = found.total
        return {
            "items": rows,
            "count": total.value if total else None,
            "count_is_estimate": bool(total and total.estimated),
            "next": _address(request, page.next_cursor),
            "previous": _address(request, page.previous_cursor),
        }


def _address(request: HttpRequest, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    params = request.GET.copy()
    params["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
