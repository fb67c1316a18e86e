from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.http import HttpRequest

from bekal.core.keyset import Total, keyset_page


class _Counted(Paginator):
    """A paginator told its count: a caller that knows a cheaper exact count than ``rows.count()``."""

    def __init__(self, rows: QuerySet[Any], per_page: int, count: int) -> None:
        super().__init__(rows, per_page)
        self._known = count

    @property
    def count(self) -> int:  # type: ignore[override]
        return self._known


def paginate(request: HttpRequest, rows: QuerySet[Any], *, count: int | None = None) -> dict[str, Any]:
    """Return the context a list page needs: the page of rows and the query string to keep filters across pages.

    ``count``, when given, is the exact number of rows (computed more cheaply than counting ``rows``)."""
    paginator = (
        Paginator(rows, settings.BEKAL_PAGE_SIZE) if count is None else _Counted(rows, settings.BEKAL_PAGE_SIZE, count)
    )
    page: Page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return {"page_obj": page, "querystring_without_page": f"{encoded}&" if encoded else ""}


def head_and_count(queryset: Any, n: int) -> tuple[list[Any], int]:
    """Return the first ``n`` rows and how many there are in all, in one query: the total is a window count over
    the whole result, which the database computes before the limit."""
    head = list(queryset.annotate(_total=Window(Count("pk")))[:n])
    return head, (head[0]._total if head else 0)


def paginate_keyset(request: HttpRequest, rows: QuerySet[Any], *, total: Total | None = None) -> dict[str, Any]:
    """Return the context a keyset list page needs (``bekal/keyset_pagination.html``): the page of rows for
    ``?cursor=`` and the query string that keeps the filters across pages. Raises InvalidCursor (a 400)."""
    page = keyset_page(rows, request.GET.get("cursor") or None, settings.BEKAL_PAGE_SIZE, total=total)
    params = request.GET.copy()
    params.pop("cursor", None)
    params.pop("page", None)
    encoded = params.urlencode()
    return {"page_obj": page, "querystring_without_page": f"{encoded}&" if encoded else ""}
