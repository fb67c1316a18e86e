"""Training fixtures: an LSP and a Kodim beside the shared world, a programme at BLK Lubuklinggau, an active
agreement with Lapas Martapura and Bapas Muratara's Kanwil, and a ready batch with enrolled participants."""

from datetime import date

import pytest

from bekal.organizations.models import Organization, OrganizationKind
from bekal.training import services
from bekal.training.models import Agreement, AgreementStatus, BatchStatus, Enrollment, EnrollmentStatus

START = date(2025, 3, 3)  # a Monday; 20 working days run to 2025-03-28 (no holiday in between)
END = date(2025, 3, 28)
TODAY = date(2025, 4, 15)


@pytest.fixture
def lsp(world):
    return Organization.objects.create(name="LSP P1 BLK Lubuklinggau", kind=OrganizationKind.LSP)


@pytest.fixture
def kodim(world):
    return Organization.objects.create(name="Kodim 0406/Lubuklinggau", kind=OrganizationKind.KODIM)


@pytest.fixture
def programme(world, users):
    return services.programme_create(
        actor=users.sysadmin,
        provider=world.blk,
        name="Barista",
        field="Pariwisata",
        total_jp=160,
        training_days=20,
        scheme="Skema Barista",
        units=[("I.563000.001.01", "Menyiapkan espresso"), ("I.563000.002.01", "Melayani tamu")],
    )


@pytest.fixture
def agreement(world, users):
    agreement = Agreement.objects.create(
        kind="pks",
        number="PKS/01/2025",
        title="Pelatihan WBP",
        unit=world.kanwil_sumsel,
        start_date=date(2025, 1, 1),
        end_date=date(2026, 12, 31),
        status=AgreementStatus.ACTIVE,
    )
    agreement.partners.set([world.blk])
    return agreement


@pytest.fixture
def batch(world, users, programme, agreement, lsp, kodim):
    return services.batch_create(
        actor=users.officer,
        programme=programme,
        units=[world.martapura],
        name="Barista Angkatan I",
        start_date=START,
        end_date=END,
        lsp=lsp,
        fmd_partner=kodim,
    )


@pytest.fixture
def open_batch(batch, users):
    return services.batch_move(actor=users.officer, batch=batch, status=BatchStatus.OPEN)


@pytest.fixture
def nominate(open_batch, users, world, make_person):
    def make(name="Andi Saputra", *, interest=True, unit=None, **kwargs):
        person = make_person(unit or world.martapura, full_name=name, **kwargs)
        actor = users.officer if unit is None or unit == world.martapura else users.pk
        return services.enrollment_nominate(
            actor=actor, batch=open_batch, person=person, interest_statement_on=START if interest else None
        )

    return make


@pytest.fixture
def enrolled(nominate, users):
    enrollment = nominate()
    services.enrollment_decide(actor=users.officer, enrollment=enrollment, selected=True, reason="Berminat")
    services.enrollment_enrol(actor=users.officer, enrollment=enrollment)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ENROLLED
    return enrollment


def mark_all(batch, enrollment: Enrollment, actor, *, absent: int = 0) -> None:
    for i, day in enumerate(batch.days.order_by("date")):
        code = "absent" if i < absent else "present"
        services.attendance_record(actor=actor, day=day, marks={enrollment.id: code}, today=TODAY)
