"""The ladder on every partnership page (anonymous -> login, wrong role -> 403, another unit's record -> 404, right
role -> 200), and the pages' writes through the services."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bekal.accounts.models import Role
from bekal.partnerships import services
from bekal.partnerships.models import FollowUpAction, Meeting, Partnership

from .conftest import DAY

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def prosecutor(world, make_user):
    from bekal.organizations.models import Organization, OrganizationKind

    kejari = Organization.objects.create(name="Kejari", kind=OrganizationKind.PROSECUTOR)
    return make_user(kejari, Role.PROSECUTOR_STAFF, username="jaksa")


@pytest.fixture
def records(meeting, partnership, forum, award, users, world):
    action = services.action_create(
        actor=users.officer, meeting=meeting, description="Kirim proposal", due_date=DAY, owner_org=world.blk
    )
    commitment = __import__("bekal.partnerships.forums", fromlist=["x"]).commitment_create(
        actor=users.regional, forum=forum, kind="commitment", text="5 lulusan", owner=world.blk, number=5
    )
    return {
        "meeting": meeting,
        "partnership": partnership,
        "forum": forum,
        "award": award,
        "action": action,
        "commitment": commitment,
    }


def _record_pages(r, world):
    return [
        reverse("partnerships:meeting", args=[r["meeting"].pk]),
        reverse("partnerships:meeting-minutes", args=[r["meeting"].pk]),
        reverse("partnerships:partnership", args=[r["partnership"].pk]),
        reverse("partnerships:forum", args=[r["forum"].pk]),
        reverse("partnerships:award-document", args=[r["award"].pk]),
        reverse("partnerships:action-status", args=[r["action"].pk]),
        reverse("partnerships:partner", args=[world.blk.pk]),
    ]


LIST_PAGES = ["pipeline", "meetings", "forums", "awards", "actions"]
EDIT_PAGES = ["partnership-create", "meeting-create", "forum-create", "award-create"]


def test_anonymous_is_sent_to_login(client_for, records, world):
    pages = [reverse(f"partnerships:{n}") for n in LIST_PAGES + EDIT_PAGES + ["mine"]] + _record_pages(records, world)
    for url in pages:
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_a_role_without_partnerships_is_refused(client_for, records, world, prosecutor):
    client = client_for(prosecutor)
    for url in [reverse(f"partnerships:{n}") for n in LIST_PAGES + EDIT_PAGES] + _record_pages(records, world)[:5]:
        assert client.get(url).status_code == 403, url


def test_partner_staff_may_not_open_the_staff_forms(client_for, users, records):
    client = client_for(users.partner)
    for name in EDIT_PAGES:
        assert client.get(reverse(f"partnerships:{name}")).status_code == 403, name
    assert client.get(reverse("partnerships:step-record", args=[records["partnership"].pk])).status_code == 403


def test_another_units_records_answer_404(client_for, users, records, world, other_partner):
    for user in (users.other_officer, other_partner):
        client = client_for(user)
        for url in _record_pages(records, world)[:6]:
            assert client.get(url).status_code == 404, (user, url)
    assert client_for(other_partner).get(reverse("partnerships:partner", args=[world.blk.pk])).status_code == 404


@pytest.mark.parametrize("who", ["officer", "head", "regional", "national", "partner"])
def test_both_parties_and_the_kanwil_see_the_records(client_for, users, records, world, who):
    client = client_for(getattr(users, who))
    for url in _record_pages(records, world):
        expected = 403 if who == "national" and "/status/" in url else 200  # reads only: no action to update
        assert client.get(url).status_code == expected, url
    for name in LIST_PAGES:
        assert client.get(reverse(f"partnerships:{name}")).status_code == 200, name


def test_the_partner_home_page_and_panel(client_for, users, records):
    page = client_for(users.partner).get(reverse("partnerships:mine"))
    body = page.content.decode()
    assert page.status_code == 200 and "Pelatihan WBP Martapura" in body and "Kirim proposal" in body
    assert "Dukungan pelatihan WBP" in body and "Forum Komunikasi Tenaga Kerja Sumsel" in body
    assert 'id="panel-partnership"' in client_for(users.partner).get("/").content.decode()
    assert client_for(users.officer).get(reverse("partnerships:mine")).status_code == 403


def test_the_meeting_form_records_attendees_of_both_sides(client_for, users, world):
    response = client_for(users.officer).post(
        reverse("partnerships:meeting-create"),
        {
            "unit": world.martapura.pk,
            "partners": [world.blk.pk],
            "kind": "coordination",
            "status": "held",
            "date": "12/12/2025",
            "place": "Martapura",
            "agenda": "Koordinasi",
            "unit_attendees": "Kalapas; Kepala Lapas\nRina; Kasubsi Bimker",
            "partner_attendees": "Kepala BLK; Kepala",
        },
    )
    meeting = Meeting.objects.get(kind="coordination")
    assert response.status_code == 302
    assert [(a.name, a.organization_id) for a in meeting.attendees.all()] == [
        ("Kalapas", world.martapura.pk),
        ("Rina", world.martapura.pk),
        ("Kepala BLK", world.blk.pk),
    ]


def test_a_future_held_meeting_is_refused_in_indonesian(client_for, users, world):
    response = client_for(users.officer).post(
        reverse("partnerships:meeting-create"),
        {
            "unit": world.martapura.pk,
            "partners": [world.blk.pk],
            "kind": "audience",
            "status": "held",
            "date": "01/01/2099",
            "place": "x",
            "agenda": "x",
        },
    )
    assert response.status_code == 200 and "rapat yang direncanakan" in response.content.decode()


def test_the_minutes_upload_and_download(client_for, users, meeting):
    client = client_for(users.officer)
    generated = client.get(reverse("partnerships:meeting-minutes", args=[meeting.pk]))
    assert generated.status_code == 200 and generated.content.startswith(b"%PDF")
    upload = SimpleUploadedFile("ba.pdf", PDF, content_type="application/pdf")
    client.post(reverse("partnerships:meeting-minutes-upload", args=[meeting.pk]), {"minutes": upload})
    stored = client.get(reverse("partnerships:meeting-minutes", args=[meeting.pk]))
    assert b"".join(stored.streaming_content) == PDF


def test_the_step_form_and_the_owner_updating_an_action(client_for, users, records, world):
    p = records["partnership"]
    response = client_for(users.officer).post(
        reverse("partnerships:step-record", args=[p.pk]),
        {"kind": "proposal", "done_on": "20/12/2025", "participants": 16},
    )
    assert response.status_code == 302
    assert Partnership.objects.get(pk=p.pk).stage == "proposal"
    client_for(users.partner).post(
        reverse("partnerships:action-status", args=[records["action"].pk]), {"status": "done", "on": "13/12/2025"}
    )
    assert FollowUpAction.objects.get(pk=records["action"].pk).done_on == date(2025, 12, 13)
