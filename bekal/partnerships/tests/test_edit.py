"""A meeting (date, place, agenda, outcome, attendees) and a forum (name, region) corrected after creation: one audited
service each, through the page and the API PATCH, with the ladder."""

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.organizations.models import Region
from bekal.partnerships import forums, services
from bekal.partnerships.models import Forum, Meeting

from .test_pages import prosecutor  # noqa: F401 - a fixture

B = "/api/v1/partnerships"


def patch(client, url, data):
    return client.patch(url, data=json.dumps(data), content_type="application/json")


class TestMeetingService:
    def test_fields_given_change_the_rest_stay_and_it_is_audited(self, users, meeting, world):
        services.meeting_update(
            actor=users.officer,
            meeting=meeting,
            place="Aula Lapas Martapura",
            outcome="Sepakat mengajukan proposal",
            attendees=[{"organization": world.blk, "name": "Instruktur Las", "position": "Instruktur"}],
        )
        meeting.refresh_from_db()
        assert meeting.place == "Aula Lapas Martapura" and meeting.agenda == "Persiapan pelatihan 2026"
        assert [a.name for a in meeting.attendees.all()] == ["Instruktur Las"]
        event = AuditEvent.objects.get(code="partnerships.meeting.updated")
        assert event.changes["place"] == ["UPTD BLK Lubuklinggau", "Aula Lapas Martapura"]
        assert event.changes["attendees"] == [["Kalapas", "Kepala BLK"], ["Instruktur Las"]]

    def test_a_held_meeting_moved_after_today_is_refused(self, users, meeting):
        with pytest.raises(ValidationError) as error:
            services.meeting_update(actor=users.officer, meeting=meeting, date=date.today() + timedelta(days=30))
        assert "date" in error.value.message_dict
        assert Meeting.objects.get(pk=meeting.pk).date == meeting.date

    def test_an_attendee_of_neither_side_and_an_empty_place_are_refused(self, users, meeting, world):
        with pytest.raises(ValidationError) as error:
            services.meeting_update(
                actor=users.officer,
                meeting=meeting,
                place=" ",
                attendees=[{"organization": world.bandar_lampung, "name": "X", "position": "Y"}],
            )
        assert set(error.value.message_dict) == {"place", "attendees"}
        assert meeting.attendees.count() == 2


class TestForumService:
    def test_rename_and_region_audited(self, users, forum, world):
        region = Region.objects.get(code="16.13")
        forums.forum_update(actor=users.regional, forum=forum, name="FKTK Musi Rawas Utara", region=region)
        forum.refresh_from_db()
        assert forum.name == "FKTK Musi Rawas Utara" and forum.region_id == "16.13"
        assert AuditEvent.objects.get(code="partnerships.forum.updated").changes["name"][1] == "FKTK Musi Rawas Utara"

    def test_a_taken_name_is_refused(self, users, forum, world):
        forums.forum_create(
            actor=users.regional,
            name="Forum Lain",
            region=forum.region,
            convener=world.kanwil_sumsel,
            members=[world.blk],
            founded_on=forum.founded_on,
        )
        with pytest.raises(ValidationError) as error:
            forums.forum_update(actor=users.regional, forum=forum, name="Forum Lain")
        assert "Forum Lain" in error.value.message_dict["name"][0]

    def test_a_member_that_is_not_the_convener_may_not_change_it(self, users, forum):
        with pytest.raises(PermissionDenied):
            forums.forum_update(actor=users.officer, forum=forum, name="X")
        assert Forum.objects.get(pk=forum.pk).name == forum.name


