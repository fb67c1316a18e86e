"""Training certificates: issued once to a participant who completed (numbered from the nominating unit's register,
signed by the heads named in the two units' officials), and revoked with a reason."""

import secrets
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record
from bekal.organizations import documents as paperwork
from bekal.organizations.time import long_date, unit_today
from bekal.training.models import Enrollment, EnrollmentStatus, TrainingCertificate
from bekal.training.services._common import check_batch_reach


@transaction.atomic
def certificate_issue(*, actor: Any, enrollment: Enrollment, today: date | None = None) -> TrainingCertificate:
    """Return the participant's training certificate, issuing it (dated the unit's today) the first time."""
    require(actor, Capability.ENROLLMENT_EDIT)
    check_batch_reach(actor, enrollment.batch)
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",)).select_related("batch", "unit").get(pk=enrollment.pk)
    )
    existing = TrainingCertificate.objects.filter(enrollment=enrollment).first()
    if existing is not None:
        return existing
    if enrollment.status != EnrollmentStatus.COMPLETED:
        raise ValidationError(
            _("%(person)s has not completed %(batch)s; only a participant who completed gets a certificate")
            % {"person": enrollment.person.full_name, "batch": enrollment.batch.name}
        )
    unit = enrollment.unit
    today = today or unit_today(unit)
    certificate = TrainingCertificate.objects.create(
        enrollment=enrollment,
        number=paperwork.next_number(unit, series=paperwork.CERTIFICATES, day=today),
        token=secrets.token_urlsafe(24),
        issued_on=today,
        provider_signatory=paperwork.signatory_of(enrollment.batch.provider, certificates=True),
        unit_signatory=paperwork.signatory_of(unit, certificates=True) or paperwork.signatory_of(unit),
    )
    audit_record(
        code="training.certificate.issued",
        actor=actor,
        unit=unit,
        obj=certificate,
        changes={"number": [None, certificate.number], "issued_on": [None, today.isoformat()]},
    )
    return certificate


@transaction.atomic
def certificate_revoke(
    *, actor: Any, certificate: TrainingCertificate, reason: str, on: date | None = None
) -> TrainingCertificate:
    """Revoke a certificate with a reason: its verification page says so from then on."""
    require(actor, Capability.ENROLLMENT_EDIT)
    certificate = (
        TrainingCertificate.objects.select_for_update()
        .select_related("enrollment__batch", "enrollment__unit")
        .get(pk=certificate.pk)
    )
    check_batch_reach(actor, certificate.enrollment.batch)
    if certificate.revoked_on is not None:
        raise ValidationError(
            _("Certificate %(number)s was already revoked on %(date)s")
            % {"number": certificate.number, "date": long_date(certificate.revoked_on)}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason the certificate is revoked")})
    certificate.revoked_on = on or unit_today(certificate.enrollment.unit)
    certificate.revoked_reason = reason.strip()
    certificate.save(update_fields=["revoked_on", "revoked_reason"])
    audit_record(
        code="training.certificate.revoked",
        actor=actor,
        unit=certificate.enrollment.unit,
        obj=certificate,
        changes={
            "revoked_on": [None, certificate.revoked_on.isoformat()],
            "reason": [None, certificate.revoked_reason],
        },
    )
    return certificate
