"""Partnership lists and the forum's figures do not run a query per row or per member (see `bekal.core.testing`)."""

import itertools

import pytest
from django.urls import reverse

from bekal.core.testing import assert_flat_queries, covers
from bekal.organizations.models import Organization, OrganizationKind
from bekal.partnerships import forums, services

from .conftest import DAY

_n = itertools.count()


@pytest.fixture
def grow(world, users):
    """Per row: a meeting with an action owned by the BLK, a partnership with two steps, a forum, an award."""

    def make(n):
        names = []
        for _ in range(n):
            i = next(_n)
            name = f"Rekam {i:03d}"
            meeting = services.meeting_create(
                actor=users.officer,
                unit=world.martapura,
                partners=[world.blk],
                kind="audience",
                date=DAY,
                place=name,
                agenda=name,
                attendees=[{"organization": world.blk, "name": name, "position": "Kepala"}],
            )
            services.action_create(
                actor=users.officer, meeting=meeting, description=name, due_date=DAY, owner_org=world.blk
            )
            p = services.partnership_create(actor=users.officer, unit=world.martapura, partners=[world.blk], title=name)
            services.step_record(actor=users.officer, partnership=p, kind="pks", due_date=DAY)
            member = Organization.objects.create(name=f"PT {name}", kind=OrganizationKind.EMPLOYER)
            forums.forum_create(
                actor=users.regional,
                name=name,
                region=world.kanwil_sumsel.region,
                convener=world.kanwil_sumsel,
                members=[world.martapura, world.blk, member],
                founded_on=DAY,
            )
            forums.award_create(
                actor=users.regional, partner=world.blk, given_by=world.kanwil_sumsel, date=DAY, title=name
            )
            names.append(name)
        return names

    return make


ROUTES = [
    ("partnerships:pipeline", "GET /api/v1/partnerships/pipeline", "/api/v1/partnerships/pipeline"),
    ("partnerships:meetings", "GET /api/v1/partnerships/meetings", "/api/v1/partnerships/meetings"),
    ("partnerships:forums", "GET /api/v1/partnerships/forums", "/api/v1/partnerships/forums"),
    ("partnerships:awards", "GET /api/v1/partnerships/awards", "/api/v1/partnerships/awards"),
    ("partnerships:actions", "GET /api/v1/partnerships/actions", "/api/v1/partnerships/actions"),
]


@covers(*[r[0] for r in ROUTES], *[r[1] for r in ROUTES])
@pytest.mark.parametrize("page,_op,api", ROUTES)
def test_the_lists(client_for, users, grow, page, _op, api):
    for url in (reverse(page), api):
        assert_flat_queries(client_for(users.partner), url, grow, ceiling=20)


@covers("partnerships:mine", "GET /api/v1/partnerships/mine")
@pytest.mark.parametrize("url", [reverse("partnerships:mine"), "/api/v1/partnerships/mine"])
def test_the_partner_home(client_for, users, grow, url):
    assert_flat_queries(client_for(users.partner), url, grow, ceiling=30)


@covers("partnerships:partner", "GET /api/v1/partnerships/partners/{organization_id}")
def test_the_partner_page(client_for, users, grow, world):
    for url in (reverse("partnerships:partner", args=[world.blk.pk]), f"/api/v1/partnerships/partners/{world.blk.pk}"):
        assert_flat_queries(client_for(users.regional), url, grow, ceiling=20)


@pytest.fixture
def forum_growing(world, users):
    forum = forums.forum_create(
        actor=users.regional,
        name="Forum",
        region=world.kanwil_sumsel.region,
        convener=world.kanwil_sumsel,
        members=[world.blk],
        founded_on=DAY,
    )

    def grow(n):
        names = []
        for _ in range(n):
            name = f"Anggota {next(_n):03d}"
            member = Organization.objects.create(name=name, kind=OrganizationKind.EMPLOYER)
            forums.forum_add_member(actor=users.regional, forum=forum, organization=member)
            forums.commitment_create(
                actor=users.regional, forum=forum, kind="commitment", text=f"Janji {name}", owner=member, number=1
            )
            names.append(name)
        return names

    return forum, grow


@covers("partnerships:forum", "GET /api/v1/partnerships/forums/{forum_id}")
def test_the_forum_page_whatever_the_number_of_members(client_for, users, forum_growing):
    forum, grow = forum_growing
    names = grow(3)
    for url in (reverse("partnerships:forum", args=[forum.pk]), f"/api/v1/partnerships/forums/{forum.pk}"):
        assert_flat_queries(client_for(users.regional), url, lambda n, names=names: grow(n) and names, ceiling=30)


@covers("partnerships:meeting", "GET /api/v1/partnerships/meetings/{meeting_id}")
def test_the_meeting_page(client_for, users, world, meeting):
    def grow(n):
        names = [f"Tindak {next(_n):03d}" for _ in range(n)]
        for name in names:
            services.action_create(
                actor=users.officer, meeting=meeting, description=name, due_date=DAY, owner_org=world.blk
            )
        return names

    for url in (reverse("partnerships:meeting", args=[meeting.pk]), f"/api/v1/partnerships/meetings/{meeting.pk}"):
        assert_flat_queries(client_for(users.officer), url, grow, ceiling=20)


@covers("partnerships:partnership", "GET /api/v1/partnerships/pipeline/{partnership_id}")
def test_the_partnership_page(client_for, users, partnership):
    # Six steps at most: a fixed set; the page still must not query per step or programme.
    url = reverse("partnerships:partnership", args=[partnership.pk])
    assert_flat_queries(client_for(users.officer), url, lambda n: [partnership.title], ceiling=20)
    api = f"/api/v1/partnerships/pipeline/{partnership.pk}"
    assert_flat_queries(client_for(users.officer), api, lambda n: [partnership.title], ceiling=20)
