"""Screening and enrolment: eligibility reasons, decisions with reasons, the waiting list, completion rules."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from bekal.people.models import CustodyPeriod, Person
from bekal.training import services
from bekal.training.models import EnrollmentStatus as E
from bekal.training.tests.conftest import END, START, TODAY, mark_all


def codes(enrollment):
    return [r.code for r in services.eligibility(enrollment)]


def test_an_interested_inmate_with_time_left_is_eligible(nominate):
    assert codes(nominate()) == []


def test_a_release_before_the_batch_ends_is_flagged(nominate):
    enrollment = nominate()
    CustodyPeriod.objects.filter(pk=enrollment.custody_period_id).update(expected_release_date=date(2025, 3, 20))
    enrollment.refresh_from_db()
    assert codes(enrollment) == ["release"]


def test_an_earliest_integration_date_before_the_end_is_flagged(nominate):
    enrollment = nominate()
    CustodyPeriod.objects.filter(pk=enrollment.custody_period_id).update(
        expected_release_date=date(2027, 1, 1), assimilation_date=date(2025, 3, 10)
    )
    enrollment.refresh_from_db()
    assert codes(enrollment) == ["release"]


def test_a_missing_interest_statement_is_flagged(nominate):
    assert codes(nominate(interest=False)) == ["interest"]


def test_education_below_the_requirement_is_flagged(nominate, programme):
    programme.min_education = "sma"
    programme.save()
    enrollment = nominate()
    Person.objects.filter(pk=enrollment.person_id).update(education="smp")
    enrollment.refresh_from_db()
    assert codes(enrollment) == ["education"]


def test_another_batch_at_the_same_time_is_flagged(nominate, users, world, programme, open_batch, lsp):
    first = nominate()
    services.enrollment_decide(actor=users.officer, enrollment=first, selected=True, reason="ok")
    other = services.batch_create(
        actor=users.officer, programme=programme, units=[world.martapura], name="Lain", start_date=START, end_date=END
    )
    other = services.batch_move(actor=users.officer, batch=other, status="open")
    second = services.enrollment_nominate(
        actor=users.officer, batch=other, person=first.person, interest_statement_on=START
    )
    assert codes(second) == ["overlap"]


def test_a_removal_without_a_ban_applies_to_its_batch_only(enrolled, users, world, programme):
    services.incident_record(
        actor=users.officer, enrollment=enrolled, date=START, severity="high", description="Berkelahi", action="removal"
    )
    later = services.batch_create(
        actor=users.officer,
        programme=programme,
        units=[world.martapura],
        name="Lain",
        start_date=date(2025, 6, 2),
        end_date=date(2025, 7, 4),
    )
    later = services.batch_move(actor=users.officer, batch=later, status="open")
    again = services.enrollment_nominate(
        actor=users.officer, batch=later, person=enrolled.person, interest_statement_on=START
    )
    assert codes(again) == []


def test_selecting_an_ineligible_person_is_refused_with_the_reason(nominate, users):
    enrollment = nominate(interest=False)
    with pytest.raises(ValidationError) as error:
        services.enrollment_decide(actor=users.officer, enrollment=enrollment, selected=True, reason="ok")
    assert error.value.message_dict["reason"] == ["Surat pernyataan minat belum tercatat"]


def test_a_decision_needs_a_reason(nominate, users):
    with pytest.raises(ValidationError):
        services.enrollment_decide(actor=users.officer, enrollment=nominate(), selected=False, reason=" ")


def test_over_quota_goes_to_the_waiting_list(nominate, users, open_batch):
    open_batch.quota = 1
    open_batch.save()
    first, second = nominate("Andi"), nominate("Budi", birth_date=date(1980, 1, 1))
    services.enrollment_decide(actor=users.officer, enrollment=first, selected=True, reason="ok")
    services.enrollment_decide(actor=users.officer, enrollment=second, selected=True, reason="ok")
    second.refresh_from_db()
    assert second.status == E.WAITLISTED


def test_a_client_of_the_bapas_can_be_nominated(users, world, programme, agreement, make_person):
    batch = services.batch_create(
        actor=users.pk, programme=programme, units=[world.muratara], name="Muratara", start_date=START, end_date=END
    )
    batch = services.batch_move(actor=users.pk, batch=batch, status="open")
    person = make_person(world.muratara, custody=False, supervision="pb", admission_date=date(2025, 1, 1))
    enrollment = services.enrollment_nominate(actor=users.pk, batch=batch, person=person)
    assert enrollment.supervision_period is not None and not enrollment.from_custody


def test_a_person_of_another_unit_cannot_be_nominated(open_batch, users, world, make_person):
    person = make_person(world.bandar_lampung)
    with pytest.raises(ValidationError):
        services.enrollment_nominate(actor=users.officer, batch=open_batch, person=person)


def test_statuses_follow_the_table(nominate, users):
    enrollment = nominate()
    with pytest.raises(ValidationError):
        services.enrollment_enrol(actor=users.officer, enrollment=enrollment)


def test_completion_below_the_minimum_attendance_is_refused(enrolled, users, open_batch):
    mark_all(open_batch, enrolled, users.officer, absent=5)
    with pytest.raises(ValidationError) as error:
        services.enrollment_complete(actor=users.officer, enrollment=enrolled)
    assert "75.00" in error.value.message_dict["status"][0] and "80" in error.value.message_dict["status"][0]


def test_completion_at_the_minimum_attendance_is_accepted(enrolled, users, open_batch):
    mark_all(open_batch, enrolled, users.officer, absent=4)
    assert services.enrollment_complete(actor=users.officer, enrollment=enrolled).status == E.COMPLETED


def test_a_removal_ends_the_enrolment_with_its_reason(enrolled, users):
    services.incident_record(
        actor=users.officer, enrollment=enrolled, date=START, severity="high", description="Berkelahi", action="removal"
    )
    enrolled.refresh_from_db()
    assert enrolled.status == E.DROPPED_OUT and "Berkelahi" in enrolled.end_reason


def test_a_warning_keeps_the_enrolment(enrolled, users):
    services.incident_record(
        actor=users.officer, enrollment=enrolled, date=START, severity="low", description="Terlambat", action="warning"
    )
    enrolled.refresh_from_db()
    assert enrolled.status == E.ENROLLED


def test_attendance_in_the_future_is_refused(enrolled, users, open_batch):
    day = open_batch.days.first()
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=users.officer, day=day, marks={enrolled.id: "present"}, today=START - date.resolution
        )


def test_sick_counts_as_excused_but_not_attended(enrolled, users, open_batch):
    from bekal.training.selectors import enrollment_attendance

    day = open_batch.days.first()
    services.attendance_record(actor=users.officer, day=day, marks={enrolled.id: "sick"}, today=TODAY)
    assert enrollment_attendance(enrolled) == (0, 20)


def test_the_provider_may_take_attendance_but_another_partner_may_not(enrolled, users, open_batch, make_user, world):
    day = open_batch.days.first()
    services.attendance_record(actor=users.partner, day=day, marks={enrolled.id: "present"}, today=TODAY)
    from bekal.organizations.models import Organization

    other = Organization.objects.create(name="BLK Lain", kind="blk")
    stranger = make_user(other, "partner_staff")
    with pytest.raises(ValidationError):
        services.attendance_record(actor=stranger, day=day, marks={enrolled.id: "present"}, today=TODAY)


def test_too_few_days_left_before_release_is_flagged(nominate, programme):
    programme.min_days_before_release = 120
    programme.save()
    enrollment = nominate()
    CustodyPeriod.objects.filter(pk=enrollment.custody_period_id).update(expected_release_date=date(2025, 5, 1))
    enrollment.refresh_from_db()
    assert codes(enrollment) == ["release"]


def test_a_waitlisted_person_is_selected_when_a_place_frees(nominate, users, open_batch):
    open_batch.quota = 1
    open_batch.save()
    first, second = nominate("Andi"), nominate("Budi", birth_date=date(1980, 1, 1))
    services.enrollment_decide(actor=users.officer, enrollment=first, selected=True, reason="ok")
    services.enrollment_decide(actor=users.officer, enrollment=second, selected=True, reason="ok")
    with pytest.raises(ValidationError):
        services.enrollment_decide(actor=users.officer, enrollment=second, selected=True, reason="ok")
    services.enrollment_end(actor=users.officer, enrollment=first, status=E.DROPPED_OUT, reason="Sakit berat")
    assert (
        services.enrollment_decide(actor=users.officer, enrollment=second, selected=True, reason="ok").status
        == E.SELECTED
    )


def test_the_lsps_staff_may_not_take_attendance(enrolled, users, open_batch, lsp, make_user):
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=make_user(lsp, "partner_staff"),
            day=open_batch.days.first(),
            marks={enrolled.id: "present"},
            today=TODAY,
        )
