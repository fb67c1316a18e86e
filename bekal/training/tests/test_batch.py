"""Batches: the calendar skips weekends and holidays; too few days, too few FMD days and too many JP are refused."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from bekal.training import services
from bekal.training.models import BatchStatus, DayKind, Holiday
from bekal.training.tests.conftest import END, START


def test_the_calendar_has_twenty_working_days_with_two_fmd_days_first(batch, kodim):
    days = list(batch.days.order_by("date"))
    assert len(days) == 20 and all(d.date.weekday() < 5 for d in days)
    assert [d.kind for d in days[:3]] == [DayKind.FMD, DayKind.FMD, DayKind.TRAINING]
    assert days[0].partner == kodim and days[0].label == "Forum Motivasi Dasar"
    assert batch.jp_per_day == 8 and batch.quota == 16


def test_national_holidays_are_skipped(db):
    days = services.plan_days(date(2026, 3, 16), date(2026, 3, 27))
    assert date(2026, 3, 19) not in days and date(2026, 3, 20) not in days and len(days) == 8


def test_a_batch_shorter_than_the_minimum_is_refused(world, users, programme, agreement):
    with pytest.raises(ValidationError) as error:
        services.batch_create(
            actor=users.officer,
            programme=programme,
            units=[world.martapura],
            name="X",
            start_date=START,
            end_date=date(2025, 3, 26),
        )
    assert error.value.message_dict["end_date"] == ["Durasi pelatihan 18 hari; minimal 20 hari"]


def test_a_holiday_that_shortens_the_batch_is_counted(world, users, programme, agreement):
    Holiday.objects.create(date=date(2025, 3, 10), name="Libur")
    with pytest.raises(ValidationError) as error:
        services.batch_create(
            actor=users.officer, programme=programme, units=[world.martapura], name="X", start_date=START, end_date=END
        )
    assert "19" in error.value.message_dict["end_date"][0]


def test_fewer_fmd_days_than_required_are_refused(world, users, programme, agreement):
    with pytest.raises(ValidationError) as error:
        services.batch_create(
            actor=users.officer,
            programme=programme,
            units=[world.martapura],
            name="X",
            start_date=START,
            end_date=END,
            fmd_dates=[START],
        )
    assert "1" in error.value.message_dict["fmd_days"][0] and "2" in error.value.message_dict["fmd_days"][0]


def test_more_jp_a_day_than_the_cap_is_refused(world, users, programme, agreement):
    with pytest.raises(ValidationError) as error:
        services.batch_create(
            actor=users.officer,
            programme=programme,
            units=[world.martapura],
            name="X",
            start_date=START,
            end_date=END,
            jp_per_day=11,
        )
    assert "11" in error.value.message_dict["jp_per_day"][0] and "10" in error.value.message_dict["jp_per_day"][0]


def test_removing_a_day_below_the_minimum_is_refused(batch, users):
    with pytest.raises(ValidationError):
        services.batch_day_set(actor=users.officer, batch=batch, day=START + date.resolution * 3, kind=None)


def test_statuses_follow_the_table(batch, users):
    with pytest.raises(ValidationError):
        services.batch_move(actor=users.officer, batch=batch, status=BatchStatus.FINISHED)
    services.batch_move(actor=users.officer, batch=batch, status=BatchStatus.OPEN)
    services.batch_move(actor=users.officer, batch=batch, status=BatchStatus.RUNNING)


def test_another_units_officer_cannot_touch_the_batch(batch, users):
    with pytest.raises(ValidationError):
        services.batch_move(actor=users.other_officer, batch=batch, status=BatchStatus.OPEN)


def test_the_fmd_label_is_a_setting(batch, settings):
    settings.BEKAL_FMD_LABEL = "Fisik, Mental dan Disiplin"
    assert batch.days.filter(kind=DayKind.FMD).first().label == "Fisik, Mental dan Disiplin"


def test_a_day_can_be_added_while_planning(batch, users):
    batch = services.batch_day_set(actor=users.officer, batch=batch, day=date(2025, 3, 31), kind=DayKind.TRAINING)
    assert batch.days.count() == 21 and batch.end_date == date(2025, 3, 31)
