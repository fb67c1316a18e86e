"""Outcomes' part of the demo: people released from Lapas Kelas IIB Martapura in 2022-2024, some placed in work,
some re-admitted later, and one new record that may be an earlier inmate (left in the identity review queue).

The release years are old enough for 1-, 2- and 3-year follow-up; placed and not placed people return at different
rates so the split shows. Written through the people and placement services; idempotent.
"""

import random
from datetime import date, timedelta
from typing import Any

from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.people import services as people_services
from bekal.people.models import CustodyPeriod, Education, OffenceCategory, RegisterClass, ReleaseReason
from bekal.placement import services as placement_services
from bekal.placement.models import ContractType, PlacementEndReason, PlacementKind, WageBand

MARTAPURA = "Lapas Kelas IIB Martapura"
PREFIX = "BI.MTP.R"
# (name, born, released, placed, days until re-admission or None)
HISTORY: list[tuple[str, date, date, bool, int | None]] = [
    ("Ahmad Fauzi", date(1988, 3, 14), date(2022, 2, 10), True, None),
    ("Bambang Irawan", date(1985, 7, 2), date(2022, 4, 22), True, 500),
    ("Candra Wijaya", date(1992, 11, 9), date(2022, 6, 5), False, 200),
    ("Darmawan Putra", date(1990, 1, 25), date(2022, 8, 17), False, None),
    ("Edi Kusnadi", date(1983, 5, 30), date(2022, 10, 3), False, 900),
    ("Fikri Maulana", date(1996, 9, 12), date(2023, 1, 20), True, None),
    ("Gilang Ramadhan", date(1994, 2, 8), date(2023, 3, 15), True, 250),
    ("Hasan Basri", date(1979, 12, 1), date(2023, 5, 9), False, 120),
    ("Imam Syafii", date(1987, 6, 18), date(2023, 7, 4), False, 600),
    ("Junaidi Hamzah", date(1991, 4, 27), date(2023, 9, 28), True, None),
    ("Kurnia Sandi", date(1993, 8, 6), date(2023, 11, 11), False, None),
    ("Lukman Hakim", date(1986, 10, 21), date(2024, 1, 16), True, None),
    ("Mulyadi Saputra", date(1989, 3, 3), date(2024, 3, 30), False, 90),
    ("Nanang Kosim", date(1995, 12, 24), date(2024, 6, 12), True, None),
    ("Oki Prasetyo", date(1997, 7, 7), date(2024, 8, 8), False, 300),
    ("Parman Sitorus", date(1984, 2, 19), date(2024, 10, 2), False, None),
]
UNCERTAIN = "Kurnia Sandi"  # a second record under this name and birth date, with no NIK, admitted in 2025


def _nik(rng: random.Random, *, region: Region, born: date) -> str:
    """Return a NIK that validates for a man born on the date in the regency (LEGAL.md, "Identity")."""
    district, serial = rng.randint(1, 12), rng.randint(1, 9999)
    return f"{region.code.replace('.', '')}{district:02d}{born:%d%m%y}{serial:04d}"


def load_demo(*, today: date, users: dict[str, Any]) -> None:
    """Create the outcome demo records once."""
    unit = Organization.objects.filter(name=MARTAPURA).first()
    actor, officer = users.get("admin"), users.get("martapura.bimker")
    if unit is None or actor is None or officer is None:
        return
    if CustodyPeriod.objects.filter(register_number__startswith=PREFIX).exists():
        return
    rng = random.Random(5)  # noqa: S311 - reproducible demo data, not security
    home = Region.objects.get(pk="16.08")
    employers = list(Organization.objects.filter(kind__in=[OrganizationKind.UMKM, OrganizationKind.EMPLOYER]))
    for i, (name, born, released, placed, back_after) in enumerate(HISTORY):
        person = people_services.person_create(
            actor=actor,
            unit=unit,
            full_name=name,
            birth_date=born,
            sex="M",
            nik=_nik(rng, region=home, born=born),
            education=Education.SMP,
            home_region=home,
        )
        period = people_services.custody_period_create(
            actor=actor,
            person=person,
            unit=unit,
            register_number=f"{PREFIX}/{i + 1:04d}",
            register_class=RegisterClass.BI,
            admission_date=released - timedelta(days=540),
            offence_category=rng.choice([OffenceCategory.THEFT, OffenceCategory.NARCOTICS, OffenceCategory.FRAUD]),
            sentence_years=1,
            sentence_months=6,
            expected_release_date=released,
        )
        people_services.custody_period_release(
            actor=actor, period=period, release_date=released, release_reason=ReleaseReason.SENTENCE_SERVED
        )
        back = released + timedelta(days=back_after) if back_after is not None else None
        if placed and employers:
            _place(
                actor=officer,
                person=person,
                start=released + timedelta(days=30),
                until=back,
                today=today,
                employer=employers[i % len(employers)],
            )
        if back is not None and back <= today:
            _readmit(
                actor=actor, person=person, unit=unit, admitted=back, today=today, number=f"{PREFIX}/{i + 101:04d}"
            )
    first = next(h for h in HISTORY if h[0] == UNCERTAIN)
    twin = people_services.person_create(
        actor=actor,
        unit=unit,
        full_name=first[0],
        birth_date=first[1],
        sex="M",
        nik=None,
        home_region=home,
        confirm_new=True,
    )
    _readmit(actor=actor, person=twin, unit=unit, admitted=date(2025, 2, 3), today=today, number=f"{PREFIX}/0200")


def _place(*, actor: Any, person: Any, start: date, until: date | None, today: date, employer: Organization) -> None:
    placement = placement_services.placement_create(
        actor=actor,
        person=person,
        kind=PlacementKind.EMPLOYED,
        start_date=start,
        employer=employer,
        position="Pekerja",
        wage_band=WageBand.MINIMUM,
        contract_type=ContractType.FIXED_TERM,
    )
    if until is not None and until <= today:
        placement_services.placement_end(
            actor=actor, placement=placement, ended_on=until, end_reason=PlacementEndReason.RE_ADMITTED
        )
    for follow_up in placement.follow_ups.filter(due_date__lte=today):
        placement_services.follow_up_record(
            actor=actor, follow_up=follow_up, done_on=follow_up.due_date, still_working=True
        )


def _readmit(*, actor: Any, person: Any, unit: Organization, admitted: date, today: date, number: str) -> None:
    period = people_services.custody_period_create(
        actor=actor,
        person=person,
        unit=unit,
        register_number=number,
        register_class=RegisterClass.BI,
        admission_date=admitted,
        offence_category=OffenceCategory.THEFT,
        sentence_years=1,
    )
    if period.expected_release_date and period.expected_release_date <= today:
        people_services.custody_period_release(
            actor=actor,
            period=period,
            release_date=period.expected_release_date,
            release_reason=ReleaseReason.SENTENCE_SERVED,
        )
