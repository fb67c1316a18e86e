"""Derived rows rewritten per person, gathered inside a bulk write: ``Gathered(refresh)`` calls ``refresh`` with the
ids touched, at once outside a ``deferred()`` block, or once for all of them when the outermost block ends (the KPI
facts, the person links: ``core.registry.bulk_write_contexts`` enters each app's block around a bulk load)."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar


class Gathered:
    def __init__(self, name: str, refresh: Callable[[set[int]], None]) -> None:
        self._pending: ContextVar[set[int] | None] = ContextVar(name, default=None)
        self._refresh = refresh

    @property
    def pending(self) -> set[int] | None:
        """The ids gathered so far by the enclosing block (None outside one)."""
        return self._pending.get()

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Within the block, gather the ids touched and refresh them once at its end."""
        if self._pending.get() is not None:
            yield
            return
        pending: set[int] = set()
        token = self._pending.set(pending)
        try:
            yield
        finally:
            self._pending.reset(token)
        self._refresh(pending)

    def touch(self, ids: Iterable[int | None]) -> None:
        """Refresh these ids now, or at the end of the enclosing ``deferred`` block."""
        found = {pk for pk in ids if pk is not None}
        pending = self._pending.get()
        if pending is not None:
            pending |= found
        elif found:
            self._refresh(found)
