"""The training app's printed documents, each an HTML template rendered by the one engine (``core.documents``): the
training certificate (front and back), the attendance sheet of a day (daftar hadir) and the batch's summary sheet."""

from datetime import date
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bekal.core.documents import qr_svg, render_pdf
from bekal.organizations import documents as paperwork
from bekal.organizations.models import Organization
from bekal.organizations.time import long_date
from bekal.training.models import Attendance, Batch, Enrollment, EnrollmentStatus, TrainingCertificate, TrainingDay


def verification_url(certificate: TrainingCertificate) -> str:
    """Return the public address of the certificate's verification page (what its QR code holds)."""
    return settings.BEKAL_SITE_URL + reverse("verify-certificate", args=[certificate.token])


def date_range(start: date, end: date) -> str:
    """Return two dates in words, sharing the year (``2 November s.d. 13 Desember 2026``)."""
    if start.year == end.year:
        first = long_date(start).rsplit(" ", 1)[0]
        return _("%(start)s to %(end)s") % {"start": first, "end": long_date(end)}
    return _("%(start)s to %(end)s") % {"start": long_date(start), "end": long_date(end)}


def training_certificate(certificate: TrainingCertificate) -> bytes:
    """Return the certificate as a landscape PDF: front with the number, name, programme, JP, dates, place and date of
    issue, the two signatories and the QR code; back with the programme's competency units."""
    enrollment = certificate.enrollment
    batch, person, unit = enrollment.batch, enrollment.person, enrollment.unit
    provider = batch.provider
    context = {
        "title": _("Training certificate %(number)s") % {"number": certificate.number},
        "certificate": certificate,
        "person": person,
        "batch": batch,
        "programme": batch.programme,
        "units": list(batch.programme.units.order_by("code")),
        "dates": date_range(batch.start_date, batch.end_date),
        "place_date": paperwork.place_date(unit, certificate.issued_on),
        "provider": provider,
        "unit": unit,
        "kop": paperwork.kop(unit),
        "provider_signatory": certificate.provider_signatory,
        "unit_signatory": certificate.unit_signatory,
        "provider_position": _("Head of %(unit)s") % {"unit": provider.name},
        "unit_position": _("Head of %(unit)s") % {"unit": unit.name},
        "qr": qr_svg(verification_url(certificate), scale=3),
        "verify_url": verification_url(certificate),
    }
    return render_pdf("training/documents/certificate.html", context)


def _unit_of(batch: Batch, viewer: Organization | None) -> Organization:
    """Return the unit whose letterhead a batch's sheets carry: the viewer's, when it takes part in the batch, else
    the first unit taking part (the provider's for a batch with none)."""
    units = batch.units.order_by("name")
    if viewer is not None and units.filter(pk=viewer.pk).exists():
        return viewer
    return units.first() or batch.provider


def attendance_sheet(day: TrainingDay, *, today: date, viewer: Organization | None = None) -> bytes:
    """Return the day's attendance sheet (daftar hadir): a row and a signature box per participant, the day's mark
    when recorded, and the signatures of the instructors and escorts, as the budget accountability (SPJ) asks."""
    batch = day.batch
    unit = _unit_of(batch, viewer)
    enrollments = list(
        batch.enrollments.filter(status__in=[EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED])
        .select_related("person", "unit")
        .order_by("person__full_name")
    )
    marks = {a.enrollment_id: a.reason.label for a in Attendance.objects.filter(day=day).select_related("reason")}
    context: dict[str, Any] = {
        "title": _("Attendance sheet %(batch)s, %(date)s") % {"batch": batch.name, "date": long_date(day.date)},
        "kop": paperwork.kop(unit),
        "batch": batch,
        "day": day,
        "day_date": date_format(day.date, "l, j F Y"),
        "rows": [{"enrollment": e, "mark": marks.get(e.pk, "")} for e in enrollments],
        "instructors": list(batch.instructors.select_related("instructor").order_by("instructor__name")),
        "escorts": list(day.escorts.select_related("officer").order_by("officer__first_name")),
        "place_date": paperwork.place_date(unit, day.date),
        "printed": long_date(today),
    }
    return render_pdf("training/documents/attendance_sheet.html", context)


def batch_summary(batch: Batch, *, today: date, viewer: Organization | None = None) -> bytes:
    """Return the batch's summary sheet: each participant's days attended out of the batch's days, and outcome."""
    unit = _unit_of(batch, viewer)
    # Every day of the batch counts, its FMD days too, as the attendance rate on the batch's page does.
    counted = list(batch.days.order_by("date"))
    enrollments = list(
        batch.enrollments.filter(
            status__in=[
                EnrollmentStatus.ENROLLED,
                EnrollmentStatus.COMPLETED,
                EnrollmentStatus.DROPPED_OUT,
                EnrollmentStatus.NOT_COMPLETED,
            ]
        )
        .select_related("person", "unit")
        .order_by("person__full_name")
    )
    attended: dict[int, int] = {}
    for a in Attendance.objects.filter(day__batch=batch, reason__counts_as_attended=True).only("enrollment_id"):
        attended[a.enrollment_id] = attended.get(a.enrollment_id, 0) + 1
    context = {
        "title": _("Summary of %(batch)s") % {"batch": batch.name},
        "kop": paperwork.kop(unit),
        "batch": batch,
        "dates": date_range(batch.start_date, batch.end_date),
        "total_days": len(counted),
        "rows": [
            {
                "enrollment": e,
                "attended": attended.get(e.pk, 0),
                "percent": round(100 * attended.get(e.pk, 0) / len(counted)) if counted else 0,
            }
            for e in enrollments
        ],
        "instructors": list(batch.instructors.select_related("instructor").order_by("instructor__name")),
        "place_date": paperwork.place_date(unit, today),
        "signatory": paperwork.signatory_of(unit),
        "fallback_position": _("Head of %(unit)s") % {"unit": unit.name},
    }
    return render_pdf("training/documents/batch_summary.html", context)


def enrollment_certificate(enrollment: Enrollment) -> TrainingCertificate | None:
    """Return the enrollment's certificate when one was issued."""
    return TrainingCertificate.objects.filter(enrollment=enrollment).first()
