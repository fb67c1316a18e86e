"""Reality checks in the batch's own time zone (LEGAL.md "Time"): no results before the assessment has taken
place, no decision or certificate dated after the unit's today. Each runs for a unit in WIB, WITA and WIT."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from bekal.certification import services
from bekal.organizations.models import Organization
from bekal.training import services as training
from bekal.training.tests.conftest import END, mark_all

ZONES = {"WIB": ("16.08", "Asia/Jakarta"), "WITA": ("73.71", "Asia/Makassar"), "WIT": ("91.71", "Asia/Jayapura")}
NEXT_DAY = date(2025, 3, 29)


def local(day: date, hour: int, minute: int, zone: str) -> time_machine.travel:
    return time_machine.travel(datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(zone)), tick=False)


@pytest.fixture(params=list(ZONES))
def zone(request, world) -> str:
    region, name = ZONES[request.param]
    Organization.objects.filter(pk=world.martapura.pk).update(region_id=region)
    return name


@pytest.fixture
def completed(enrolled, users, open_batch):
    mark_all(open_batch, enrolled, users.officer)
    return training.enrollment_complete(actor=users.officer, enrollment=enrolled, today=END)


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def units(programme):
    return {u.id: "K" for u in programme.units.all()}


def test_results_wait_for_the_assessment_day_in_the_units_zone(zone, completed, open_batch, users, lsp, programme):
    event = services.assessment_create(
        actor=users.officer, batch=open_batch, lsp=lsp, assessor="Asesor", test_site="ad_hoc", date=NEXT_DAY
    )
    record = lambda: services.results_record(  # noqa: E731
        actor=users.officer, event=event, enrollment=completed, verdicts=units(programme)
    )
    with local(END, 23, 30, zone):
        assert "29 Maret 2025" in refusal(record)["verdicts"][0]
    with local(NEXT_DAY, 0, 30, zone):
        record()


def test_a_decision_and_a_certificate_dated_after_the_units_today_are_refused(
    zone, completed, open_batch, users, lsp, programme
):
    event = services.assessment_create(
        actor=users.officer, batch=open_batch, lsp=lsp, assessor="Asesor", test_site="ad_hoc", date=END
    )
    with local(END, 23, 30, zone):
        services.results_record(actor=users.officer, event=event, enrollment=completed, verdicts=units(programme))
        decide = lambda on: services.decision_record(  # noqa: E731
            actor=users.officer, event=event, enrollment=completed, verdict="K", on=on
        )
        assert "29 Maret 2025" in refusal(lambda: decide(NEXT_DAY))["decided_on"][0]
        decision = decide(END)
        issue = lambda on: services.certificate_issue(  # noqa: E731
            actor=users.officer, decision=decision, number="BNSP-9", issued_on=on
        )
        message = refusal(lambda: issue(NEXT_DAY))["issued_on"][0]
        assert message == "Tanggal terbit 29 Maret 2025 ada di masa depan; hari ini di unit ini 28 Maret 2025"
    with local(NEXT_DAY, 0, 30, zone):
        assert issue(NEXT_DAY).issued_on == NEXT_DAY
