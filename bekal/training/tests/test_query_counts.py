"""Training lists and endpoints do not run a query per row (see `bekal.core.testing`)."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from bekal.core.testing import assert_flat_queries, covers
from bekal.organizations.models import Organization, OrganizationKind
from bekal.training import services
from bekal.training.models import (
    Agreement,
    AgreementStatus,
    BudgetAllocation,
    BudgetRealisation,
    Holiday,
    TrainingDay,
)
from bekal.training.tests.conftest import END, START

_n = itertools.count()


@pytest.fixture
def grow_batches(users, world, programme, agreement):
    def grow(n):
        names = []
        for _ in range(n):
            batch = services.batch_create(
                actor=users.officer,
                programme=programme,
                units=[world.martapura],
                name=f"Angkatan {next(_n)}",
                start_date=START,
                end_date=END,
            )
            names.append(batch.name)
        return names

    return grow


@pytest.fixture
def grow_programmes(users, world):
    def grow(n):
        names = []
        for _ in range(n):
            programme = services.programme_create(
                actor=users.sysadmin,
                provider=world.blk,
                name=f"Program {next(_n)}",
                total_jp=160,
                training_days=20,
                units=[("I.563000.001.01", "Satu"), ("I.563000.002.01", "Dua")],
            )
            names.append(programme.name)
        return names

    return grow


@pytest.fixture
def grow_agreements(world):
    def grow(n):
        numbers = []
        for _ in range(n):
            agreement = Agreement.objects.create(
                kind="pks",
                number=f"PKS/Q/{next(_n)}",
                title="Pelatihan",
                unit=world.martapura,
                start_date=date(2025, 1, 1),
                end_date=date(2026, 12, 31),
                status=AgreementStatus.ACTIVE,
            )
            agreement.partners.set([world.blk])
            numbers.append(agreement.number)
        return numbers

    return grow


@pytest.fixture
def grow_enrolled(nominate, users):
    """Enrol n more participants of the open batch, each with a day of attendance."""

    def grow(n):
        names = []
        for _ in range(n):
            i = next(_n)
            enrollment = nominate(f"Peserta {i}", birth_date=date(1980, 1, 1) + timedelta(days=i))
            services.enrollment_decide(actor=users.officer, enrollment=enrollment, selected=True, reason="Berminat")
            services.enrollment_enrol(actor=users.officer, enrollment=enrollment)
            names.append(f"Peserta {i}")
        return names

    return grow


@pytest.fixture
def grow_allocations(users, world):
    """Budget allocations of units under Kanwil Sumsel, one a year."""

    def grow(n):
        years = []
        for _ in range(n):
            year = 2000 + next(_n)
            BudgetAllocation.objects.create(unit=world.martapura, year=year, amount=Decimal("1000000"))
            years.append(str(year))
        return years

    return grow


# The officer of an organising unit, the provider's partner staff (BLK) and the national viewer reach batches
# through different filters.
ROLES = ["officer", "partner", "national"]


@covers("training:batch-list")
@pytest.mark.parametrize("role", ROLES)
def test_the_batch_list(client_for, users, grow_batches, role):
    url = reverse("training:batch-list")
    assert_flat_queries(client_for(getattr(users, role)), url, grow_batches, ceiling=14)


@covers("GET /api/v1/batches")
@pytest.mark.parametrize("role", ROLES)
def test_the_batch_endpoint(client_for, users, grow_batches, role):
    assert_flat_queries(client_for(getattr(users, role)), "/api/v1/batches", grow_batches, ceiling=10)


@covers("training:programme-list")
@pytest.mark.parametrize("role", ROLES)
def test_the_catalogue(client_for, users, grow_programmes, role):
    url = reverse("training:programme-list")
    assert_flat_queries(client_for(getattr(users, role)), url, grow_programmes, ceiling=12)


@covers("GET /api/v1/programmes")
def test_the_catalogue_endpoint(client_for, users, grow_programmes):
    assert_flat_queries(client_for(users.officer), "/api/v1/programmes", grow_programmes, ceiling=8)


@covers("training:programme-detail")
def test_a_programme_with_its_batches(client_for, users, programme, grow_batches):
    url = reverse("training:programme-detail", args=[programme.pk])
    assert_flat_queries(client_for(users.officer), url, grow_batches, ceiling=14)


@covers("training:agreement-list")
def test_the_agreement_list(client_for, users, grow_agreements):
    # The page also lists those ending within the notice period (the unit's today, the rule, one query and partners).
    assert_flat_queries(client_for(users.officer), reverse("training:agreement-list"), grow_agreements, ceiling=15)


@covers("GET /api/v1/agreements")
def test_the_agreement_endpoint(client_for, users, grow_agreements):
    assert_flat_queries(client_for(users.officer), "/api/v1/agreements", grow_agreements, ceiling=10)


@covers("training:agreement-detail")
def test_an_agreement_with_many_parties(client_for, users, agreement, programme):
    def grow(n):
        names = []
        for _ in range(n):
            partner = Organization.objects.create(name=f"Disnaker {next(_n)}", kind=OrganizationKind.DISNAKER)
            agreement.partners.add(partner)
            agreement.programmes.add(
                services.programme_create(
                    actor=users.sysadmin, provider=partner, name=f"Untuk {partner.name}", total_jp=160, training_days=20
                )
            )
            names += [partner.name, f"Untuk {partner.name}"]
        return names

    url = reverse("training:agreement-detail", args=[agreement.pk])
    assert_flat_queries(client_for(users.regional), url, grow, ceiling=14)


@covers("training:batch-detail")
@pytest.mark.parametrize("role", ROLES)
def test_a_batch_with_its_participants(client_for, users, open_batch, grow_enrolled, role):
    url = reverse("training:batch-detail", args=[open_batch.pk])
    assert_flat_queries(client_for(getattr(users, role)), url, grow_enrolled, ceiling=24)


@covers("GET /api/v1/batches/{batch_id}/enrollments")
def test_the_participant_endpoint(client_for, users, open_batch, grow_enrolled):
    url = f"/api/v1/batches/{open_batch.pk}/enrollments"
    assert_flat_queries(client_for(users.officer), url, grow_enrolled, ceiling=10)


@covers("training:attendance-day")
@pytest.mark.parametrize("role", ["officer", "partner"])
def test_a_days_attendance(client_for, users, open_batch, grow_enrolled, role):
    day = open_batch.days.order_by("date").first()
    attendance_day = reverse("training:attendance-day", args=[day.pk])

    def grow(n):
        names = grow_enrolled(n)
        enrolled = open_batch.enrollments.filter(status="enrolled").values_list("id", flat=True)
        services.attendance_record(
            actor=users.officer, day=day, marks={pk: "present" for pk in enrolled}, today=day.date
        )
        return names

    assert_flat_queries(client_for(getattr(users, role)), attendance_day, grow, ceiling=20)


@covers("GET /api/v1/batches/{batch_id}/days")
def test_the_calendar_endpoint(client_for, users, open_batch):
    def grow(n):
        dates = []
        for _ in range(n):
            on = date(2025, 6, 1) + timedelta(days=next(_n))
            TrainingDay.objects.create(batch=open_batch, date=on, jp=8)
            dates.append(on.isoformat())
        return dates

    url = f"/api/v1/batches/{open_batch.pk}/days"
    assert_flat_queries(client_for(users.officer), url, grow, ceiling=10)


@covers("training:budget")
def test_the_budget(client_for, users, grow_allocations):
    assert_flat_queries(client_for(users.head), reverse("training:budget"), grow_allocations, ceiling=12)


@covers("GET /api/v1/budget")
def test_the_budget_endpoint(client_for, users, grow_allocations):
    assert_flat_queries(client_for(users.head), "/api/v1/budget", grow_allocations, ceiling=10)


@covers("training:allocation-detail")
def test_an_allocation_with_its_lines(client_for, users, world, batch):
    allocation = BudgetAllocation.objects.create(unit=world.martapura, year=2025, amount=Decimal("100000000"))

    def grow(n):
        lines = []
        for _ in range(n):
            line = BudgetRealisation.objects.create(
                allocation=allocation, batch=batch, date=START, description=f"Bahan {next(_n)}", amount=Decimal(1000)
            )
            lines.append(line.description)
        return lines

    url = reverse("training:allocation-detail", args=[allocation.pk])
    assert_flat_queries(client_for(users.head), url, grow, ceiling=14)


@pytest.fixture
def grow_nominees(nominate, users, batch, programme, world):
    """Nominate n more people, each also selected for another batch at the same time and once removed from a
    batch for discipline, so every screening rule has something to find."""
    from bekal.training.models import Incident, IncidentAction

    other = services.batch_create(
        actor=users.officer,
        programme=programme,
        units=[world.martapura],
        name="Bersamaan",
        start_date=START,
        end_date=END,
    )
    other = services.batch_move(actor=users.officer, batch=other, status="open")

    def grow(n):
        names = []
        for _ in range(n):
            i = next(_n)
            enrollment = nominate(f"Calon {i}", birth_date=date(1970, 1, 1) + timedelta(days=i), interest=bool(i % 2))
            elsewhere = services.enrollment_nominate(
                actor=users.officer, batch=other, person=enrollment.person, interest_statement_on=START
            )
            services.enrollment_decide(actor=users.officer, enrollment=elsewhere, selected=True, reason="Berminat")
            Incident.objects.create(
                enrollment=elsewhere,
                date=START,
                severity="high",
                description="Berkelahi",
                action=IncidentAction.REMOVAL,
            )
            names.append(f"Calon {i}")
        return names

    return grow


@covers("training:batch-detail")
def test_a_batch_with_its_nominees(client_for, users, open_batch, grow_nominees):
    """Each nominee is screened (release, overlap, education, interest, discipline) in a fixed number of queries."""
    url = reverse("training:batch-detail", args=[open_batch.pk])
    assert_flat_queries(client_for(users.officer), url, grow_nominees, ceiling=24)


@covers("training:batch-nominate")
def test_the_nomination_search(client_for, users, world, open_batch, make_person):
    def grow(n):
        names = []
        for _ in range(n):
            i = next(_n)
            make_person(world.martapura, full_name=f"Warga {i}", birth_date=date(1975, 1, 1) + timedelta(days=i))
            names.append(f"Warga {i}")
        return names

    url = reverse("training:batch-nominate", args=[open_batch.pk])
    # Screening the candidates adds three queries however many there are: custody periods, places, removals.
    assert_flat_queries(client_for(users.officer), url, grow, ceiling=14)


@covers("GET /api/v1/days/{day_id}/attendance")
def test_a_days_attendance_endpoint(client_for, users, open_batch, grow_enrolled):
    day = open_batch.days.order_by("date").first()

    def grow(n):
        names = grow_enrolled(n)
        enrolled = open_batch.enrollments.filter(status="enrolled").values_list("id", flat=True)
        services.attendance_record(
            actor=users.officer, day=day, marks={pk: "present" for pk in enrolled}, today=day.date
        )
        return names

    assert_flat_queries(client_for(users.officer), f"/api/v1/days/{day.pk}/attendance", grow, ceiling=10)


@covers("GET /api/v1/batches/{batch_id}/incidents")
def test_a_batchs_incidents_endpoint(client_for, users, open_batch, grow_enrolled):
    def grow(n):
        names = grow_enrolled(n)
        for enrollment in open_batch.enrollments.filter(incidents__isnull=True):
            services.incident_record(
                actor=users.officer,
                enrollment=enrollment,
                date=START,
                severity="low",
                description=f"Terlambat {enrollment.pk}",
                action="warning",
            )
        return names

    assert_flat_queries(client_for(users.officer), f"/api/v1/batches/{open_batch.pk}/incidents", grow, ceiling=12)


@covers("GET /api/v1/batches/{batch_id}/escorts")
def test_a_batchs_escorts_endpoint(client_for, users, open_batch, make_user, world):
    days = iter(open_batch.days.order_by("date"))

    def grow(n):
        names = []
        for _ in range(n):
            officer = make_user(world.martapura, "training_officer", username=f"escort{next(_n)}")
            officer.first_name = f"Pengawal{officer.pk}"
            officer.save()
            services.escort_assign(actor=users.officer, day=next(days), officer=officer)
            names.append(officer.first_name)
        return names

    assert_flat_queries(client_for(users.officer), f"/api/v1/batches/{open_batch.pk}/escorts", grow, ceiling=10)


@covers("GET /api/v1/agreements/expiring")
def test_the_expiring_agreements_endpoint(client_for, users, world):
    from django.utils import timezone

    def grow(n):
        numbers = []
        for _ in range(n):
            agreement = Agreement.objects.create(
                kind="pks",
                number=f"PKS/E/{next(_n)}",
                title="Pelatihan",
                unit=world.martapura,
                start_date=date(2025, 1, 1),
                end_date=timezone.localdate() + timedelta(days=5),
                status=AgreementStatus.ACTIVE,
            )
            agreement.partners.set([world.blk])
            numbers.append(agreement.number)
        return numbers

    assert_flat_queries(client_for(users.officer), "/api/v1/agreements/expiring", grow, ceiling=10)


def grow_holidays(n):
    """n more holidays in 2031."""
    names = []
    for _ in range(n):
        day = date(2031, 1, 1) + timedelta(days=Holiday.objects.filter(date__year=2031).count())
        holiday = Holiday.objects.create(date=day, name=f"Libur {next(_n)}")
        names.append(holiday.name)
    return names


@covers("training:holiday-year")
def test_the_holidays_of_a_year(client_for, users):
    url = reverse("training:holiday-year", args=[2031])
    assert_flat_queries(client_for(users.sysadmin), url, grow_holidays, ceiling=8)


@covers("GET /api/v1/holidays")
def test_the_holidays_endpoint(client_for, users):
    url = "/api/v1/holidays"
    assert_flat_queries(client_for(users.officer), url, grow_holidays, params={"year": 2031}, ceiling=8)


@pytest.fixture
def grow_instructors(users, world):
    """Registered instructors of the BLK, each with two certificates."""

    def grow(n):
        names = []
        for _ in range(n):
            instructor = services.instructor_create(actor=users.partner, provider=world.blk, name=f"Instr {next(_n)}")
            for k in range(2):
                services.instructor_certificate_add(
                    actor=users.partner,
                    instructor=instructor,
                    scheme="Skema Barista",
                    number=f"N{k}",
                    valid_from=date(2024, 1, 1),
                    valid_until=date(2027, 1, 1),
                )
            names.append(instructor.name)
        return names

    return grow


@covers("training:instructor-list")
@pytest.mark.parametrize("role", ["officer", "partner"])
def test_the_instructor_registry(client_for, users, grow_instructors, role):
    url = reverse("training:instructor-list")
    assert_flat_queries(client_for(getattr(users, role)), url, grow_instructors, ceiling=12)


@covers("GET /api/v1/instructors")
def test_the_instructor_endpoint(client_for, users, grow_instructors):
    assert_flat_queries(client_for(users.partner), "/api/v1/instructors", grow_instructors, ceiling=8)


@covers("training:instructor-detail")
def test_an_instructor_with_many_batches(client_for, users, world, programme, agreement):
    instructor = services.instructor_create(actor=users.partner, provider=world.blk, name="Rudi")
    services.instructor_certificate_add(
        actor=users.partner,
        instructor=instructor,
        scheme="Skema Barista",
        number="C1",
        valid_from=date(2024, 1, 1),
        valid_until=date(2027, 1, 1),
    )

    def grow(n):
        names = []
        for _ in range(n):
            batch = services.batch_create(
                actor=users.officer,
                programme=programme,
                units=[world.martapura],
                name=f"Angkatan {next(_n)}",
                start_date=START,
                end_date=END,
            )
            services.batch_instructor_add(actor=users.officer, batch=batch, instructor=instructor)
            names.append(batch.name)
        return names

    url = reverse("training:instructor-detail", args=[instructor.pk])
    assert_flat_queries(client_for(users.partner), url, grow, ceiling=12)


@pytest.fixture
def grow_plan_lines(users, world):
    """Lines of Martapura's 2025 plan, one programme each."""
    from bekal.training.models import TrainingPlan

    plan = TrainingPlan.objects.create(unit=world.martapura, year=2025)

    def grow(n):
        names = []
        for _ in range(n):
            programme = services.programme_create(
                actor=users.sysadmin, provider=world.blk, name=f"Rencana {next(_n)}", total_jp=160, training_days=20
            )
            services.plan_line_set(
                actor=users.officer, plan=plan, programme=programme, batches=1, participants=16, budget=Decimal(1000)
            )
            names.append(programme.name)
        return names

    grow.plan = plan  # type: ignore[attr-defined]
    return grow


