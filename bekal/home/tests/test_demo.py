from datetime import date

import pytest
from django.core.management import call_command

from bekal.accounts.models import User
from bekal.audit.models import AuditEvent
from bekal.home.demo import USERS, load_demo
from bekal.organizations.models import Organization
from bekal.people.models import Person, SupervisionPeriod

TODAY = date(2026, 11, 23)


@pytest.fixture
def demo(db):
    return load_demo(today=TODAY)


def test_it_builds_the_three_stories(demo):
    names = set(Organization.objects.values_list("name", flat=True))
    for name in [
        "Kanwil Ditjenpas Sumatera Selatan",
        "Kanwil Ditjenpas Lampung",
        "Bapas Kelas II Musi Rawas Utara",
        "Lapas Kelas IIB Martapura",
        "Lapas Narkotika Kelas IIA Bandar Lampung",
        "UPTD BLK Lubuklinggau",
        "UPTD BLK Bandar Lampung",
        "Dinas Tenaga Kerja Kabupaten Ogan Komering Ulu Timur",
        "Kodim 0406/Lubuklinggau",
    ]:
        assert name in names
    assert Person.objects.count() >= 36
    assert SupervisionPeriod.objects.filter(unit__name="Bapas Kelas II Musi Rawas Utara").exists()


def test_every_role_has_a_demo_user(demo):
    roles = {r for u in User.objects.all() for r in u.roles}
    required = {
        "system_admin",
        "unit_admin",
        "training_officer",
        "probation_officer",
        "head_of_unit",
        "regional_viewer",
        "national_viewer",
        "partner_staff",
    }
    assert required <= roles
    assert User.objects.filter(username__in=[u.username for u in USERS]).count() == len(USERS)


def test_it_writes_through_the_services(demo):
    assert AuditEvent.objects.filter(code="people.person.created").count() == Person.objects.count()


def test_running_it_twice_changes_nothing(demo):
    counts = (Person.objects.count(), Organization.objects.count(), User.objects.count(), AuditEvent.objects.count())
    load_demo(today=TODAY)
    assert counts == (
        Person.objects.count(),
        Organization.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    )


def test_every_demo_nik_validates(demo):
    from bekal.organizations.models import Region
    from bekal.people.nik import nik_errors

    provinces = set(Region.objects.filter(level="province").values_list("code", flat=True))
    for person in Person.objects.exclude(nik=None):
        assert nik_errors(person.nik, birth_date=person.birth_date, sex=person.sex, province_codes=provinces) == {}


def test_the_command_prints_the_logins(db, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "martapura.bimker" in out and "bekal-demo" in out
