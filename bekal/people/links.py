"""Keep each person's unit links (``PersonLink``) equal to what ``people.models.placements`` finds: a unit's people
list then reads one range of the links' index in name order (its first page, its last, a page after a cursor) instead of
gathering the unit's every person to sort them, so it costs the same whatever the unit's size (issue 18).

A person's links are rewritten whole from the four records that place them at a unit (their registration, custody
periods, supervision periods, hand-overs), on every save or delete of one of them and on a change of their name;
inside ``deferred()`` (a bulk load through the services, ``core.registry.bulk_write_contexts``), once per person at
the block's end. Bulk paths that send no signals (``bulk_create``, ``update``, COPY) call ``refresh`` or ``rebuild``
themselves (the SDP import, the national generator, the retention of old records). ``differences`` compares the
stored links with a rebuild (the tests of each of those paths, and of the demo, call it).
"""

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from bekal.core.gathered import Gathered
from bekal.people.models import CustodyPeriod, HandOver, Person, PersonLink, SupervisionPeriod, placements

CHUNK = 500  # people per statement when naming them
COLUMNS = ("person_id", "unit_id", "full_name", "search_name")


def _insert(person_ids: list[int] | None) -> None:
    """INSERT the links of these people (everyone's with None) SELECTed from their records: no row passes through
    Python."""
    pairs = placements(person_ids=person_ids, keep=("person", "unit"))
    sql, params = pairs.query.sql_with_params()
    quote = connection.ops.quote_name
    table, person = quote(PersonLink._meta.db_table), quote(Person._meta.db_table)
    names = ", ".join(quote(c) for c in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT x.id, x.registered_unit_id, p.full_name, p.search_name "  # noqa: S608
            f"FROM ({sql}) x JOIN {person} p ON p.id = x.id",
            params,
        )


def refresh(person_ids: Iterable[int]) -> None:
    """Rewrite the links of these people from their records."""
    every = sorted(set(person_ids))
    with transaction.atomic():
        for start in range(0, len(every), CHUNK):
            chunk = every[start : start + CHUNK]
            PersonLink.objects.filter(person_id__in=chunk).delete()
            _insert(chunk)


def rebuild() -> int:
    """Rewrite every link from the records (after a bulk load); return the rows written."""
    with transaction.atomic():
        PersonLink.objects.all().delete()
        _insert(None)
    return PersonLink.objects.count()


def differences() -> list[str]:
    """Return what differs between the stored links and the links the records give now (empty: exact)."""
    stored = set(PersonLink.objects.values_list(*COLUMNS))
    with transaction.atomic():
        rebuild()
        fresh = set(PersonLink.objects.values_list(*COLUMNS))
        transaction.set_rollback(True)
    out = [f"link stored {row}" for row in sorted(stored - fresh)]
    return out + [f"link missing {row}" for row in sorted(fresh - stored)]


# Keeping them exact: signals of the records the links come from --------------------------------------------------

# Saves inside ``deferred()`` gather their people; the links of each are rewritten once when the block ends.
_GATHERED = Gathered("bekal_person_links_pending", refresh)
deferred = _GATHERED.deferred
touch = _GATHERED.touch


# The fields a link reads, per record: a save naming only others (a period's release date, a person's phone)
# rewrites nothing.
READ_FIELDS = {
    Person: {"full_name", "other_names", "search_name", "registered_unit"},
    CustodyPeriod: {"person", "unit"},
    SupervisionPeriod: {"person", "unit"},
    HandOver: {"person", "bapas"},
}


def _saved(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if update_fields is None or any(name.removesuffix("_id") in READ_FIELDS[sender] for name in update_fields):
        touch([instance.pk if sender is Person else instance.person_id])


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if sender is not Person:  # a person's own links go with them (CASCADE)
        touch([instance.person_id])


def connect() -> None:
    """Connect the signals that keep the links exact (called once, from the app's ready())."""
    for model in READ_FIELDS:
        post_save.connect(_saved, sender=model, dispatch_uid=f"person_links_{model.__name__}_save")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"person_links_{model.__name__}_delete")
