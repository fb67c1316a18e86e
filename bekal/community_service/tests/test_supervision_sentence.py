"""The supervision sentence (pidana pengawasan, KUHP Pasal 75-77): its limits, monthly reporting with missed
months flagged, the breach workflow in its order, and suspension by a new prison term."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from bekal.community_service.models import BreachOutcome, BreachStage
from bekal.community_service.selectors import supervision as selectors
from bekal.community_service.services import supervision as services
from bekal.people.models import CustodyPeriod, SupervisionKind

START = date(2026, 2, 1)


def data(cs, **overrides):
    out = {
        "start_date": START,
        "court": cs.court,
        "decision_number": "41/Pid.B/2026/PN Llg",
        "decision_date": date(2026, 1, 20),
        "offence": "Penggelapan",
        "threatened_prison_months": 48,
        "term_months": 12,
        "prosecutor_office": cs.prosecutor,
        "special_conditions": "Mengganti kerugian korban",
    }
    return out | overrides


@pytest.fixture
def make_sentence(world, users, cs, make_person):
    def make(unit=None, name="Dedi Harahap", **overrides):
        unit = unit or world.muratara
        person = make_person(unit, full_name=name, custody=False, nik=None)
        return services.sentence_create(
            actor=users.sysadmin, person=person, unit=unit, officer=None, **data(cs, **overrides)
        )

    return make


@pytest.fixture
def sentence(make_sentence):
    return make_sentence()


def errors(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_a_sentence_creates_its_supervision_period(sentence):
    assert sentence.period.kind == SupervisionKind.SUPERVISION_SENTENCE
    assert sentence.period.expected_end_date == date(2027, 1, 31)


def test_pasal_75_the_term_is_at_most_3_years(make_sentence):
    message = " ".join(errors(lambda: make_sentence(term_months=37, threatened_prison_months=60))["term_months"])
    assert "Pasal 75" in message and "36" in message
    assert make_sentence(term_months=36, threatened_prison_months=60).term_months == 36


def test_pasal_75_the_term_is_at_most_the_threatened_prison_term(make_sentence):
    assert "term_months" in errors(lambda: make_sentence(term_months=13, threatened_prison_months=12))


def test_pasal_75_the_offence_is_threatened_with_at_most_5_years(make_sentence):
    assert "Pasal 75" in " ".join(
        errors(lambda: make_sentence(threatened_prison_months=61))["threatened_prison_months"]
    )


def test_missed_monthly_reports_are_flagged(users, sentence):
    services.monthly_report_record(
        actor=users.pk, sentence=sentence, month=date(2026, 2, 1), reported_on=date(2026, 2, 5)
    )
    services.monthly_report_record(
        actor=users.pk, sentence=sentence, month=date(2026, 4, 1), reported_on=date(2026, 4, 3)
    )
    loaded = selectors.get_sentence_for_user(users.pk, sentence.pk)
    assert selectors.missed_months(loaded, today=date(2026, 5, 10)) == [date(2026, 3, 1)]
    rows = selectors.missed_report_rows(user=users.pk, today=date(2026, 5, 10))
    assert [r["sentence"] for r in rows] == [sentence]
    assert "month" in errors(
        lambda: services.monthly_report_record(
            actor=users.pk, sentence=sentence, month=date(2026, 4, 1), reported_on=date(2026, 4, 20)
        )
    )


def test_a_new_prison_term_suspends_the_supervision(users, world, sentence):
    CustodyPeriod.objects.create(
        person=sentence.period.person, unit=world.martapura, admission_date=date(2026, 3, 10), offence_category="theft"
    )
    loaded = selectors.get_sentence_for_user(users.pk, sentence.pk)
    assert selectors.suspended_by(loaded, on=date(2026, 5, 1)) is not None
    assert selectors.missed_months(loaded, today=date(2026, 6, 1)) == [date(2026, 2, 1)]
    assert selectors.missed_report_rows(user=users.pk, today=date(2026, 6, 1)) == []


def test_a_breach_goes_from_pk_advice_to_prosecutor_to_court(users, sentence):
    case = services.breach_open(
        actor=users.pk,
        sentence=sentence,
        condition="Mengganti kerugian korban",
        advised_on=date(2026, 4, 1),
        advice="Klien belum membayar ganti rugi",
    )
    assert "stage" in errors(
        lambda: services.breach_advance(
            actor=users.pk,
            case=case,
            stage=BreachStage.COURT_DECISION,
            on=date(2026, 4, 2),
            outcome="extend",
            extension_months=3,
        )
    )
    services.breach_advance(
        actor=users.pk, case=case, stage=BreachStage.PROSECUTOR_PROPOSAL, on=date(2026, 4, 5), text="Usul perpanjangan"
    )
    services.breach_advance(
        actor=users.pk,
        case=case,
        stage=BreachStage.COURT_DECISION,
        on=date(2026, 4, 20),
        outcome=BreachOutcome.EXTEND,
        extension_months=6,
    )
    sentence.refresh_from_db()
    sentence.period.refresh_from_db()
    assert sentence.term_months == 18 and sentence.period.expected_end_date == date(2027, 7, 31)


def test_pasal_75_an_extension_never_passes_3_years(users, make_sentence):
    sentence = make_sentence(term_months=30, threatened_prison_months=60)
    case = services.breach_open(
        actor=users.pk, sentence=sentence, condition="Wajib lapor", advised_on=date(2026, 4, 1), advice="Tidak lapor"
    )
    services.breach_advance(
        actor=users.pk, case=case, stage=BreachStage.PROSECUTOR_PROPOSAL, on=date(2026, 4, 5), text="Usul"
    )
    message = errors(
        lambda: services.breach_advance(
            actor=users.pk,
            case=case,
            stage=BreachStage.COURT_DECISION,
            on=date(2026, 4, 20),
            outcome=BreachOutcome.EXTEND,
            extension_months=7,
        )
    )["extension_months"]
    assert "Pasal 75" in " ".join(message)


def test_the_prosecutor_and_site_supervisor_cannot_write(users, cs, sentence):
    for actor in [cs.prosecutor_user, cs.site_user]:
        with pytest.raises(PermissionDenied):
            services.monthly_report_record(actor=actor, sentence=sentence, month=START, reported_on=START)


class TestPages:
    def pages(self, sentence):
        return [
            reverse("community_service:sentence-detail", args=[sentence.pk]),
            reverse("community_service:report-create", args=[sentence.pk]),
            reverse("community_service:breach-create", args=[sentence.pk]),
        ]

    def test_the_ladder(self, client_for, users, cs, world, sentence, make_sentence):
        foreign = make_sentence(unit=cs.lampung_bapas, name="Rudi Lampung", prosecutor_office=cs.other_prosecutor)
        for url in [reverse("community_service:sentences"), *self.pages(sentence)]:
            response = client_for(None).get(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
            assert client_for(users.partner).get(url).status_code == 403, url
            assert client_for(users.pk).get(url).status_code == 200, url
        for url in self.pages(foreign):
            assert client_for(users.pk).get(url).status_code == 404, url
        prosecutor = client_for(cs.prosecutor_user)
        assert prosecutor.get(self.pages(sentence)[0]).status_code == 200
        assert prosecutor.get(self.pages(sentence)[1]).status_code == 403
        assert client_for(cs.site_user).get(self.pages(sentence)[0]).status_code == 404

    def test_the_api_ladder(self, client_for, users, cs, sentence, make_sentence):
        foreign = make_sentence(unit=cs.lampung_bapas, name="Rudi Lampung", prosecutor_office=cs.other_prosecutor)
        assert client_for(None).get("/api/v1/community-service/supervision-sentences").status_code == 401
        assert client_for(users.partner).get("/api/v1/community-service/supervision-sentences").status_code == 403
        assert (
            client_for(users.pk).get(f"/api/v1/community-service/supervision-sentences/{foreign.pk}").status_code == 404
        )
        rows = client_for(users.pk).get("/api/v1/community-service/supervision-sentences").json()
        assert [r["id"] for r in rows] == [sentence.pk]
        response = client_for(users.pk).post(
            f"/api/v1/community-service/supervision-sentences/{sentence.pk}/reports",
            {"month": "2026-02-01", "reported_on": "2026-02-03"},
            content_type="application/json",
        )
        assert response.status_code == 201

    def test_the_breach_pages_record_each_stage(self, client_for, users, sentence):
        client = client_for(users.pk)
        client.post(
            reverse("community_service:breach-create", args=[sentence.pk]),
            {"condition": "Wajib lapor", "advised_on": "2026-04-01", "advice": "Tidak lapor dua bulan"},
        )
        case = sentence.breaches.get()
        url = reverse("community_service:breach-advance", args=[case.pk])
        assert client.get(url).status_code == 200
        client.post(url, {"stage": "proposal", "on": "2026-04-03", "text": "Usul"})
        client.post(url, {"stage": "decision", "on": "2026-04-10", "outcome": "other", "text": "Teguran"})
        case.refresh_from_db()
        assert case.stage == BreachStage.COURT_DECISION and case.outcome == BreachOutcome.OTHER

    def test_the_list_query_count_does_not_grow(self, client_for, users, make_sentence):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = client_for(users.pk)
        make_sentence(name="Klien 0")
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("community_service:sentences"))
        for i in range(1, 6):
            make_sentence(name=f"Klien {i}")
        with CaptureQueriesContext(connection) as many:
            client.get(reverse("community_service:sentences"))
        assert len(many) == len(few)
