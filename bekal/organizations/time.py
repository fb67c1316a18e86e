"""A unit's own time: its zone is its province's (``Region.time_zone``, UU 31/2009 and Keppres 41/1987), so "today"
and "8 hours in one day" are the unit's day, not Jakarta's. Stored datetimes stay UTC; only the reading of a
date changes.

A rule that refuses a date in the future asks ``unit_today(unit, now)`` with the ``now`` the operation read once.
"""

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format

from bekal.organizations.models import Organization, Region, TimeZone

DEFAULT_ZONE = TimeZone.WIB


def region_zone(region: Region | None) -> ZoneInfo:
    """Return the zone of a region: its own for a province, its province's for a regency or city."""
    province = region if region is None or region.level == Region.Level.PROVINCE else region.parent
    return ZoneInfo((province.time_zone if province is not None else "") or DEFAULT_ZONE)


def unit_zone(unit: Organization | None) -> ZoneInfo:
    """Return the zone a unit lives in: its region's province's, Asia/Jakarta without a region."""
    return region_zone(unit.region if unit is not None and unit.region_id else None)


def unit_now(unit: Organization | None, now: datetime | None = None) -> datetime:
    """Return the instant (now unless given) on the unit's clock."""
    return (now or timezone.now()).astimezone(unit_zone(unit))


def unit_today(unit: Organization | None, now: datetime | None = None) -> date:
    """Return the unit's date at the instant (now unless given)."""
    return unit_now(unit, now).date()


def units_today(units: Iterable[Organization], now: datetime | None = None) -> date:
    """Return the latest of the units' dates: a batch run by several units has reached a day once any of them
    has (the zones only ever differ by a day)."""
    now = now or timezone.now()
    return max((unit_today(u, now) for u in units), default=unit_today(None, now))


def long_date(day: date) -> str:
    """Return the date as a person reads it in the active language (``5 Desember 2026``)."""
    return date_format(day, "j F Y")
