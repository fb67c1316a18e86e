"""Demo data built from the three source stories (DOMAIN.md): the units, partners, users and a few dozen
invented people with NIKs that validate. Idempotent: running it twice changes nothing.

Every person and period is written through the same services as the pages, so the audit trail fills too.
"""

import random
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from bekal.accounts.demo import DEMO_PASSWORD
from bekal.accounts.models import Role, User, UserRole
from bekal.core import registry
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.people import services as people_services
from bekal.people.models import Education, OffenceCategory, Person, RegisterClass, ReleaseReason, SupervisionKind
from bekal.people.synthetic import FAMILY, MEN, WOMEN, synthetic_nik

K = OrganizationKind


@dataclass(frozen=True)
class DemoUser:
    username: str
    name: str
    org: str
    roles: tuple[str, ...]
    staff: bool = False


ORGS: list[dict[str, Any]] = [
    {"key": "ditjenpas", "name": "Direktorat Jenderal Pemasyarakatan", "kind": K.DITJENPAS},
    {
        "key": "kanwil_sumsel",
        "name": "Kanwil Ditjenpas Sumatera Selatan",
        "kind": K.KANWIL,
        "parent": "ditjenpas",
        "region": "16",
        "address": "Jl. Jenderal Sudirman, Palembang",
    },
    {
        "key": "kanwil_lampung",
        "name": "Kanwil Ditjenpas Lampung",
        "kind": K.KANWIL,
        "parent": "ditjenpas",
        "region": "18",
        "address": "Jl. Wolter Monginsidi, Bandar Lampung",
    },
    {
        "key": "bapas_muratara",
        "name": "Bapas Kelas II Musi Rawas Utara",
        "kind": K.BAPAS,
        "parent": "kanwil_sumsel",
        "region": "16.13",
        "unit_class": "II",
        "address": "Rupit, Musi Rawas Utara",
    },
    {
        "key": "lapas_martapura",
        "name": "Lapas Kelas IIB Martapura",
        "kind": K.LAPAS,
        "parent": "kanwil_sumsel",
        "region": "16.08",
        "unit_class": "IIB",
        "address": "Martapura, Ogan Komering Ulu Timur",
    },
    {
        "key": "lapas_bdl",
        "name": "Lapas Narkotika Kelas IIA Bandar Lampung",
        "kind": K.LAPAS,
        "parent": "kanwil_lampung",
        "region": "18.71",
        "unit_class": "IIA",
        "address": "Way Hui, Bandar Lampung",
    },
    {
        "key": "blk_llg",
        "name": "UPTD BLK Lubuklinggau",
        "kind": K.BLK,
        "region": "16.73",
        "address": "Lubuklinggau",
        "contact_person": "Kepala UPTD BLK Lubuklinggau",
        "covered": ["16.05", "16.13", "16.73"],
    },
    {
        "key": "blk_bdl",
        "name": "UPTD BLK Bandar Lampung",
        "kind": K.BLK,
        "region": "18.71",
        "address": "Bandar Lampung",
        "covered": ["18.71"],
    },
    {
        "key": "disnaker_okut",
        "name": "Dinas Tenaga Kerja Kabupaten Ogan Komering Ulu Timur",
        "kind": K.DISNAKER,
        "region": "16.08",
        "address": "Martapura, Ogan Komering Ulu Timur",
    },
    {
        "key": "kodim_llg",
        "name": "Kodim 0406/Lubuklinggau",
        "kind": K.KODIM,
        "region": "16.73",
        "address": "Lubuklinggau (wilayah Musi Rawas, Musi Rawas Utara, Lubuklinggau)",
        "covered": ["16.05", "16.13", "16.73"],
    },
]

