"""The KPI facts follow every record they are derived from, through saves and deletes, and equal a rebuild."""

import io
from dataclasses import replace
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from bekal.certification.models import AssessmentEvent, Certificate, Decision
from bekal.kpis import facts
from bekal.kpis.models import EnrolmentFact, ReleaseFact
from bekal.kpis.recidivism import recidivism_by_cohort, recidivism_splits
from bekal.kpis.selectors import (
    breakdown_for,
    filters_for_user,
    kpi_breakdown,
    kpi_table,
    recidivism_cohorts,
    table_for,
    table_of_year,
)
from bekal.organizations.models import OutcomeVersion
from bekal.outcomes.models import IdentityDecision, IdentityReview
from bekal.outcomes.selectors import FollowedRelease, _release_rows, cohort_rows
from bekal.people.models import CustodyPeriod, Person
from bekal.placement.models import Placement, PlacementKind
from bekal.training.models import Attendance, AttendanceReason

from .conftest import TODAY


def fact(enrolment):
    return EnrolmentFact.objects.get(pk=enrolment.pk)


def test_an_enrolment_fact_holds_what_the_training_kpis_count(kpi):
    batch = kpi.batch(kpi.programme(), end=date(2025, 6, 27))
    enrolment = kpi.enrol(
        batch, certified=True, released=date(2025, 8, 1), working=PlacementKind.EMPLOYED, days=(18, 20)
    )
    row = fact(enrolment)
    assert (row.person_id, row.unit_id, row.programme_id, row.provider_id) == (
        enrolment.person_id,
        enrolment.unit_id,
        batch.programme_id,
        batch.provider_id,
    )
    assert (row.end_date, row.year, row.status, row.certified) == (date(2025, 6, 27), 2025, "completed", True)
    assert (row.released_on, row.working_on) == (date(2025, 8, 1), date(2025, 8, 11))
    assert (row.days_marked, row.days_attended) == (20, 18)
    assert facts.differences() == []


def test_each_source_record_saved_or_deleted_rewrites_the_facts(kpi, world):
    batch = kpi.batch(kpi.programme(), end=date(2025, 6, 27))
    enrolment = kpi.enrol(batch, certified=True, days=(1, 2))
    assert fact(enrolment).released_on is None

    period = CustodyPeriod.objects.get(person=enrolment.person)  # a release after the batch
    period.release_date, period.release_reason = date(2025, 9, 1), "served"
    period.save()
    assert fact(enrolment).released_on == date(2025, 9, 1)
    assert ReleaseFact.objects.get(pk=period.pk).released_on == date(2025, 9, 1)

    work = Placement.objects.create(  # work after it
        person=enrolment.person, kind=PlacementKind.SELF_EMPLOYED, start_date=date(2025, 10, 1)
    )
    assert fact(enrolment).working_on == date(2025, 10, 1)
    work.delete()
    assert fact(enrolment).working_on is None

    mark = Attendance.objects.filter(enrollment=enrolment, reason__code="absent").get()  # attendance corrected
    mark.reason = AttendanceReason.objects.get(code="present")
    mark.save()
    assert (fact(enrolment).days_marked, fact(enrolment).days_attended) == (2, 2)
    mark.delete()
    assert (fact(enrolment).days_marked, fact(enrolment).days_attended) == (1, 1)

    batch.end_date = date(2025, 9, 15)  # the calendar moved: the release is now before its end
    batch.save()
    assert (fact(enrolment).year, fact(enrolment).released_on) == (2025, None)

    certificate = Certificate.objects.get(enrollment=enrolment)  # the certificate withdrawn
    certificate.delete()
    assert fact(enrolment).certified is False

    enrolment.status = "dropped_out"
    enrolment.save()
    assert fact(enrolment).status == "dropped_out"
    assert facts.differences() == []


def test_a_reason_that_stops_counting_as_attended_rewrites_the_days_marked_with_it(kpi):
    enrolment = kpi.enrol(kpi.batch(kpi.programme()), days=(2, 3))
    excused = AttendanceReason.objects.get(code="present")
    excused.counts_as_attended = False
    excused.save()
    assert (fact(enrolment).days_marked, fact(enrolment).days_attended) == (3, 0)


