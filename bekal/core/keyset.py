"""Keyset (cursor) pagination: a page is "the rows after (or before) this row in the list's order", never "skip N".

The list's order (its ``order_by``, or the model's ``Meta.ordering``) is the key, made unique by the primary key
when it does not end with it. A cursor carries the key of the row it starts from and the direction, signed (so it is
opaque and cannot be forged into another list's query): ``?cursor=...``. The first page and the last page are read
from either end of the index; a page in the middle from the cursor's row onwards: each costs the same however deep,
with no ``OFFSET`` (issue 18). A cursor that is not one of ours, or belongs to another list, raises
``InvalidCursor``: a 400 with a clear message on a page, in the API too.

The total beside a list is a ``Total``: exact where it is cheap (a unit's count, a filtered list), an estimate
labelled as such where an exact count would read the whole nation (PostgreSQL's ``reltuples``).
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core import signing
from django.core.exceptions import BadRequest, ImproperlyConfigured, ValidationError
from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

SALT = "bekal.core.keyset"
# Below this many rows (as the statistics estimate them) a table is counted exactly: a count is then cheap.
ESTIMATE_FROM = 50_000
LAST = "last"  # ?cursor=last: the last page, read backwards from the end of the index


class InvalidCursor(BadRequest):
    """A cursor that is not one Bekal made for this list: answered 400 with ``message``."""

    def __init__(self) -> None:
        self.message = _("The page link is not valid (cursor); go back to the first page of the list.")
        super().__init__(self.message)


@dataclass(frozen=True)
class Total:
    """How many rows a list holds: ``value`` (None when unknown), ``estimated`` when it is an estimate."""

    value: int | None
    estimated: bool = False


@dataclass
class KeysetPage:
    """One page of rows and the cursors to the pages beside it (None at either end)."""

    rows: list[Any]
    next_cursor: str | None
    previous_cursor: str | None
    is_first: bool
    is_last: bool
    total: Total | None = None

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def object_list(self) -> list[Any]:
        return self.rows


def order_keys(rows: QuerySet[Any]) -> list[tuple[str, bool]]:
    """Return the list's order as (field path, descending) pairs, ending with the primary key."""
    ordering = list(rows.query.order_by or rows.model._meta.ordering or [])
    keys: list[tuple[str, bool]] = []
    for item in ordering:
        if not isinstance(item, str) or item.startswith("?"):
            raise ImproperlyConfigured(f"keyset pagination needs field names in order_by, not {item!r}")
        name = item.lstrip("-")
        keys.append(("pk" if name == "id" else name, item.startswith("-")))
    if not keys or keys[-1][0] != "pk":
        keys.append(("pk", keys[-1][1] if keys else False))
    return keys


def _value_of(row: Any, path: str) -> Any:
    value = row
    for part in path.split("__"):
        value = getattr(value, part)
    if isinstance(value, Model):
        raise ImproperlyConfigured(f"keyset key {path} is a relation: order by its column ({path}_id)")
    if value is None:
        raise ImproperlyConfigured(f"keyset key {path} is NULL for {row!r}: order by non-null fields")
    if isinstance(value, dt.date | Decimal):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return value


def _encode(keys: list[tuple[str, bool]], row: Any, direction: str) -> str:
    payload: dict[str, Any] = {
        "k": [f"{'-' if desc else ''}{name}" for name, desc in keys],
        "v": [_value_of(row, n) for n, _d in keys],
        "d": direction,
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def _decode(cursor: str, keys: list[tuple[str, bool]]) -> tuple[str, list[Any] | None]:
    """Return (direction, key values); raise InvalidCursor for anything but a cursor made for this list."""
    if cursor == LAST:
        return "p", None
    try:
        payload = signing.loads(cursor, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError) as error:
        raise InvalidCursor from error
    names = [f"{'-' if desc else ''}{name}" for name, desc in keys]
    if (
        not isinstance(payload, dict)
        or payload.get("k") != names
        or payload.get("d") not in ("n", "p")
        or not isinstance(payload.get("v"), list)
        or len(payload["v"]) != len(keys)
    ):
        raise InvalidCursor
    return payload["d"], payload["v"]


def _after(keys: list[tuple[str, bool]], values: list[Any]) -> Q:
    """Return the condition "after this row in this order": an OR of prefixes, plus the leading key's bound
    alone so the database reads a range of the index instead of testing every row."""
    condition = Q()
    equal = Q()
    for (name, desc), value in zip(keys, values, strict=True):
        condition |= equal & Q(**{f"{name}__{'lt' if desc else 'gt'}": value})
        equal &= Q(**{name: value})
    first, desc = keys[0]
    return Q(**{f"{first}__{'lte' if desc else 'gte'}": values[0]}) & condition


def _ordering(keys: list[tuple[str, bool]], *, reverse: bool = False) -> list[str]:
    return [f"{'-' if desc != reverse else ''}{name}" for name, desc in keys]


def keyset_page(rows: QuerySet[Any], cursor: str | None, size: int, *, total: Total | None = None) -> KeysetPage:
    """Return the page of ``rows`` that ``cursor`` points to (the first page without one), ``size`` rows at most,
    in one query of ``size + 1`` rows (the extra one says whether another page follows)."""
    keys = order_keys(rows)
    direction, values = _decode(cursor, keys) if cursor else ("n", None)
    backwards = direction == "p"
    query = rows.order_by(*_ordering(keys, reverse=backwards))
    if values is not None:
        try:
            query = query.filter(_after([(n, d != backwards) for n, d in keys], values))
            found = list(query[: size + 1])
        except (ValidationError, ValueError, TypeError) as error:
            raise InvalidCursor from error
    else:
        found = list(query[: size + 1])
    more = len(found) > size
    found = found[:size]
    if backwards:
        found.reverse()
        is_first, is_last = not more, values is None
    else:
        is_first, is_last = values is None, not more
    return KeysetPage(
        rows=found,
        next_cursor=_encode(keys, found[-1], "n") if found and not is_last else None,
        previous_cursor=_encode(keys, found[0], "p") if found and not is_first else None,
        is_first=is_first,
        is_last=is_last,
        total=total,
    )


def estimated_rows(model: type[Model]) -> Total:
    """Return the number of rows of a whole table: PostgreSQL's estimate (``reltuples``, kept by autovacuum and
    ANALYZE), labelled as an estimate, for a table of ``ESTIMATE_FROM`` rows or more; an exact count otherwise
    (a small table, SQLite, or a table never analysed)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
            found = cursor.fetchone()
        if found and found[0] is not None and found[0] >= ESTIMATE_FROM:
            return Total(int(found[0]), estimated=True)
    return Total(model._default_manager.count())
