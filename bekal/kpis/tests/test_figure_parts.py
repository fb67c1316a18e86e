"""Figures that stay cached under a steady flow of writes (issue 18): a sum over units is each unit's cached part
added up, so a write recomputes its own unit's part only; figures about outcomes (recidivism, the people
released or working) are keyed on the outcome facts, which an attendance mark does not move. Both exact: each
test compares with the records counted directly."""

from datetime import date

import pytest
from django.db.models import Sum
from django.urls import reverse

from bekal.community_service.models import OrderStatus
from bekal.kpis import behind, charts, cohorts, facts, funnel, selectors, unit_sums
from bekal.kpis.models import EnrolmentFact
from bekal.kpis.recidivism import release_facts
from bekal.kpis.tests.conftest import TODAY
from bekal.kpis.views import _recidivism_figures
from bekal.organizations import figure_versions
from bekal.organizations.scope import UnitScope
from bekal.people.models import CustodyPeriod, SupervisionPeriod
from bekal.training.models import Attendance, AttendanceReason, TrainingDay

S = "served"
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
    real = unit_sums.parts

    def spy(**kwargs):
        asked.append(sorted(kwargs["ids"]))
        return real(**kwargs)

    monkeypatch.setattr(unit_sums, "parts", spy)
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


@pytest.fixture
def cohorts_at_two_units(world, history):
    """Releases at two units in 2023 and 2024, re-admissions, and a person released twice in 2023 from both."""
    M, B = world.martapura, world.bandar_lampung
    history(M, "Satu", [(date(2022, 1, 1), date(2023, 3, 1), S), (date(2023, 11, 1), None, S)])
    history(M, "Dua", [(date(2022, 1, 1), date(2024, 3, 1), S)])
    history(B, "Tiga", [(date(2021, 1, 1), date(2023, 6, 1), S)])
    twice = history(M, "Empat", [(date(2022, 1, 1), date(2023, 2, 1), S)])
    CustodyPeriod.objects.create(
        person=twice,
        unit=B,
        admission_date=date(2023, 4, 1),
        release_date=date(2023, 9, 1),
        release_reason=S,
        offence_category="theft",
    )
    figure_versions.flush()
    return twice


def test_cohorts_from_unit_parts_equal_the_cohorts_counted_at_once(users, world, cohorts_at_two_units):
    user = users.national
    f = selectors.filters_for_user(user=user)
    for by in (None, "year", "kanwil", "unit"):
        at_once = cohorts.count_cohorts(*selectors.cohort_releases(user, f, by=by))
        assert sorted(selectors._cohort_counts(user, f, by=by)) == sorted(at_once), by
    groups = {"trained": facts.trained_person_ids(), "certified": facts.certified_person_ids()}
    releases = release_facts(user=user, unit_id=None, unit_ids=None)
    units = [world.martapura.pk, world.bandar_lampung.pk]
    assert cohorts.cohort_tables_split(releases, groups, TODAY, units) == cohorts.cohort_tables_split(
        releases, groups, TODAY
    )
    overall, _split = _recidivism_figures(user, TODAY)
    row_2023 = next(r for r in overall if r.year == 2023)
    assert row_2023.released == 3  # the person released twice in 2023 counts once, at the first release
    assert row_2023.within[1].count == 2  # Satu, and Empat (back at Bandar Lampung two months later)


