"""A synthetic nation, deterministic for a seed, scale and anchor date (issue: national scale).

At scale 1: 38 Kanwil, 374 Lapas, 162 Rutan, 94 Bapas, 300 BLK and other partners, 400,000 people over five years
with custody and supervision periods and re-admissions. Integration dates use the same arithmetic as the services.
Later modules add their part as a step function registered in ``STEPS``.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from bekal.accounts.models import Role, User, UserRole
from bekal.core.bulk import bulk_insert, next_id, reset_sequence
from bekal.kpis import facts as kpi_facts
from bekal.national.activity.certification import certification
from bekal.national.activity.community_service import community_service
from bekal.national.activity.placement import placement
from bekal.national.activity.training import training
from bekal.national.models import GeneratedDataset
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.people import links as person_links
from bekal.people.models import (
    CustodyPeriod,
    Education,
    OffenceCategory,
    Person,
    RegisterClass,
    SupervisionKind,
    SupervisionPeriod,
    normalise_name,
)
from bekal.people.nik_store import nik_digest, nik_encrypt
from bekal.people.services import CUSTODY_FIELDS, IntegrationRules, integration_dates, integration_rules
from bekal.people.synthetic import FAMILY, MEN, WOMEN, synthetic_nik

K = OrganizationKind
BENCH_PASSWORD = "bekal-bench"  # noqa: S105 - published password of the generated benchmark users
UNIT_COUNTS = {K.LAPAS: 374, K.RUTAN: 162, K.BAPAS: 94, K.BLK: 300, K.DISNAKER: 150, K.LSP: 60}
PEOPLE = 400_000
YEARS = 5

OFFENCES = [c.value for c in OffenceCategory]
OFFENCE_WEIGHTS = [40, 15, 8, 8, 3, 5, 3, 4, 2, 4, 8]
EDUCATION = [e.value for e in Education]


@dataclass
class Nation:
    """What the steps share: the random source, the anchor date, and the ids made so far."""

    rng: random.Random
    today: date
    scale: float
    provinces: list[Region]
    regencies: dict[str, list[Region]]
    units: dict[str, list[Organization]] = field(default_factory=dict)
    kanwil_by_province: dict[str, Organization] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    log: Callable[[str], None] = print
    shared: dict[str, Any] = field(default_factory=dict)  # what one step hands to a later one
    _by_province: dict[tuple[str, str], list[Organization]] = field(default_factory=dict)

    def scaled(self, n: int) -> int:
        return max(1, round(n * self.scale))

    def units_in(self, kind: str, province: str) -> list[Organization]:
        """Return the units of the kind in the province (all of the kind when the province has none); cached."""
        key = (kind, province)
        if key not in self._by_province:
            here = [u for u in self.units[kind] if u.region and u.region.parent_id == province]
            self._by_province[key] = here or self.units[kind]
        return self._by_province[key]


def _organizations(nation: Nation) -> None:
    ditjenpas, _ = Organization.objects.get_or_create(name="Direktorat Jenderal Pemasyarakatan", kind=K.DITJENPAS)
    kanwils = [
        Organization(name=f"Kanwil Ditjenpas {p.name}", kind=K.KANWIL, parent=ditjenpas, region=p)
        for p in nation.provinces
    ]
    Organization.objects.bulk_create(kanwils)
    kanwils = list(Organization.objects.filter(kind=K.KANWIL).select_related("region"))
    nation.kanwil_by_province = {k.region_id: k for k in kanwils if k.region_id}
    rng = nation.rng
    all_regencies = [r for rs in nation.regencies.values() for r in rs]
    rows = []
    for kind, count in UNIT_COUNTS.items():
        for i in range(count):
            regency = all_regencies[(i * 7919 + len(kind)) % len(all_regencies)]
            label = {
                K.LAPAS: "Lapas",
                K.RUTAN: "Rutan",
                K.BAPAS: "Bapas",
                K.BLK: "UPTD BLK",
                K.DISNAKER: "Disnaker",
                K.LSP: "LSP",
            }[kind]
            parent = nation.kanwil_by_province[regency.parent_id or ""] if kind in K.correctional_units() else None
            unit_class = rng.choice(["I", "IIA", "IIB", "III"]) if kind in (K.LAPAS, K.RUTAN) else ""
            rows.append(
                Organization(
                    name=f"{label} {regency.name.replace('Kabupaten ', '').replace('Kota ', '')} {i + 1}",
                    kind=kind,
                    parent=parent,
                    region=regency,
                    unit_class=unit_class,
                )
            )
    Organization.objects.bulk_create(rows, batch_size=2000)
    for kind in UNIT_COUNTS:
        nation.units[kind] = list(Organization.objects.filter(kind=kind).select_related("region"))
    nation.units[K.KANWIL] = kanwils
    nation.counts["organizations"] = Organization.objects.count()
    nation.log(f"organisations: {nation.counts['organizations']}")


def _users(nation: Nation) -> None:
    password = make_password(BENCH_PASSWORD)
    first_id = next_id(User)
    users: list[tuple[Any, ...]] = []
    roles: list[tuple[int, str]] = []
    now = timezone.now()

    def add(username: str, org: Organization, *granted: str) -> None:
        uid = first_id + len(users)
        users.append((uid, password, False, username, "Bench", username, "", False, True, now, org.id, ""))
        roles.extend((uid, r) for r in granted)

    ditjenpas = Organization.objects.get(kind=K.DITJENPAS)
    add("bench.national", ditjenpas, Role.NATIONAL_VIEWER)
    add("bench.admin", ditjenpas, Role.SYSTEM_ADMIN)
    for k in nation.units[K.KANWIL]:
        add(f"bench.kanwil.{k.region_id}", k, Role.REGIONAL_VIEWER)
    for kind in (K.LAPAS, K.RUTAN):
        for u in nation.units[kind]:
            add(f"bench.officer.{u.id}", u, Role.TRAINING_OFFICER)
            add(f"bench.head.{u.id}", u, Role.HEAD_OF_UNIT)
    for u in nation.units[K.BAPAS]:
        for n in range(3):
            add(f"bench.pk.{u.id}.{n}", u, Role.PROBATION_OFFICER)
        add(f"bench.head.{u.id}", u, Role.HEAD_OF_UNIT)
    for u in nation.units[K.BLK]:
        add(f"bench.partner.{u.id}", u, Role.PARTNER_STAFF)
    fields = [
        "id",
        "password",
        "is_superuser",
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
        "date_joined",
        "organization",
        "job_title",
    ]
    bulk_insert(User, fields, users)
    reset_sequence(User)
    bulk_insert(UserRole, ["user", "role"], roles)
    reset_sequence(UserRole)
    nation.counts["users"] = len(users)
    nation.log(f"users: {len(users)} (password '{BENCH_PASSWORD}')")


def _nik(rng: random.Random, regency: Region, birth: date, female: bool, used: set[str]) -> str:
    while True:
        nik = synthetic_nik(rng, region=regency, birth=birth, female=female, districts=40)
        if nik not in used:
            used.add(nik)
            return nik


def _sentence(rng: random.Random) -> tuple[int, int]:
    """Return (years, months): most sentences are short, narcotics and violence reach far longer."""
    months = int(min(240, max(3, rng.lognormvariate(3.1, 0.7))))
    return months // 12, months % 12


@dataclass
class _PeopleRows:
    """What the people step shares between its parts: the rules and span of the five years, the PKs of each
    Bapas, the rows written at its end and the next id of each table."""

    rules: IntegrationRules
    start: date
    now: datetime
    pk_users: dict[int, list[int]]
    person_id: int
    custody_id: int
    supervision_id: int
    used_nik: set[str] = field(default_factory=set)
    people: list[tuple[Any, ...]] = field(default_factory=list)
    custody: list[tuple[Any, ...]] = field(default_factory=list)
    supervision: list[tuple[Any, ...]] = field(default_factory=list)


def _people(nation: Nation) -> None:
    """People over five years: an eighth only under a Bapas (community service or a supervision sentence), the
    rest in custody, some released on parole, some admitted again after release."""
    today = nation.today
    pk_users: dict[int, list[int]] = {}
    for uid, org in UserRole.objects.filter(role=Role.PROBATION_OFFICER).values_list("user_id", "user__organization"):
        pk_users.setdefault(org, []).append(uid)
    rows = _PeopleRows(
        rules=integration_rules(today),
        start=today - timedelta(days=365 * YEARS),
        now=timezone.now(),
        pk_users=pk_users,
        person_id=next_id(Person),
        custody_id=next_id(CustodyPeriod),
        supervision_id=next_id(SupervisionPeriod),
    )
    total = nation.scaled(PEOPLE)
    for n in range(total):
        _person(nation, rows)
        rows.person_id += 1
        if (n + 1) % 50_000 == 0:
            nation.log(f"people: {n + 1:,} of {total:,}")
    _write_people(nation, rows)
    nation.log(
        f"people: {nation.counts['people']:,}, custody periods: {nation.counts['custody_periods']:,}, "
        f"supervision periods: {nation.counts['supervision_periods']:,}"
    )


def _person(nation: Nation, rows: _PeopleRows) -> None:
    """Add one person registered at a unit of their home province, with their periods."""
    rng = nation.rng
    province = rng.choice(nation.provinces)
    home = rng.choice(nation.regencies[province.code])
    female = rng.random() < 0.07
    birth = date(rng.randint(1960, 2006), rng.randint(1, 12), rng.randint(1, 28))
    name = f"{rng.choice(WOMEN if female else MEN)} {rng.choice(FAMILY)} {rng.choice(FAMILY)}"
    nik = _nik(rng, home, birth, female, rows.used_nik) if rng.random() < 0.88 else None
    community_only = rng.random() < 0.125
    kind = K.BAPAS if community_only else (K.LAPAS if rng.random() < 0.7 else K.RUTAN)
    unit = rng.choice(nation.units_in(kind, province.code))
    rows.people.append(
        (
            rows.person_id,
            name,
            "",
            normalise_name(name),
            nik_encrypt(nik) if nik else None,  # stored encrypted and found by its keyed hash, as the model does
            nik_digest(nik) if nik else None,
            birth,
            "F" if female else "M",
            rng.choice(EDUCATION),
            home.code,
            "",
            unit.id,
            rows.now,
            rows.now,
        )
    )
    if community_only:
        _client(nation, rows, unit)
    else:
        _inmate(nation, rows, unit, province)


def _client(nation: Nation, rows: _PeopleRows, unit: Organization) -> None:
    """Add a supervision under the Bapas alone: community service (180 days) or a supervision sentence (a year)."""
    rng, today = nation.rng, nation.today
    begin = today - timedelta(days=rng.randint(0, 330))
    supervision_kind = SupervisionKind.COMMUNITY_SERVICE if rng.random() < 0.8 else SupervisionKind.SUPERVISION_SENTENCE
    length = 180 if supervision_kind == SupervisionKind.COMMUNITY_SERVICE else 365
    end = begin + timedelta(days=length)
    ended = end if end < today else None
    officer = rng.choice(rows.pk_users.get(unit.id, [None]))
    rows.supervision.append(
        (
            rows.supervision_id,
            rows.person_id,
            unit.id,
            supervision_kind,
            officer,
            begin,
            end,
            ended,
            "completed" if ended else "",
            rows.now,
        )
    )
    rows.supervision_id += 1


def _inmate(nation: Nation, rows: _PeopleRows, unit: Organization, province: Region) -> None:
    """Add a custody period with its integration dates; a release on parole (with its supervision) or at the
    sentence's end once past; for some, a later admission."""
    rng, today = nation.rng, nation.today
    span = (today - rows.start).days
    admission = rows.start + timedelta(days=rng.randint(0, span - 1))
    years, months = _sentence(rng)
    dates = integration_dates(admission=admission, years=years, months=months, days=0, rules=rows.rules)
    release, reason = None, ""
    assert dates.sentence_end is not None
    if dates.parole and dates.parole < today and rng.random() < 0.55:
        release, reason = dates.parole, "pb"
    elif dates.sentence_end < today:
        release, reason = dates.sentence_end, "served"
    register_class = RegisterClass.BI if years >= 1 else RegisterClass.BIIA
    rows.custody.append(
        (
            rows.custody_id,
            rows.person_id,
            unit.id,
            f"{register_class}.{admission.year}/{rows.custody_id}",
            register_class,
            admission,
            rng.choices(OFFENCES, OFFENCE_WEIGHTS)[0],
            years,
            months,
            0,
            dates.sentence_end,
            dates.parole,
            dates.leave,
            dates.assimilation,
            release,
            reason,
            "",  # no release decree: the generated releases come on their dates
            rows.now,
        )
    )
    rows.custody_id += 1
    if reason == "pb":
        assert release is not None
        _parole(nation, rows, province, release=release, sentence_end=dates.sentence_end)
    later = (release or today) + timedelta(days=rng.randint(60, 1200))
    if release and later < today and rng.random() < 0.12:
        _readmission(nation, rows, unit, later)


