"""Reality checks in the Bapas's own time zone (LEGAL.md "Time"): no session, monthly report, litmas, decision or
breach dated after the unit's today; sessions only within the work site's days and hours unless the PK records an
exception with its reason; "8 hours in one day" on the unit's day. Each date check runs in WIB, WITA and WIT."""

import json
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from bekal.audit.models import AuditEvent
from bekal.community_service.models import Decision, LitmasPurpose, Outcome, StepKind
from bekal.community_service.services import ledger as ledger_services
from bekal.community_service.services import litmas as litmas_services
from bekal.community_service.services import noncompliance as noncompliance_services
from bekal.community_service.services import supervision as supervision_services
from bekal.community_service.tests.test_supervision_sentence import data as sentence_data
from bekal.organizations.models import Organization

ZONES = {"WIB": ("16.13", "Asia/Jakarta"), "WITA": ("73.71", "Asia/Makassar"), "WIT": ("91.71", "Asia/Jayapura")}


def local(day: date, hour: int, minute: int, zone: str) -> time_machine.travel:
    """Freeze the clock at a wall-clock time of the zone."""
    return time_machine.travel(datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(zone)), tick=False)


@pytest.fixture(params=list(ZONES))
def zone(request, world) -> str:
    """Move Bapas Muratara into a regency of the zone; return the zone's name."""
    region, name = ZONES[request.param]
    Organization.objects.filter(pk=world.muratara.pk).update(region_id=region)
    return name


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def record(actor, order, on, start=(8, 0), end=(12, 0), **extra):
    return ledger_services.session_record(
        actor=actor,
        order=order,
        date=on,
        start=time(*start),
        end=time(*end),
        outcome=Outcome.ATTENDED_COMPLIED,
        **extra,
    )


def test_a_session_on_the_units_tomorrow_is_refused_then_accepted_once_it_is_today(zone, users, order):
    with local(date(2026, 3, 3), 23, 30, zone):
        message = refusal(lambda: record(users.pk, order, date(2026, 3, 4)))["date"][0]
        assert message == "Tanggal sesi 4 Maret 2026 ada di masa depan; hari ini di unit ini 3 Maret 2026"
    with local(date(2026, 3, 4), 12, 30, zone):
        assert record(users.pk, order, date(2026, 3, 4)).minutes_credited == 240


def test_a_session_today_is_credited_once_it_is_over_on_the_units_clock(zone, users, order, client_for):
    with local(date(2026, 3, 4), 10, 15, zone):  # the work of 08:00-12:00 is not done yet
        message = refusal(lambda: record(users.pk, order, date(2026, 3, 4)))["end"][0]
        assert (
            message
            == "Sesi berakhir pukul 12:00, lewat dari jam sekarang di unit ini (10:15); catat setelah sesi selesai"
        )
        assert record(users.pk, order, date(2026, 3, 4), end=(10, 0)).minutes_credited == 120  # what is over is
        url = f"/api/v1/community-service/orders/{order.pk}/sessions"
        body = {"date": "2026-03-04", "start": "10:00", "end": "12:00", "outcome": Outcome.ATTENDED_COMPLIED}
        refused = client_for(users.pk).post(url, json.dumps(body), content_type="application/json")
        assert refused.status_code == 422 and "10:15" in refused.json()["detail"]["end"][0]
    with local(date(2026, 3, 4), 12, 0, zone):
        assert record(users.pk, order, date(2026, 3, 4), start=(10, 0)).minutes_credited == 120


