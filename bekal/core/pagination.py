from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, rows: QuerySet[Any]) -> dict[str, Any]:
    """Return the context a list page needs: the page of rows and the query string to keep filters across pages."""
    paginator = Paginator(rows, settings.BEKAL_PAGE_SIZE)
    page: Page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return {"page_obj": page, "querystring_without_page": f"{encoded}&" if encoded else ""}
