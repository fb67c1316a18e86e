"""The partnerships API: the ladder (401, 403, 404, 200) and the writes through the same services as the pages."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bekal.partnerships.models import Award, Meeting

from .conftest import DAY
from .test_pages import PDF

B = "/api/v1/partnerships"


def post(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


@pytest.fixture
def prosecutor(world, make_user):
    from bekal.accounts.models import Role
    from bekal.organizations.models import Organization, OrganizationKind

    kejari = Organization.objects.create(name="Kejari", kind=OrganizationKind.PROSECUTOR)
    return make_user(kejari, Role.PROSECUTOR_STAFF, username="jaksa")


def test_the_ladder_on_reads(client_for, users, meeting, partnership, forum, award, world, prosecutor, other_partner):
    records = [
        f"{B}/meetings/{meeting.pk}",
        f"{B}/pipeline/{partnership.pk}",
        f"{B}/forums/{forum.pk}",
        f"{B}/awards/{award.pk}/document.pdf",
    ]
    for url in [*records, f"{B}/meetings", f"{B}/pipeline"]:
        assert client_for(None).get(url).status_code == 401, url
        assert client_for(prosecutor).get(url).status_code == 403, url
    for url in records:
        assert client_for(users.other_officer).get(url).status_code == 404, url
        assert client_for(other_partner).get(url).status_code == 404, url
        assert client_for(users.officer).get(url).status_code == 200, url
        assert client_for(users.partner).get(url).status_code == 200, url
        assert client_for(users.regional).get(url).status_code == 200, url


def test_a_meeting_with_attendees_and_actions_through_the_api(client_for, users, world):
    client = client_for(users.officer)
    created = post(
        client,
        f"{B}/meetings",
        {
            "unit": world.martapura.pk,
            "partners": [world.blk.pk],
            "kind": "audience",
            "date": str(DAY),
            "place": "BLK",
            "agenda": "Audiensi",
            "attendees": [{"organization": world.blk.pk, "name": "Kepala BLK", "position": "Kepala"}],
        },
    )
    assert created.status_code == 201, created.content
    meeting_id = created.json()["id"]
    action = post(
        client,
        f"{B}/meetings/{meeting_id}/actions",
        {"description": "Proposal", "due_date": str(DAY), "owner_org": world.blk.pk},
    )
    assert action.status_code == 201
    done = post(
        client_for(users.partner), f"{B}/actions/{action.json()['id']}/status", {"status": "done", "on": str(DAY)}
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    refused = post(
        client_for(users.partner),
        f"{B}/meetings",
        {"unit": 1, "partners": [], "kind": "x", "date": str(DAY), "place": "x", "agenda": "x"},
    )
    assert refused.status_code == 403
    minutes = client.post(
        f"{B}/meetings/{meeting_id}/minutes", {"minutes": SimpleUploadedFile("ba.pdf", PDF, "application/pdf")}
    )
    assert minutes.status_code == 200 and minutes.json()["has_minutes"] and Meeting.objects.get().minutes


def test_a_future_held_meeting_is_a_422_naming_the_rule(client_for, users, world):
    response = post(
        client_for(users.officer),
        f"{B}/meetings",
        {
            "unit": world.martapura.pk,
            "partners": [world.blk.pk],
            "kind": "audience",
            "date": "2099-01-01",
            "place": "BLK",
            "agenda": "x",
        },
    )
    assert response.status_code == 422 and "direncanakan" in json.dumps(response.json())


def test_the_pipeline_steps_forum_and_award_through_the_api(client_for, users, world, meeting, partnership, forum):
    client = client_for(users.officer)
    step = post(
        client, f"{B}/pipeline/{partnership.pk}/steps", {"kind": "meeting", "done_on": str(DAY), "meeting": meeting.pk}
    )
    assert step.status_code == 200 and step.json()["stage"] == "meeting"
    regional = client_for(users.regional)
    commitment = post(
        regional,
        f"{B}/forums/{forum.pk}/commitments",
        {"kind": "commitment", "text": "5 lulusan", "owner": world.blk.pk, "number": 5},
    )
    assert commitment.status_code == 201
    detail = regional.get(f"{B}/forums/{forum.pk}").json()
    assert detail["commitments"][0]["number"] == 5 and len(detail["by_member"]) == 3
    award = post(
        regional,
        f"{B}/awards",
        {"partner": world.blk.pk, "given_by": world.kanwil_sumsel.pk, "date": str(DAY), "title": "Dukungan pelatihan"},
    )
    assert award.status_code == 201
    partner = client_for(users.partner).get(f"{B}/partners/{world.blk.pk}").json()
    assert partner["awards"][0]["title"] == "Dukungan pelatihan" and Award.objects.count() == 1
    mine = client_for(users.partner).get(f"{B}/mine")
    assert mine.status_code == 200 and mine.json()["partnerships"][0]["stage"] == "meeting"
    assert client_for(users.officer).get(f"{B}/mine").status_code == 403
