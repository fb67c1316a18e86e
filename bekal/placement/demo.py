"""Placement's part of the demo: employers and vacancies around Lapas Kelas IIB Martapura, readiness and to-dos
for the people due for release, a referral and an internship, and placements for people already released.

Written through the services, idempotent: it does nothing once Martapura's employers exist.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.people.models import CustodyPeriod, OffenceCategory
from bekal.placement import services
from bekal.placement.models import (
    AidKind,
    BusinessType,
    ContractType,
    InternshipOutcome,
    OpenTo,
    PartnerStatus,
    PlacementKind,
    ReadinessStatus,
    ReferralStatus,
    ToDoKind,
    ToDoStatus,
    WageBand,
)
from bekal.placement.selectors import _release_q, release_window_days
from bekal.training.classifications import Kbli
from bekal.training.models import Programme

MARTAPURA = "Lapas Kelas IIB Martapura"
# Each employer's KBLI section and the KBJI major group it mostly hires for (industry demand, issue 17).
EMPLOYER_TAGS = {
    "UMKM Mebel Jati Martapura": ("C", "7"),
    "UMKM Hidroponik Belitang Makmur": ("A", "6"),
    "PT Agro Lestari OKU Timur": ("A", "9"),
    "Bengkel Motor Sinar Jaya Baturaja": ("G", "7"),
}
EMPLOYERS = [
    ("UMKM Mebel Jati Martapura", OrganizationKind.UMKM, "16.08", "Mebel dan pertukangan kayu", PartnerStatus.PARTNER),
    ("UMKM Hidroponik Belitang Makmur", OrganizationKind.UMKM, "16.08", "Pertanian hidroponik", PartnerStatus.PARTNER),
    ("PT Agro Lestari OKU Timur", OrganizationKind.EMPLOYER, "16.08", "Perkebunan", PartnerStatus.PARTNER),
    ("Bengkel Motor Sinar Jaya Baturaja", OrganizationKind.UMKM, "16.01", "Perbengkelan", PartnerStatus.PROSPECT),
]


def _employers(actor: Any) -> dict[str, Organization]:
    """Register the demo's employers with their sector tags; return them by name."""
    orgs = {}
    for name, kind, region, sector, status in EMPLOYERS:
        profile = services.employer_create(
            actor=actor,
            name=name,
            kind=kind,
            region=Region.objects.get(pk=region),
            sector=sector,
            kbli=EMPLOYER_TAGS[name][0],
            kbji=EMPLOYER_TAGS[name][1],
            partner_status=status,
            agreement_reference="PKS/015/DISNAKER-OKUT/2025" if status == PartnerStatus.PARTNER else "",
            contact_person="Pemilik usaha" if kind == OrganizationKind.UMKM else "Bagian SDM",
        )
        orgs[name] = profile.organization
    return orgs


def load_demo(*, today: date, users: dict[str, Any]) -> None:
    """Create the placement demo records once."""
    unit = Organization.objects.filter(name=MARTAPURA).first()
    actor = users.get("martapura.bimker")
    if unit is None or actor is None or Organization.objects.filter(name=EMPLOYERS[0][0]).exists():
        return
    orgs = _employers(actor)
    okut = Region.objects.get(pk="16.08")
    # Vacancies must close after the real today, even when the demo is built for an earlier date (tests).
    opens = max(today, timezone.localdate())
    vacancies = [
        services.vacancy_create(
            actor=actor,
            employer=orgs["UMKM Mebel Jati Martapura"],
            region=okut,
            title="Tukang kayu mebel",
            kbli=Kbli.C,
            kbji="7",
            positions=3,
            skills="pertukangan kayu, mebel, finishing",
            wanted_programmes="Skema Tukang Kayu",
            programmes=Programme.objects.filter(name="Pertukangan Kayu WBP"),
            closing_date=opens + timedelta(days=45),
            open_to=OpenTo.FORMER_ONLY,
        ),
        services.vacancy_create(
            actor=actor,
            employer=orgs["UMKM Hidroponik Belitang Makmur"],
            region=okut,
            title="Petani hidroponik",
            kbli=Kbli.A,
            kbji="6",
            positions=2,
            skills="hidroponik, pertanian",
            wanted_programmes="Skema Budidaya Tanaman Hidroponik, Skema Budidaya Sayuran",
            programmes=Programme.objects.filter(name__in=["Hidroponik", "Pertanian Hortikultura"]),
            closing_date=opens + timedelta(days=60),
            open_to=OpenTo.EVERYONE,
        ),
        services.vacancy_create(
            actor=actor,
            employer=orgs["PT Agro Lestari OKU Timur"],
            region=okut,
            title="Pekerja kebun",
            kbli=Kbli.A,
            kbji="9",
            positions=10,
            skills="pertanian, perkebunan",
            closing_date=opens + timedelta(days=30),
            excluded_offences=[OffenceCategory.SEXUAL, OffenceCategory.HOMICIDE],
            open_to=OpenTo.EVERYONE,
        ),
        services.vacancy_create(
            actor=actor,
            employer=orgs["Bengkel Motor Sinar Jaya Baturaja"],
            region=Region.objects.get(pk="16.01"),
            title="Mekanik sepeda motor",
            kbli=Kbli.G,
            kbji="7",
            positions=1,
            skills="teknisi, otomotif",
            wanted_programmes="",
            closing_date=opens + timedelta(days=20),
            excluded_offences=[OffenceCategory.THEFT],
            open_to=OpenTo.FORMER_ONLY,
        ),
    ]
    _readiness(today=today, actor=actor, unit=unit, vacancies=vacancies, employer=orgs["UMKM Mebel Jati Martapura"])
    _placements(today=today, actor=actor, unit=unit, orgs=list(orgs.values()))


