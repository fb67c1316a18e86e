"""Exact caches for figures: a figure (a dashboard's numbers, a page's population table) is cached under its scope
and the versions of the units in that scope, and every write under a unit bumps that unit's version, so a reader
never gets a figure older than the records.

Who bumps: every save or delete of a row that names a unit (any foreign key to ``Organization``: a custody period,
an order, an allocation, and the audit event that every service writes with its unit), through one receiver on
``post_save``/``post_delete`` (``connect()``); and the KPI facts, whose rewrite can move a figure of another unit
(a re-admission at one unit changes the recidivism of the unit that released the person), call ``touch`` with the
units of the facts they rewrite. Bulk loads (COPY, ``bulk_create``, ``update``) send no signal: they call
``renew_epoch()``.

When: the units touched in a transaction are bumped once, on commit, in one statement (ids in order: no deadlock
between two writers), so a write holds no lock on a version row. Until its commit, the writing connection itself
reads those scopes uncached (so a request, or a test, that writes and then reads sees its own write).

The versions live in the database (``FigureVersion``), not in the cache: the cached figures may sit in each
process's local memory (the default) or in Redis; a version bumped by one process is seen by all. Readers pay one
indexed query. A national figure is keyed by the sum of every version (it grows with every bump anywhere).

Two families of versions: ``RECORDS`` (``FigureVersion``) moves with every write under a unit; ``OUTCOMES``
(``OutcomeVersion``) only when the KPI facts that decide outcomes are rewritten (``kpis.facts.refresh``: a
release, a re-admission, a completion, a certificate, a start of work), not when an attendance mark changes a
fact's day counts. A figure that reads only those (recidivism, the people released or working) is keyed on
``OUTCOMES`` and stays cached while the registers fill, nationally too.

A figure that is a sum over units (counts of enrolments and attendance days, orders, release cohorts, the
population) is cached per
unit (``summed``): a write recomputes the part of its own unit, and a wide scope adds the parts, so the nation's
figure stays exact and cheap under a steady flow of writes."""

import hashlib
import operator
import secrets
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, ForeignKey, Model, Sum
from django.db.models.signals import post_delete, post_save
from django.utils import translation

from bekal.core.memo import memoised
from bekal.organizations.models import FigureVersion, Organization, OutcomeVersion
from bekal.organizations.scope import UnitScope

T = TypeVar("T")
EPOCH = 0
TIMEOUT = 24 * 3600  # a figure unread for a day leaves the cache; a stale one never serves (its key is retired)
RECORDS: type[Model] = FigureVersion
OUTCOMES: type[Model] = OutcomeVersion
_PENDING = "_bekal_figure_pending"
_UNIT_FIELDS: dict[type[Model], list[str]] = {}
# Rows derived from the records, rewritten in bulk: their writer calls touch() with the units itself.
DERIVED = {"kpis.enrolmentfact", "kpis.releasefact"}
# The catalogue the figures' filters and labels come from: a save bumps the outcome versions too, so that what is
# keyed on them (the dashboard's filter choices) never lists a stale unit, programme, provider or budget year.
CATALOGUE = {"organizations.organization", "training.programme", "training.batch", "training.budgetallocation"}
# The outcome version row that counts the catalogue's saves (no unit has id 0: the records' row 0 holds the epoch).
CATALOGUE_ROW = 0
MANY_UNITS = 50  # more units than this: their versions are read with the whole table's (``_versions``)
_CATALOGUE = UnitScope(everything=False, unit_ids=frozenset({CATALOGUE_ROW}))  # its pending bump, for _mine


def _unit_fields(model: type[Model]) -> list[str]:
    if model not in _UNIT_FIELDS:
        _UNIT_FIELDS[model] = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, ForeignKey) and f.related_model is Organization
        ]
    return _UNIT_FIELDS[model]