def _parole(nation: Nation, rows: _PeopleRows, province: Region, *, release: date, sentence_end: date) -> None:
    """Add the parole supervision at a Bapas of the province: the remaining term plus one year (KUHP Pasal 72)."""
    rng = nation.rng
    bapas = rng.choice(nation.units_in(K.BAPAS, province.code))
    end = sentence_end + timedelta(days=365)  # remaining term plus one year (KUHP Pasal 72)
    ended = end if end < nation.today else None
    rows.supervision.append(
        (
            rows.supervision_id,
            rows.person_id,
            bapas.id,
            SupervisionKind.PAROLE,
            rng.choice(rows.pk_users.get(bapas.id, [None])),
            release,
            end,
            ended,
            "completed" if ended else "",
            rows.now,
        )
    )
    rows.supervision_id += 1


def _readmission(nation: Nation, rows: _PeopleRows, unit: Organization, later: date) -> None:
    """Add a new custody period for the same person after their release."""
    rng, today = nation.rng, nation.today
    y2, m2 = _sentence(rng)
    d2 = integration_dates(admission=later, years=y2, months=m2, days=0, rules=rows.rules)
    assert d2.sentence_end is not None
    release2 = d2.sentence_end if d2.sentence_end < today else None
    rows.custody.append(
        (
            rows.custody_id,
            rows.person_id,
            unit.id,
            f"BI.{later.year}/{rows.custody_id}",
            RegisterClass.BI,
            later,
            rng.choices(OFFENCES, OFFENCE_WEIGHTS)[0],
            y2,
            m2,
            0,
            d2.sentence_end,
            d2.parole,
            d2.leave,
            d2.assimilation,
            release2,
            "served" if release2 else "",
            "",
            rows.now,
        )
    )
    rows.custody_id += 1


