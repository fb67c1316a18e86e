"""Referrals, internships, placements and follow-ups: each rule has a test that fails without it."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from bekal.audit.models import AuditEvent
from bekal.core.formats import date_long
from bekal.placement import selectors, services
from bekal.placement.models import REFERRAL_TRANSITIONS, FollowUp, Placement
from bekal.rules.models import RuleValue


class TestReferrals:
    def test_it_refers_and_moves_along_the_allowed_path(self, users, due_person, vacancy, today):
        referral = services.referral_create(actor=users.officer, person=due_person, vacancy=vacancy)
        for status in ["interview", "offered", "hired"]:
            referral = services.referral_move(actor=users.officer, referral=referral, status=status, on=today)
        assert referral.status == "hired" and referral.allowed_next() == []
        assert AuditEvent.objects.filter(code="placement.referral.moved").count() == 3

    def test_a_move_outside_the_table_is_refused(self, users, due_person, vacancy, today):
        referral = services.referral_create(actor=users.officer, person=due_person, vacancy=vacancy)
        assert "hired" not in REFERRAL_TRANSITIONS["referred"]
        with pytest.raises(ValidationError) as error:
            services.referral_move(actor=users.officer, referral=referral, status="hired", on=today)
        assert "status" in error.value.message_dict

    def test_a_vacancy_that_excludes_the_offence_is_refused(self, users, due_person, vacancy):
        vacancy.excluded_offences = ["theft"]
        vacancy.save()
        with pytest.raises(ValidationError) as error:
            services.referral_create(actor=users.officer, person=due_person, vacancy=vacancy)
        assert vacancy.title in error.value.message_dict["vacancy"][0]

    def test_a_closed_vacancy_is_refused(self, users, due_person, vacancy, today):
        vacancy.closing_date = today - timedelta(1)
        vacancy.save()
        with pytest.raises(ValidationError):
            services.referral_create(actor=users.officer, person=due_person, vacancy=vacancy)

    def test_the_same_referral_twice_is_refused(self, users, due_person, vacancy):
        services.referral_create(actor=users.officer, person=due_person, vacancy=vacancy)
        with pytest.raises(ValidationError):
            services.referral_create(actor=users.officer, person=due_person, vacancy=vacancy)


class TestInternships:
    def test_an_internship_under_assimilation_is_recorded(self, users, due_person, employer, today):
        internship = services.internship_create(
            actor=users.officer,
            person=due_person,
            employer=employer,
            start_date=today,
            end_date=today + timedelta(30),
            supervisor="Pak Harun",
        )
        services.internship_update(actor=users.officer, internship=internship, outcome="job_offered")
        assert AuditEvent.objects.filter(code__startswith="placement.internship.").count() == 2

    def test_one_before_the_assimilation_date_is_refused(self, users, due_person, employer, today):
        start = due_person.custody_periods.get().assimilation_date - timedelta(1)
        with pytest.raises(ValidationError) as error:
            services.internship_create(
                actor=users.officer,
                person=due_person,
                employer=employer,
                start_date=start,
                end_date=today,
                supervisor="x",
            )
        assert date_long(start) in error.value.message_dict["start_date"][0]

    def test_one_after_release_is_refused(self, users, released_person, employer, today):
        with pytest.raises(ValidationError):
            services.internship_create(
                actor=users.officer,
                person=released_person,
                employer=employer,
                start_date=today - timedelta(10),
                end_date=today,
                supervisor="x",
            )

    def test_the_employer_must_be_an_employer(self, users, due_person, world, today):
        with pytest.raises(ValidationError) as error:
            services.internship_create(
                actor=users.officer,
                person=due_person,
                employer=world.blk,
                start_date=today,
                end_date=today,
                supervisor="x",
            )
        assert world.blk.name in error.value.message_dict["employer"][0]


class TestPlacements:
    def _employed(self, users, person, employer, start):
        return services.placement_create(
            actor=users.officer, person=person, kind="employed", start_date=start, employer=employer, position="Tukang"
        )

    def test_follow_ups_are_scheduled_at_1_3_6_and_12_months(self, users, released_person, employer, today):
        start = today - timedelta(30)
        placement = self._employed(users, released_person, employer, start)
        dues = list(placement.follow_ups.values_list("month", "due_date"))
        assert dues == [(m, start + relativedelta(months=m)) for m in (1, 3, 6, 12)]

    def test_the_follow_up_months_are_a_rule(self, users, released_person, employer, today):
        RuleValue.objects.create(
            code="placement.follow_up_months", value="2,4", valid_from=today - timedelta(100), source="test"
        )
        placement = self._employed(users, released_person, employer, today - timedelta(30))
        assert list(placement.follow_ups.values_list("month", flat=True)) == [2, 4]

    def test_a_placement_while_in_custody_is_refused(self, users, due_person, employer, today):
        with pytest.raises(ValidationError) as error:
            self._employed(users, due_person, employer, today)
        assert "start_date" in error.value.message_dict

    def test_employed_needs_an_employer_and_self_employed_a_business(self, users, released_person, today):
        with pytest.raises(ValidationError) as error:
            services.placement_create(actor=users.officer, person=released_person, kind="employed", start_date=today)
        assert "employer" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            services.placement_create(
                actor=users.officer, person=released_person, kind="self_employed", start_date=today
            )
        assert "business_type" in error.value.message_dict

    def test_a_second_running_placement_is_refused(self, users, released_person, employer, today):
        self._employed(users, released_person, employer, today - timedelta(20))
        with pytest.raises(ValidationError):
            services.placement_create(actor=users.officer, person=released_person, kind="not_working", start_date=today)

    def test_ending_drops_the_follow_ups_due_after_the_end(self, users, released_person, employer, today):
        placement = self._employed(users, released_person, employer, today - timedelta(45))
        services.placement_end(actor=users.officer, placement=placement, ended_on=today, end_reason="resigned")
        assert list(FollowUp.objects.filter(placement=placement).values_list("month", flat=True)) == [1]
        with pytest.raises(ValidationError):
            services.placement_end(actor=users.officer, placement=placement, ended_on=today, end_reason="resigned")

    def test_the_due_list_is_per_officer(self, users, released_person, employer, today, make_user, world):
        placement = self._employed(users, released_person, employer, today - timedelta(40))
        assert [f.month for f in selectors.follow_ups_due(user=users.officer, today=today)] == [1]
        colleague = make_user(world.martapura, "training_officer")
        assert list(selectors.follow_ups_due(user=colleague, today=today)) == []
        assert len(selectors.follow_ups_due(user=colleague, today=today, mine_only=False)) == 1
        services.follow_up_record(
            actor=users.officer, follow_up=placement.follow_ups.first(), done_on=today, still_working=True
        )
        assert list(selectors.follow_ups_due(user=users.officer, today=today)) == []

    def test_the_placed_split_is_people_with_an_employment_placement(self, users, released_person, employer, today):
        self._employed(users, released_person, employer, today - timedelta(40))
        assert list(selectors.employed_person_ids()) == [{"person_id": released_person.pk}]
        assert Placement.objects.count() == 1


class TestVacancies:
    def test_an_excluded_offence_must_be_a_known_category(self, users, employer, regions):
        with pytest.raises(ValidationError) as error:
            services.vacancy_create(
                actor=users.officer,
                employer=employer,
                region=regions["16.08"],
                title="x",
                excluded_offences=["piracy"],
            )
        assert "piracy" in error.value.message_dict["excluded_offences"][0]

    def test_a_vacancy_needs_an_employer_kind(self, users, world, regions):
        with pytest.raises(ValidationError):
            services.vacancy_create(actor=users.officer, employer=world.blk, region=regions["16.08"], title="x")

    def test_an_employer_is_created_with_its_profile(self, users, regions):
        profile = services.employer_create(
            actor=users.officer, name="Warung Kopi", kind="umkm", region=regions["16.08"], sector="Kuliner"
        )
        assert profile.organization.kind == "umkm"
        with pytest.raises(ValidationError):
            services.employer_create(
                actor=users.officer, name="Warung Kopi", kind="umkm", region=regions["16.08"], sector="Kuliner"
            )


@pytest.mark.parametrize("value", ["3,1", "0,3", "1,,3", "x"])
def test_a_follow_up_month_list_must_rise_and_be_positive(value, today, db):
    row = RuleValue(code="placement.follow_up_months", value=value, valid_from=today, source="x")
    with pytest.raises(ValidationError):
        row.full_clean()


class TestDates:
    def test_a_vacancy_cannot_open_already_closed(self, users, employer, regions, today):
        with pytest.raises(ValidationError) as error:
            services.vacancy_create(
                actor=users.officer,
                employer=employer,
                region=regions["16.08"],
                title="x",
                closing_date=today - timedelta(1),
            )
        assert date_long(today - timedelta(1)) in error.value.message_dict["closing_date"][0]

    def test_a_referral_cannot_move_back_in_time(self, users, due_person, vacancy, today):
        referral = services.referral_create(actor=users.officer, person=due_person, vacancy=vacancy)
        with pytest.raises(ValidationError) as error:
            services.referral_move(actor=users.officer, referral=referral, status="interview", on=today - timedelta(1))
        assert "on" in error.value.message_dict

    def test_a_follow_up_before_the_placement_started_is_refused(self, users, released_person, employer, today):
        placement = services.placement_create(
            actor=users.officer,
            person=released_person,
            kind="employed",
            start_date=today - timedelta(30),
            employer=employer,
        )
        with pytest.raises(ValidationError) as error:
            services.follow_up_record(
                actor=users.officer,
                follow_up=placement.follow_ups.first(),
                done_on=today - timedelta(31),
                still_working=True,
            )
        assert "done_on" in error.value.message_dict

    def test_a_readiness_assessed_in_the_future_is_refused(self, users, due_person, today):
        with pytest.raises(ValidationError) as error:
            services.readiness_set(
                actor=users.officer, person=due_person, status="ready", assessed_on=today + timedelta(1)
            )
        assert "assessed_on" in error.value.message_dict

    def test_a_retired_to_do_kind_is_refused(self, users, due_person, today):
        from bekal.placement.models import ToDoKind

        kind = ToDoKind.objects.get(code="transport")
        kind.is_active = False
        kind.save()
        with pytest.raises(ValidationError):
            services.todo_set(actor=users.officer, person=due_person, kind=kind, status="done", status_date=today)
