"""Training's daily notice jobs: agreements expiring or expired (the head of unit), next year's holidays (the system
administrators); each tells once per cause, however often it runs."""

from datetime import date, timedelta

import pytest

from bekal.notifications.models import Notice
from bekal.training.models import Agreement, AgreementStatus, Holiday
from bekal.training.notices import agreements_notify, holidays_notify

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


def _agreement(world, number, *, end, status=AgreementStatus.ACTIVE, unit=None):
    agreement = Agreement.objects.create(
        kind="pks",
        number=number,
        title=f"Pelatihan {number}",
        unit=unit or world.martapura,
        start_date=date(2024, 1, 1),
        end_date=end,
        status=status,
    )
    agreement.partners.set([world.blk])
    return agreement


def test_the_head_of_unit_is_told_once_of_an_agreement_expiring_and_once_when_expired(world, users):
    agreement = _agreement(world, "PKS/1", end=TODAY + timedelta(days=10))
    assert agreements_notify(today=TODAY) == 1
    assert agreements_notify(today=TODAY) == 0
    assert agreements_notify(today=TODAY + timedelta(days=1)) == 0  # still expiring: already told
    assert agreements_notify(today=TODAY + timedelta(days=11)) == 1  # now expired
    notices = Notice.objects.filter(object_id=str(agreement.pk)).order_by("id")
    assert [(n.recipient, n.kind, n.key) for n in notices] == [
        (users.head, "agreement_expiring", "expiring"),
        (users.head, "agreement_expired", "expired"),
    ]
    assert notices[0].link == f"/training/agreements/{agreement.pk}/"
    assert notices[0].unit == world.martapura


def test_an_agreement_told_whichever_job_runs_first(world, users):
    # The status may still say active (agreements_refresh has not run yet) or already say expiring: same notice.
    _agreement(world, "PKS/2", end=TODAY + timedelta(days=5), status=AgreementStatus.EXPIRING)
    _agreement(world, "PKS/3", end=TODAY - timedelta(days=3), status=AgreementStatus.ACTIVE)
    assert set(Notice.objects.values_list("kind", flat=True)) == set()
    assert agreements_notify(today=TODAY) == 2
    assert set(Notice.objects.values_list("kind", flat=True)) == {"agreement_expiring", "agreement_expired"}


def test_far_off_long_lapsed_renewed_and_other_units_agreements(world, users, make_user):
    _agreement(world, "PKS/far", end=TODAY + timedelta(days=200))
    _agreement(world, "PKS/old", end=TODAY - timedelta(days=100), status=AgreementStatus.EXPIRED)
    _agreement(world, "PKS/renewed", end=TODAY + timedelta(days=5), status=AgreementStatus.RENEWED)
    lampung_head = make_user(world.bandar_lampung, "head_of_unit")
    _agreement(world, "PKS/bdl", end=TODAY + timedelta(days=5), unit=world.bandar_lampung)
    assert agreements_notify(today=TODAY) == 1
    assert Notice.objects.get().recipient == lampung_head


def test_a_notice_per_head(world, users, make_user):
    second = make_user(world.martapura, "head_of_unit")
    _agreement(world, "PKS/4", end=TODAY + timedelta(days=5))
    assert agreements_notify(today=TODAY) == 2
    assert set(Notice.objects.values_list("recipient", flat=True)) == {users.head.pk, second.pk}


def test_the_system_administrators_are_told_of_next_years_holidays_from_1_november(users):
    # 2027's holidays are shipped (migration 0007): the first year missing is 2028.
    assert holidays_notify(today=date(2027, 10, 31)) == 0
    assert holidays_notify(today=date(2027, 11, 1)) == 1
    assert holidays_notify(today=date(2027, 11, 2)) == 0
    notice = Notice.objects.get()
    assert notice.recipient == users.sysadmin and notice.key == "2028"
    assert notice.link == "/training/holidays/2028/"


def test_no_holiday_notice_once_one_is_entered(users):
    Holiday.objects.create(date=date(2028, 1, 1), name="Tahun Baru")
    assert holidays_notify(today=date(2027, 11, 15)) == 0