USERS = [
    DemoUser("admin", "Admin Sistem", "ditjenpas", (Role.SYSTEM_ADMIN,), staff=True),
    DemoUser("ditjenpas", "Analis Ditjenpas", "ditjenpas", (Role.NATIONAL_VIEWER,)),
    DemoUser("kanwil.sumsel", "Staf Kanwil Sumsel", "kanwil_sumsel", (Role.REGIONAL_VIEWER,)),
    DemoUser("kanwil.lampung", "Staf Kanwil Lampung", "kanwil_lampung", (Role.REGIONAL_VIEWER,)),
    # Keeps the organisations of Sumatera Selatan (organizations README "Keeping the directory").
    DemoUser("kanwil.admin", "Admin Kanwil Sumsel", "kanwil_sumsel", (Role.UNIT_ADMIN,)),
    DemoUser("martapura.bimker", "Rina Kasubsi Bimker", "lapas_martapura", (Role.TRAINING_OFFICER,)),
    DemoUser("martapura.kalapas", "Kalapas Martapura", "lapas_martapura", (Role.HEAD_OF_UNIT,)),
    DemoUser("martapura.admin", "Admin Lapas Martapura", "lapas_martapura", (Role.UNIT_ADMIN,)),
    DemoUser("bdl.bimker", "Kasi Giatja Bandar Lampung", "lapas_bdl", (Role.TRAINING_OFFICER,)),
    DemoUser("bdl.kalapas", "Kalapas Narkotika Bandar Lampung", "lapas_bdl", (Role.HEAD_OF_UNIT,)),
    DemoUser("muratara.pk", "Yusuf PK Muratara", "bapas_muratara", (Role.PROBATION_OFFICER,)),
    DemoUser("muratara.pk2", "Sari PK Muratara", "bapas_muratara", (Role.PROBATION_OFFICER,)),
    DemoUser("muratara.kabapas", "Kabapas Muratara", "bapas_muratara", (Role.HEAD_OF_UNIT,)),
    DemoUser("muratara.admin", "Admin Bapas Muratara", "bapas_muratara", (Role.UNIT_ADMIN,)),
    DemoUser("blk.lubuklinggau", "Instruktur BLK Lubuklinggau", "blk_llg", (Role.PARTNER_STAFF,)),
    DemoUser("blk.bandarlampung", "Staf BLK Bandar Lampung", "blk_bdl", (Role.PARTNER_STAFF,)),
    DemoUser("disnaker.okutimur", "Staf Disnaker OKU Timur", "disnaker_okut", (Role.PARTNER_STAFF,)),
]


def _orgs() -> dict[str, Organization]:
    out: dict[str, Organization] = {}
    for spec in ORGS:
        values = {
            "parent": out.get(spec.get("parent", "")),
            "region_id": spec.get("region"),
            "unit_class": spec.get("unit_class", ""),
            "address": spec.get("address", ""),
            "contact_person": spec.get("contact_person", ""),
        }
        org, _created = Organization.objects.update_or_create(name=spec["name"], kind=spec["kind"], defaults=values)
        if spec.get("covered"):
            # The regencies a partner serves (its organisation page, issue 15 item 2).
            org.covered_regions.set(spec["covered"])
        out[spec["key"]] = org
    return out


def _users(orgs: dict[str, Organization]) -> dict[str, User]:
    out = {}
    # One hash for every demo user: hashing is deliberately slow, and they all share the published password.
    password = make_password(DEMO_PASSWORD)
    for spec in USERS:
        first, _sep, last = spec.name.partition(" ")
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={"first_name": first, "last_name": last, "organization": orgs[spec.org]},
        )
        if created:
            user.password = password
            user.is_staff = user.is_superuser = spec.staff
            user.save()
        for role in spec.roles:
            UserRole.objects.get_or_create(user=user, role=role)
        user.__dict__.pop("roles", None)
        out[spec.username] = user
    return out


def _person(
    rng: random.Random, *, actor: User, unit: Organization, home: Region, female: bool, born_between: tuple[int, int]
) -> Person:
    for _attempt in range(20):
        first = rng.choice(WOMEN if female else MEN)
        name = f"{first} {rng.choice(FAMILY)}"
        birth = date(rng.randint(*born_between), rng.randint(1, 12), rng.randint(1, 28))
        if not Person.objects.filter(search_name=name.lower(), birth_date=birth).exists():
            break
    with_nik = rng.random() < 0.85  # some inmates have no NIK on record (LEGAL.md, "Identity")
    return people_services.person_create(
        actor=actor,
        unit=unit,
        full_name=name,
        birth_date=birth,
        sex="F" if female else "M",
        nik=synthetic_nik(rng, region=home, birth=birth, female=female) if with_nik else None,
        education=rng.choice([Education.SD, Education.SMP, Education.SMP, Education.SMA, Education.SMK]),
        home_region=home,
        phone=f"08{rng.randint(1100000000, 1399999999)}",
    )


