"""Serialising two requests that would write the same thing, where no unique constraint can say it.

Two registrations of one person without a NIK (same name, same birth date) are both allowed by the database, so a
double submit would make two people. ``lock_key`` takes a transaction-scoped PostgreSQL advisory lock on the words
that name the write: the second request waits for the first to commit, and then its duplicate check sees the row.
"""

import hashlib

from django.db import connection


def _key(namespace: str, parts: tuple[str, ...]) -> int:
    digest = hashlib.blake2b("\x1f".join((namespace, *parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)  # advisory locks take a signed 64-bit key


def lock_key(namespace: str, *parts: str) -> None:
    """Hold a lock on (namespace, parts) until the current transaction ends. SQLite lets one writer in at a time
    already, so there it does nothing."""
    if not connection.in_atomic_block:
        raise RuntimeError("lock_key holds its lock until the transaction ends: call it inside transaction.atomic")
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_key(namespace, parts)])