def test_a_readmission_recomputes_the_cohort_parts_of_its_units_only(users, world, cohorts_at_two_units, monkeypatch):
    user = users.national
    f = selectors.filters_for_user(user=user)
    asked: list[list[int]] = []
    real = selectors.cohort_releases

    def spy(*args, **kwargs):
        if kwargs.get("units") is not None:
            asked.append(sorted(kwargs["units"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(selectors, "cohort_releases", spy)
    before = {row[1]: row[2:] for row in selectors._cohort_counts(user, f, by="year")}
    asked.clear()
    dua = CustodyPeriod.objects.get(person__full_name="Dua")
    CustodyPeriod.objects.create(
        person=dua.person, unit=world.martapura, admission_date=date(2024, 8, 1), offence_category="theft"
    )
    figure_versions.flush()
    after = {row[1]: row[2:] for row in selectors._cohort_counts(user, f, by="year")}
    assert asked == [[world.martapura.pk]]
    assert after[2024][1] == before[2024][1] + 1  # back within a year
    assert after[2023] == before[2023]


def test_a_sum_follows_each_units_difference_and_drops_a_group_left_empty(world):
    from django.core.cache import cache

    cache.clear()
    figure_versions.flush()  # what the commit of the set-up does
    M, B = world.martapura.pk, world.bandar_lampung.pk
    data = {M: {"a": (2, 1), "b": (1, 0)}, B: {"a": (3, 3)}}
    asked: list[list[int]] = []

    def compute(ids):
        asked.append(ids)
        return {unit: data[unit] for unit in ids if data.get(unit)}

    assert figure_versions.summed("test.sum", [M, B], "p", compute) == {"a": (5, 4), "b": (1, 0)}
    data[M] = {"a": (1, 1)}  # the unit's "b" rows are gone
    figure_versions.touch([M])
    figure_versions.flush()  # the commit of that write
    assert figure_versions.summed("test.sum", [M, B], "p", compute) == {"a": (4, 4)}
    assert figure_versions.summed("test.sum", [B], "p", compute) == {"a": (3, 3)}  # another scope: its own sum
    assert asked == [[M, B], [M]]


class _Recorded:
    """The cache, with the keys written through it remembered (to evict some, as Redis may)."""

    def __init__(self, cache):
        self.cache, self.keys = cache, set()

    def set(self, key, *args, **kwargs):
        self.keys.add(key)
        return self.cache.set(key, *args, **kwargs)

    def set_many(self, data, *args, **kwargs):
        self.keys.update(data)
        return self.cache.set_many(data, *args, **kwargs)

    def evict(self, test) -> None:
        self.cache.delete_many([key for key in self.keys if test(key)])

    def __getattr__(self, name):
        return getattr(self.cache, name)


def test_a_sum_whose_entries_were_evicted_is_made_again_from_what_is_left(world, monkeypatch):
    # Redis may drop any entry (memory, a restart): the last sum gone, or a changed unit's old part gone, the sum is
    # added up again from the units' parts still kept, recomputing only those that changed or are gone.
    from django.core.cache import cache

    cache.clear()
    recorded = _Recorded(cache)
    monkeypatch.setattr(figure_versions, "cache", recorded)
    figure_versions.flush()
    M, B, L = world.martapura.pk, world.bandar_lampung.pk, world.muratara.pk
    data = {M: {"a": (2, 1)}, B: {"a": (3, 3), "b": (1, 1)}, L: {"b": (4, 0)}}
    asked: list[list[int]] = []

    def compute(ids):
        asked.append(sorted(ids))
        return {unit: data[unit] for unit in ids if data.get(unit)}

    def total():
        return figure_versions.summed("test.evicted", [M, B, L], "p", compute)

    assert total() == {"a": (5, 4), "b": (5, 1)}
    data[M] = {"a": (7, 0)}
    figure_versions.touch([M])
    figure_versions.flush()
    recorded.evict(lambda key: ":total:" in key)  # every sum gone; the parts kept
    assert total() == {"a": (10, 3), "b": (5, 1)}
    assert asked[1] == [M]  # only the unit that changed is recomputed
    data[B] = {"a": (1, 1)}
    figure_versions.touch([B])
    figure_versions.flush()
    recorded.evict(lambda key: key.endswith(f":unit:{B}"))  # its old part gone
    assert total() == {"a": (8, 1), "b": (4, 0)}
    assert asked[2] == [B]
    data[L] = {}
    figure_versions.touch([L])
    figure_versions.flush()
    assert total() == {"a": (8, 1)}  # the difference from the last sum: the group left empty is dropped
    assert asked[3] == [L]
    assert total() == {"a": (8, 1)} and len(asked) == 4  # read again: nothing recomputed


def test_the_filter_choices_list_a_programme_created_after_they_were_cached(client_for, users, kpi):
    client = client_for(users.national)
    figure_versions.flush()
    names = [name for _pk, name in client.get(reverse("kpis:dashboard")).context["programmes"]]
    assert "Tata Boga" not in names
    kpi.programme("Tata Boga")
    figure_versions.flush()  # the commit of that write
    names = [name for _pk, name in client.get(reverse("kpis:dashboard")).context["programmes"]]
    assert "Tata Boga" in names


def _released_people(**filters):
    """The people released after a certified training, counted at once from the facts."""
    facts = EnrolmentFact.objects.filter(status="completed", certified=True, released_on__lte=TODAY, **filters)
    return facts.values("person_id").distinct().count()


@pytest.mark.parametrize("few_units", [cohorts.FEW_UNITS, 0], ids=["looked-up", "compared-at-once"])
def test_a_person_released_from_two_units_training_counts_once_in_a_sum_over_units(
    users, world, kpi, trained, monkeypatch, few_units
):
    monkeypatch.setattr(cohorts, "FEW_UNITS", few_units)  # both forms of finding the people of two units
    M, B = world.martapura, world.bandar_lampung
    second = kpi.batch(kpi.programme("Las"), units=[B])
    kpi.enrol(second, unit=B, person=trained.person, certified=True)  # the same person, released already
    figure_versions.flush()
    nation = _nation(users).funnel
    assert (nation["released"], nation["working"]) == (_released_people(), 1) == (1, 1)  # not 2: one person
    by_unit = {
        r.key: (r.funnel["released"], r.funnel["working"])
        for r in selectors.breakdown_for(
            user=users.national, f=selectors.filters_for_user(user=users.national), today=TODAY, by="unit"
        )
    }
    assert by_unit == {M.pk: (1, 1), B.pk: (_released_people(unit=B), 1)} == {M.pk: (1, 1), B.pk: (1, 1)}
    asked: list[list[int]] = []
    real = selectors._people_parts

    def spy(f, by, today, ids):
        asked.append(sorted(ids))
        return real(f, by, today, ids)

    monkeypatch.setattr(selectors, "_people_parts", spy)
    # Another person released from Bandar Lampung's training: only Bandar Lampung's part is counted again.
    kpi.enrol(second, unit=B, certified=True, released=date(2025, 10, 1))
    figure_versions.flush()
    assert _nation(users).funnel["released"] == _released_people() == 2
    assert asked == [[B.pk]]
    # The shared person's release undone: both units' parts are recomputed and they count nowhere.
    asked.clear()
    period = CustodyPeriod.objects.get(person=trained.person)
    period.release_date = None
    period.release_reason = ""
    period.save()
    figure_versions.flush()
    assert (_nation(users).funnel["released"], _nation(users).funnel["working"]) == (_released_people(), 0) == (1, 0)
    assert asked == [sorted([M.pk, B.pk])]


def test_the_drill_down_total_of_every_step_is_its_people_counted_once_and_follows_a_write(users, world, kpi, trained):
    B = world.bandar_lampung
    second = kpi.batch(kpi.programme("Las"), units=[B])
    kpi.enrol(second, unit=B, person=trained.person, certified=True)  # one person, two units' training
    figure_versions.flush()
    f = selectors.filters_for_user(user=users.national)

    def totals():
        asked = [("", kpi_name, part) for kpi_name in behind.KPI_STEPS for part in behind.PARTS]
        asked += [(step, "", "") for step in funnel.FUNNEL]
        out = {}
        for step, kpi_name, part in asked:
            rows, total = behind.people_behind(
                user=users.national, f=f, today=TODAY, kpi=kpi_name, part=part, step=step
            )
            assert total.value == rows.count(), (step, kpi_name, part)  # exact: the list's own length
            out[step or f"{kpi_name}.{part}"] = total.value
        return out

    before = totals()
    assert before["certified"] == 2  # the person certified at both units, and Bandar Lampung's other trainee
    kpi.enrol(second, unit=B, certified=True)
    figure_versions.flush()
    after = totals()
    assert after["certified"] == before["certified"] + 1
    assert after["certification.numerator"] == before["certification.numerator"] + 1


def test_a_national_sum_read_again_with_nothing_written_is_one_entry_not_every_units_part(
    users, world, trained, monkeypatch
):
    asked: list[str] = []
    real = figure_versions._summed_parts

    def spy(name, *args):
        asked.append(name)
        return real(name, *args)

    monkeypatch.setattr(figure_versions, "_summed_parts", spy)
    first = _nation(users)
    assert "kpis.unit_sums" in asked
    asked.clear()
    assert _nation(users).funnel == first.funnel
    assert asked == []  # every sum read under the nation's token
    day = TrainingDay.objects.create(batch=trained.batch, date=date(2025, 6, 23), jp=8)
    Attendance.objects.create(enrollment=trained, day=day, reason=AttendanceReason.objects.get(code="present"))
    figure_versions.flush()
    again = _nation(users)
    assert "kpis.unit_sums" in asked  # the token moved: the parts are read, and the mark's unit recomputed
    assert again.figures[selectors.ATTENDANCE].total == first.figures[selectors.ATTENDANCE].total + 1


@pytest.mark.parametrize("few_units", [cohorts.FEW_UNITS, 0], ids=["looked-up", "compared-at-once"])
def test_the_kanwils_and_the_nations_people_are_regrouped_from_the_units_counting_each_person_once(
    users, world, kpi, trained, monkeypatch, few_units
):
    monkeypatch.setattr(cohorts, "FEW_UNITS", few_units)
    # The released person trained again at the Bapas of the same Kanwil (Sumsel) and at Bandar Lampung (Lampung).
    second = kpi.batch(kpi.programme("Las"), units=[world.muratara])
    third = kpi.batch(kpi.programme("Kayu"), units=[world.bandar_lampung])
    kpi.enrol(second, unit=world.muratara, person=trained.person, certified=True)
    kpi.enrol(third, unit=world.bandar_lampung, person=trained.person, certified=True)
    figure_versions.flush()
    f = selectors.filters_for_user(user=users.national)
    by_kanwil = {
        r.key: (r.funnel["released"], r.funnel["working"], r.funnel["enrolled"])
        for r in selectors.breakdown_for(user=users.national, f=f, today=TODAY, by="kanwil")
    }
    sumsel, lampung = world.kanwil_sumsel.pk, world.kanwil_lampung.pk
    enrolled = {
        k: EnrolmentFact.objects.filter(
            unit__parent_id=k, status__in=["enrolled", "completed", "not_completed"]
        ).count()
        for k in (sumsel, lampung)
    }
    assert by_kanwil == {sumsel: (1, 1, enrolled[sumsel]), lampung: (1, 1, enrolled[lampung])}
    nation = _nation(users).funnel
    assert (nation["released"], nation["working"]) == (_released_people(), 1) == (1, 1)


def test_the_budget_and_the_orders_are_regrouped_from_the_same_unit_sums_by_year_and_by_kanwil(
    users, world, kpi, trained
):
    kpi.budget(world.martapura, 2025, "1000000", ["250000", "150000"], trained.batch)
    kpi.budget(world.martapura, 2026, "500000", [], trained.batch)
    kpi.budget(world.bandar_lampung, 2025, "2000000", ["1000000"], trained.batch)
    kpi.order(world.bandar_lampung, due=date(2025, 11, 1), status=OrderStatus.COMPLETED)
    figure_versions.flush()
    f = selectors.filters_for_user(user=users.national)

    def by(name, **filters):
        rows = selectors.breakdown_for(
            user=users.national,
            f=f if not filters else selectors.filters_for_user(user=users.national, **filters),
            today=TODAY,
            by=name,
        )
        return {
            r.key: (
                r.figures[selectors.BUDGET] and (r.figures[selectors.BUDGET].count, r.figures[selectors.BUDGET].total),
                r.figures[selectors.COMMUNITY_SERVICE]
                and (r.figures[selectors.COMMUNITY_SERVICE].count, r.figures[selectors.COMMUNITY_SERVICE].total),
            )
            for r in rows
        }

    assert by("year")[2025] == ((1400000, 3000000), (1, 1))
    assert by("year")[2026] == ((0, 500000), (1, 2))
    kanwils = by("kanwil")
    assert kanwils[world.kanwil_sumsel.pk] == ((400000, 1500000), (1, 2))
    assert kanwils[world.kanwil_lampung.pk] == ((1000000, 2000000), (1, 1))
    assert by("kanwil", year=2026)[world.kanwil_sumsel.pk] == ((0, 500000), (1, 2))
    assert by("kanwil", year=2026).get(world.kanwil_lampung.pk, (None,))[0] is None  # no budget in 2026
    table = selectors.table_for(user=users.national, f=f, today=TODAY)
    budget = table.figures[selectors.BUDGET]
    assert (budget.count, budget.total) == (1400000, 3500000)
    # A programme has no budget and no orders: not measured, not zero.
    programme = selectors.filters_for_user(user=users.national, programme=trained.batch.programme_id)
    row = selectors.table_for(user=users.national, f=programme, today=TODAY)
    assert row.figures[selectors.BUDGET] is None and row.figures[selectors.COMMUNITY_SERVICE] is None


def test_a_unit_moved_to_another_kanwil_is_counted_there_at_once(users, world, kpi, trained):
    # The Kanwils' and the nation's figures are summed from the units' parts gathered under their Kanwils: the map
    # of Kanwils is in the sum's key, so a unit moved is counted under its new Kanwil by the next reader.
    from bekal.organizations.services import organization_save

    def marked_by_kanwil():
        f = selectors.filters_for_user(user=users.national)
        rows = selectors.breakdown_for(user=users.national, f=f, today=TODAY, by="kanwil")
        return {r.key: figure.total for r in rows if (figure := r.figures[selectors.ATTENDANCE])}

    sumsel, lampung = world.kanwil_sumsel.pk, world.kanwil_lampung.pk
    assert marked_by_kanwil() == {sumsel: 40, lampung: 20}
    organization_save(organization=world.martapura, actor=users.sysadmin, parent=world.kanwil_lampung)
    figure_versions.flush()
    assert marked_by_kanwil() == {lampung: 60}
    assert _nation(users).figures[selectors.ATTENDANCE].total == 60


def test_the_dashboard_s_cohorts_are_kept_until_the_outcome_facts_move(users, kpi, trained, monkeypatch):
    # The recidivism chart's cohorts by year are kept on the outcome facts: an attendance mark reads them from the
    # cache (the nation's thousands of cohort groups are not regrouped again), a release is counted at once.
    f = selectors.filters_for_user(user=users.national)

    def released_by_year():
        return {r.year: r.released for r in selectors.recidivism_cohorts(user=users.national, f=f, today=TODAY)}

    before = released_by_year()
    asked: list[object] = []
    real = selectors._cohort_counts
    monkeypatch.setattr(selectors, "_cohort_counts", lambda *a, **k: asked.append(k) or real(*a, **k))
    day = TrainingDay.objects.create(batch=trained.batch, date=date(2025, 6, 23), jp=8)
    Attendance.objects.create(enrollment=trained, day=day, reason=AttendanceReason.objects.get(code="present"))
    figure_versions.flush()
    assert released_by_year() == before and asked == []
    kpi.enrol(trained.batch, released=date(2025, 10, 6))
    figure_versions.flush()
    assert released_by_year() == {**before, 2025: before[2025] + 1} and asked


def test_a_mark_reads_the_outcome_figures_as_one_entry_and_recomputes_one_part(users, world, trained, monkeypatch):
    asked: list[str] = []
    for name in ("_people_counts", "_recidivism"):
        real = getattr(selectors, name)
        monkeypatch.setattr(
            selectors, name, lambda *a, _real=real, _name=name, **k: asked.append(_name) or _real(*a, **k)
        )
    parts: list[list[int]] = []
    real_parts = unit_sums.parts
    monkeypatch.setattr(unit_sums, "parts", lambda **k: parts.append(sorted(k["ids"])) or real_parts(**k))
    f = selectors.filters_for_user(user=users.national)
    before = selectors.breakdown_for(user=users.national, f=f, today=TODAY, by="kanwil")
    assert set(asked) == {"_people_counts", "_recidivism"}
    asked.clear(), parts.clear()
    day = TrainingDay.objects.create(batch=trained.batch, date=date(2025, 6, 24), jp=8)
    Attendance.objects.create(enrollment=trained, day=day, reason=AttendanceReason.objects.get(code="present"))
    figure_versions.flush()
    after = selectors.breakdown_for(user=users.national, f=f, today=TODAY, by="kanwil")
    assert asked == []  # the outcome figures: one entry, not recomputed
    assert parts == [[world.martapura.pk]]  # one part: the enrolments, orders and budget of the marked unit
    sumsel = {r.key: r for r in after}[world.kanwil_sumsel.pk].figures[selectors.ATTENDANCE]
    was = {r.key: r for r in before}[world.kanwil_sumsel.pk].figures[selectors.ATTENDANCE]
    assert (sumsel.count, sumsel.total) == (was.count + 1, was.total + 1)


def test_recidivism_by_kanwil_by_year_and_for_the_nation_is_regrouped_from_the_units_exactly(users, world, kpi):
    from django.db.models import Value

    from bekal.kpis.models import ReleaseFact
    from bekal.outcomes.selectors import measurable

    sumsel = kpi.batch(kpi.programme("Las"), units=[world.martapura])
    lampung = kpi.batch(kpi.programme("Kayu"), units=[world.bandar_lampung])
    for batch, unit, back in (
        (sumsel, world.martapura, True),
        (sumsel, world.martapura, False),
        (lampung, world.bandar_lampung, True),
        (lampung, world.bandar_lampung, False),
        (lampung, world.bandar_lampung, False),
    ):
        enrolment = kpi.enrol(batch, unit=unit)
        period = CustodyPeriod.objects.get(person=enrolment.person)
        period.admission_date, period.release_date, period.release_reason = date(2022, 1, 3), date(2024, 5, 1), S
        period.save()
        if back:
            CustodyPeriod.objects.create(
                person=enrolment.person,
                unit=world.martapura,
                admission_date=date(2024, 11, 1),
                offence_category="theft",
            )
    figure_versions.flush()

    def direct(releases):
        rows = cohorts.count_cohorts(*cohorts.first_releases(releases, Value(0)))
        kept = [r for r in rows if measurable(cohort=int(r[1]), years=1, today=TODAY)]
        return (sum(int(r[3] or 0) for r in kept), sum(r[2] for r in kept))

    f = selectors.filters_for_user(user=users.national)
    by_kanwil = {
        r.key: (r.figures[selectors.RECIDIVISM].count, r.figures[selectors.RECIDIVISM].total)
        for r in selectors.breakdown_for(user=users.national, f=f, today=TODAY, by="kanwil")
        if r.figures[selectors.RECIDIVISM] is not None
    }
    for kanwil in (world.kanwil_sumsel, world.kanwil_lampung):
        assert by_kanwil[kanwil.pk] == direct(ReleaseFact.objects.filter(unit__parent=kanwil))
    assert by_kanwil[world.kanwil_lampung.pk] == (1, 3)
    nation = selectors.table_for(user=users.national, f=f, today=TODAY).figures[selectors.RECIDIVISM]
    assert (nation.count, nation.total) == direct(ReleaseFact.objects.all())
    years = selectors.breakdown_for(user=users.national, f=f, today=TODAY, by="year")
    figure = {r.key: r.figures[selectors.RECIDIVISM] for r in years}[2024]
    assert (figure.count, figure.total) == direct(ReleaseFact.objects.filter(year=2024))