def test_a_confirmed_twin_admission_is_the_release_s_re_admission(kpi, world, make_person):
    earlier = make_person(world.martapura, full_name="Budi Santoso", nik=None, admission_date=date(2022, 1, 3))
    period = CustodyPeriod.objects.get(person=earlier)
    period.release_date, period.release_reason = date(2024, 2, 1), "served"
    period.save()
    later = make_person(world.martapura, full_name="Budi Santoso", nik=None, admission_date=date(2024, 9, 2))
    assert ReleaseFact.objects.get(pk=period.pk).back_on is None
    review = IdentityReview.objects.create(
        earlier_person=earlier, later_person=later, decision=IdentityDecision.SAME, reviewed_at=timezone.now()
    )
    release = ReleaseFact.objects.get(pk=period.pk)
    assert (release.back_on, release.back_key, release.released_key) == (date(2024, 9, 2), 20240902, 20240201)
    review.delete()
    assert ReleaseFact.objects.get(pk=period.pk).back_on is None
    assert facts.differences() == []


def test_saves_inside_deferred_are_rewritten_once_at_the_end(kpi):
    enrolment = kpi.enrol(kpi.batch(kpi.programme()), certified=True)
    period = CustodyPeriod.objects.get(person=enrolment.person)
    with facts.deferred():
        for day in range(1, 6):
            period.release_date, period.release_reason = date(2025, 7, day), "served"
            period.save()
        assert fact(enrolment).released_on is None  # not yet: the block has not ended
    assert fact(enrolment).released_on == date(2025, 7, 5)


def test_a_bulk_update_is_found_by_the_check_and_mended_by_a_rebuild(kpi):
    enrolment = kpi.enrol(kpi.batch(kpi.programme()), certified=True, released=date(2025, 8, 1))
    CustodyPeriod.objects.filter(person=enrolment.person).update(release_date=date(2025, 8, 20))  # no signal
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"manage\.py kpis --rebuild-facts"):  # named in either language
        call_command("kpis", "--check-facts", stdout=out)
    assert "release fact" in out.getvalue() and "enrolment fact" in out.getvalue()
    call_command("kpis", "--rebuild-facts", stdout=io.StringIO())
    out = io.StringIO()
    call_command("kpis", "--check-facts", stdout=out)
    assert len(out.getvalue().splitlines()) == 1 and "fact " not in out.getvalue()  # only the all-agree line
    assert fact(enrolment).released_on == date(2025, 8, 20)
    assert ReleaseFact.objects.get(person=enrolment.person).released_on == date(2025, 8, 20)


def test_figures_are_read_as_of_the_day_asked(kpi, users):
    """Released and working are dates in the facts: a figure asked for before the release does not count it."""
    batch = kpi.batch(kpi.programme(), end=date(2025, 6, 27))
    kpi.enrol(batch, certified=True, released=date(2025, 8, 1), working=PlacementKind.EMPLOYED)
    before = kpi_table(user=users.officer, today=date(2025, 7, 31), year=2025)
    after = kpi_table(user=users.officer, today=date(2025, 8, 11), year=2025)
    assert (before.funnel["released"], before.funnel["working"]) == (0, 0)
    assert (after.funnel["released"], after.funnel["working"]) == (1, 1)
    assert (
        after.funnel["released"] == kpi_table(user=users.officer, today=date(2025, 8, 10), year=2025).funnel["released"]
    )
    assert kpi_table(user=users.officer, today=date(2025, 8, 10), year=2025).funnel["working"] == 0


def test_people_trained_twice_are_released_and_working_once_in_a_year_and_once_over_every_year(kpi, users):
    programme = kpi.programme()
    spring, summer = kpi.batch(programme, end=date(2025, 3, 28)), kpi.batch(programme, end=date(2025, 6, 27))
    last_year = kpi.batch(programme, end=date(2024, 6, 28))
    twice = kpi.enrol(last_year, certified=True)
    kpi.enrol(spring, certified=True, person=twice.person)
    kpi.enrol(summer, certified=True, person=twice.person, released=date(2025, 8, 1), working=PlacementKind.EMPLOYED)
    kpi.enrol(summer, certified=True, released=date(2025, 8, 4), working=PlacementKind.SELF_EMPLOYED)
    this_year = kpi_table(user=users.officer, today=TODAY, year=2025).funnel
    assert (this_year["certified"], this_year["released"], this_year["working"]) == (3, 2, 2)
    by_year = {
        r.key: (r.funnel["released"], r.funnel["working"])
        for r in kpi_breakdown(user=users.officer, today=TODAY, by="year")
    }
    assert by_year == {2024: (1, 1), 2025: (2, 2)}
    every_year = kpi_table(user=users.officer, today=TODAY).funnel
    assert (every_year["certified"], every_year["released"], every_year["working"]) == (4, 2, 2)
    by_unit = kpi_breakdown(user=users.officer, today=TODAY, by="unit")
    assert [(r.funnel["released"], r.funnel["working"]) for r in by_unit] == [(2, 2)]