def test_the_same_instant_is_today_in_a_wib_bapas_and_tomorrow_in_a_wita_one(world, users, order, client_for):
    url = f"/api/v1/community-service/orders/{order.pk}/sessions"
    # At 00:30 in Makassar the night's work of 00:00-00:20 is over (outside the site's hours: the PK's exception).
    body = json.dumps(
        {
            "date": "2026-03-04",
            "start": "00:00",
            "end": "00:20",
            "outcome": Outcome.ATTENDED_COMPLIED,
            "site_exception": True,
            "site_exception_reason": "Kerja bakti malam",
        }
    )
    client = client_for(users.pk)
    with time_machine.travel(datetime(2026, 3, 3, 16, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        refused = client.post(url, body, content_type="application/json")
        assert refused.status_code == 422
        assert refused.json()["detail"]["date"] == [
            "Tanggal sesi 4 Maret 2026 ada di masa depan; hari ini di unit ini 3 Maret 2026"
        ]
        Organization.objects.filter(pk=world.muratara.pk).update(region_id="73.71")  # Kota Makassar, WITA
        assert client.post(url, body, content_type="application/json").status_code == 201


def test_eight_hours_a_day_are_counted_on_the_units_day(world, users, order):
    Organization.objects.filter(pk=world.muratara.pk).update(region_id="91.71")  # Kota Jayapura, WIT
    # 17:00 UTC on 3 March is 02:00 on 4 March in Jayapura (still the 3rd in Jakarta): the 3rd's 8 hours do not
    # fill the 4th, whose night's work (outside the site's hours: the PK's exception) is over and counts.
    night = {"site_exception": True, "site_exception_reason": "Kerja bakti malam"}
    with time_machine.travel(datetime(2026, 3, 3, 17, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        record(users.pk, order, date(2026, 3, 3), start=(8, 0), end=(16, 0))
        assert record(users.pk, order, date(2026, 3, 4), start=(0, 0), end=(1, 0), **night).minutes_credited == 60
        assert "end" in refusal(lambda: record(users.pk, order, date(2026, 3, 3), start=(16, 0), end=(17, 0)))


def test_a_session_on_a_day_the_site_is_closed_is_refused(users, order):
    message = refusal(lambda: record(users.pk, order, date(2026, 3, 7)))["date"][0]  # a Saturday
    assert "RSUD Rupit" in message and "Sabtu" in message and "7 Maret 2026" in message


def test_a_session_outside_the_sites_hours_is_refused(users, order):
    message = refusal(lambda: record(users.pk, order, date(2026, 3, 3), start=(1, 0), end=(5, 0)))["start"][0]
    assert "07:00-17:00" in message and "01:00-05:00" in message


def test_the_pk_may_record_an_exception_with_its_reason_and_it_is_audited(users, order):
    reason = "Kerja bakti malam sesuai permintaan rumah sakit"
    session = record(
        users.pk, order, date(2026, 3, 7), start=(19, 0), end=(21, 0), site_exception=True, site_exception_reason=reason
    )
    assert session.site_exception and session.site_exception_reason == reason
    event = AuditEvent.objects.get(code="community_service.session.recorded")
    assert event.changes["site_exception_reason"] == [None, reason]


def test_an_exception_needs_its_reason_and_a_pk(users, cs, order):
    assert "site_exception_reason" in refusal(lambda: record(users.pk, order, date(2026, 3, 7), site_exception=True))
    assert "site_exception" in refusal(
        lambda: record(cs.site_user, order, date(2026, 3, 7), site_exception=True, site_exception_reason="Malam")
    )


def test_the_session_page_shows_the_refusal(users, order, client_for):
    with time_machine.travel(datetime(2026, 3, 3, 10, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False):
        page = client_for(users.pk).post(
            f"/community-service/{order.pk}/sessions/new/",
            {"date": "2026-03-16", "start": "08:00", "end": "12:00", "outcome": Outcome.ATTENDED_COMPLIED},
        )
    assert page.status_code == 200
    assert "Tanggal sesi 16 Maret 2026 ada di masa depan; hari ini di unit ini 3 Maret 2026" in page.content.decode()


@pytest.fixture
def sentence(world, users, cs, make_person):
    person = make_person(world.muratara, full_name="Dedi Harahap", custody=False, nik=None)
    return supervision_services.sentence_create(
        actor=users.sysadmin, person=person, unit=world.muratara, officer=None, **sentence_data(cs)
    )


def test_a_monthly_report_for_a_month_not_begun_or_dated_ahead_is_refused(zone, users, sentence):
    def report(month, on):
        return supervision_services.monthly_report_record(
            actor=users.pk, sentence=sentence, month=month, reported_on=on
        )

    with local(date(2026, 3, 31), 23, 30, zone):
        assert "2026-04" in refusal(lambda: report(date(2026, 4, 1), date(2026, 4, 1)))["month"][0]
        assert "1 April 2026" in refusal(lambda: report(date(2026, 3, 1), date(2026, 4, 1)))["reported_on"][0]
    with local(date(2026, 4, 1), 0, 30, zone):
        assert report(date(2026, 4, 1), date(2026, 4, 1)).month == date(2026, 4, 1)


def test_the_report_page_and_api_show_the_refusal(users, sentence, client_for):
    client = client_for(users.pk)
    with time_machine.travel(datetime(2026, 3, 10, 10, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False):
        page = client.post(
            f"/community-service/supervision/{sentence.pk}/reports/new/",
            {"month": "2026-05", "reported_on": "2026-05-02"},
        )
        api = client.post(
            f"/api/v1/community-service/supervision-sentences/{sentence.pk}/reports",
            json.dumps({"month": "2026-05-01", "reported_on": "2026-05-02"}),
            content_type="application/json",
        )
    assert "Bulan 2026-05 belum dimulai" in page.content.decode()
    assert api.status_code == 422 and "Bulan 2026-05 belum dimulai" in json.dumps(api.json())


def test_a_breach_is_never_advised_or_advanced_in_the_units_future(zone, users, sentence):
    with local(date(2026, 3, 9), 23, 30, zone):
        advise = lambda on: supervision_services.breach_open(  # noqa: E731
            actor=users.pk, sentence=sentence, condition="Ganti rugi", advised_on=on, advice="Diusulkan"
        )
        assert "10 Maret 2026" in refusal(lambda: advise(date(2026, 3, 10)))["advised_on"][0]
        case = advise(date(2026, 3, 9))
        assert "on" in refusal(
            lambda: supervision_services.breach_advance(
                actor=users.pk, case=case, stage="proposal", on=date(2026, 3, 10), text="Usul"
            )
        )


def test_a_litmas_dated_after_the_units_today_is_refused(zone, users, world, make_person):
    person = make_person(world.muratara, full_name="Rizky Pratama", custody=False, nik=None)
    bapas = Organization.objects.get(pk=world.muratara.pk)  # read again: the zone fixture moved it

    def litmas(on):
        return litmas_services.litmas_create(
            actor=users.pk,
            person=person,
            unit=bapas,
            officer=users.pk,
            date=on,
            purpose=LitmasPurpose.PRE_SENTENCE,
            recommendation="Layak",
        )

    with local(date(2026, 3, 9), 23, 30, zone):
        message = refusal(lambda: litmas(date(2026, 3, 10)))["date"][0]
        assert message == "Tanggal litmas 10 Maret 2026 ada di masa depan; hari ini di unit ini 9 Maret 2026"
    with local(date(2026, 3, 10), 0, 30, zone):
        assert litmas(date(2026, 3, 10)).date == date(2026, 3, 10)


def test_a_decision_on_a_report_dated_after_the_units_today_is_refused(zone, users, order):
    for day in (2, 3, 4):
        ledger_services.session_record(
            actor=users.pk,
            order=order,
            date=date(2026, 3, day),
            start=time(8, 0),
            end=time(12, 0),
            outcome=Outcome.UNACCEPTABLE_ABSENCE,
            today=date(2026, 3, 4),
        )
    report = order.steps.get(kind=StepKind.REPORT)

    def decide(on):
        return noncompliance_services.step_decide(actor=users.pk, step=report, decision=Decision.REPEAT, decided_on=on)

    with local(date(2026, 3, 19), 23, 30, zone):
        assert "20 Maret 2026" in refusal(lambda: decide(date(2026, 3, 20)))["decided_on"][0]
    with local(date(2026, 3, 20), 0, 30, zone):
        assert decide(date(2026, 3, 20)).decided_on == date(2026, 3, 20)
