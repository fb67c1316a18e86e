"""The demo: its stories, users and NIKs (read over the demo the suite shares, see `demo` in bekal/conftest.py),
and the one test that loads it a second time."""

import time_machine
from django.core.management import call_command

from bekal.accounts.models import User
from bekal.audit.models import AuditEvent
from bekal.community_service.models import CommunityServiceOrder
from bekal.home.demo import USERS, load_demo
from bekal.home.tests.conftest import DEMO_TODAY
from bekal.organizations.models import Organization
from bekal.people.models import Person, SupervisionPeriod
from bekal.placement.models import Placement, Vacancy
from bekal.training.models import Batch


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
    # The one test that loads the demo a second time, for every app's part of it (each app's test_demo reads the
    # shared demo only).
    models = [Person, Organization, User, AuditEvent, Batch, Placement, Vacancy, CommunityServiceOrder]
    counts = [model.objects.count() for model in models]
    load_demo(today=DEMO_TODAY)
    assert counts == [model.objects.count() for model in models]
    assert CommunityServiceOrder.objects.count() == 4


def test_every_demo_nik_validates(demo):
    from bekal.organizations.models import Region
    from bekal.people.nik import nik_errors

    provinces = set(Region.objects.filter(level="province").values_list("code", flat=True))
    for person in Person.objects.filter(nik__isnull=False):
        assert nik_errors(person.nik, birth_date=person.birth_date, sex=person.sex, province_codes=provinces) == {}


def test_the_command_prints_the_logins(demo, capsys):
    # Over the shared demo, on its date: the command's load is then the cheap second run.
    with time_machine.travel(DEMO_TODAY, tick=False):
        call_command("load_demo")
    out = capsys.readouterr().out
    assert "martapura.bimker" in out and "bekal-demo" in out


def test_the_demo_records_nothing_after_the_day_it_is_loaded_for(demo):
    """The services check each date against the demo's own today (DEMO_TODAY), not the clock's."""
    from bekal.home.tests.test_demo_community_service import assert_nothing_after

    assert_nothing_after(DEMO_TODAY)
