"""What the activity steps share: the periods the people step wrote, the working days, names, provinces and
the organisations a step adds."""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bekal.organizations.models import Organization, OrganizationKind
from bekal.people.models import CustodyPeriod, SupervisionPeriod
from bekal.people.synthetic import FAMILY, MEN
from bekal.training.models import Holiday

if TYPE_CHECKING:
    from bekal.national.generate import Nation

K = OrganizationKind


@dataclass
class Custody:
    id: int
    person: int
    unit: int
    admission: date
    release: date | None
    expected: date | None


@dataclass
class Supervised:
    id: int
    person: int
    unit: int
    kind: str
    start: date
    end: date | None
    officer: int | None


def load_periods(nation: "Nation") -> None:
    """Load the periods the people step wrote (ids, units, dates) once for the later steps."""
    if "custody" in nation.shared:
        return
    nation.shared["custody"] = [
        Custody(*row)
        for row in CustodyPeriod.objects.order_by("id").values_list(
            "id", "person_id", "unit_id", "admission_date", "release_date", "expected_release_date"
        )
    ]
    nation.shared["supervision"] = [
        Supervised(*row)
        for row in SupervisionPeriod.objects.order_by("id").values_list(
            "id", "person_id", "unit_id", "kind", "start_date", "expected_end_date", "officer_id"
        )
    ]


def working_days(start: date, end: date) -> list[date]:
    holidays = set(Holiday.objects.values_list("date", flat=True))
    days, d = [], start
    while d <= end:
        if d.weekday() < 5 and d not in holidays:
            days.append(d)
        d += timedelta(days=1)
    return days


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(MEN)} {rng.choice(FAMILY)}"


def province_of(org: Organization) -> str:
    return org.region.parent_id if org.region and org.region.parent_id else ""


def make_organisations(nation: "Nation", kind: str, label: str, count: int) -> list[Organization]:
    rng = nation.rng
    regencies = [r for rs in nation.regencies.values() for r in rs]
    rows = []
    for i in range(count):
        regency = regencies[i % len(regencies)] if count >= len(regencies) else rng.choice(regencies)
        place = regency.name.replace("Kabupaten ", "").replace("Kota ", "")
        rows.append(Organization(name=f"{label} {place} {i + 1}", kind=kind, region=regency))
    Organization.objects.bulk_create(rows, batch_size=2000)
    made = list(Organization.objects.filter(kind=kind).select_related("region").order_by("id"))
    nation.units[kind] = made
    return made
