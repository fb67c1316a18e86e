"""Writes to the instructor registry: instructors per provider, their own competency certificates, and the
instructors teaching a batch, checked against the programme's scheme on the batch's dates."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record, changed_fields, created_diff, snapshot
from bekal.core.formats import readable
from bekal.core.races import refuse_duplicate
from bekal.organizations.models import Organization
from bekal.rules.selectors import rule_bool
from bekal.training import selectors
from bekal.training.models import Batch, BatchInstructor, BatchStatus, Instructor, InstructorCertificate
from bekal.training.services._common import check_batch_reach
from bekal.training.services.programmes import PROVIDER_KINDS

INSTRUCTOR_FIELDS = ["provider", "name", "note", "is_active"]
CERTIFICATE_FIELDS = ["scheme", "scheme_code", "number", "issuer", "valid_from", "valid_until"]
CERTIFIED_RULE = "training.instructor.certified_required"


def _check_provider(actor: Any, provider: Organization | None) -> Organization:
    if provider is None:
        raise ValidationError({"provider": _("Choose a provider")})
    if provider.kind not in PROVIDER_KINDS:
        raise ValidationError(
            {
                "provider": _("%(org)s is a %(kind)s; instructors belong to a training provider")
                % {"org": provider.name, "kind": provider.get_kind_display()}
            }
        )
    if selectors.is_partner(actor) and provider.id != actor.organization_id:
        raise ValidationError(
            {"provider": _("You may only register instructors of %(org)s") % {"org": actor.organization}}
        )
    return provider


@transaction.atomic
def instructor_create(*, actor: Any, provider: Organization | None, name: str, note: str = "") -> Instructor:
    """Register an instructor of a provider."""
    require(actor, Capability.PROGRAMME_EDIT)
    provider = _check_provider(actor, provider)
    if not name.strip():
        raise ValidationError({"name": _("Name is required")})
    instructor = Instructor.objects.create(provider=provider, name=name.strip(), note=note.strip())
    audit_record(
        code="training.instructor.registered",
        actor=actor,
        unit=provider,
        obj=instructor,
        changes=created_diff(snapshot(instructor, INSTRUCTOR_FIELDS)),
    )
    return instructor


@transaction.atomic
def instructor_update(
    *,
    actor: Any,
    instructor: Instructor,
    name: str | None = None,
    note: str | None = None,
    is_active: bool | None = None,
) -> Instructor:
    """Change a registered instructor's name or note, or retire (is_active False) or reactivate them."""
    require(actor, Capability.PROGRAMME_EDIT)
    instructor = Instructor.objects.select_for_update().select_related("provider").get(pk=instructor.pk)
    _check_provider(actor, instructor.provider)
    before = snapshot(instructor, INSTRUCTOR_FIELDS)
    if name is not None:
        if not name.strip():
            raise ValidationError({"name": _("Name is required")})
        instructor.name = name.strip()
    if note is not None:
        instructor.note = note.strip()
    if is_active is not None:
        instructor.is_active = is_active
    instructor.save()
    changes = changed_fields(before, snapshot(instructor, INSTRUCTOR_FIELDS))
    if changes:
        audit_record(
            code="training.instructor.updated", actor=actor, unit=instructor.provider, obj=instructor, changes=changes
        )
    return instructor


