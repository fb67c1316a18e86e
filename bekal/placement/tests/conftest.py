"""Placement fixtures on top of the shared world: employers, vacancies and people at each stage of the path."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from bekal.accounts.models import Role
from bekal.organizations.models import Organization, OrganizationKind
from bekal.people.models import CustodyPeriod
from bekal.placement.models import EmployerProfile, Vacancy


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def employer(world, regions):
    org = Organization.objects.create(name="UMKM Mebel Jati", kind=OrganizationKind.UMKM, region_id="16.08")
    EmployerProfile.objects.create(organization=org, sector="Mebel")
    return org


@pytest.fixture
def other_employer(world, regions):
    org = Organization.objects.create(name="PT Lain", kind=OrganizationKind.EMPLOYER, region_id="18.71")
    EmployerProfile.objects.create(organization=org, sector="Perkebunan")
    return org


@pytest.fixture
def employer_staff(employer, make_user):
    return make_user(employer, Role.PARTNER_STAFF, username="employer_staff")


@pytest.fixture
def vacancy(employer, today):
    return Vacancy.objects.create(
        employer=employer,
        title="Tukang kayu",
        positions=2,
        skills="pertukangan kayu, mebel",
        region_id="16.08",
        closing_date=today + timedelta(days=30),
    )


@pytest.fixture
def due_person(world, make_person, today, regions):
    """An inmate at Martapura from OKU Timur, sentenced for theft, expected out in 30 days."""
    person = make_person(world.martapura, full_name="Andi Segera", admission_date=today - timedelta(days=400))
    person.home_region_id = "16.08"
    person.save()
    CustodyPeriod.objects.filter(person=person).update(
        expected_release_date=today + timedelta(days=30), assimilation_date=today - timedelta(days=60)
    )
    return person


@pytest.fixture
def released_person(world, make_person, today, regions):
    """A former Martapura inmate from OKU Timur, released 60 days ago."""
    person = make_person(
        world.martapura, full_name="Budi Bebas", birth_date=date(1985, 3, 3), admission_date=today - timedelta(400)
    )
    person.home_region_id = "16.08"
    person.save()
    CustodyPeriod.objects.filter(person=person).update(release_date=today - timedelta(days=60), release_reason="served")
    return person


@pytest.fixture
def foreign_person(world, make_person, today, regions):
    """An inmate at Bandar Lampung, out of every Sumatera Selatan user's scope."""
    person = make_person(
        world.bandar_lampung,
        full_name="Rudi Lampung",
        birth_date=date(1980, 2, 2),
        admission_date=today - timedelta(400),
    )
    CustodyPeriod.objects.filter(person=person).update(expected_release_date=today + timedelta(days=20))
    return person


@pytest.fixture
def credential(world, today):
    """Give a person a completed programme and, optionally, a competency certificate valid today (direct rows)."""
    from bekal.certification.models import AssessmentEvent, Certificate, Decision
    from bekal.training.models import Batch, Enrollment, EnrollmentStatus, Programme

    lsp = Organization.objects.create(name="LSP Uji", kind=OrganizationKind.LSP)

    def make(person, name, *, field="", scheme="", certified=True, valid_until=None):
        programme, _ = Programme.objects.get_or_create(
            provider=world.blk,
            name=name,
            defaults=dict(
                field=field,
                scheme=scheme,
                total_jp=160,
                training_days=20,
                min_days=20,
                max_jp_per_day=10,
                fmd_days=2,
                quota=16,
                min_attendance_percent=80,
            ),
        )
        start = today - timedelta(days=120)
        batch = Batch.objects.create(
            name=f"{name} I",
            programme=programme,
            provider=world.blk,
            start_date=start,
            end_date=start + timedelta(days=27),
            jp_per_day=8,
            quota=16,
        )
        period = CustodyPeriod.objects.filter(person=person).order_by("-admission_date").first()
        enrollment = Enrollment.objects.create(
            batch=batch, person=person, unit=world.martapura, custody_period=period, status=EnrollmentStatus.COMPLETED
        )
        if certified:
            event = AssessmentEvent.objects.create(
                batch=batch, lsp=lsp, assessor="A", test_site="ad_hoc", date=batch.end_date
            )
            decision = Decision.objects.create(event=event, enrollment=enrollment, verdict="K", decided_on=event.date)
            Certificate.objects.create(
                decision=decision,
                enrollment=enrollment,
                number=f"BNSP-{enrollment.pk}",
                scheme=scheme or name,
                issued_on=event.date,
                valid_until=valid_until or event.date + timedelta(days=3 * 365),
            )
        return programme

    return make
