"""Every KPI on hand-made data; each expected value is worked out in the test from the records it makes."""

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404

from bekal.community_service.models import OrderStatus
from bekal.core.figures import Figure
from bekal.kpis import behind
from bekal.kpis import selectors as s
from bekal.kpis.selectors import kpi_breakdown, kpi_table
from bekal.kpis.tests.conftest import TODAY
from bekal.people.models import CustodyPeriod
from bekal.placement.models import PlacementKind

pytestmark = pytest.mark.django_db


def test_a_figure_keeps_the_exact_counts_and_rounds_half_up():
    assert Figure(7, 12).percent == Decimal("58.3") and Figure(7, 12).display == "58%"
    assert Figure(18, 25).percent == Decimal("72.0") and Figure(18, 25).display == "72%"
    assert Figure(1, 8).percent == Decimal("12.5") and Figure(1, 8).whole == 13  # half up, not to even
    assert Figure(0, 0).percent is None and Figure(0, 0).display == "–"


def test_certification_rate_is_certified_completers_over_completers_of_the_year(kpi, users):
    batch = kpi.batch(kpi.programme(), end=date(2025, 6, 27))
    for certified in (True, True, True, False):
        kpi.enrol(batch, certified=certified)
    kpi.enrol(batch, status="dropped_out")  # not a completer: in neither part
    kpi.enrol(kpi.batch(kpi.programme("Las"), end=date(2024, 6, 28)), certified=True)  # another year
    figure = kpi_table(user=users.officer, today=TODAY, year=2025).figures[s.CERTIFICATION]
    # 3 certified of 4 completers in 2025
    assert (figure.count, figure.total, figure.percent) == (3, 4, Decimal("75.0"))


def test_absorption_counts_certified_people_released_after_training_and_working_after_release(kpi, users):
    batch = kpi.batch(kpi.programme(), end=date(2025, 6, 27))
    after = date(2025, 9, 1)
    kpi.enrol(batch, certified=True, released=after, working=PlacementKind.EMPLOYED)  # counts: working
    kpi.enrol(batch, certified=True, released=after, working=PlacementKind.SELF_EMPLOYED)  # counts: working
    kpi.enrol(batch, certified=True, released=after, working=PlacementKind.NOT_WORKING)  # released, not working
    kpi.enrol(batch, certified=True, released=after)  # released, no placement
    kpi.enrol(batch, certified=True, released=after, release_reason="transfer")  # a transfer is no release
    kpi.enrol(batch, certified=True)  # still inside
    kpi.enrol(batch, certified=False, released=after, working=PlacementKind.EMPLOYED)  # not certified
    # Released before the training ended: not "released after training"
    kpi.enrol(batch, certified=True, released=date(2025, 6, 1), working=PlacementKind.EMPLOYED)
    # Working, but from before the release (e.g. a job found during assimilation that did not last): released only
    kpi.enrol(batch, certified=True, released=after, working=PlacementKind.EMPLOYED, working_from=date(2025, 8, 1))
    figure = kpi_table(user=users.officer, today=TODAY, year=2025).figures[s.ABSORPTION]
    # released after training: the first four and the last one = 5; working after release: 2
    assert (figure.count, figure.total) == (2, 5)
    assert figure.display == "40%"


def test_completion_is_completers_over_those_who_started(kpi, users):
    batch = kpi.batch(kpi.programme())
    for status in ("completed", "completed", "completed", "dropped_out", "not_completed", "enrolled"):
        kpi.enrol(batch, status=status)
    for status in ("nominated", "selected", "not_selected", "waitlisted"):  # never started
        kpi.enrol(batch, status=status)
    figure = kpi_table(user=users.officer, today=TODAY, year=2025).figures[s.COMPLETION]
    assert (figure.count, figure.total) == (3, 6)


