"""The readiness checks behind /readyz: each returns None when its service answers, or raises."""

import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

PROBE_PREFIX = "readyz/"


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 30)
    value = cache.get(key)
    cache.delete(key)
    if value != "ok":
        raise RuntimeError("the cache did not return what was written")


def broker_url() -> str:
    """Return the Celery broker's URL: the shared Redis (bekal.settings derives CELERY_BROKER_URL from it)."""
    return str(settings.BEKAL_REDIS_URL)


def check_broker() -> None:
    import redis

    client = redis.Redis.from_url(broker_url(), socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()


def check_storage() -> None:
    """Write, read back and delete a probe object through the storage the documents use."""
    name = default_storage.save(f"{PROBE_PREFIX}{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name, "rb") as probe:
            if probe.read() != b"ok":
                raise RuntimeError("the storage did not return what was written")
    finally:
        default_storage.delete(name)


def check_migrations() -> None:
    executor = MigrationExecutor(connection)
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if unapplied:
        raise RuntimeError(f"{len(unapplied)} migrations not applied")


def readiness_checks() -> dict[str, Callable[[], None] | None]:
    """Return the checks by name; None marks a check that does not apply to this configuration."""
    return {
        "database": check_database,
        "cache": check_cache,
        "broker": check_broker if settings.BEKAL_REDIS_URL else None,
        "storage": check_storage,
        "migrations": check_migrations,
    }


def run_checks() -> dict[str, str]:
    """Return each check's status: ``ok``, ``skipped`` or ``fail: <error>``."""
    results: dict[str, str] = {}
    for name, check in readiness_checks().items():
        if check is None:
            results[name] = "skipped"
            continue
        try:
            check()
        except Exception as error:  # a readiness probe reports every failure instead of raising
            results[name] = f"fail: {type(error).__name__}: {error}"[:300]
        else:
            results[name] = "ok"
    return results
