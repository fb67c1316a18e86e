"""Bulk nomination: the people in an organising unit's custody listed with their expected release, education, prior
certificates and eligibility, filtered, and several nominated in one action: all or none, every refused person named
with the reason. Through the service, the page (htmx filters) and the API, with the ladder."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.people.models import CustodyPeriod, Person
from bekal.training import services
from bekal.training.models import Enrollment, EnrollmentStatus, TrainingCertificate
from bekal.training.tests.conftest import END


@pytest.fixture
def inmates(world, make_person):
    """Three inmates of Lapas Martapura: Andi (eligible, SMA), Budi (released before the end), Citra (eligible, SD)."""
    andi = make_person(world.martapura, full_name="Andi Saputra", birth_date=date(1990, 1, 1))
    budi = make_person(world.martapura, full_name="Budi Lepas", birth_date=date(1991, 1, 1))
    citra = make_person(world.martapura, full_name="Citra Dewi", birth_date=date(1992, 1, 1), sex="F")
    Person.objects.filter(pk=andi.pk).update(education="sma")
    Person.objects.filter(pk=citra.pk).update(education="sd")
    CustodyPeriod.objects.filter(person=andi).update(expected_release_date=date(2026, 6, 1))
    CustodyPeriod.objects.filter(person=budi).update(expected_release_date=date(2025, 3, 20))
    CustodyPeriod.objects.filter(person=citra).update(expected_release_date=date(2025, 12, 1))
    return Person.objects.get(pk=andi.pk), Person.objects.get(pk=budi.pk), Person.objects.get(pk=citra.pk)


def give_certificate(person, users, world, programme, number):
    """Give the person a training certificate from another batch (written directly: the history, not the flow)."""
    earlier = services.batch_create(
        actor=users.officer,
        programme=programme,
        units=[world.martapura],
        name=f"Lama {number}",
        start_date=date(2025, 4, 14),
        end_date=date(2025, 6, 13),
    )
    enrollment = Enrollment.objects.create(
        batch=earlier,
        person=person,
        unit=world.martapura,
        custody_period=person.custody_periods.first(),
        status=EnrollmentStatus.COMPLETED,
    )
    TrainingCertificate.objects.create(
        enrollment=enrollment, number=number, token=f"t-{number}", issued_on=date(2025, 6, 16)
    )


class TestService:
    def test_several_eligible_people_are_nominated_in_one_action_each_audited(self, open_batch, users, inmates):
        andi, _, citra = inmates
        done = services.enrollment_nominate_many(
            actor=users.officer, batch=open_batch, person_ids=[andi.pk, citra.pk], interest_statement_on=END
        )
        assert [e.person_id for e in done] == [andi.pk, citra.pk]
        assert all(e.status == EnrollmentStatus.NOMINATED and e.interest_statement_on == END for e in done)
        assert AuditEvent.objects.filter(code="training.enrollment.nominated").count() == 2

    def test_one_refused_person_refuses_all_and_each_is_named_with_the_reason(
        self, open_batch, users, inmates, world, make_person
    ):
        andi, budi, citra = inmates
        services.enrollment_nominate(actor=users.officer, batch=open_batch, person=citra)
        stranger = make_person(world.bandar_lampung, full_name="Orang Lain")
        with pytest.raises(ValidationError) as error:
            services.enrollment_nominate_many(
                actor=users.officer, batch=open_batch, person_ids=[andi.pk, budi.pk, citra.pk, stranger.pk]
            )
        messages = error.value.message_dict["people"]
        assert len(messages) == 3
        assert messages[0].startswith("Budi Lepas") and "20 Maret 2025" in messages[0]
        assert "Citra Dewi" in messages[1]
        assert str(stranger.pk) in messages[2] and "Orang Lain" not in messages[2]
        assert not Enrollment.objects.filter(person=andi).exists()

    def test_an_empty_choice_and_a_closed_batch_are_refused(self, batch, users, inmates):
        with pytest.raises(ValidationError):
            services.enrollment_nominate_many(actor=users.officer, batch=batch, person_ids=[inmates[0].pk])
        with pytest.raises(ValidationError):
            services.enrollment_nominate_many(actor=users.officer, batch=batch, person_ids=[])

    def test_the_quota_still_applies_at_selection(self, open_batch, users, inmates):
        open_batch.quota = 1
        open_batch.save(update_fields=["quota"])
        andi, _, citra = inmates
        done = services.enrollment_nominate_many(
            actor=users.officer, batch=open_batch, person_ids=[andi.pk, citra.pk], interest_statement_on=END
        )
        first, second = (
            services.enrollment_decide(actor=users.officer, enrollment=e, selected=True, reason="Berminat")
            for e in done
        )
        assert (first.status, second.status) == (EnrollmentStatus.SELECTED, EnrollmentStatus.WAITLISTED)


class TestCandidates:
    def _list(self, batch, world, **filters):
        found = services.nomination_candidates(
            batch, unit_ids=[world.martapura.pk], filters=services.CandidateFilters(**filters)
        )
        return [c.person.full_name for c in found]

    def test_the_filters(self, open_batch, world, users, programme, inmates):
        give_certificate(inmates[2], users, world, programme, "SP-001")
        assert self._list(open_batch, world) == ["Andi Saputra", "Budi Lepas", "Citra Dewi"]
        assert self._list(open_batch, world, release_from=date(2025, 6, 1), release_to=date(2025, 12, 31)) == [
            "Citra Dewi"
        ]
        assert self._list(open_batch, world, education="smp") == ["Andi Saputra"]
        assert self._list(open_batch, world, certificates="with") == ["Citra Dewi"]
        assert self._list(open_batch, world, certificates="without") == ["Andi Saputra", "Budi Lepas"]
        assert self._list(open_batch, world, eligibility="eligible") == ["Andi Saputra", "Citra Dewi"]
        assert self._list(open_batch, world, eligibility="ineligible") == ["Budi Lepas"]

    def test_someone_already_in_the_batch_is_not_listed(self, open_batch, world, users, inmates):
        services.enrollment_nominate(actor=users.officer, batch=open_batch, person=inmates[0])
        assert "Andi Saputra" not in self._list(open_batch, world)


class TestPage:
    def url(self, batch):
        return reverse("training:batch-nominate-bulk", args=[batch.pk])

    def test_the_list_shows_release_education_certificates_and_eligibility(
        self, client_for, users, world, programme, open_batch, inmates
    ):
        give_certificate(inmates[0], users, world, programme, "SP-002")
        body = client_for(users.officer).get(self.url(open_batch)).content.decode()
        row = body[body.index(f'id="candidate-{inmates[0].pk}"') :]
        row = row[: row.index("</tr>")]
        assert "1 Juni 2026" in row and "(SMA)" in row and "SP-002" in row and "Memenuhi syarat" in row
        assert f'value="{inmates[0].pk}"' in row
        budi = body[body.index(f'id="candidate-{inmates[1].pk}"') :]
        budi = budi[: budi.index("</tr>")]
        assert "disabled" in budi and f'value="{inmates[1].pk}"' not in budi and "20 Maret 2025" in budi

    def test_the_one_at_a_time_page_links_to_the_bulk_page(self, client_for, users, open_batch):
        body = client_for(users.officer).get(reverse("training:batch-nominate", args=[open_batch.pk])).content.decode()
        assert f'id="nominate-bulk" href="{self.url(open_batch)}"' in body

    def test_htmx_filters_return_the_list_only(self, client_for, users, open_batch, inmates):
        response = client_for(users.officer).get(
            self.url(open_batch), {"eligibility": "ineligible"}, headers={"HX-Request": "true"}
        )
        body = response.content.decode()
        assert body.lstrip().startswith('<div class="table-wrap" id="candidates">')
        assert "Budi Lepas" in body and "Andi Saputra" not in body

    def test_the_chosen_are_nominated(self, client_for, users, open_batch, inmates):
        andi, _, citra = inmates
        response = client_for(users.officer).post(
            self.url(open_batch), {"person": [andi.pk, citra.pk], "interest_statement_on": "03/03/2025"}
        )
        assert response.status_code == 302
        assert set(open_batch.enrollments.values_list("person_id", flat=True)) == {andi.pk, citra.pk}

    def test_a_refusal_names_each_person_and_writes_nothing_not_a_500(self, client_for, users, open_batch, inmates):
        andi, budi, _ = inmates
        response = client_for(users.officer).post(self.url(open_batch), {"person": [andi.pk, budi.pk]}, follow=True)
        assert response.status_code == 200
        assert "Budi Lepas" in response.content.decode()
        assert not open_batch.enrollments.exists()

    def test_the_ladder(self, client_for, users, open_batch, make_user, world, inmates):
        url = self.url(open_batch)
        assert client_for(None).get(url).status_code == 302
        assert client_for(make_user(world.martapura)).get(url).status_code == 403
        assert client_for(users.other_officer).get(url).status_code == 404
        assert client_for(users.other_officer).post(url, {"person": [inmates[0].pk]}).status_code == 404
        assert client_for(users.officer).get(url).status_code == 200
        assert not open_batch.enrollments.exists()


class TestAPI:
    def _post(self, client, batch, data):
        return client.post(
            f"/api/v1/batches/{batch.pk}/enrollments/bulk", json.dumps(data), content_type="application/json"
        )

    def test_candidates_are_listed_with_reasons(self, client_for, users, open_batch, inmates):
        response = client_for(users.officer).get(f"/api/v1/batches/{open_batch.pk}/candidates")
        rows = {r["full_name"]: r for r in response.json()}
        assert rows["Andi Saputra"]["eligible"] and rows["Andi Saputra"]["education"] == "sma"
        assert rows["Andi Saputra"]["expected_release_date"] == "2026-06-01"
        assert not rows["Budi Lepas"]["eligible"] and rows["Budi Lepas"]["reasons"][0]["code"] == "release"
        assert "Budi" not in [
            r["full_name"]
            for r in client_for(users.officer)
            .get(f"/api/v1/batches/{open_batch.pk}/candidates?eligibility=eligible")
            .json()
        ]

    def test_the_chosen_are_nominated_with_a_result_per_person(self, client_for, users, open_batch, inmates):
        andi, _, citra = inmates
        response = self._post(
            client_for(users.officer),
            open_batch,
            {"people": [andi.pk, citra.pk], "interest_statement_on": "2025-03-03"},
        )
        assert response.status_code == 201
        assert [(r["person_id"], r["status"]) for r in response.json()] == [
            (andi.pk, "nominated"),
            (citra.pk, "nominated"),
        ]

    def test_a_refusal_is_a_422_naming_each_refused_person(self, client_for, users, open_batch, inmates):
        andi, budi, _ = inmates
        response = self._post(client_for(users.officer), open_batch, {"people": [andi.pk, budi.pk]})
        assert response.status_code == 422
        assert response.json()["detail"]["people"][0].startswith("Budi Lepas")
        assert not open_batch.enrollments.exists()

    def test_the_ladder(self, client_for, users, open_batch, make_user, world, inmates):
        data = {"people": [inmates[0].pk]}
        candidates = f"/api/v1/batches/{open_batch.pk}/candidates"
        assert self._post(client_for(None), open_batch, data).status_code == 401
        assert client_for(None).get(candidates).status_code == 401
        assert self._post(client_for(make_user(world.martapura)), open_batch, data).status_code == 403
        assert client_for(make_user(world.martapura, username="x2")).get(candidates).status_code == 403
        assert self._post(client_for(users.other_officer), open_batch, data).status_code == 404
        assert client_for(users.other_officer).get(candidates).status_code == 404
        assert not open_batch.enrollments.exists()


def test_a_race_with_another_nomination_refuses_the_whole_action(monkeypatch, open_batch, users, inmates):
    """The check before the insert sees nobody in the batch (the other request has not committed yet): the unique
    constraint stops the insert, refused by name, and nothing of the action stays."""
    from bekal.training.services import nomination

    andi, _, citra = inmates
    services.enrollment_nominate(actor=users.officer, batch=open_batch, person=citra)
    monkeypatch.setattr(nomination, "_refusals", lambda *args: [])
    with pytest.raises(ValidationError) as refused:
        services.enrollment_nominate_many(actor=users.officer, batch=open_batch, person_ids=[andi.pk, citra.pk])
    assert refused.value.message_dict["people"] == ["Citra Dewi sudah diusulkan untuk angkatan ini"]
    assert list(open_batch.enrollments.values_list("person_id", flat=True)) == [citra.pk]
