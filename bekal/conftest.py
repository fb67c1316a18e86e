"""Shared test fixtures: a small world of units and one user per role, factories for people, and the demo.

The world mirrors the demo: Kanwil Sumatera Selatan holds Lapas Martapura and Bapas Muratara; Kanwil Lampung holds
Lapas Narkotika Bandar Lampung, whose people every Sumatera Selatan user must not see.

The demo itself (`demo` fixture) takes seconds to load, so it is loaded once for the tests that read it, inside a
transaction that stays open while they run one after the other and is rolled back before any other test runs
(`SharedRows`, which other slow read-only setups use too).
"""

import itertools
from collections.abc import Callable, Generator, Hashable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar, cast

import pytest
from django.db import connection, transaction
from django.test import Client

from bekal.accounts.models import Role, User, UserRole
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.organizations.regions import regions_load
from bekal.people.models import CustodyPeriod, Person, SupervisionPeriod, normalise_name

K = OrganizationKind
T = TypeVar("T")


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    ditjenpas: Organization
    kanwil_sumsel: Organization
    kanwil_lampung: Organization
    martapura: Organization
    bandar_lampung: Organization
    muratara: Organization
    blk: Organization


@pytest.fixture
def world(db: Any) -> World:
    # Transactional tests (the live server's) flush every table, the regions loaded by migration included.
    regions_load(Region)
    ditjenpas = Organization.objects.create(name="Direktorat Jenderal Pemasyarakatan", kind=K.DITJENPAS)
    sumsel = Organization.objects.create(name="Kanwil Sumsel", kind=K.KANWIL, parent=ditjenpas, region_id="16")
    lampung = Organization.objects.create(name="Kanwil Lampung", kind=K.KANWIL, parent=ditjenpas, region_id="18")
    return World(
        ditjenpas=ditjenpas,
        kanwil_sumsel=sumsel,
        kanwil_lampung=lampung,
        martapura=Organization.objects.create(
            name="Lapas Kelas IIB Martapura", kind=K.LAPAS, parent=sumsel, region_id="16.08"
        ),
        bandar_lampung=Organization.objects.create(
            name="Lapas Narkotika Kelas IIA Bandar Lampung", kind=K.LAPAS, parent=lampung, region_id="18.71"
        ),
        muratara=Organization.objects.create(
            name="Bapas Kelas II Musi Rawas Utara", kind=K.BAPAS, parent=sumsel, region_id="16.13"
        ),
        blk=Organization.objects.create(name="UPTD BLK Lubuklinggau", kind=K.BLK, region_id="16.73"),
    )


_usernames = itertools.count()


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    def make(org: Organization | None, *roles: str, username: str = "") -> User:
        user = User.objects.create_user(
            username=username or f"user{next(_usernames)}", password="pw", organization=org, first_name="Test"
        )
        for role in roles:
            UserRole.objects.create(user=user, role=role)
        return user

    return make


@dataclass
class Users:
    officer: User  # training officer at Lapas Martapura
    other_officer: User  # training officer at Lapas Bandar Lampung
    pk: User  # probation officer at Bapas Muratara
    head: User  # head of Lapas Martapura
    unit_admin: User  # unit admin at Lapas Martapura
    regional: User  # regional viewer, Kanwil Sumsel
    national: User  # national viewer, Ditjenpas
    partner: User  # partner staff at BLK Lubuklinggau
    sysadmin: User


@pytest.fixture
def users(world: World, make_user: Callable[..., User]) -> Users:
    return Users(
        officer=make_user(world.martapura, Role.TRAINING_OFFICER, username="officer"),
        other_officer=make_user(world.bandar_lampung, Role.TRAINING_OFFICER, username="other_officer"),
        pk=make_user(world.muratara, Role.PROBATION_OFFICER, username="pk"),
        head=make_user(world.martapura, Role.HEAD_OF_UNIT, username="head"),
        unit_admin=make_user(world.martapura, Role.UNIT_ADMIN, username="unit_admin"),
        regional=make_user(world.kanwil_sumsel, Role.REGIONAL_VIEWER, username="regional"),
        national=make_user(world.ditjenpas, Role.NATIONAL_VIEWER, username="national"),
        partner=make_user(world.blk, Role.PARTNER_STAFF, username="partner"),
        sysadmin=make_user(world.ditjenpas, Role.SYSTEM_ADMIN, username="sysadmin"),
    )


_serials = itertools.count(1)


def valid_nik(*, birth: date, female: bool, region: str = "1608") -> str:
    """Return a NIK that validates for the birth date and sex."""
    day = birth.day + (40 if female else 0)
    return f"{region}01{day:02d}{birth.month:02d}{birth.year % 100:02d}{next(_serials) % 9999 + 1:04d}"


@pytest.fixture
def make_person(db: Any) -> Callable[..., Person]:
    """Create a person directly (no service), optionally with an open custody or supervision period."""

    def make(
        unit: Organization,
        *,
        full_name: str = "Budi Santoso",
        birth_date: date = date(1990, 5, 17),
        sex: str = "M",
        nik: str | None = "auto",
        custody: bool | None = None,
        supervision: str | None = None,
        admission_date: date = date(2025, 1, 10),
    ) -> Person:
        if nik == "auto":
            nik = valid_nik(birth=birth_date, female=sex == "F")
        person = Person.objects.create(
            full_name=full_name,
            search_name=normalise_name(full_name),
            birth_date=birth_date,
            sex=sex,
            nik=nik,
            registered_unit=unit,
        )
        if custody if custody is not None else unit.is_custody_unit:
            CustodyPeriod.objects.create(
                person=person,
                unit=unit,
                admission_date=admission_date,
                offence_category="theft",
                sentence_years=2,
                register_number=f"BI.{person.pk:04d}",
            )
        if supervision:
            SupervisionPeriod.objects.create(person=person, unit=unit, kind=supervision, start_date=admission_date)
        return person

    return make