def _readiness(*, today: date, actor: Any, unit: Organization, vacancies: list[Any], employer: Organization) -> None:
    until = today + timedelta(days=release_window_days(today))
    due = list(
        CustodyPeriod.objects.current(today)
        .filter(_release_q(today, until), unit=unit)
        .select_related("person")
        .order_by("person__full_name")
    )
    kinds = list(ToDoKind.objects.filter(is_active=True))
    statuses = [ReadinessStatus.READY, ReadinessStatus.NEEDS_SUPPORT, ReadinessStatus.READY, ReadinessStatus.DECLINED]
    for i, period in enumerate(due):
        status = statuses[i % len(statuses)]
        services.readiness_set(
            actor=actor,
            person=period.person,
            status=status,
            declined_reason="Akan bekerja di usaha keluarga" if status == ReadinessStatus.DECLINED else "",
            assessed_on=today - timedelta(days=10),
        )
        # The first items get done, the later ones stay open: a different number for each person.
        done = i % (len(kinds) + 1)
        items = [{"kind": k, "status": ToDoStatus.DONE, "status_date": today - timedelta(days=7)} for k in kinds[:done]]
        if done < len(kinds):
            items.append({"kind": kinds[done], "status": ToDoStatus.IN_PROGRESS, "status_date": today - timedelta(3)})
        services.todo_list_set(actor=actor, person=period.person, items=items)
    if due:
        referral = services.referral_create(
            actor=actor, person=due[0].person, vacancy=vacancies[0], on=today - timedelta(days=5)
        )
        services.referral_move(actor=actor, referral=referral, status=ReferralStatus.INTERVIEW, on=today)
    assimilated = (
        CustodyPeriod.objects.current(today)
        .filter(unit=unit, assimilation_date__lte=today - timedelta(days=20))
        .select_related("person")
        .order_by("person__full_name")
        .first()
    )
    if assimilated is not None:
        services.internship_create(
            actor=actor,
            person=assimilated.person,
            employer=employer,
            start_date=today - timedelta(days=14),
            end_date=today + timedelta(days=46),
            supervisor="Pak Harun (kepala bengkel mebel)",
            outcome=InternshipOutcome.ONGOING,
        )


def _self_employment(orgs: list[Organization]) -> dict[str, Any]:
    """Return a self-employed placement's business: a small shop started with capital aid from Disnaker."""
    disnaker = Organization.objects.filter(kind=OrganizationKind.DISNAKER).order_by("name").first()
    umkm = next((o for o in orgs if o.kind == OrganizationKind.UMKM), None)
    return {
        "business_name": "Warung kelontong",
        "business_type": BusinessType.TRADE,
        "business_sector": Kbli.G,
        "aid_kind": AidKind.CAPITAL if disnaker else "",
        "aid_from": disnaker,
        "aid_value": Decimal("2500000") if disnaker else None,
        "business_partner": umkm,
    }


def _placements(*, today: date, actor: Any, unit: Organization, orgs: list[Organization]) -> None:
    released = list(
        CustodyPeriod.objects.filter(unit=unit, release_date__isnull=False, release_date__lte=today - timedelta(30))
        .select_related("person")
        .order_by("release_date", "id")
    )
    kinds = [PlacementKind.EMPLOYED, PlacementKind.SELF_EMPLOYED, PlacementKind.EMPLOYED, PlacementKind.NOT_WORKING]
    for i, period in enumerate(released):
        if i % 5 == 4:
            continue  # some released people have no placement on record
        kind = kinds[i % len(kinds)]
        assert period.release_date is not None
        start = period.release_date + timedelta(days=21)
        placement = services.placement_create(
            actor=actor,
            person=period.person,
            kind=kind,
            start_date=start,
            employer=orgs[i % len(orgs)] if kind == PlacementKind.EMPLOYED else None,
            position="Pekerja" if kind == PlacementKind.EMPLOYED else "",
            wage_band=WageBand.MINIMUM if kind == PlacementKind.EMPLOYED else "",
            contract_type=ContractType.FIXED_TERM if kind == PlacementKind.EMPLOYED else "",
            **(_self_employment(orgs) if kind == PlacementKind.SELF_EMPLOYED else {}),
        )
        # Follow-ups already past are recorded, except the latest one of every third placement (shown as due).
        past = [f for f in placement.follow_ups.all() if f.due_date <= today]
        for j, follow_up in enumerate(past):
            if i % 3 == 0 and j == len(past) - 1:
                continue
            services.follow_up_record(
                actor=actor,
                follow_up=follow_up,
                done_on=follow_up.due_date,
                still_working=kind != PlacementKind.NOT_WORKING,
            )