def test_attendance_is_days_attended_over_days_marked(kpi, users):
    batch = kpi.batch(kpi.programme())
    kpi.enrol(batch, days=(18, 20))
    kpi.enrol(batch, days=(10, 20))
    figure = kpi_table(user=users.officer, today=TODAY, year=2025).figures[s.ATTENDANCE]
    assert (figure.count, figure.total, figure.display) == (28, 40, "70%")


def test_budget_absorption_is_realised_over_allocated_per_unit_and_year(kpi, users, world):
    batch = kpi.batch(kpi.programme())
    kpi.budget(world.martapura, 2025, "200000000", ["50000000", "100000000"], batch)
    kpi.budget(world.martapura, 2024, "100000000", ["100000000"], batch)
    kpi.budget(world.bandar_lampung, 2025, "100000000", ["10000000"], batch)  # outside the officer's scope
    figure = kpi_table(user=users.officer, today=TODAY, year=2025).figures[s.BUDGET]
    assert (figure.count, figure.total, figure.display) == (Decimal("150000000"), Decimal("200000000"), "75%")
    rows = {r.key: r.figures[s.BUDGET] for r in kpi_breakdown(user=users.officer, today=TODAY, by="year")}
    assert rows[2024].display == "100%" and rows[2025].display == "75%"


def test_community_service_completion_is_completed_over_orders_due_and_finished_or_overdue(kpi, users, world):
    kpi.order(world.muratara, due=date(2026, 3, 31), status=OrderStatus.COMPLETED)
    kpi.order(world.muratara, due=date(2026, 4, 30), status=OrderStatus.COMPLETED)
    kpi.order(world.muratara, due=date(2026, 5, 31), status=OrderStatus.ENFORCED)
    kpi.order(world.muratara, due=date(2026, 6, 30))  # active and overdue on TODAY: counts, not completed
    kpi.order(world.muratara, due=date(2026, 12, 31))  # active, not yet due: not counted
    figure = kpi_table(user=users.pk, today=TODAY, year=2026).figures[s.COMMUNITY_SERVICE]
    assert (figure.count, figure.total) == (2, 4)


def test_recidivism_is_re_admitted_within_a_year_of_the_cohort_released(kpi, users, world, make_person):
    def released(on, back=None):
        person = make_person(world.martapura, full_name=f"R {on}", nik=None, admission_date=date(2023, 1, 2))
        period = CustodyPeriod.objects.get(person=person)
        period.release_date, period.release_reason = on, "served"
        period.save()
        if back:
            CustodyPeriod.objects.create(
                person=person, unit=world.martapura, admission_date=back, offence_category="theft"
            )

    released(date(2024, 2, 1), back=date(2024, 10, 1))  # back within a year
    released(date(2024, 3, 1), back=date(2025, 9, 1))  # back after 18 months: not within one year
    released(date(2024, 4, 1))
    released(date(2024, 5, 1))
    figure = kpi_table(user=users.officer, today=TODAY, year=2024).figures[s.RECIDIVISM]
    assert (figure.count, figure.total, figure.display) == (1, 4, "25%")
    # The 2025 cohort has not had a full year by the end of 2026 under the cohort rule (2025 + 1 < 2026 is false)
    assert kpi_table(user=users.officer, today=TODAY, year=2025).figures[s.RECIDIVISM] is None
    people = behind.kpi_people(
        user=users.officer, f=s.Filters(year=2024), today=TODAY, kpi=s.RECIDIVISM, part="numerator"
    )
    assert [p.full_name for p in people] == ["R 2024-02-01"]
    # Grouped: by unit and Kanwil the same 1 of 4; by year the 2024 cohort only
    for by in ("unit", "kanwil", "year"):
        rows = kpi_breakdown(user=users.regional, today=TODAY, by=by, year=2024)
        assert [r.figures[s.RECIDIVISM] for r in rows] == [Figure(1, 4)]