def _custody_people(
    rng: random.Random,
    *,
    actor: User,
    unit: Organization,
    homes: list[Region],
    count: int,
    prefix: str,
    offences: list[str],
    today: date,
) -> None:
    for i in range(count):
        person = _person(
            rng, actor=actor, unit=unit, home=rng.choice(homes), female=rng.random() < 0.12, born_between=(1970, 2003)
        )
        admission = today - timedelta(days=rng.randint(120, 1500))
        years, months = rng.choice([(1, 0), (1, 6), (2, 0), (3, 0), (4, 6), (5, 0), (6, 0), (0, 10)])
        period = people_services.custody_period_create(
            actor=actor,
            person=person,
            unit=unit,
            register_number=f"{prefix}.{admission.year}/{i + 1:04d}",
            register_class=RegisterClass.BI if years >= 1 else RegisterClass.BIIA,
            admission_date=admission,
            offence_category=rng.choice(offences),
            sentence_years=years,
            sentence_months=months,
            sentence_days=0,
        )
        # Whoever has passed their parole date by now has been released on parole, the rest served in full.
        if period.parole_date and period.parole_date < today and rng.random() < 0.5:
            people_services.custody_period_release(
                actor=actor, period=period, release_date=period.parole_date, release_reason=ReleaseReason.PAROLE
            )
        elif period.expected_release_date and period.expected_release_date < today:
            people_services.custody_period_release(
                actor=actor,
                period=period,
                release_date=period.expected_release_date,
                release_reason=ReleaseReason.SENTENCE_SERVED,
            )


def _bapas_clients(
    rng: random.Random, *, actor: User, unit: Organization, officers: list[User], homes: list[Region], today: date
) -> None:
    kinds = (
        [SupervisionKind.PAROLE] * 4
        + [SupervisionKind.CONDITIONAL_LEAVE] * 2
        + [SupervisionKind.COMMUNITY_SERVICE] * 4
        + [SupervisionKind.SUPERVISION_SENTENCE] * 2
    )
    for i, kind in enumerate(kinds):
        person = _person(
            rng, actor=actor, unit=unit, home=rng.choice(homes), female=rng.random() < 0.2, born_between=(1975, 2005)
        )
        start = max(date(2026, 1, 5), today - timedelta(days=rng.randint(20, 300)))
        length = {SupervisionKind.COMMUNITY_SERVICE: 180, SupervisionKind.SUPERVISION_SENTENCE: 365}.get(kind, 540)
        people_services.supervision_period_create(
            actor=actor,
            person=person,
            unit=unit,
            kind=kind,
            officer=officers[i % len(officers)],
            start_date=start,
            expected_end_date=start + timedelta(days=length),
        )


@transaction.atomic
def load_demo(*, today: date) -> dict[str, User]:
    """Create the demo units, users and people; return the users by username."""
    with ExitStack() as stack:
        for context in registry.bulk_write_contexts:
            stack.enter_context(context())
        return _load_demo(today=today)


def _load_demo(*, today: date) -> dict[str, User]:
    orgs = _orgs()
    users = _users(orgs)
    admin = users["admin"]
    rng = random.Random(2026)  # noqa: S311 - reproducible demo data, not security
    regions = {
        r.code: r for r in Region.objects.filter(code__startswith="16.") | Region.objects.filter(code__startswith="18.")
    }
    if not Person.objects.filter(registered_unit=orgs["lapas_martapura"]).exists():
        _custody_people(
            rng,
            actor=admin,
            unit=orgs["lapas_martapura"],
            homes=[regions["16.08"], regions["16.01"], regions["16.09"]],
            count=24,
            prefix="BI.MTP",
            offences=[c.value for c in OffenceCategory][:6],
            today=today,
        )
    if not Person.objects.filter(registered_unit=orgs["lapas_bdl"]).exists():
        _custody_people(
            rng,
            actor=admin,
            unit=orgs["lapas_bdl"],
            homes=[regions["18.71"], regions["18.01"], regions["18.02"]],
            count=14,
            prefix="BI.NBL",
            offences=[OffenceCategory.NARCOTICS],
            today=today,
        )
    if not Person.objects.filter(registered_unit=orgs["bapas_muratara"]).exists():
        _bapas_clients(
            rng,
            actor=admin,
            unit=orgs["bapas_muratara"],
            officers=[users["muratara.pk"], users["muratara.pk2"]],
            homes=[regions["16.13"], regions["16.11"], regions["16.73"]],
            today=today,
        )
    for loader in registry.demo_loaders:
        loader(today=today, users=users)
    return users


def demo_logins() -> list[tuple[str, str, str]]:
    """Return (username, organisation, roles) for every demo user, for printing."""
    orgs = {spec["key"]: spec["name"] for spec in ORGS}
    return [(u.username, orgs[u.org], ", ".join(str(Role(r).label) for r in u.roles)) for u in USERS]