@covers("training:plan-detail")
def test_a_plan_with_many_programmes(client_for, users, grow_plan_lines):
    url = reverse("training:plan-detail", args=[grow_plan_lines.plan.pk])
    assert_flat_queries(client_for(users.officer), url, grow_plan_lines, ceiling=14)


@covers("GET /api/v1/training-plans")
def test_the_plan_endpoint(client_for, users, grow_plan_lines):
    assert_flat_queries(client_for(users.officer), "/api/v1/training-plans", grow_plan_lines, ceiling=10)


@covers("training:plan-list")
@pytest.mark.parametrize("role", ["officer", "national"])
def test_the_plan_list(client_for, users, world, role):
    from bekal.training.models import TrainingPlan

    def grow(n):
        years = []
        for _ in range(n):
            year = 2000 + next(_n)
            TrainingPlan.objects.create(unit=world.martapura, year=year)
            years.append(str(year))
        return years

    assert_flat_queries(client_for(getattr(users, role)), reverse("training:plan-list"), grow, ceiling=12)


@covers("GET /api/v1/batches/{batch_id}/instructors")
def test_the_batch_instructor_endpoint(client_for, users, world, batch):
    def grow(n):
        names = []
        for _ in range(n):
            instructor = services.instructor_create(actor=users.partner, provider=world.blk, name=f"Guru {next(_n)}")
            services.instructor_certificate_add(
                actor=users.partner,
                instructor=instructor,
                scheme="Skema Barista",
                number="C1",
                valid_from=date(2024, 1, 1),
                valid_until=date(2027, 1, 1),
            )
            services.batch_instructor_add(actor=users.officer, batch=batch, instructor=instructor)
            names.append(instructor.name)
        return names

    assert_flat_queries(client_for(users.officer), f"/api/v1/batches/{batch.pk}/instructors", grow, ceiling=12)