def test_the_funnel_counts_each_step_and_working_matches_absorption(kpi, users):
    batch = kpi.batch(kpi.programme())
    kpi.enrol(batch, status="nominated")
    kpi.enrol(batch, status="dropped_out")
    kpi.enrol(batch, status="completed")
    kpi.enrol(batch, certified=True)
    kpi.enrol(batch, certified=True, released=date(2025, 8, 1), working=PlacementKind.EMPLOYED)
    row = kpi_table(user=users.officer, today=TODAY, year=2025)
    assert row.funnel == {"nominated": 5, "enrolled": 4, "completed": 3, "certified": 2, "released": 1, "working": 1}


def test_breakdowns_by_unit_kanwil_programme_provider_and_year_add_up(kpi, users, world):
    barista, las = kpi.programme("Barista"), kpi.programme("Las")
    b1 = kpi.batch(barista, units=[world.martapura, world.muratara])
    b2 = kpi.batch(las, end=date(2024, 6, 28))
    kpi.enrol(b1, certified=True)
    kpi.enrol(b1, unit=world.muratara, certified=False)
    kpi.enrol(b2, certified=True)
    by_unit = {r.label: r.figures[s.CERTIFICATION] for r in kpi_breakdown(user=users.regional, today=TODAY, by="unit")}
    assert by_unit["Lapas Kelas IIB Martapura"] == Figure(2, 2)
    assert by_unit["Bapas Kelas II Musi Rawas Utara"] == Figure(0, 1)
    by_kanwil = kpi_breakdown(user=users.regional, today=TODAY, by="kanwil")
    assert [(r.label, r.figures[s.CERTIFICATION]) for r in by_kanwil] == [("Kanwil Sumsel", Figure(2, 3))]
    by_programme = {
        r.label: r.figures[s.CERTIFICATION] for r in kpi_breakdown(user=users.regional, today=TODAY, by="programme")
    }
    assert by_programme == {"Barista": Figure(1, 2), "Las": Figure(1, 1)}
    by_provider = kpi_breakdown(user=users.regional, today=TODAY, by="provider")
    assert [(r.label, r.figures[s.CERTIFICATION]) for r in by_provider] == [("UPTD BLK Lubuklinggau", Figure(2, 3))]
    by_year = {r.key: r.figures[s.CERTIFICATION] for r in kpi_breakdown(user=users.regional, today=TODAY, by="year")}
    assert by_year == {2024: Figure(1, 1), 2025: Figure(1, 2)}
    only = kpi_table(user=users.regional, today=TODAY, programme=las.pk).figures[s.CERTIFICATION]
    assert only == Figure(1, 1)


def test_scope_a_unit_sees_its_unit_a_kanwil_its_units_the_nation_all_partners_nothing(kpi, users, world):
    batch = kpi.batch(kpi.programme(), units=[world.martapura, world.bandar_lampung])
    kpi.enrol(batch, certified=True)
    kpi.enrol(batch, unit=world.bandar_lampung, certified=False)
    total = lambda user: kpi_table(user=user, today=TODAY).figures[s.CERTIFICATION]  # noqa: E731
    assert total(users.officer) == Figure(1, 1)
    assert total(users.other_officer) == Figure(0, 1)
    assert total(users.regional) == Figure(1, 1)
    assert total(users.national) == Figure(1, 2)
    with pytest.raises(Http404):
        kpi_table(user=users.officer, today=TODAY, unit=world.bandar_lampung.pk)
    with pytest.raises(Http404):
        kpi_table(user=users.regional, today=TODAY, kanwil=world.kanwil_lampung.pk)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        kpi_table(user=users.partner, today=TODAY)


def test_the_people_behind_a_figure_are_its_numerator_and_denominator(kpi, users):
    batch = kpi.batch(kpi.programme())
    yes = kpi.enrol(batch, certified=True)
    no = kpi.enrol(batch)
    f = s.Filters(year=2025)
    numerator = behind.kpi_people(user=users.officer, f=f, today=TODAY, kpi=s.CERTIFICATION, part="numerator")
    denominator = behind.kpi_people(user=users.officer, f=f, today=TODAY, kpi=s.CERTIFICATION, part="denominator")
    assert list(numerator) == [yes.person]
    assert set(denominator) == {yes.person, no.person}
    assert not behind.kpi_people(user=users.other_officer, f=f, today=TODAY, kpi=s.CERTIFICATION, part="denominator")


