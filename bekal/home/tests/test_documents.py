"""Every document the demo can print, rendered to PDF and read back with pdftotext (poppler-utils): the letterhead,
the register number, the place and date in words and the signatory are on each (issue 14)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from bekal.accounts.access import Capability, can
from bekal.community_service.models import ComplianceStep, StepKind
from bekal.community_service.services.noncompliance import issue_step
from bekal.home.tests.conftest import DEMO_TODAY
from bekal.organizations.models import Official, Organization
from bekal.training import services as training_services
from bekal.training.models import Enrollment, EnrollmentStatus, TrainingDay

BAPAS = "Bapas Kelas II Musi Rawas Utara"
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def editor_at(demo, unit_id):
    """Return a demo user of the unit who may edit enrolments (and so issue certificates)."""
    return next(u for u in demo.values() if u.organization_id == unit_id and can(u, Capability.ENROLLMENT_EDIT))


def text_of(pdf: bytes, tmp_path: Path, name: str) -> str:
    """Return the PDF's text, its words joined by single spaces (pdftotext breaks lines where the page does)."""
    assert pdf.startswith(b"%PDF"), name
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    pdftotext = shutil.which("pdftotext") or "pdftotext"
    out = subprocess.run(  # noqa: S603 - our own file, a fixed program
        [pdftotext, "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(out.split())


@pytest.mark.parametrize("kind", [StepKind.WARNING, StepKind.REPORT, StepKind.COMPLETION])
def test_each_kind_of_letter_has_letterhead_number_place_date_and_signatory(demo, client, tmp_path, kind):
    steps = ComplianceStep.objects.filter(order__period__unit__name=BAPAS)
    step = steps.filter(kind=kind).first()
    if step is None:  # the demo's ladder stops short of some kinds: issue one as the services do
        order = steps.first().order
        step = issue_step(order=order, kind=kind, issued_on=DEMO_TODAY)
    step = ComplianceStep.objects.select_related("order__prosecutor_office", "order__period__person").get(pk=step.pk)
    client.force_login(demo["muratara.pk"])
    response = client.get(reverse("community_service:letter", args=[step.pk]))
    text = text_of(response.content, tmp_path, f"letter-{kind}")
    assert "BAPAS KELAS II MUSI RAWAS UTARA" in text and "DIREKTORAT JENDERAL PEMASYARAKATAN" in text
    assert step.letter_number.startswith("W6.PAS.PAS.14-PK.01.05.02-")
    assert step.letter_number in text
    day = step.issued_on
    assert f"Musi Rawas Utara, {day.day} {MONTHS[day.month - 1]} {day.year}" in text
    assert "Hendra Saputra, S.H., M.H." in text and "NIP 197805122003121001" in text
    if kind == StepKind.WARNING:
        assert step.order.period.person.full_name in text
    else:
        assert f"Kepala {step.order.prosecutor_office.name}" in text


def test_letter_numbers_follow_the_register_without_repeats(demo):
    numbers = list(
        ComplianceStep.objects.filter(order__period__unit__name=BAPAS).values_list("letter_number", flat=True)
    )
    assert numbers and len(numbers) == len(set(numbers))


def test_training_certificate_front_and_back(demo, client, tmp_path):
    enrollment = (
        Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED)
        .select_related("batch__programme", "batch__provider", "person", "unit")
        .first()
    )
    assert enrollment is not None
    officer = editor_at(demo, enrollment.unit_id)
    client.force_login(officer)
    response = client.get(reverse("training:training-certificate", args=[enrollment.pk]))
    assert response.status_code == 200
    certificate = enrollment.training_certificate
    text = text_of(response.content, tmp_path, "certificate")
    assert "SERTIFIKAT PELATIHAN" in text and certificate.number in text
    assert enrollment.person.full_name in text and enrollment.batch.programme.name in text
    assert f"{enrollment.batch.programme.total_jp} jam pelajaran (JP)" in text
    provider_head = Official.objects.get(unit=enrollment.batch.provider, signs_certificates=True)
    unit_head = Official.objects.get(unit=enrollment.unit, signs_certificates=True)
    assert provider_head.name in text and unit_head.name in text
    for unit in enrollment.batch.programme.units.all():
        assert unit.code in text
    assert f"/verifikasi/{certificate.token}/" in text
    # The verification page the QR code opens answers for it.
    client.logout()
    page = client.get(reverse("verify-certificate", args=[certificate.token])).content.decode()
    assert certificate.number in page and "SAH" in page


def test_attendance_sheet_and_batch_summary(demo, client, tmp_path):
    day = TrainingDay.objects.filter(escorts__isnull=False).select_related("batch").order_by("date").first()
    assert day is not None
    client.force_login(editor_at(demo, day.batch.units.order_by("name").first().pk))
    response = client.get(reverse("training:attendance-sheet", args=[day.pk]))
    assert response.status_code == 200
    text = text_of(response.content, tmp_path, "attendance")
    assert "DAFTAR HADIR" in text and day.batch.name in text and "Tanda tangan" in text
    names = day.batch.enrollments.filter(status__in=[EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED])
    assert names.exists() and all(e.person.full_name in text for e in names.select_related("person"))
    assert str(day.escorts.select_related("officer").first().officer) in text
    summary = client.get(reverse("training:batch-summary", args=[day.batch.pk]))
    text = text_of(summary.content, tmp_path, "summary")
    assert "REKAPITULASI" in text and day.batch.name in text


def test_quarterly_report_on_the_letterhead(demo, tmp_path):
    from bekal.kpis import exports

    unit = Organization.objects.get(name="Lapas Kelas IIB Martapura")
    data = exports.quarterly_report(user=demo["admin"], unit=unit, year=2026, quarter=3, today=DEMO_TODAY)
    text = text_of(data, tmp_path, "quarterly")
    assert "LAPAS KELAS IIB MARTAPURA" in text and "Agus Priyanto" in text
    assert "Ogan Komering Ulu Timur, 23 November 2026" in text


def test_the_certificate_service_refuses_one_who_did_not_complete(demo):
    from django.core.exceptions import ValidationError

    enrollment = Enrollment.objects.exclude(status=EnrollmentStatus.COMPLETED).select_related("batch", "person").first()
    officer = editor_at(demo, enrollment.unit_id)
    with pytest.raises(ValidationError):
        training_services.certificate_issue(actor=officer, enrollment=enrollment)