@pytest.fixture
def client_for(db: Any) -> Callable[[User | None], Client]:
    """Return a test client logged in as the user (anonymous for None)."""

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def regions(db: Any) -> dict[str, Region]:
    regions_load(Region)
    return {r.code: r for r in Region.objects.filter(code__in=["16", "16.08", "16.13", "18", "18.71"])}


# Hand-made custody histories for the recidivism figures (outcomes and KPI tests).
_history_births = itertools.count(1)


@pytest.fixture
def history(db):
    """Return make(unit, name, [(admission, release or None, reason)], nik=None, birth=None) -> Person."""

    def make(unit, name, periods, *, nik=None, birth=None):
        birth = birth or date(1970, 1, 1 + next(_history_births) % 28)
        person = Person.objects.create(
            full_name=name, search_name=normalise_name(name), birth_date=birth, sex="M", nik=nik, registered_unit=unit
        )
        for admission, release, reason in periods:
            CustodyPeriod.objects.create(
                person=person,
                unit=unit,
                admission_date=admission,
                release_date=release,
                release_reason=reason if release else "",
                offence_category="theft",
            )
        return person

    return make


# Rows shared between tests (the demo: bekal/home/tests/conftest.py; a generated nation) ----------------------------


class SharedRows:
    """Rows that take seconds to build (the demo, a generated nation), built once for the tests that read them.

    They are built inside a transaction that stays open while those tests run one after the other; each test still
    runs in its own savepoint (pytest-django's `db`), so it sees the rows exactly as built whatever the test before
    it wrote. The transaction is rolled back before a test that does not read shared rows (see
    `pytest_runtest_teardown`), and when a test asks for other rows. One set of rows is kept at a time.
    """

    def __init__(self, blocker: Any) -> None:
        self._blocker = blocker
        self._atomic: Any = None
        self._key: Hashable = None
        self._value: Any = None

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """Return what `build` returned for `key`, building the rows first unless they are the ones kept."""
        if self._atomic is not None and self._key == key:
            return cast(T, self._value)
        self.close()
        with self._blocker.unblock():
            if connection.in_atomic_block:
                # The test's own transaction is open already: rows built now would be rolled back after the test.
                raise RuntimeError("Request the shared-rows fixture before any fixture that uses the database.")
            atomic = transaction.atomic()
            atomic._from_testcase = True  # type: ignore[attr-defined]  # as Django's TestCase marks its own block
            atomic.__enter__()
            try:
                value = build()
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        self._atomic, self._key, self._value = atomic, key, value
        return value

    def close(self) -> None:
        """Roll the rows back, leaving the database as the migrations made it."""
        if self._atomic is None:
            return
        atomic, self._atomic, self._key, self._value = self._atomic, None, None, None
        with self._blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


_shared_rows: list[SharedRows] = []


@pytest.fixture(scope="session")
def shared_rows(django_db_setup: None, django_db_blocker: Any) -> Iterator[SharedRows]:
    """The keeper of the rows shared between tests. A fixture that uses it must run before the test's `db`: give
    it `shared_rows` as a fixture of its own, and `db` to the fixture the tests ask for (see `demo`)."""
    shared = SharedRows(django_db_blocker)
    _shared_rows.append(shared)
    yield shared
    shared.close()
    _shared_rows.remove(shared)


def _reads_shared_rows(item: pytest.Item) -> bool:
    return "shared_rows" in getattr(item, "fixturenames", ())


def _shared_rows_group(item: pytest.Item) -> str:
    # The demo on its default date is one group across the apps; anything else (another date, other rows) is one
    # group per module.
    module = getattr(item, "module", None)
    name = module.__name__ if module is not None else ""
    default_demo = "demo" in getattr(item, "fixturenames", ()) and not hasattr(module, "demo_today")
    return "" if default_demo else name


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests that read shared rows first, grouped by the rows they read, so each set is built once.

    They are database tests, which pytest-django runs first anyway, before the transactional ones that flush the
    tables. The sort is stable: within a group the tests keep their order.
    """
    shared = sorted((item for item in items if _reads_shared_rows(item)), key=_shared_rows_group)
    items[:] = shared + [item for item in items if not _reads_shared_rows(item)]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a ``one_database`` test on PostgreSQL, before its fixtures load the demo: ``make test`` runs it in its
    SQLite pass (the two passes run side by side, and these walks made the PostgreSQL pass the longer by minutes)."""
    if item.get_closest_marker("one_database") and connection.vendor == "postgresql":
        pytest.skip("a walk no database changes: make test runs it in its SQLite pass")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, None, None]:
    """Roll the shared rows back once the next test does not read them (this test's fixtures are torn down now)."""
    try:
        return (yield)
    finally:
        if nextitem is None or not _reads_shared_rows(nextitem):
            for shared in _shared_rows:
                shared.close()