def _write_people(nation: Nation, rows: _PeopleRows) -> None:
    """Write the people, their custody periods and their supervision periods."""
    person_fields = [
        "id",
        "full_name",
        "other_names",
        "search_name",
        "nik",
        "nik_hash",
        "birth_date",
        "sex",
        "education",
        "home_region",
        "phone",
        "registered_unit",
        "created_at",
        "updated_at",
    ]
    custody_fields = ["id", "person", *CUSTODY_FIELDS, "created_at"]  # the order of the tuples above
    supervision_fields = [
        "id",
        "person",
        "unit",
        "kind",
        "officer",
        "start_date",
        "expected_end_date",
        "ended_on",
        "end_reason",
        "created_at",
    ]
    nation.counts["people"] = bulk_insert(Person, person_fields, rows.people)
    nation.counts["custody_periods"] = bulk_insert(CustodyPeriod, custody_fields, rows.custody)
    nation.counts["supervision_periods"] = bulk_insert(SupervisionPeriod, supervision_fields, rows.supervision)
    for model in (Person, CustodyPeriod, SupervisionPeriod):
        reset_sequence(model)


def _analysed() -> None:
    """Give PostgreSQL the statistics of the rows loaded so far in this transaction (ANALYZE sees them; autovacuum
    does not until the commit): the derived steps below read them in large joins and correlated subqueries, which
    it planned blind on tables it took for empty (the KPI facts' insert ran for over 10 minutes at scale 1)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _person_links(nation: Nation) -> None:
    """Derive every person's unit links (the unit lists' order): the bulk paths above send no signals."""
    _analysed()
    nation.counts["person_links"] = person_links.rebuild()
    nation.log(f"person links: {nation.counts['person_links']:,}")


def _kpi_facts(nation: Nation) -> None:
    """Derive the KPI facts of everything loaded: the bulk paths above send no signals (the records were analysed
    before the person links)."""
    written = kpi_facts.rebuild()
    nation.counts["kpi_enrolment_facts"] = written["enrolments"]
    nation.counts["kpi_release_facts"] = written["releases"]
    nation.log(f"KPI facts: {written['enrolments']:,} enrolments, {written['releases']:,} releases")


STEPS: list[Callable[[Nation], None]] = [
    _organizations,
    _users,
    _people,
    training,
    certification,
    placement,
    community_service,
    _person_links,
    _kpi_facts,
]


def generate_national(*, seed: int, scale: float, today: date, log: Callable[[str], None] = print) -> GeneratedDataset:
    """Build the nation in an empty database; return the record of what was made."""
    if Person.objects.exists() or Organization.objects.filter(kind=K.KANWIL).exists():
        raise ValueError("The database already holds units or people; generate into a freshly migrated database.")
    provinces = list(Region.objects.filter(level=Region.Level.PROVINCE))
    regencies: dict[str, list[Region]] = {}
    for r in Region.objects.filter(level=Region.Level.REGENCY):
        regencies.setdefault(r.parent_id or "", []).append(r)
    nation = Nation(
        rng=random.Random(seed),  # noqa: S311 - reproducible synthetic data, not security
        today=today,
        scale=scale,
        provinces=provinces,
        regencies=regencies,
        log=log,
    )
    started = time.monotonic()
    with transaction.atomic():
        for step in STEPS:
            began = time.monotonic()
            step(nation)
            log(f"step {step.__name__.strip('_')}: {time.monotonic() - began:.1f} s")
        dataset = GeneratedDataset.objects.create(
            seed=seed, scale=scale, anchor_date=today, counts=nation.counts, seconds=time.monotonic() - started
        )
    log(f"done in {dataset.seconds:.0f} s")
    return dataset