class TestPages:
    def test_the_meeting_form_is_filled_and_saves(self, client_for, users, meeting, world):
        url = reverse("partnerships:meeting-edit", args=[meeting.pk])
        client = client_for(users.officer)
        body = client.get(url).content.decode()
        assert "Kalapas; Kepala Lapas" in body and "Kepala BLK; Kepala UPTD BLK; UPTD BLK Lubuklinggau" in body
        detail = client.get(reverse("partnerships:meeting", args=[meeting.pk])).content.decode()
        assert f'id="meeting-edit" href="{url}"' in detail
        response = client.post(
            url,
            {
                "date": "11/12/2025",
                "place": "Aula BLK",
                "agenda": "Persiapan pelatihan 2026",
                "outcome": "Proposal Januari 2026",
                "unit_attendees": "Kalapas; Kepala Lapas\nKasi Giatja; Kepala Seksi",
                "partner_attendees": "Kepala BLK; Kepala UPTD BLK",
            },
        )
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.date == date(2025, 12, 11) and meeting.outcome == "Proposal Januari 2026"
        assert [(a.name, a.organization_id) for a in meeting.attendees.all()] == [
            ("Kalapas", world.martapura.pk),
            ("Kasi Giatja", world.martapura.pk),
            ("Kepala BLK", world.blk.pk),
        ]

    def test_a_refusal_is_shown_not_a_500(self, client_for, users, meeting):
        response = client_for(users.officer).post(
            reverse("partnerships:meeting-edit", args=[meeting.pk]),
            {"date": (date.today() + timedelta(days=30)).strftime("%d/%m/%Y"), "place": "X", "agenda": "Y"},
        )
        assert response.status_code == 200 and "direncanakan" in response.content.decode()

    def test_the_forum_form_saves(self, client_for, users, forum):
        url = reverse("partnerships:forum-edit", args=[forum.pk])
        client = client_for(users.regional)
        assert (
            f'id="forum-edit" href="{url}"'
            in client.get(reverse("partnerships:forum", args=[forum.pk])).content.decode()
        )
        assert client.post(url, {"name": "FKTK Sumatera Selatan", "region": "16"}).status_code == 302
        assert Forum.objects.get(pk=forum.pk).name == "FKTK Sumatera Selatan"

    def test_the_ladder(self, client_for, users, meeting, forum, prosecutor):  # noqa: F811
        meeting_url = reverse("partnerships:meeting-edit", args=[meeting.pk])
        forum_url = reverse("partnerships:forum-edit", args=[forum.pk])
        for url in (meeting_url, forum_url):
            assert client_for(None).get(url).status_code == 302
            assert client_for(prosecutor).get(url).status_code == 403
            assert client_for(users.partner).get(url).status_code == 403
            assert client_for(users.other_officer).get(url).status_code == 404
            assert client_for(users.other_officer).post(url, {"name": "X", "place": "X"}).status_code == 404
        assert client_for(users.officer).get(forum_url).status_code == 403  # a member, not the convener
        assert client_for(users.officer).get(meeting_url).status_code == 200
        assert client_for(users.regional).get(forum_url).status_code == 200
        assert not AuditEvent.objects.filter(code__endswith=".updated", code__startswith="partnerships.").exists()


class TestAPI:
    def test_a_meeting_patch_changes_what_is_given(self, client_for, users, meeting, world):
        response = patch(
            client_for(users.officer),
            f"{B}/meetings/{meeting.pk}",
            {"outcome": "Proposal", "attendees": [{"organization": world.blk.pk, "name": "A", "position": "B"}]},
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["outcome"] == "Proposal" and body["place"] == "UPTD BLK Lubuklinggau"
        assert [a["name"] for a in body["attendees"]] == ["A"]

    def test_a_meeting_patch_refused_is_a_422(self, client_for, users, meeting):
        future = (date.today() + timedelta(days=30)).isoformat()
        response = patch(client_for(users.officer), f"{B}/meetings/{meeting.pk}", {"date": future})
        assert response.status_code == 422 and "direncanakan" in json.dumps(response.json())

    def test_a_forum_patch(self, client_for, users, forum):
        response = patch(client_for(users.regional), f"{B}/forums/{forum.pk}", {"name": "FKTK Sumsel"})
        assert response.status_code == 200 and response.json()["name"] == "FKTK Sumsel"
        assert response.json()["region_id"] == forum.region_id

    def test_the_ladder(self, client_for, users, meeting, forum, prosecutor):  # noqa: F811
        for url, body in ((f"{B}/meetings/{meeting.pk}", {"place": "X"}), (f"{B}/forums/{forum.pk}", {"name": "X"})):
            assert patch(client_for(None), url, body).status_code == 401
            assert patch(client_for(prosecutor), url, body).status_code == 403
            assert patch(client_for(users.partner), url, body).status_code == 403
            assert patch(client_for(users.other_officer), url, body).status_code == 404
        assert patch(client_for(users.officer), f"{B}/forums/{forum.pk}", {"name": "X"}).status_code == 403
        assert Forum.objects.get(pk=forum.pk).name == forum.name
        assert Meeting.objects.get(pk=meeting.pk).place == meeting.place