@pytest.fixture
def grow_candidates(users, world, programme, make_person):
    """Inmates of every kind the bulk nomination list shows: eligible, released before the end, banned after a
    removal, holding a training certificate."""
    from bekal.people.models import CustodyPeriod
    from bekal.training.models import Enrollment, IncidentAction, TrainingCertificate

    earlier = services.batch_create(
        actor=users.officer,
        programme=programme,
        units=[world.martapura],
        name=f"Lama {next(_n)}",
        start_date=date(2025, 4, 14),
        end_date=date(2025, 6, 13),
    )

    def grow(n):
        names = []
        for _ in range(n):
            i = next(_n)
            person = make_person(
                world.martapura, full_name=f"Calon Peserta {i}", birth_date=date(1970, 1, 1) + timedelta(days=i)
            )
            period = CustodyPeriod.objects.get(person=person)
            if i % 3 == 0:
                CustodyPeriod.objects.filter(pk=period.pk).update(expected_release_date=END - timedelta(days=1))
            old = Enrollment.objects.create(
                batch=earlier, person=person, unit=world.martapura, custody_period=period, status="completed"
            )
            TrainingCertificate.objects.create(
                enrollment=old, number=f"SP-{i}", token=f"tok-{i}", issued_on=date(2025, 6, 16)
            )
            if i % 3 == 1:
                old.incidents.create(
                    date=date(2025, 4, 15),
                    severity="high",
                    description="X",
                    action=IncidentAction.REMOVAL,
                    ban_until=date(2025, 12, 31),
                )
            names += [person.full_name, f"SP-{i}"]
        return names

    return grow


