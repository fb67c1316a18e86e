"""Partnership fixtures on the shared world: Lapas Martapura meets UPTD BLK Lubuklinggau; Lapas Bandar Lampung (in
another Kanwil) and a second BLK must see none of it."""

from datetime import date

import pytest

from bekal.accounts.models import Role
from bekal.organizations.models import Organization, OrganizationKind
from bekal.partnerships import forums, services

DAY = date(2025, 12, 12)


@pytest.fixture
def other_blk(world):
    return Organization.objects.create(name="UPTD BLK Bandar Lampung", kind=OrganizationKind.BLK, region_id="18.71")


@pytest.fixture
def other_partner(other_blk, make_user):
    return make_user(other_blk, Role.PARTNER_STAFF, username="other_partner")


@pytest.fixture
def meeting(world, users):
    return services.meeting_create(
        actor=users.officer,
        unit=world.martapura,
        partners=[world.blk],
        kind="audience",
        date=DAY,
        place="UPTD BLK Lubuklinggau",
        agenda="Persiapan pelatihan 2026",
        attendees=[
            {"organization": world.martapura, "name": "Kalapas", "position": "Kepala Lapas"},
            {"organization": world.blk, "name": "Kepala BLK", "position": "Kepala UPTD BLK"},
        ],
    )


@pytest.fixture
def partnership(world, users):
    return services.partnership_create(
        actor=users.officer, unit=world.martapura, partners=[world.blk], title="Pelatihan WBP Martapura", idea_on=DAY
    )


@pytest.fixture
def forum(world, users):
    return forums.forum_create(
        actor=users.regional,
        name="Forum Komunikasi Tenaga Kerja Sumsel",
        region=world.kanwil_sumsel.region,
        convener=world.kanwil_sumsel,
        members=[world.martapura, world.blk],
        founded_on=DAY,
    )


@pytest.fixture
def award(world, users):
    return forums.award_create(
        actor=users.regional,
        partner=world.blk,
        given_by=world.kanwil_sumsel,
        unit=world.martapura,
        date=DAY,
        title="Dukungan pelatihan WBP",
    )
