"""Corrections: an enrolment completed by mistake is reopened, with its reason, within the rule's window."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.models import AuditEvent
from bekal.audit.services import audit_record
from bekal.organizations.time import long_date
from bekal.rules.selectors import rule_int
from bekal.training import selectors, transitions
from bekal.training.models import BatchStatus, Enrollment
from bekal.training.models import EnrollmentStatus as E
from bekal.training.services._common import check_batch_reach


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