@covers("training:batch-nominate-bulk")
def test_the_bulk_nomination_list(client_for, users, open_batch, grow_candidates):
    url = reverse("training:batch-nominate-bulk", args=[open_batch.pk])
    assert_flat_queries(client_for(users.officer), url, grow_candidates, ceiling=16)


@covers("GET /api/v1/batches/{batch_id}/candidates")
def test_the_candidate_endpoint(client_for, users, open_batch, grow_candidates):
    url = f"/api/v1/batches/{open_batch.pk}/candidates"
    assert_flat_queries(client_for(users.officer), url, grow_candidates, ceiling=13)


@covers("GET /api/v1/days/{day_id}/escorts")
def test_a_days_escorts_endpoint(client_for, users, open_batch, make_user, world):
    day = open_batch.days.order_by("date").first()

    def grow(n):
        names = []
        for _ in range(n):
            i = next(_n)
            if i % 2:
                officer = make_user(world.martapura, "training_officer", username=f"dayescort{i}")
                officer.first_name = f"Pengawal{officer.pk}"
                officer.save()
                services.escort_assign(actor=users.officer, day=day, officer=officer)
                names.append(officer.first_name)
            else:
                name = f"Petugas Pengamanan {i}"
                services.escort_assign(actor=users.officer, day=day, officer_name=name, officer_nip=f"{i:018d}")
                names.append(name)
        return names

    assert_flat_queries(client_for(users.officer), f"/api/v1/days/{day.pk}/escorts", grow, ceiling=10)


@covers("GET /api/v1/enrollments/{enrollment_id}/incidents")
def test_a_participants_incidents_endpoint(client_for, users, enrolled):
    def grow(n):
        texts = []
        for _ in range(n):
            text = f"Terlambat {next(_n)}"
            services.incident_record(
                actor=users.officer, enrollment=enrolled, date=START, severity="low", description=text, action="warning"
            )
            texts.append(text)
        return texts

    assert_flat_queries(client_for(users.officer), f"/api/v1/enrollments/{enrolled.pk}/incidents", grow, ceiling=10)


@covers("GET /api/v1/enrollments/{enrollment_id}/attendance")
def test_a_participants_attendance_endpoint(client_for, users, open_batch, enrolled):
    days = iter(open_batch.days.order_by("date"))

    def grow(n):
        dates = []
        for _ in range(n):
            day = next(days)
            services.attendance_record(actor=users.officer, day=day, marks={enrolled.pk: "present"}, today=day.date)
            dates.append(day.date.isoformat())
        return dates

    url = f"/api/v1/enrollments/{enrolled.pk}/attendance"
    assert_flat_queries(client_for(users.officer), url, grow, ceiling=10)