def test_the_certification_page_figure_is_the_kpi_definition(kpi, users):
    from bekal.certification.selectors import certification_figures

    batch = kpi.batch(kpi.programme())
    kpi.enrol(batch, certified=True)
    kpi.enrol(batch)
    assert certification_figures(user=users.officer) == {"completed": 2, "certified": 1, "rate": Decimal("50.00")}


def test_the_figures_take_a_fixed_number_of_queries(kpi, users, django_assert_max_num_queries):
    batch = kpi.batch(kpi.programme())
    for i in range(6):
        kpi.enrol(batch, certified=i % 2 == 0, released=date(2025, 8, 1), working=PlacementKind.EMPLOYED, days=(2, 3))
    # Cold, outside a page's memo: each per-unit sum reads its units' versions (13 with the people released).
    with django_assert_max_num_queries(13):
        kpi_table(user=users.regional, today=TODAY, year=2025)
    with django_assert_max_num_queries(13):
        kpi_breakdown(user=users.regional, today=TODAY, year=2025, by="year")


def test_recidivism_by_programme_counts_each_trainee_in_every_programme_completed(kpi, users, world):
    """By programme (or provider) a person trained in two programmes is a trainee of each; the untrained are in none."""
    barista, carpentry = kpi.programme("Barista"), kpi.programme("Kayu")
    first, second = kpi.batch(barista, end=date(2023, 6, 30)), kpi.batch(carpentry, end=date(2023, 9, 29))

    def trainee(batch, *, released, back=None, also=None):
        enrolment = kpi.enrol(batch)
        period = CustodyPeriod.objects.get(person=enrolment.person)
        period.admission_date, period.release_date, period.release_reason = date(2022, 1, 3), released, "served"
        period.save()
        if also is not None:
            kpi.enrol(also, person=enrolment.person)
        if back:
            CustodyPeriod.objects.create(
                person=enrolment.person, unit=world.martapura, admission_date=back, offence_category="theft"
            )

    trainee(first, released=date(2024, 2, 1), back=date(2024, 6, 1), also=second)  # both programmes, back
    trainee(first, released=date(2024, 3, 1))  # barista only
    trainee(second, released=date(2024, 4, 1))  # carpentry only
    rows = {
        r.label: r.figures[s.RECIDIVISM]
        for r in kpi_breakdown(user=users.regional, today=TODAY, by="programme", year=2024)
    }
    assert rows == {"Barista": Figure(1, 2), "Kayu": Figure(1, 2)}
    by_provider = kpi_breakdown(user=users.regional, today=TODAY, by="provider", year=2024)
    assert [r.figures[s.RECIDIVISM] for r in by_provider] == [Figure(1, 3)]  # one provider: each person once


def test_a_breakdown_for_a_chart_leaves_out_the_kpis_it_does_not_draw(kpi, users):
    batch = kpi.batch(kpi.programme())
    kpi.enrol(batch, certified=True, days=(2, 3))
    full = kpi_breakdown(user=users.regional, today=TODAY, by="year")
    assert full[0].figures[s.ATTENDANCE] == Figure(2, 3)
    light = kpi_breakdown(user=users.regional, today=TODAY, by="year", only=[s.CERTIFICATION, s.COMPLETION])
    # Attendance comes with the training counts from the facts; community service is a query of its own, left out.
    assert light[0].figures[s.ATTENDANCE] == Figure(2, 3) and light[0].figures[s.COMMUNITY_SERVICE] is None
    assert light[0].figures[s.CERTIFICATION] == full[0].figures[s.CERTIFICATION] == Figure(1, 1)
