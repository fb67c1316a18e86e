"""Bulk loading for generated national data: PostgreSQL COPY, or batched inserts on SQLite.

Generated rows are an import, not user writes: they bypass the services (and so the audit trail) on purpose, the way
a migration from a legacy register would. Every row is still checked by the database's own constraints.
"""

from collections.abc import Iterable, Sequence
from datetime import time
from typing import Any

from django.db import connection, models

BATCH = 5_000


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    return str(field.column)  # type: ignore[union-attr]


def _defaults(model: type[models.Model], given: Sequence[str]) -> tuple[list[str], tuple[Any, ...]]:
    """Return the columns the rows leave out that hold a constant default (a field added since the loader was written,
    such as an empty reason), with those defaults, so a new column never breaks a bulk load."""
    names = set(given)
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.name in names or field.attname in names or field.primary_key:
            continue
        if field.has_default() and not callable(field.default):
            value = field.default
        elif not field.null and field.empty_strings_allowed and field.get_internal_type() in ("CharField", "TextField"):
            value = ""
        else:
            continue
        columns.append(field.column)
        values.append(field.get_db_prep_save(value, connection))
    return columns, tuple(values)


def bulk_insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows (tuples in the order of ``fields``) into the model's table; return how many. Columns left out
    that have a constant default get it."""
    table = model._meta.db_table
    extra, defaults = _defaults(model, fields)
    columns = [_column(model, f) for f in fields] + extra
    rows = (tuple(row) + defaults for row in rows) if extra else rows
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quoted = ", ".join(f'"{c}"' for c in columns)
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(columns))
        quoted = ", ".join(f'"{c}"' for c in columns)
        # Table and column names come from the model's own metadata, never from input.
        sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({placeholders})'  # noqa: S608
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append([v.isoformat() if isinstance(v, time) else v for v in row])  # sqlite3 has no time adapter
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def next_id(model: type[models.Model]) -> int:
    """Return one more than the largest id in the model's table, for ids assigned ahead of a bulk load."""
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return int(last or 0) + 1


def reset_sequence(model: type[models.Model]) -> None:
    """After loading explicit ids on PostgreSQL, move the id sequence past them."""
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), COALESCE(MAX(id), 1)) FROM \"{table}\""  # noqa: S608
        )


def bulk_update(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """Set the fields of many rows at once; each row is (id, *values in the order of ``fields``). Return how many."""
    if not rows:
        return 0
    table = model._meta.db_table
    columns = [_column(model, f) for f in fields]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quoted = ", ".join(f'"{c}"' for c in ["id", *columns])
            # Names come from the model's own metadata, never from input.
            cursor.execute(f'CREATE TEMP TABLE "_bulk_update" AS SELECT {quoted} FROM "{table}" WITH NO DATA')  # noqa: S608
            raw = cursor.cursor
            with raw.copy(f'COPY "_bulk_update" ({quoted}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
            assignments = ", ".join(f'"{c}" = u."{c}"' for c in columns)
            cursor.execute(f'UPDATE "{table}" t SET {assignments} FROM "_bulk_update" u WHERE t.id = u.id')  # noqa: S608
            cursor.execute('DROP TABLE "_bulk_update"')
            return len(rows)
        assignments = ", ".join(f'"{c}" = %s' for c in columns)
        sql = f'UPDATE "{table}" SET {assignments} WHERE id = %s'  # noqa: S608
        cursor.executemany(sql, [(*row[1:], row[0]) for row in rows])
    return len(rows)