def _bump(family: type[Model], unit_ids: Iterable[int]) -> None:
    ids = sorted({int(i) for i in unit_ids})
    if not ids:
        return
    table = connection.ops.quote_name(family._meta.db_table)
    values = ", ".join(["(%s, 1)"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (unit_id, version) VALUES {values} "  # noqa: S608  (the table's own name)
            f"ON CONFLICT (unit_id) DO UPDATE SET version = {table}.version + 1",
            ids,
        )


def flush() -> None:
    """Bump now what this connection's open transaction touched: what its commit does (for tests, whose
    transaction never commits)."""
    _flush()


def _pending() -> dict[type[Model], set[int]]:
    return getattr(connection, _PENDING, {})


def _flush() -> None:
    pending = _pending()
    setattr(connection, _PENDING, {})
    for family in (RECORDS, OUTCOMES):  # always in this order: no deadlock between two writers
        _bump(family, pending.get(family, ()))


def _registered() -> bool:
    return any(entry[1] is _flush for entry in connection.run_on_commit)


def touch(unit_ids: Iterable[int | None], family: type[Model] = RECORDS) -> None:
    """Bump the versions of these units when the current transaction commits (at once outside one)."""
    _defer(family, {int(i) for i in unit_ids if i})


def _defer(family: type[Model], ids: set[int]) -> None:
    if not ids:
        return
    if not connection.in_atomic_block:
        _bump(family, ids)
        return
    if not _registered():
        setattr(connection, _PENDING, {})  # what a rolled-back transaction left is dropped with it
        transaction.on_commit(_flush)
    _pending().setdefault(family, set()).update(ids)


def renew_epoch() -> None:
    """Retire every cached figure (after a load that sent no signal)."""
    FigureVersion.objects.update_or_create(unit_id=EPOCH, defaults={"version": secrets.randbelow(2**62) + 1})


def _record_saved(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
    ids = [getattr(instance, name) for name in _unit_fields(sender)]
    if sender is Organization:  # a unit renamed, moved or added: its own figures and its parent's
        ids.append(instance.pk)
    if sender._meta.label_lower in CATALOGUE:  # and a unit moved to another Kanwil moves its releases by Kanwil
        touch(ids, OUTCOMES)
        _defer(OUTCOMES, {CATALOGUE_ROW})
    touch(ids)


def connect() -> None:
    """Bump on every save and delete of a row that names a unit (called once, from the app's ready()). Connected
    model by model, never for every sender: a receiver on a model makes its bulk deletes send a signal per row."""
    for model in apps.get_models():
        label = model._meta.label_lower
        if (_unit_fields(model) or model is Organization or label in CATALOGUE) and label not in DERIVED:
            uid = label
            post_save.connect(_record_saved, sender=model, dispatch_uid=f"bekal_figure_versions_save_{uid}")
            post_delete.connect(_record_saved, sender=model, dispatch_uid=f"bekal_figure_versions_delete_{uid}")


def catalogue_token(scope: UnitScope) -> str | None:
    """Return the version token of the catalogue (units, programmes, batches, budgets: any save of one) for a
    scope, or None when this connection has saved some of it uncommitted. What is read from the catalogue alone
    (a scope's units and their Kanwils, the nation's filter choices) is keyed on it, not on the outcome facts that
    every certificate moves."""
    if _mine(_CATALOGUE, OUTCOMES):
        return None
    version = memoised(
        ("catalogue",),
        lambda: OUTCOMES._default_manager.filter(unit_id=CATALOGUE_ROW).values_list("version", flat=True).first(),
    )
    units = "all" if scope.everything else _digest(sorted(scope.unit_ids))
    return f"{_epoch()}.cat.{version or 0}.{units}"


def cached_on_catalogue(name: str, scope: UnitScope, parts: Any, compute: Callable[[], T]) -> T:
    """Return ``compute()`` for this scope and parts, cached until the catalogue changes (``catalogue_token``)."""
    return _cached_under(catalogue_token(scope), name, parts, compute)


def _epoch() -> int:
    return memoised(("epoch",), _read_epoch)


def _read_epoch() -> int:
    found = FigureVersion.objects.filter(unit_id=EPOCH).values_list("version", flat=True).first()
    if found is None:
        renew_epoch()
        return _read_epoch()
    return found


def _mine(scope: UnitScope, family: type[Model]) -> bool:
    """Return True when this connection has uncommitted writes in the scope (its figures are read afresh)."""
    pending = _pending().get(family, set())
    if not (pending and connection.in_atomic_block and _registered()):
        return False
    return scope.everything or bool(pending & scope.unit_ids)


def scope_token(scope: UnitScope, family: type[Model] = RECORDS) -> str | None:
    """Return the version token of a scope, or None when this connection has uncommitted writes in it (read it
    afresh, and do not cache what was read)."""
    if _mine(scope, family):
        return None
    return memoised(("token", family, scope), lambda: _read_token(scope, family))


def _read_token(scope: UnitScope, family: type[Model]) -> str:
    epoch = _epoch()
    versions = family._default_manager.exclude(unit_id=EPOCH)
    if scope.everything:
        total = versions.aggregate(s=Sum("version"), n=Count("unit_id"))
        return f"{epoch}.all.{total['s'] or 0}.{total['n']}"
    rows = sorted(versions.filter(unit_id__in=scope.unit_ids).values_list("unit_id", "version"))
    digest = hashlib.sha1(repr((sorted(scope.unit_ids), rows)).encode(), usedforsecurity=False).hexdigest()
    return f"{epoch}.{digest}"


def _digest(parts: Any) -> str:
    key_parts = repr((parts, translation.get_language()))
    return hashlib.sha1(key_parts.encode(), usedforsecurity=False).hexdigest()


def cached(
    name: str,
    scope: UnitScope,
    parts: Any,
    compute: Callable[[], T],
    family: type[Model] = RECORDS,
    *,
    labelled: bool = False,
) -> T:
    """Return ``compute()`` for this scope and these parts (filters, day, ...) from the cache, computed when the
    scope's records (or, for ``OUTCOMES``, its outcome facts) changed since (or never cached); ``parts`` must be a
    repr-stable value. ``labelled``: the figure also shows names from the catalogue (a programme's, a provider's,
    another unit's), which a save outside the scope can change: it is keyed on the catalogue's version too."""
    token = scope_token(scope, family)
    if labelled and token is not None:
        catalogue = catalogue_token(scope)
        token = None if catalogue is None else f"{token}:{catalogue}"
    return _cached_under(token, name, parts, compute)


def _cached_under(token: str | None, name: str, parts: Any, compute: Callable[[], T]) -> T:
    """Return ``compute()`` cached under the figure's name, parts and version token (None: read afresh)."""
    if token is None:
        return compute()
    return _through_cache(f"fig:{name}:{_digest(parts)}:{token}", compute)


def _through_cache(key: str, compute: Callable[[], T]) -> T:
    """Return the cached value under the key, computed and kept when missing."""
    found: T | None = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TIMEOUT)
    return found


def summed(
    name: str,
    unit_ids: Iterable[int],
    parts: Any,
    compute: Callable[[list[int]], dict[int, dict[Any, tuple[Any, ...]]]],
    family: type[Model] = RECORDS,
    scope: UnitScope | None = None,
) -> dict[Any, tuple[Any, ...]]:
    """Return {group: sums} over these units, from each unit's cached part: ``compute(ids)`` returns
    {unit id: {group: tuple of numbers}} for the units asked (one query for all of them) and is asked only for
    the units whose records (or outcome facts: ``family``) changed since their part was cached. Exact because
    every number is a sum over rows that each belong to one unit; a write recomputes its own unit's part, never
    the nation's. ``scope``, a user's scope that holds every unit asked, keys the sum itself (the nation's is one
    aggregate of the versions, not 600 of them)."""
    ids = sorted({int(i) for i in unit_ids})
    asked = UnitScope(everything=False, unit_ids=frozenset(ids))
    if _mine(asked, family):
        return add_parts(compute(ids).values())
    # The sum itself is found from the scope's token too: a read with nothing written since is two small reads
    # (the token's pointer, then the sum), not every unit's version (a national sum holds some 600 parts).
    if (token := scope_token(scope or asked, family)) is None:
        # this connection's own writes in the wider scope, none in these units: the parts hold
        return _summed_parts(name, ids, parts, compute, family)[0]
    quick = f"fig:{name}:{_digest(parts)}:sum:{token}"
    pointer = cache.get(quick)
    if pointer is not None and (total := cache.get(pointer)) is not None:
        return total
    total, pointer = _summed_parts(name, ids, parts, compute, family)
    cache.set(quick, pointer, TIMEOUT)
    return total


Part = dict[Any, tuple[Any, ...]]


def _summed_parts(
    name: str,
    ids: list[int],
    parts: Any,
    compute: Callable[[list[int]], dict[int, Part]],
    family: type[Model],
) -> tuple[Part, str]:
    """Return the sum of the units' parts and the key it is kept under.

    Each unit's part is kept under its own key with the version it was computed at; a sum under a key named by the
    versions of its units (so never overwritten by an older one); and a head that names the last sum made, with
    its versions. A write in one unit recomputes that unit's part, and the new sum is the last one less the unit's
    old part plus its new one (exact: sums of counts): the entries read and written are the sum and the few parts
    that changed, never every unit's part."""
    versions = memoised(("versions", family, tuple(ids)), lambda: _versions(family, ids))
    now = tuple(versions.get(unit, 0) for unit in ids)
    base = f"fig:{name}:{_digest(parts)}:{_epoch()}"
    key = f"{base}:total:{_digest((ids, now))}"
    if (total := cache.get(key)) is not None:
        return total, key
    head: tuple[tuple[int, ...], tuple[int, ...], str] | None = cache.get(f"{base}:head")
    made = _changed_since(base, head, ids, now, compute) if head and head[0] == tuple(ids) else None
    if made is None:  # no sum of these units yet, or a part it was made of is gone: add every unit's part
        found = cache.get_many([_part_key(base, unit) for unit in ids])
        kept: dict[int, Part] = {}
        for unit, v in zip(ids, now, strict=True):
            version, part = found.get(_part_key(base, unit), (None, None))
            if version == v:
                kept[unit] = part
        stale = [unit for unit in ids if unit not in kept]
        fresh = compute(stale) if stale else {}
        total = add_parts([*kept.values(), *fresh.values()])
    else:
        stale, fresh, total = made
    at = dict(zip(ids, now, strict=True))
    cache.set_many({_part_key(base, unit): (at[unit], fresh.get(unit, {})) for unit in stale}, TIMEOUT)
    cache.set(key, total, TIMEOUT)
    cache.set(f"{base}:head", (tuple(ids), now, key), TIMEOUT)
    return total, key


def _part_key(base: str, unit: int) -> str:
    """Return the key of one unit's part of a sum (``base``: the sum's name, parts and epoch)."""
    return f"{base}:unit:{unit}"


def _versions(family: type[Model], ids: list[int]) -> dict[int, int]:
    """Return {unit: version} of these units. For many units, every row is read and the others dropped here: the
    table has one small row per unit (some 700), and binding 600 ids costs more than reading the rest."""
    rows = family._default_manager.values_list("unit_id", "version")
    if len(ids) <= MANY_UNITS:
        return dict(rows.filter(unit_id__in=ids))
    wanted = set(ids)
    return {unit: version for unit, version in rows if unit in wanted}


def _changed_since(
    base: str,
    head: tuple[tuple[int, ...], tuple[int, ...], str],
    ids: list[int],
    now: tuple[int, ...],
    compute: Callable[[list[int]], dict[int, Part]],
) -> tuple[list[int], dict[int, Part], Part] | None:
    """Return (the units changed, their fresh parts, the new sum) from the last sum made (``head``), or None when
    that sum or an old part it was made of is no longer kept (or was overwritten by another version)."""
    stale = [unit for unit, old, new in zip(ids, head[1], now, strict=True) if old != new]
    last: Part | None = cache.get(head[2])
    if last is None:
        return None
    before = cache.get_many([_part_key(base, unit) for unit in stale])
    olds = dict(zip(ids, head[1], strict=True))
    if any(before.get(_part_key(base, unit), (None,))[0] != olds[unit] for unit in stale):
        return None
    fresh = compute(stale) if stale else {}
    minus = [before[_part_key(base, unit)][1] for unit in stale]
    return stale, fresh, add_parts([last, *fresh.values()], minus=minus)


def add_parts(
    parts: Iterable[dict[Any, tuple[Any, ...]]], minus: Iterable[dict[Any, tuple[Any, ...]]] = ()
) -> dict[Any, tuple[Any, ...]]:
    """Return {group: sums} of parts of {group: numbers}, added group by group, less ``minus``; a group left at
    zero everywhere had no rows, so it is dropped, as if never counted (every sum here counts rows: a group with rows
    is never all zero). Tuples added with ``map`` (a national sum regroups some 4,000 groups of a dozen numbers)."""
    out: dict[Any, tuple[Any, ...]] = {}
    for part in parts:
        for group, numbers in part.items():
            found = out.get(group)
            out[group] = tuple(numbers) if found is None else tuple(map(operator.add, found, numbers))
    for part in minus:
        for group, numbers in part.items():
            found = out.get(group)
            less = (0,) * len(numbers) if found is None else found
            out[group] = tuple(map(operator.sub, less, numbers))
    return {group: sums for group, sums in out.items() if any(sums)}


def regrouped(sums: dict[Any, tuple[Any, ...]], group_of: Callable[[Any], Any]) -> dict[Any, tuple[Any, ...]]:
    """Return {group: sums} of a sum's groups gathered under ``group_of(group)`` (a unit's groups under its Kanwil,
    every group under None): one pass, tuples added with ``map``."""
    out: dict[Any, tuple[Any, ...]] = {}
    for group, numbers in sums.items():
        into = group_of(group)
        found = out.get(into)
        out[into] = numbers if found is None else tuple(map(operator.add, found, numbers))
    return out
