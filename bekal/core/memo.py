"""A memo for the reads of one page build: two blocks of a page that show the same rows (the home page's release
block and its day's work) read them once. It holds only inside ``page_memo()``, which a view enters around the
reads of a page, never around a write: outside it (a service, a test that writes between two reads) every call
reads afresh. The figure caches read their versions through it too (``organizations.figure_versions``)."""

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")
_MEMO: ContextVar[dict[Hashable, Any] | None] = ContextVar("bekal_page_memo", default=None)


@contextmanager
def page_memo() -> Iterator[None]:
    """Keep what ``memoised`` computes until the block ends (an inner block shares the outer one's)."""
    if _MEMO.get() is not None:
        yield
        return
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def memoised(key: Hashable, compute: Callable[[], T]) -> T:
    """Return ``compute()``, computed once per ``key`` inside ``page_memo()``, at every call outside it."""
    store = _MEMO.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]  # type: ignore[no-any-return]