@transaction.atomic
def instructor_certificate_add(
    *,
    actor: Any,
    instructor: Instructor,
    scheme: str,
    number: str,
    valid_from: date,
    valid_until: date,
    scheme_code: str = "",
    issuer: str = "",
) -> InstructorCertificate:
    """Record an instructor's own competency certificate: scheme, number and validity."""
    require(actor, Capability.PROGRAMME_EDIT)
    instructor = Instructor.objects.select_for_update().select_related("provider").get(pk=instructor.pk)
    _check_provider(actor, instructor.provider)
    errors: dict[str, str] = {}
    if not scheme.strip():
        errors["scheme"] = _("Certification scheme is required")
    if not number.strip():
        errors["number"] = _("Certificate number is required")
    if valid_until < valid_from:
        errors["valid_until"] = _("Valid until %(until)s is before valid from %(from)s") % readable(
            {"until": valid_until, "from": valid_from}
        )
    if errors:
        raise ValidationError(errors)
    if instructor.certificates.filter(number=number.strip()).exists():
        raise ValidationError(
            {"number": _("%(name)s already has certificate %(number)s") % {"name": instructor.name, "number": number}}
        )
    taken = _("%(name)s already has certificate %(number)s") % {"name": instructor.name, "number": number}
    with refuse_duplicate(
        constraint=("instructor_certificate_once", "instructorcertificate.number"), field="number", message=taken
    ):
        certificate = InstructorCertificate.objects.create(
            instructor=instructor,
            scheme=scheme.strip(),
            scheme_code=scheme_code.strip(),
            number=number.strip(),
            issuer=issuer.strip(),
            valid_from=valid_from,
            valid_until=valid_until,
        )
    audit_record(
        code="training.instructor.certificate_added",
        actor=actor,
        unit=instructor.provider,
        obj=instructor,
        changes=created_diff(snapshot(certificate, CERTIFICATE_FIELDS)),
    )
    return certificate


def _certified(batch: Batch, instructor: Instructor) -> bool:
    if not (batch.programme.scheme or batch.programme.scheme_code):
        return True  # the programme names no scheme: there is nothing to be certified for
    return any(c.covers(batch.programme, batch.start_date, batch.end_date) for c in instructor.certificates.all())


@transaction.atomic
def batch_instructor_add(*, actor: Any, batch: Batch, instructor: Instructor, reason: str = "") -> BatchInstructor:
    """Add a registered instructor of the batch's provider to the batch. One not certified for the programme's
    scheme on the batch's dates is refused while the rule ``training.instructor.certified_required`` is on;
    when it is off, they teach with a recorded reason."""
    require(actor, Capability.BATCH_EDIT)
    check_batch_reach(actor, batch)
    batch = Batch.objects.select_for_update().select_related("programme").get(pk=batch.pk)
    if batch.status in (BatchStatus.CLOSED, BatchStatus.CANCELLED):
        raise ValidationError({"instructor": _("Batch %(batch)s is closed") % {"batch": batch.name}})
    if instructor.provider_id != batch.provider_id or not instructor.is_active:
        raise ValidationError(
            {
                "instructor": _("%(name)s is not an active instructor of the batch's provider")
                % {"name": instructor.name}
            }
        )
    if BatchInstructor.objects.filter(batch=batch, instructor=instructor).exists():
        raise ValidationError(
            {"instructor": _("%(name)s already teaches %(batch)s") % {"name": instructor.name, "batch": batch.name}}
        )
    reason = reason.strip()
    if _certified(batch, instructor):
        reason = ""
    else:
        message = _(
            "%(name)s holds no certificate for the scheme %(scheme)s valid from %(start)s to %(end)s"
        ) % readable(
            {
                "name": instructor.name,
                "scheme": batch.programme.scheme_code or batch.programme.scheme,
                "start": batch.start_date,
                "end": batch.end_date,
            }
        )
        if rule_bool(CERTIFIED_RULE, on=batch.start_date):
            raise ValidationError(
                {
                    "instructor": _("%(message)s; rule %(rule)s refuses an uncertified instructor")
                    % {"message": message, "rule": CERTIFIED_RULE}
                }
            )
        if not reason:
            raise ValidationError({"reason": _("%(message)s; give the reason they teach") % {"message": message}})
    taken = _("%(name)s already teaches %(batch)s") % {"name": instructor.name, "batch": batch.name}
    with refuse_duplicate(
        constraint=("batch_instructor_once", "batchinstructor.instructor_id"), field="instructor", message=taken
    ):
        row = BatchInstructor.objects.create(batch=batch, instructor=instructor, uncertified_reason=reason)
    audit_record(
        code="training.instructor.added",
        actor=actor,
        unit=selectors.batch_unit(batch),
        obj=batch,
        changes={"instructor": [None, instructor.name], **({"uncertified_reason": [None, reason]} if reason else {})},
    )
    return row
