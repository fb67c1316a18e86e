from datetime import date

import pytest
from django.db import transaction

from bekal.national.bench import OPERATIONS, SERVER_OPERATIONS, run_bench
from bekal.national.generate import generate_national
from bekal.national.models import GeneratedDataset
from bekal.organizations.models import Organization
from bekal.people import links as person_links
from bekal.people.models import CustodyPeriod, Person

TODAY = date(2026, 11, 23)


@pytest.fixture
def nation(_nation_pk, db):
    return GeneratedDataset.objects.get(pk=_nation_pk)


def test_it_builds_the_units_of_the_nation(nation):
    assert Organization.objects.filter(kind="kanwil").count() == 38
    assert Organization.objects.filter(kind="lapas").count() == 374
    assert Organization.objects.filter(kind="rutan").count() == 162
    assert Organization.objects.filter(kind="bapas").count() == 94
    assert Organization.objects.filter(kind="blk").count() == 300


def test_it_scales_people_and_keeps_every_row_valid(nation):
    assert Person.objects.count() == 400
    assert nation.counts["people"] == 400
    assert not CustodyPeriod.objects.filter(release_date__gt=TODAY).exists()
    # Re-admissions: some people have a second custody period that starts after the first ended.
    assert CustodyPeriod.objects.values("person").distinct().count() < CustodyPeriod.objects.count()
    assert nation.counts["person_links"] >= 400 and person_links.differences() == []  # written in bulk, exact


def test_it_is_deterministic_for_a_seed(db):
    def build() -> list[tuple]:
        with transaction.atomic():
            generate_national(seed=7, scale=0.0005, today=TODAY, log=lambda _line: None)
            from bekal.community_service.models import WorkSession
            from bekal.placement.models import Placement
            from bekal.training.models import Enrollment

            rows: list[tuple] = list(
                Person.objects.order_by("id").values_list("full_name", "nik", "birth_date", "registered_unit__name")
            )
            rows += list(Enrollment.objects.order_by("id").values_list("person__nik", "batch__start_date", "status"))
            rows += list(Placement.objects.order_by("id").values_list("person__nik", "kind", "start_date", "ended_on"))
            rows += list(
                WorkSession.objects.order_by("id").values_list("order__period__person__nik", "date", "outcome")
            )
            transaction.set_rollback(True)
        return rows

    assert build() == build()


def test_it_refuses_a_database_that_already_holds_units(nation):
    with pytest.raises(ValueError):
        generate_national(seed=7, scale=0.001, today=TODAY, log=lambda _line: None)


def test_the_bench_runs_every_operation(nation):
    lines: list[str] = []
    results = run_bench(runs=1, log=lines.append, with_server=False, import_rows=200)
    assert len(results) == len(OPERATIONS) - len(SERVER_OPERATIONS)
    assert all(r.op.median_ms > 0 for r in results if "not timed" not in r.note)
    assert "ratio" in lines[1]


def test_training_statuses_agree_with_dates_and_attendance(nation):
    from bekal.training.models import Attendance, Batch, Enrollment

    assert Batch.objects.count() == 20
    for batch in Batch.objects.all():
        assert batch.days.count() >= 20
        assert batch.days.order_by("date").first().date == batch.start_date
        if batch.status == "open":
            assert batch.start_date > TODAY
        if batch.status in ("finished", "closed"):
            assert batch.end_date < TODAY
    assert not Attendance.objects.filter(day__date__gt=TODAY).exists()
    assert not Attendance.objects.filter(enrollment__status__in=["nominated", "selected", "not_selected"]).exists()
    for enrolment in Enrollment.objects.filter(status__in=["completed", "not_completed"]):
        days = enrolment.batch.days.count()
        attended = enrolment.attendances.filter(reason__counts_as_attended=True).count()
        minimum = enrolment.batch.programme.min_attendance_percent
        assert (attended * 100 >= minimum * days) == (enrolment.status == "completed")
    # An inmate is in custody at the unit for the whole batch.
    for enrolment in Enrollment.objects.filter(custody_period__isnull=False).select_related("custody_period", "batch"):
        period = enrolment.custody_period
        assert period.unit_id == enrolment.unit_id
        assert period.admission_date <= enrolment.batch.start_date
        assert period.release_date is None or period.release_date > enrolment.batch.end_date


def test_certificates_follow_kompeten_decisions_only(nation):
    from bekal.certification.models import Certificate, Decision, UnitResult

    assert Certificate.objects.exists()
    assert not Certificate.objects.exclude(decision__verdict="K").exists()
    assert not Certificate.objects.exclude(enrollment__status="completed").exists()
    assert not Certificate.objects.filter(issued_on__gt=TODAY).exists()
    for decision in Decision.objects.all():
        verdicts = set(
            UnitResult.objects.filter(event=decision.event, enrollment=decision.enrollment).values_list(
                "verdict", flat=True
            )
        )
        assert (verdicts == {"K"}) == (decision.verdict == "K")


def test_placements_follow_release_and_follow_ups_their_plan(nation):
    from bekal.placement.models import FollowUp, Placement

    assert Placement.objects.exists()
    assert not Placement.objects.filter(start_date__gt=TODAY).exists()
    assert not Placement.objects.filter(kind="employed", employer__isnull=True).exists()
    for placement in Placement.objects.all():
        released = CustodyPeriod.objects.filter(person=placement.person, release_date__lt=placement.start_date)
        assert released.exists()
    assert not FollowUp.objects.filter(done_on__gt=TODAY).exists()


def test_community_orders_complete_when_their_hours_are_credited(nation):
    from django.db.models import Sum

    from bekal.community_service.models import CommunityServiceOrder, WorkSession

    assert CommunityServiceOrder.objects.exists()
    assert WorkSession.objects.exists()
    assert not WorkSession.objects.filter(date__gte=TODAY).exists()
    for order in CommunityServiceOrder.objects.select_related("period"):
        credited = WorkSession.objects.filter(order=order).aggregate(s=Sum("minutes_credited"))["s"] or 0
        assert (credited >= order.hours_ordered * 60) == (order.status == "completed")
        if order.status == "enforced":
            report = order.steps.get(kind="report")
            assert report.decision == "serve_prison"
            assert order.period.ended_on == report.decided_on <= TODAY
        else:
            assert order.period.ended_on == order.completed_on
        assert order.period.kind == "kerja_sosial"