def test_a_year_s_table_taken_from_the_series_equals_the_table_computed_for_it(kpi, users, world, make_person):
    programme = kpi.programme()
    batch = kpi.batch(programme, end=date(2025, 6, 27))
    kpi.enrol(batch, certified=True, released=date(2025, 8, 1), working=PlacementKind.EMPLOYED, days=(19, 20))
    kpi.enrol(batch, status="dropped_out", days=(3, 10))
    earlier = make_person(world.martapura, full_name="Lama", nik=None, admission_date=date(2023, 1, 2))
    kpi.enrol(kpi.batch(programme, end=date(2024, 3, 29)), person=earlier, certified=True, released=date(2024, 5, 2))
    kpi.budget(world.martapura, 2025, "1000000", ["250000"], batch)
    kpi.order(world.muratara, due=date(2025, 3, 1), status="completed")
    for f in (
        filters_for_user(user=users.regional, year=2025),
        filters_for_user(user=users.regional, year=2024),
        filters_for_user(user=users.regional, year=2025, programme=programme.pk),
        filters_for_user(user=users.regional, year=2025, unit=world.martapura.pk),
    ):
        series = breakdown_for(user=users.regional, f=replace(f, year=None), today=TODAY, by="year")
        assert table_of_year(series, f) == table_for(user=users.regional, f=f, today=TODAY)
    f = filters_for_user(user=users.regional, year=2019)  # a year with nothing: no point, the table is computed
    assert table_of_year(breakdown_for(user=users.regional, f=replace(f, year=None), today=TODAY, by="year"), f) is None


def test_recidivism_from_the_facts_agrees_with_a_reading_of_the_records(kpi, users, world, make_person):
    """The cohort tables summed from the facts (outcomes pages, splits, KPIs) equal those read from the records."""

    def stay(person, admitted, released=None, unit=None):
        return CustodyPeriod.objects.create(
            person=person,
            unit=unit or world.martapura,
            admission_date=admitted,
            release_date=released,
            release_reason="served" if released else "",
            offence_category="theft",
        )

    for n, (released, back) in enumerate(
        [(date(2022, 3, 1), date(2022, 12, 1)), (date(2022, 5, 2), None), (date(2023, 2, 28), date(2024, 2, 28))]
    ):
        person = make_person(world.martapura, full_name=f"Kohort {n}", nik=None, admission_date=date(2021, 1, 4))
        period = CustodyPeriod.objects.get(person=person)
        period.release_date, period.release_reason = released, "served"
        period.save()
        if back:
            stay(person, back, back + (date(2023, 1, 2) - date(2022, 12, 1)) if back.year == 2022 else None)
    twice = make_person(world.martapura, full_name="Dua Kali", nik=None, admission_date=date(2021, 1, 4))
    first = CustodyPeriod.objects.get(person=twice)
    first.release_date, first.release_reason = date(2024, 1, 5), "served"
    first.save()
    stay(twice, date(2024, 3, 1), date(2024, 9, 2), unit=world.bandar_lampung)  # released twice in 2024
    earlier = make_person(world.martapura, full_name="Kembar", nik=None, admission_date=date(2021, 1, 4))
    period = CustodyPeriod.objects.get(person=earlier)
    period.release_date, period.release_reason = date(2023, 6, 1), "served"
    period.save()
    later = make_person(world.martapura, full_name="Kembar", nik=None, admission_date=date(2024, 1, 8))
    IdentityReview.objects.create(
        earlier_person=earlier, later_person=later, decision=IdentityDecision.SAME, reviewed_at=timezone.now()
    )
    trained = kpi.enrol(kpi.batch(kpi.programme(), end=date(2021, 11, 26)), person=twice).person
    some = Person.objects.filter(pk__in=[trained.pk, earlier.pk]).values("pk")

    def table(rows):
        return [(r.year, r.released, r.cells()) for r in rows]

    def from_records(user, people, exclude):
        records = _release_rows(user=user, person_ids=people, exclude=exclude)
        return cohort_rows([FollowedRelease(p, unit, on, back) for p, on, _c, unit, back in records], TODAY)

    others = Person.objects.filter(full_name__startswith="Kohort").values("pk")
    for user in (users.regional, users.officer, users.national):
        for people, exclude in ((None, False), (some, False), (some, True)):
            from_facts = recidivism_by_cohort(user=user, today=TODAY, person_ids=people, exclude=exclude)
            assert table(from_facts) == table(from_records(user, people, exclude))
        overall, split = recidivism_splits(user=user, today=TODAY, groups={"some": some, "others": others})
        assert table(overall) == table(from_records(user, None, False))
        for label, people in (("some", some), ("others", others)):
            assert table(split[label].inside) == table(from_records(user, people, False))
            assert table(split[label].outside) == table(from_records(user, people, True))
        assert table(recidivism_cohorts(user=user, f=filters_for_user(user=user), today=TODAY)) == table(
            recidivism_by_cohort(user=user, today=TODAY)
        )
        assert recidivism_by_cohort(user=user, today=TODAY)  # something was counted


