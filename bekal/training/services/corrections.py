"""Corrections with a reason: an enrolment completed by mistake is reopened within the rule's window; an attendance
mark made by mistake is voided."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.models import AuditEvent
from bekal.audit.services import audit_record
from bekal.core import registry
from bekal.organizations.time import long_date
from bekal.rules.selectors import rule_int
from bekal.training import selectors, transitions
from bekal.training.models import Attendance, BatchStatus, Enrollment
from bekal.training.models import EnrollmentStatus as E
from bekal.training.services._common import check_batch_reach, check_provider_staff


def completed_on(enrollment: Enrollment) -> date | None:
    """Return the date the completion was recorded (its audit event's), None when there is none."""
    event = (
        AuditEvent.objects.filter(
            code="training.enrollment.completed", object_type="training.enrollment", object_id=str(enrollment.pk)
        )
        .order_by("-at")
        .first()
    )
    return timezone.localdate(event.at) if event else None


@transaction.atomic
def enrollment_reopen(*, actor: Any, enrollment: Enrollment, reason: str, today: date | None = None) -> Enrollment:
    """Put a participant completed by mistake back to enrolled, with the reason; refused without one, past the
    window (``training.enrollment.reopen_days`` after the completion), once the batch has closed, or once the LSP
    has assessed the participant. ``today`` is the batch's unless given."""
    require(actor, Capability.ENROLLMENT_EDIT)
    check_batch_reach(actor, enrollment.batch)
    enrollment = Enrollment.objects.select_for_update().select_related("batch", "person").get(pk=enrollment.pk)
    today = today or selectors.batch_today(enrollment.batch)
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Give the reason for reopening the enrolment")
    if enrollment.status != E.COMPLETED:
        errors["status"] = _("Only a completed enrolment can be reopened; this one is %(status)s") % {
            "status": enrollment.get_status_display()
        }
    elif enrollment.batch.status == BatchStatus.CLOSED:
        errors["status"] = _("Batch %(batch)s is closed; its enrolments can no longer be reopened") % {
            "batch": enrollment.batch.name
        }
    elif Enrollment.objects.filter(pk=enrollment.pk, decisions__isnull=False).exists():
        errors["status"] = _("The LSP has already assessed %(person)s; the completion can no longer be reopened") % {
            "person": enrollment.person.full_name
        }
    else:
        window = rule_int("training.enrollment.reopen_days", on=today)
        done = completed_on(enrollment) or today
        if today > done + timedelta(days=window):
            errors["status"] = _(
                "A completion may be reopened within %(days)s days; %(person)s completed on %(done)s (today at this "
                "unit is %(today)s)"
            ) % {
                "days": window,
                "person": enrollment.person.full_name,
                "done": long_date(done),
                "today": long_date(today),
            }
    if errors:
        raise ValidationError(errors)
    old = transitions.ENROLLMENT.move(enrollment, E.ENROLLED)
    enrollment.save(update_fields=["status"])
    audit_record(
        code="training.enrollment.reopened",
        actor=actor,
        unit=enrollment.unit,
        obj=enrollment,
        changes={"status": [old, E.ENROLLED], "reason": [None, reason.strip()]},
    )
    return enrollment


@transaction.atomic
def attendance_void(*, actor: Any, attendance: Attendance, reason: str) -> Attendance:
    """Void a mark made by mistake: it stays with who voided it, when and why; no count, rate or KPI reads it, and
    the participant may be marked again. Refused without a reason, twice, or once the batch's attendance has
    closed. A community-service credit that followed from the mark is withdrawn by the listeners, as for a mark
    corrected to absent."""
    require(actor, Capability.ATTENDANCE_RECORD)
    attendance = Attendance.objects.select_for_update().select_related("day__batch", "reason").get(pk=attendance.pk)
    day = attendance.day
    check_batch_reach(actor, day.batch)
    check_provider_staff(actor, day.batch)
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Give the reason for voiding the mark")
    if attendance.voided_at is not None:
        errors["reason"] = _("This mark was already voided")
    elif selectors.attendance_is_closed(day.batch):
        errors["reason"] = _("Batch %(batch)s is %(status)s; its attendance can no longer change") % {
            "batch": day.batch.name,
            "status": day.batch.get_status_display(),
        }
    if errors:
        raise ValidationError(errors)
    attendance.voided_at = timezone.now()
    attendance.voided_by = actor
    attendance.void_reason = reason.strip()
    attendance.save(update_fields=["voided_at", "voided_by", "void_reason"])
    enrollment = Enrollment.objects.select_related("person").get(pk=attendance.enrollment_id)
    audit_record(
        code="training.attendance.voided",
        actor=actor,
        unit=enrollment.unit,
        obj=day,
        changes={str(enrollment.pk): [attendance.reason.code, None], "reason": [None, attendance.void_reason]},
    )
    if attendance.reason.counts_as_attended:
        for listener in registry.attendance_listeners:
            listener(actor=actor, day=day, attended=[], withdrawn=[enrollment])
    return attendance
