"""The training app's printed documents as pages: the certificate PDF (issued on its first print), its revocation,
the attendance sheet of a day and the batch summary; and the public certificate check its QR code opens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bekal.accounts.access import Capability, can, require
from bekal.accounts.types import AuthedRequest
from bekal.organizations.time import long_date, unit_today
from bekal.training import pdf, selectors, services
from bekal.training.models import Enrollment, EnrollmentStatus, TrainingCertificate


def _pdf(data: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


def training_certificate_download(user: object, enrollment: Enrollment) -> HttpResponse:
    """Return a completer's training certificate as a PDF, issuing it the first time for one who may (enrolment
    editors); 404 for anyone who did not complete, or before it was issued for one who may not issue it."""
    if enrollment.status != EnrollmentStatus.COMPLETED:
        raise Http404
    certificate = pdf.enrollment_certificate(enrollment)
    if certificate is None:
        if not can(user, Capability.ENROLLMENT_EDIT):
            raise Http404
        try:
            certificate = services.certificate_issue(actor=user, enrollment=enrollment)
        except ValidationError as error:
            raise Http404(error.messages[0]) from error
    return _pdf(pdf.training_certificate(certificate), f"sertifikat-pelatihan-{enrollment.pk}.pdf", inline=False)


@login_required
def training_certificate(request: AuthedRequest, pk: int) -> HttpResponse:
    """Return the training certificate (Sertifikat Pelatihan) of a participant who completed, as a PDF."""
    return training_certificate_download(request.user, selectors.get_enrollment_for_user(request.user, pk))


@login_required
@require_POST
def certificate_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    """Revoke a participant's training certificate with the reason given."""
    enrollment = selectors.get_enrollment_for_user(request.user, pk)
    certificate = get_object_or_404(TrainingCertificate, enrollment=enrollment)
    try:
        services.certificate_revoke(actor=request.user, certificate=certificate, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Certificate %(number)s revoked.") % {"number": certificate.number})
    return redirect("training:batch-detail", pk=enrollment.batch_id)


@login_required
def attendance_sheet(request: AuthedRequest, pk: int) -> HttpResponse:
    """Return the day's printable attendance sheet (daftar hadir) with a signature column per participant."""
    require(request.user, Capability.TRAINING_VIEW)
    day = selectors.get_day_for_user(request.user, pk)
    unit = request.user.organization
    data = pdf.attendance_sheet(day, today=unit_today(unit), viewer=unit)
    return _pdf(data, f"daftar-hadir-{day.batch_id}-{day.date:%Y%m%d}.pdf")


@login_required
def batch_summary(request: AuthedRequest, pk: int) -> HttpResponse:
    """Return the batch's printable summary sheet: attendance and outcome per participant."""
    require(request.user, Capability.TRAINING_VIEW)
    batch = selectors.get_batch_for_user(request.user, pk)
    unit = request.user.organization
    return _pdf(pdf.batch_summary(batch, today=unit_today(unit), viewer=unit), f"rekap-{batch.pk}.pdf")


def mask_name(name: str) -> str:
    """Return a name with its middle hidden: the first word whole, each later one as its first and last letters
    (``Andi Pratama Putra`` -> ``Andi P*****a P***a``); a single word keeps two letters and its last."""
    words = name.split()
    if not words:
        return ""
    if len(words) == 1:
        word = words[0]
        return word[:2] + "*" * max(len(word) - 3, 1) + word[-1:] if len(word) > 3 else word[0] + "***"
    return " ".join([words[0], *(w[0] + "*" * max(len(w) - 2, 1) + (w[-1] if len(w) > 1 else "") for w in words[1:])])


def _too_many(request: HttpRequest) -> bool:
    """Count the address's checks in the current minute (the cache, shared by every server with Redis)."""
    key = f"verify:{request.META.get('REMOTE_ADDR', '')}:{int(timezone.now().timestamp() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    return count > settings.BEKAL_VERIFY_PER_MINUTE


def verify_certificate(request: HttpRequest, token: str) -> HttpResponse:
    """The public check of a training certificate (no login): number, masked name, programme, issuer, issue date and
    whether it is valid, revoked or expired; nothing else (no NIK, no prison)."""
    if _too_many(request):
        response = render(request, "training/verify.html", {"limited": True}, status=429)
        response["Retry-After"] = "60"
        return response
    certificate = (
        TrainingCertificate.objects.select_related("enrollment__batch__programme", "enrollment__batch__provider")
        .select_related("enrollment__person", "enrollment__unit__region__parent")
        .filter(token=token)
        .first()
    )
    if certificate is None:
        return render(request, "training/verify.html", {"missing": True}, status=404)
    batch = certificate.enrollment.batch
    today = unit_today(certificate.enrollment.unit)
    if certificate.revoked_on is not None:
        state = "revoked"
    elif certificate.valid_until is not None and certificate.valid_until < today:
        state = "expired"
    else:
        state = "valid"
    context = {
        "state": state,
        "number": certificate.number,
        "holder": mask_name(certificate.enrollment.person.full_name),
        "programme": batch.programme.name,
        "issuer": batch.provider.name,
        "issued_on": long_date(certificate.issued_on),
        "revoked_on": long_date(certificate.revoked_on) if certificate.revoked_on else "",
        "valid_until": long_date(certificate.valid_until) if certificate.valid_until else "",
    }
    return render(request, "training/verify.html", context)
