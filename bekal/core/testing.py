"""Test helpers shared by every app (imported by tests only).

`assert_flat_queries` is the "no N+1" check of issue 6: every list page and list endpoint has one in its app's
`tests/test_query_counts.py`, and `bekal/core/tests/test_list_routes.py` fails when a page or a GET endpoint is
neither covered by one nor exempted with a reason.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

SMALL = 3
LARGE = 10


def assert_flat_queries(
    client: Client,
    url: str,
    grow: Callable[[int], Iterable[str]],
    *,
    ceiling: int,
    params: dict[str, Any] | None = None,
    small: int = SMALL,
    large: int = LARGE,
) -> int:
    """Assert that GET `url` runs the same number of queries with `small` and with `large` rows, at most `ceiling`.

    `grow(n)` adds n more rows the client's user may see and returns a marker per row (a name) that the response
    must contain, so the rows counted are really on the page. The first request warms per-process caches (rules,
    content types) and is not counted. Returns the query count, for the report.
    """
    markers = list(grow(small))
    _get(client, url, params, markers)
    with CaptureQueriesContext(connection) as few:
        _get(client, url, params, markers)
    markers += list(grow(large - small))
    with CaptureQueriesContext(connection) as many:
        _get(client, url, params, markers)
    sql = "\n".join(q["sql"] for q in many.captured_queries)
    assert len(many) == len(few), f"{url}: {len(few)} queries with {small} rows, {len(many)} with {large}:\n{sql}"
    assert len(many) <= ceiling, f"{url}: {len(many)} queries, more than the ceiling {ceiling}:\n{sql}"
    print(f"query count: {url} {len(many)}")  # shown with pytest -s, for reports
    return len(many)


def _get(client: Client, url: str, params: dict[str, Any] | None, markers: list[str]) -> None:
    response = client.get(url, params or {})
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    body = response.content.decode()
    missing = [m for m in markers if m not in body]
    assert not missing, f"{url} does not show {missing}"


def covers(*routes: str) -> Callable[[Any], Any]:
    """Mark a query-count test as covering pages (URL names, "people:list") and endpoints ("GET /api/v1/people").

    `bekal/core/tests/test_list_routes.py` collects these marks from every `bekal/<app>/tests/test_query_counts.py`.
    """

    def mark(test: Any) -> Any:
        test.covers = (*getattr(test, "covers", ()), *routes)
        return test

    return mark
