"""Writes to attendance and escorts."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.accounts.models import User
from bekal.audit.services import audit_record
from bekal.core import registry
from bekal.core.formats import readable
from bekal.organizations.time import long_date
from bekal.training import selectors
from bekal.training.models import Attendance, AttendanceReason, Enrollment, EnrollmentStatus, Escort, TrainingDay
from bekal.training.services._common import check_batch_reach, check_provider_staff


@transaction.atomic
def attendance_record(
    *, actor: Any, day: TrainingDay, marks: dict[int, str], today: date, warnings: list[str] | None = None
) -> list[Attendance]:
    """Record a day's attendance: {enrolment id: reason code} for enrolled participants; no day after ``today``
    (the batch's, ``selectors.batch_today``), none once the batch has finished or closed.

    Other apps hear of participants newly attended or no longer attended (``registry.attendance_listeners``) in
    the same transaction; what they could not do comes back in ``warnings`` without undoing the attendance."""
    require(actor, Capability.ATTENDANCE_RECORD)
    check_batch_reach(actor, day.batch)
    check_provider_staff(actor, day.batch)
    if selectors.attendance_is_closed(day.batch):
        raise ValidationError(
            {
                "day": _("Batch %(batch)s is %(status)s; its attendance can no longer change")
                % {"batch": day.batch.name, "status": day.batch.get_status_display()}
            }
        )
    if day.date > today:
        raise ValidationError(
            {
                "day": _("Attendance for %(date)s cannot be marked yet: today at this unit is %(today)s")
                % readable({"date": long_date(day.date), "today": long_date(today)})
            }
        )
    reasons = {r.code: r for r in AttendanceReason.objects.all()}
    enrolled = {
        e.id: e
        for e in Enrollment.objects.filter(batch_id=day.batch_id, id__in=marks, status=EnrollmentStatus.ENROLLED)
    }
    errors = []
    for enrollment_id, code in marks.items():
        if enrollment_id not in enrolled:
            errors.append(_("Participant %(id)s is not enrolled in this batch") % {"id": enrollment_id})
        elif code not in reasons:
            errors.append(_("Attendance code %(code)s is not one of the allowed values") % {"code": code})
    if errors:
        raise ValidationError({"marks": errors})
    saved = []
    existing = {
        a.enrollment_id: a for a in Attendance.objects.filter(day=day, enrollment_id__in=marks).select_related("reason")
    }
    changes: dict[str, Any] = {}
    attended: list[Enrollment] = []
    withdrawn: list[Enrollment] = []
    for enrollment_id, code in marks.items():
        row = existing.get(enrollment_id)
        was_attended = row is not None and row.reason.counts_as_attended
        if row is None:
            row = Attendance.objects.create(day=day, enrollment=enrolled[enrollment_id], reason=reasons[code])
            changes[str(enrollment_id)] = [None, code]
        elif row.reason.code != code:
            changes[str(enrollment_id)] = [row.reason.code, code]
            row.reason = reasons[code]
            row.save(update_fields=["reason"])
        if reasons[code].counts_as_attended and not was_attended:
            attended.append(enrolled[enrollment_id])
        elif was_attended and not reasons[code].counts_as_attended:
            withdrawn.append(enrolled[enrollment_id])
        saved.append(row)
    if changes:
        audit_record(
            code="training.attendance.recorded",
            actor=actor,
            unit=selectors.batch_unit(day.batch),
            obj=day,
            changes=changes,
        )
    if attended or withdrawn:
        for listener in registry.attendance_listeners:
            found = listener(actor=actor, day=day, attended=attended, withdrawn=withdrawn)
            if warnings is not None:
                warnings.extend(found)
    return saved


@transaction.atomic
def escort_assign(*, actor: Any, day: TrainingDay, officer: User) -> Escort:
    """Assign an officer of an organising unit to escort on the day; one officer cannot be in two places a day."""
    require(actor, Capability.ESCORT_ASSIGN)
    check_batch_reach(actor, day.batch)
    units = set(day.batch.units.values_list("id", flat=True))
    if (
        officer.organization_id not in units
        or not officer.organization
        or not officer.organization.is_correctional_unit
    ):
        raise ValidationError(
            {"officer": _("%(officer)s is not an officer of an organising unit") % {"officer": officer}}
        )
    clash = Escort.objects.filter(officer=officer, date=day.date).select_related("day__batch").first()
    if clash is not None:
        raise ValidationError(
            {
                "officer": _("%(officer)s already escorts %(batch)s on %(date)s")
                % readable({"officer": officer, "batch": clash.day.batch.name, "date": day.date})
            }
        )
    escort = Escort.objects.create(day=day, officer=officer, date=day.date)
    audit_record(
        code="training.escort.assigned",
        actor=actor,
        unit=officer.organization,
        obj=day,
        changes={"officer": [None, officer.pk]},
    )
    return escort