def test_the_release_facts_keep_their_people_s_groups_through_saves_and_deletes(kpi, users):
    """The recidivism splits read each release's groups (trained, certified, placed) from flags the facts keep:
    they follow the enrolments, certificates and placements, and split the cohorts as the groups read whole do."""
    programme = kpi.programme()
    both = kpi.enrol(kpi.batch(programme, end=date(2025, 6, 27)), certified=True, released=date(2025, 9, 1))
    placed = kpi.enrol(
        kpi.batch(programme, end=date(2025, 7, 25)),
        status="dropped_out",
        released=date(2025, 10, 2),
        working="employed",
    )
    kpi.enrol(kpi.batch(programme, end=date(2025, 5, 30)), status="dropped_out", released=date(2025, 6, 3))

    def flags(enrolment):
        release = ReleaseFact.objects.get(person_id=enrolment.person_id)
        return (release.trained, release.certified, release.placed)

    def splits():
        by_flag = recidivism_splits(user=users.national, today=TODAY, groups={n: n for n in facts.GROUPS})
        by_query = recidivism_splits(
            user=users.national, today=TODAY, groups={n: people() for n, people in facts.GROUPS.items()}
        )
        assert by_flag == by_query
        for user in (users.regional, users.officer):  # a scope's splits filter the releases by the flag
            assert recidivism_splits(user=user, today=TODAY, groups={n: n for n in facts.GROUPS}) == (
                recidivism_splits(user=user, today=TODAY, groups={n: p() for n, p in facts.GROUPS.items()})
            )
        return {name: sum(row.released for row in split.inside) for name, split in by_flag[1].items()}

    assert (flags(both), flags(placed)) == ((True, True, False), (False, False, True))
    assert splits() == {"trained": 1, "certified": 1, "placed": 1}
    Certificate.objects.filter(enrollment=both).delete()
    Placement.objects.filter(person_id=placed.person_id).delete()
    assert (flags(both), flags(placed)) == ((True, False, False), (False, False, False))
    assert splits() == {"trained": 1, "certified": 0, "placed": 0}
    assert facts.differences() == []
    ReleaseFact.objects.filter(person_id=both.person_id).update(trained=False)  # a flag gone wrong is found
    assert facts.differences()


