"""Reality checks in the batch's own time zone (LEGAL.md "Time"): no attendance for a day after the unit's today,
no finished batch with training days ahead, no completion before the last day, and a finished or closed batch's
attendance is read-only. Each check runs for a unit in WIB, WITA and WIT."""

import json
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from bekal.organizations.models import Organization
from bekal.training import selectors, services
from bekal.training.models import BatchStatus, EnrollmentStatus, TrainingDay
from bekal.training.tests.conftest import END, mark_all

ZONES = {"WIB": ("16.08", "Asia/Jakarta"), "WITA": ("73.71", "Asia/Makassar"), "WIT": ("91.71", "Asia/Jayapura")}
DAY = date(2025, 3, 10)  # a Monday of the batch


def local(day: date, hour: int, minute: int, zone: str) -> time_machine.travel:
    """Freeze the clock at a wall-clock time of the zone."""
    return time_machine.travel(datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(zone)), tick=False)


@pytest.fixture(params=list(ZONES))
def zone(request, world) -> str:
    """Move Lapas Martapura, the batch's unit, into a regency of the zone; return the zone's name."""
    region, name = ZONES[request.param]
    Organization.objects.filter(pk=world.martapura.pk).update(region_id=region)
    return name


def refusal(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return " ".join(caught.value.messages)


def test_attendance_for_the_units_tomorrow_is_refused_and_accepted_once_it_is_today(zone, enrolled, users):
    day = TrainingDay.objects.get(batch=enrolled.batch, date=DAY)

    def mark():
        today = selectors.batch_today(enrolled.batch)
        return services.attendance_record(actor=users.officer, day=day, marks={enrolled.id: "present"}, today=today)

    with local(date(2025, 3, 9), 23, 30, zone):
        assert "10 Maret 2025" in refusal(mark) and "9 Maret 2025" in refusal(mark)
    with local(DAY, 0, 30, zone):
        assert len(mark()) == 1


def test_the_same_instant_is_today_in_a_wib_unit_and_tomorrow_in_a_wita_unit(world, enrolled, users, client_for):
    day = TrainingDay.objects.get(batch=enrolled.batch, date=DAY)
    url = f"/api/v1/days/{day.pk}/attendance"
    client = client_for(users.officer)
    body = json.dumps({"marks": {str(enrolled.id): "present"}})
    with time_machine.travel(datetime(2025, 3, 9, 16, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        refused = client.post(url, body, content_type="application/json")
        assert refused.status_code == 422 and "10 Maret 2025" in json.dumps(refused.json())
        Organization.objects.filter(pk=world.martapura.pk).update(region_id="73.71")  # now a WITA unit
        assert client.post(url, body, content_type="application/json").status_code == 200


def test_a_batch_cannot_finish_before_its_last_training_day(zone, enrolled, users):
    batch = services.batch_move(actor=users.officer, batch=enrolled.batch, status=BatchStatus.RUNNING)
    with local(date(2025, 3, 27), 23, 30, zone):
        message = refusal(lambda: services.batch_move(actor=users.officer, batch=batch, status=BatchStatus.FINISHED))
        assert "28 Maret 2025" in message
    with local(END, 0, 30, zone):
        assert services.batch_move(actor=users.officer, batch=batch, status=BatchStatus.FINISHED).status == "finished"


def test_nobody_completes_before_the_batchs_last_day(zone, enrolled, users):
    mark_all(enrolled.batch, enrolled, users.officer)
    with local(date(2025, 3, 27), 23, 30, zone):
        assert "28 Maret 2025" in refusal(
            lambda: services.enrollment_complete(actor=users.officer, enrollment=enrolled)
        )
    with local(END, 0, 30, zone):
        completed = services.enrollment_complete(actor=users.officer, enrollment=enrolled)
        assert completed.status == EnrollmentStatus.COMPLETED


@pytest.fixture
def finished(enrolled, users):
    mark_all(enrolled.batch, enrolled, users.officer)
    batch = services.batch_move(actor=users.officer, batch=enrolled.batch, status=BatchStatus.RUNNING)
    return services.batch_move(actor=users.officer, batch=batch, status=BatchStatus.FINISHED, today=date(2025, 4, 1))


@pytest.mark.parametrize("status", [BatchStatus.FINISHED, BatchStatus.CLOSED])
def test_the_attendance_of_a_finished_or_closed_batch_is_read_only(finished, enrolled, users, client_for, status):
    if status == BatchStatus.CLOSED:
        services.batch_move(actor=users.officer, batch=finished, status=status)
    day = TrainingDay.objects.get(batch=finished, date=DAY)
    message = refusal(
        lambda: services.attendance_record(
            actor=users.officer, day=day, marks={enrolled.id: "absent"}, today=date(2025, 4, 2)
        )
    )
    assert "Barista Angkatan I" in message
    page = client_for(users.officer).get(f"/training/days/{day.pk}/attendance/").content.decode()
    assert 'id="attendance-read-only"' in page and "save-attendance" not in page and "hx-post" not in page
    posted = client_for(users.officer).post(f"/training/days/{day.pk}/attendance/", {f"mark_{enrolled.id}": "absent"})
    assert posted.status_code == 200 and "tidak dapat diubah lagi" in posted.content.decode()
    assert day.attendances.get().reason.code == "present"
