"""The demo for the browser tests, loaded once per date and copied back for each later test that asks for it.

A live-server test commits what it writes, and the database is emptied after it (pytest-django's flush), so each
browser test on the demo used to load it afresh: the slowest part of those tests. `demo_for(today)` loads it the
first time and keeps a copy of every table as the load left it (PostgreSQL: `COPY ... TO STDOUT`; SQLite's in-memory
test database: the backup API); a later test gets the same rows back, committed, in a fraction of the time. The rows,
their ids and the sequences are those of a fresh load; the process's cache is emptied with them, as a cached figure of
an earlier test may be keyed on the same ids.

Call it first in the test, before anything else writes: the copy replaces every table.
"""

import sqlite3
from datetime import date
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, transaction

from bekal.accounts.models import User
from bekal.home.demo import load_demo

_copies: dict[date, tuple[Any, dict[str, int]]] = {}


def demo_for(today: date) -> dict[str, User]:
    """Return the demo's users by username, the demo's rows (for `today`) being the only rows in the database."""
    kept = _copies.get(today)
    if kept is not None and _restore(kept[0]):
        cache.clear()
        by_pk = User.objects.in_bulk(kept[1].values())
        return {key: by_pk[pk] for key, pk in kept[1].items()}
    users = load_demo(today=today)
    copy = _take()
    if copy is not None:
        _copies[today] = (copy, {key: user.pk for key, user in users.items()})
    return users


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and bool(getattr(connection, "is_in_memory_db", lambda: False)())


def _take() -> Any:
    """A copy of every table, or None where this database cannot be copied so (the demo is then loaded each time)."""
    if connection.in_atomic_block:
        return None  # inside a test transaction: what the test sees is not committed
    if connection.vendor == "postgresql":
        from psycopg import sql

        copy: dict[str, bytes] = {}
        with connection.cursor() as cursor:
            for table in _tables():
                statement = sql.SQL("COPY {} TO STDOUT").format(sql.Identifier(table))
                with cursor.cursor.copy(statement) as out:
                    copy[table] = b"".join(bytes(block) for block in out)
        return copy
    if _in_memory_sqlite():
        connection.ensure_connection()
        kept = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(kept)
        return kept
    return None


def _restore(copy: Any) -> bool:
    """Put the copied rows back in place of whatever the tables hold; False when it cannot be done here."""
    if connection.in_atomic_block:
        return False
    if connection.vendor == "postgresql" and isinstance(copy, dict):
        from psycopg import sql

        models = apps.get_models(include_auto_created=True)
        with transaction.atomic(), connection.cursor() as cursor:
            # Django's foreign keys are deferred to the commit: the tables may be filled in any order.
            tables = sql.SQL(", ").join(sql.Identifier(table) for table in _tables())
            cursor.execute(sql.SQL("TRUNCATE {}").format(tables).as_string(cursor.cursor))
            for table, rows in copy.items():
                if rows:
                    statement = sql.SQL("COPY {} FROM STDIN").format(sql.Identifier(table))
                    with cursor.cursor.copy(statement) as into:
                        into.write(rows)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        return True
    if _in_memory_sqlite() and isinstance(copy, sqlite3.Connection):
        connection.ensure_connection()
        copy.backup(connection.connection)
        return True
    return False