def test_a_certificate_issued_or_withdrawn_rewrites_only_its_two_flags(kpi, monkeypatch):
    """A certificate sets its enrolment's ``certified`` and its person's releases' "certified" group in place (the
    mix's heaviest write), without rewriting the person's facts; the facts still equal a rebuild, and the units of
    the person's facts are bumped."""
    from bekal.organizations import figure_versions

    programme = kpi.programme()
    done = kpi.enrol(kpi.batch(programme, end=date(2025, 6, 27)), released=date(2025, 9, 1))
    kpi.enrol(kpi.batch(programme, end=date(2025, 3, 28)), person=done.person)  # another fact of the person
    other = kpi.enrol(kpi.batch(programme, end=date(2025, 4, 25)), certified=True)
    rewritten: list[set[int]] = []
    monkeypatch.setattr(facts._GATHERED, "_refresh", lambda ids: rewritten.append(ids))

    def version():
        figure_versions.flush()  # the bumps of this transaction (they run on commit)
        return OutcomeVersion.objects.filter(unit_id=done.unit_id).values_list("version", flat=True).first()

    before = version()
    event = AssessmentEvent.objects.create(
        batch=done.batch, lsp=kpi.lsp, assessor="Asesor", test_site="ad_hoc", date=done.batch.end_date
    )
    decision = Decision.objects.create(event=event, enrollment=done, verdict="K", decided_on=date(2025, 6, 27))
    certificate = Certificate.objects.create(
        decision=decision,
        enrollment=done,
        number="C-FLAGS",
        scheme="Skema",
        issued_on=date(2025, 7, 4),
        valid_until=date(2028, 7, 4),
    )
    assert rewritten == []
    assert fact(done).certified and ReleaseFact.objects.get(person_id=done.person_id).certified
    assert version() != before
    assert facts.differences() == []
    certificate.delete()
    assert rewritten == []
    assert not fact(done).certified and not ReleaseFact.objects.get(person_id=done.person_id).certified
    assert fact(other).certified  # another person's certificate stands
    assert facts.differences() == []


def test_a_certificate_saved_again_rewrites_the_person_it_names_and_the_check_finds_the_other(kpi):
    """A certificate saved on another enrolment (no service does so) rewrites the facts of the person it names now;
    the person it named before keeps a stale flag until touched, which ``differences()`` (``kpis --check-facts``)
    finds. Every fact source's save behaves so: a record moved between people is not followed to the first."""
    programme = kpi.programme()
    first = kpi.enrol(kpi.batch(programme, end=date(2025, 6, 27)), certified=True)
    second = kpi.enrol(kpi.batch(programme, end=date(2025, 6, 27)))
    certificate = Certificate.objects.get(enrollment=first)
    certificate.enrollment = second  # a correction in the admin: the certificate was another participant's
    certificate.save()
    assert facts.differences() != []  # the first person's fact keeps a certificate no longer theirs until touched
    facts.touch([first.person_id])
    assert (fact(first).certified, fact(second).certified) == (False, True)
    assert facts.differences() == []


def test_a_save_naming_only_fields_no_fact_reads_rewrites_nothing(kpi, django_assert_num_queries):
    batch = kpi.batch(kpi.programme(), end=date(2025, 6, 27))
    enrolment = kpi.enrol(batch, certified=True)
    batch.status = "closed"
    with django_assert_num_queries(1):  # the batch's own UPDATE
        batch.save(update_fields=["status"])
    batch.end_date = date(2026, 1, 30)
    batch.save(update_fields=["start_date", "end_date"])  # the calendar moved: the fact follows
    assert fact(enrolment).year == 2026
    assert facts.differences() == []


def test_an_sdp_import_re_admitting_a_released_person_keeps_the_facts_exact(world, users, make_person):
    """The SDP import writes custody periods in bulk (no signals of their own): it announces those of people already
    on record, so a re-admission reaches their release fact; the people it registers have none to derive."""
    from bekal.people.sdp.importer import sdp_import

    person = make_person(world.martapura, full_name="Budi Santoso", admission_date=date(2022, 1, 3))
    period = CustodyPeriod.objects.get(person=person)
    period.release_date, period.release_reason = date(2024, 2, 1), "served"
    period.save()
    content = (
        (
            "NIK;Nama;Tanggal Lahir;Jenis Kelamin;Tanggal Masuk;Jenis Kejahatan\r\n"
            f"{person.nik};Budi Santoso;{person.birth_date:%d-%m-%Y};L;02-09-2024;Pencurian\r\n"
            "3;Orang Baru;01-01-1990;L;02-09-2024;Pencurian\r\n"
        )
        .encode("cp1252")
        .replace(b"\r\n3;", b"\r\n;")
    )
    report = sdp_import(
        actor=users.officer, unit=world.martapura, filename="sdp.csv", file=io.BytesIO(content), dry_run=False
    )
    assert report.periods_created == 2 and report.people_created == 1
    assert ReleaseFact.objects.get(pk=period.pk).back_on == date(2024, 9, 2)
    assert facts.differences() == []
