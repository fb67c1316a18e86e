"""Hand-made training, certification, release, work, budget and community-service records for the KPI tests.

Records are created directly (no services): each test states the few facts its expected value is worked out from.
"""

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from bekal.certification.models import AssessmentEvent, Certificate, Decision, Verdict
from bekal.community_service.models import CommunityServiceOrder, OrderStatus, Sanction
from bekal.organizations.models import Organization, OrganizationKind
from bekal.people.models import CustodyPeriod, Person
from bekal.placement.models import Placement, PlacementKind
from bekal.training.models import (
    Attendance,
    AttendanceReason,
    Batch,
    BudgetAllocation,
    BudgetRealisation,
    Enrollment,
    Programme,
    TrainingDay,
)

TODAY = date(2026, 11, 23)
_serial = itertools.count(1)


@dataclass
class Kpi:
    world: Any
    make_person: Any
    lsp: Organization
    court: Organization
    prosecutor: Organization

    def programme(self, name: str = "Barista", provider: Organization | None = None) -> Programme:
        return Programme.objects.create(
            provider=provider or self.world.blk,
            name=name,
            total_jp=160,
            training_days=20,
            min_days=20,
            max_jp_per_day=8,
            fmd_days=2,
            quota=16,
            min_attendance_percent=80,
        )

    def batch(self, programme: Programme, *, end: date = date(2025, 6, 27), units: list[Organization] | None = None):
        batch = Batch.objects.create(
            name=f"{programme.name} {next(_serial)}",
            programme=programme,
            provider=programme.provider,
            start_date=end - timedelta(days=27),
            end_date=end,
            jp_per_day=8,
            quota=16,
            status="finished",
        )
        batch.units.set(units or [self.world.martapura])
        return batch

    def enrol(
        self,
        batch: Batch,
        *,
        status: str = "completed",
        unit: Organization | None = None,
        person: Person | None = None,
        certified: bool = False,
        released: date | None = None,
        release_reason: str = "served",
        working: str | None = None,
        working_from: date | None = None,
        days: tuple[int, int] = (0, 0),
    ) -> Enrollment:
        """Return an enrolment; ``days`` is (attended, marked); ``working`` a placement kind from release + 10 days."""
        unit = unit or self.world.martapura
        if person is None:
            name = f"Peserta {next(_serial)}"
            client = None if unit.is_custody_unit else "pb"
            person = self.make_person(unit, full_name=name, nik=None, supervision=client)
        period = CustodyPeriod.objects.filter(person=person).order_by("-admission_date").first()
        enrolment = Enrollment.objects.create(
            batch=batch,
            person=person,
            unit=unit,
            custody_period=period,
            supervision_period=person.supervision_periods.first(),
            status=status,
        )
        if certified:
            event = AssessmentEvent.objects.create(
                batch=batch, lsp=self.lsp, assessor="Asesor", test_site="ad_hoc", date=batch.end_date
            )
            decision = Decision.objects.create(
                event=event, enrollment=enrolment, verdict=Verdict.COMPETENT, decided_on=batch.end_date
            )
            Certificate.objects.create(
                decision=decision,
                enrollment=enrolment,
                number=f"C-{next(_serial)}",
                scheme="Skema",
                issued_on=batch.end_date + timedelta(days=7),
                valid_until=batch.end_date + timedelta(days=3 * 365),
            )
        if released is not None and period is not None:
            period.release_date, period.release_reason = released, release_reason
            period.save()
        if working is not None:
            start = working_from or (released or batch.end_date) + timedelta(days=10)
            Placement.objects.create(
                person=person,
                kind=working,
                start_date=start,
                employer=self.lsp if working == PlacementKind.EMPLOYED else None,
            )
        attended, marked = days
        if not marked:  # (a transactional test before this one may have flushed the reasons the migration loads)
            return enrolment
        present = AttendanceReason.objects.get(code="present")
        absent = AttendanceReason.objects.get(code="absent")
        for i in range(marked):
            day = TrainingDay.objects.get_or_create(
                batch=batch, date=batch.start_date + timedelta(days=i), defaults={"jp": 8}
            )[0]
            Attendance.objects.create(enrollment=enrolment, day=day, reason=present if i < attended else absent)
        return enrolment

    def budget(self, unit: Organization, year: int, allocated: str, realised: list[str], batch: Batch) -> None:
        allocation = BudgetAllocation.objects.create(unit=unit, year=year, amount=Decimal(allocated))
        for amount in realised:
            BudgetRealisation.objects.create(
                allocation=allocation, batch=batch, date=date(year, 5, 1), description="Bahan", amount=Decimal(amount)
            )

    def order(self, unit: Organization, *, due: date, status: str = OrderStatus.ACTIVE) -> CommunityServiceOrder:
        person = self.make_person(
            unit, full_name=f"Klien {next(_serial)}", nik=None, custody=False, supervision="kerja_sosial"
        )
        return CommunityServiceOrder.objects.create(
            period=person.supervision_periods.get(),
            court=self.court,
            decision_number=f"{next(_serial)}/Pid.B/2026",
            decision_date=due - timedelta(days=120),
            offence="Pencurian ringan",
            threatened_prison_months=48,
            hours_ordered=40,
            replaced_prison_months=3,
            complete_by=due,
            sanction=Sanction.SERVE_PRISON,
            prosecutor_office=self.prosecutor,
            status=status,
            completed_on=due - timedelta(days=5) if status == OrderStatus.COMPLETED else None,
        )


@pytest.fixture
def kpi(world, users, make_person) -> Kpi:
    return Kpi(
        world=world,
        make_person=make_person,
        lsp=Organization.objects.create(name="LSP Uji", kind=OrganizationKind.LSP),
        court=Organization.objects.create(name="PN Uji", kind=OrganizationKind.COURT),
        prosecutor=Organization.objects.create(name="Kejari Uji", kind=OrganizationKind.PROSECUTOR),
    )
