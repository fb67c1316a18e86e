"""Figures that stay cached under a steady flow of writes (issue 18): a sum over units is each unit's cached part
added up, so a write recomputes its own unit's part only; figures about outcomes (recidivism, the people
released or working) are keyed on the outcome facts, which an attendance mark does not move. Both exact: each
test compares with the records counted directly."""

from datetime import date

import pytest
from django.db.models import Sum
from django.urls import reverse

from bekal.community_service.models import OrderStatus
from bekal.kpis import charts, selectors
from bekal.kpis.models import EnrolmentFact
from bekal.kpis.tests.conftest import TODAY
from bekal.organizations import figure_versions
from bekal.organizations.scope import UnitScope
from bekal.people.models import CustodyPeriod, SupervisionPeriod
from bekal.training.models import Attendance, AttendanceReason, TrainingDay

NATION = UnitScope(everything=True, unit_ids=frozenset())


@pytest.fixture
def trained(kpi, world):
    """Enrolments at two units (one released and working), attendance days, orders due."""
    barista = kpi.programme()
    batch = kpi.batch(barista, units=[world.martapura, world.bandar_lampung])
    kept = kpi.enrol(batch, certified=True, days=(18, 20), released=date(2025, 9, 1), working="employed")
    kpi.enrol(batch, status="not_completed", days=(10, 20))
    kpi.enrol(batch, unit=world.bandar_lampung, certified=True, days=(20, 20))
    kpi.order(world.martapura, due=date(2026, 3, 1), status=OrderStatus.COMPLETED)
    kpi.order(world.martapura, due=date(2026, 4, 1))
    figure_versions.flush()  # what the commit of the set-up does
    return kept


def _nation(users):
    f = selectors.filters_for_user(user=users.national)
    return selectors.table_for(user=users.national, f=f, today=TODAY)


def test_the_summed_parts_equal_the_records_counted_directly(users, trained):
    row = _nation(users)
    direct = EnrolmentFact.objects.aggregate(a=Sum("days_attended"), m=Sum("days_marked"))
    attendance = row.figures[selectors.ATTENDANCE]
    assert (attendance.count, attendance.total) == (direct["a"], direct["m"]) == (48, 60)
    assert row.funnel["completed"] == EnrolmentFact.objects.filter(status="completed").count() == 2
    assert (row.funnel["released"], row.funnel["working"]) == (1, 1)
    orders = row.figures[selectors.COMMUNITY_SERVICE]
    assert (orders.count, orders.total) == (1, 2)
    by_unit = {
        r.key: r.figures[selectors.ATTENDANCE].total
        for r in selectors.breakdown_for(
            user=users.national, f=selectors.filters_for_user(user=users.national), today=TODAY, by="unit"
        )
    }
    assert by_unit == {trained.unit_id: 40, users.other_officer.organization_id: 20}


def test_a_mark_recomputes_its_own_units_part_and_is_seen_at_once(users, world, trained, monkeypatch):
    asked: list[list[int]] = []
    real = selectors._enrolment_parts

    def spy(f, by, ids):
        asked.append(sorted(ids))
        return real(f, by, ids)

    monkeypatch.setattr(selectors, "_enrolment_parts", spy)
    before = _nation(users).figures[selectors.ATTENDANCE]
    asked.clear()
    assert _nation(users).figures[selectors.ATTENDANCE] == before  # warm: no unit recomputed
    assert asked == []
    day = TrainingDay.objects.create(batch=trained.batch, date=date(2025, 6, 26), jp=8)
    Attendance.objects.create(enrollment=trained, day=day, reason=AttendanceReason.objects.get(code="present"))
    figure_versions.flush()
    after = _nation(users).figures[selectors.ATTENDANCE]
    assert (after.count, after.total) == (before.count + 1, before.total + 1)
    assert asked == [[world.martapura.pk]]  # Bandar Lampung's part stayed cached


def test_a_mark_leaves_the_outcome_versions_and_a_release_moves_them(users, world, trained, kpi):
    outcomes = figure_versions.scope_token(NATION, figure_versions.OUTCOMES)
    records = figure_versions.scope_token(NATION)
    day = TrainingDay.objects.create(batch=trained.batch, date=date(2025, 6, 25), jp=8)
    Attendance.objects.create(enrollment=trained, day=day, reason=AttendanceReason.objects.get(code="absent"))
    figure_versions.flush()
    assert figure_versions.scope_token(NATION) != records
    assert figure_versions.scope_token(NATION, figure_versions.OUTCOMES) == outcomes
    other = kpi.enrol(trained.batch, unit=world.martapura)
    period = CustodyPeriod.objects.filter(person=other.person).get()
    period.release_date, period.release_reason = date(2025, 10, 1), "served"
    period.save()
    figure_versions.flush()
    assert figure_versions.scope_token(NATION, figure_versions.OUTCOMES) != outcomes
    assert _nation(users).funnel["completed"] == 3


def test_the_national_home_adds_each_units_population(client_for, users, world, make_person):
    make_person(world.martapura, full_name="Satu", custody=True)
    make_person(world.bandar_lampung, full_name="Dua", custody=True)
    figure_versions.flush()
    client = client_for(users.national)
    rows = client.get(reverse("home:home")).context["region_rows"]
    today = date.today()
    assert sum(r["custody"] for r in rows) == CustodyPeriod.objects.current(today).count() >= 2
    assert sum(r["supervision"] for r in rows) == SupervisionPeriod.objects.current(today).count()
    make_person(world.bandar_lampung, full_name="Tiga", custody=True)
    figure_versions.flush()
    again = client.get(reverse("home:home")).context["region_rows"]
    assert sum(r["custody"] for r in again) == sum(r["custody"] for r in rows) + 1


def test_a_chart_is_keyed_on_what_it_draws_not_on_the_attendance_days(users, trained):
    rows = selectors.breakdown_for(
        user=users.national, f=selectors.filters_for_user(user=users.national), today=TODAY, by="year"
    )
    day = TrainingDay.objects.create(batch=trained.batch, date=date(2025, 6, 24), jp=8)
    Attendance.objects.create(enrollment=trained, day=day, reason=AttendanceReason.objects.get(code="present"))
    figure_versions.flush()
    again = selectors.breakdown_for(
        user=users.national, f=selectors.filters_for_user(user=users.national), today=TODAY, by="year"
    )
    assert [r.figures[selectors.ATTENDANCE] for r in again] != [r.figures[selectors.ATTENDANCE] for r in rows]
    assert charts._rates_shown(again) == charts._rates_shown(rows)
