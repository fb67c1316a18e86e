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
from bekal.core.races import refuse_duplicate
from bekal.organizations.time import long_date
from bekal.training import selectors
from bekal.training.models import Attendance, AttendanceReason, Enrollment, EnrollmentStatus, Escort, TrainingDay
from bekal.training.services._common import check_batch_reach, check_provider_staff


@transaction.atomic
def attendance_record(
    *,
    actor: Any,
    day: TrainingDay,
    marks: dict[int, str],
    today: date,
    warnings: list[str] | None = None,
    expected: dict[int, str] | None = None,
) -> list[Attendance]:
    """Record a day's attendance: {enrolment id: reason code} for enrolled participants; no day after ``today``
    (the batch's, ``selectors.batch_today``), none once the batch has finished or closed.

    Other apps hear of participants newly attended or no longer attended (``registry.attendance_listeners``) in
    the same transaction; what they could not do comes back in ``warnings`` without undoing the attendance.

    ``expected`` ({enrolment id: code, "" for none}) is what the client saw before its marks (an offline queue sends
    it): a mark changed by someone else meanwhile is a conflict, refused with who it concerns and the mark it has."""
    require(actor, Capability.ATTENDANCE_RECORD)
    check_batch_reach(actor, day.batch)
    check_provider_staff(actor, day.batch)
    _check_day_open(day, today)
    reasons = {r.code: r for r in AttendanceReason.objects.all()}
    enrolled = {
        e.id: e
        for e in Enrollment.objects.filter(
            batch_id=day.batch_id, id__in=marks, status=EnrollmentStatus.ENROLLED
        ).select_related("person")
    }
    _check_marks(marks, enrolled, reasons)
    saved = []
    existing = {
        a.enrollment_id: a
        for a in Attendance.objects.filter(day=day, enrollment_id__in=marks, voided_at__isnull=True).select_related(
            "reason", "voided_by"
        )
    }
    _check_expected(existing, marks, expected or {}, enrolled, reasons)
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


def _check_day_open(day: TrainingDay, today: date) -> None:
    """Refuse a day of a finished or closed batch, and a day after the batch's today."""
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


def _check_marks(marks: dict[int, str], enrolled: dict[int, Enrollment], reasons: dict[str, Any]) -> None:
    """Refuse marks for someone not enrolled in the batch, or with a code that is not an attendance reason."""
    errors = []
    for enrollment_id, code in marks.items():
        if enrollment_id not in enrolled:
            errors.append(_("Participant %(id)s is not enrolled in this batch") % {"id": enrollment_id})
        elif code not in reasons:
            errors.append(_("Attendance code %(code)s is not one of the allowed values") % {"code": code})
    if errors:
        raise ValidationError({"marks": errors})


def _check_expected(
    existing: dict[int, Attendance],
    marks: dict[int, str],
    expected: dict[int, str],
    enrolled: dict[int, Enrollment],
    reasons: dict[str, AttendanceReason],
) -> None:
    """Refuse marks whose participant was marked otherwise meanwhile (neither what the client saw nor its mark)."""
    errors = []
    for enrollment_id, seen in expected.items():
        if enrollment_id not in marks:
            continue
        row = existing.get(enrollment_id)
        now = row.reason.code if row else ""
        if now not in (seen, marks[enrollment_id]):
            errors.append(
                _("%(person)s was marked %(now)s by someone else meanwhile; your mark %(mark)s was not saved")
                % {
                    "person": enrolled[enrollment_id].person.full_name,
                    "now": row.reason.label if row else "-",
                    "mark": reasons[marks[enrollment_id]].label,
                }
            )
    if errors:
        raise ValidationError({"marks": [ValidationError(message, code="conflict") for message in errors]})


ESCORT_UNIQUE = (
    "escort_one_place_a_day",
    "escort_nip_one_place_a_day",
    "training_escort.officer_id",
    "training_escort.officer_nip",
)


@transaction.atomic
def escort_assign(
    *, actor: Any, day: TrainingDay, officer: User | None = None, officer_name: str = "", officer_nip: str = ""
) -> Escort:
    """Assign an officer of an organising unit to escort on the day, or security staff who are not Bekal users by
    name and NIP; one officer (user or NIP) cannot be in two places a day."""
    require(actor, Capability.ESCORT_ASSIGN)
    check_batch_reach(actor, day.batch)
    _check_escorts_open(day)
    officer_name, officer_nip = officer_name.strip(), officer_nip.strip()
    if officer is not None:
        _check_officer(day, officer, named=bool(officer_name or officer_nip))
        clash = Escort.objects.filter(officer=officer, date=day.date).select_related("day__batch").first()
        who = str(officer)
    else:
        _check_staff(officer_name, officer_nip)
        clash = (
            Escort.objects.filter(officer__isnull=True, officer_nip=officer_nip, date=day.date)
            .select_related("day__batch")
            .first()
        )
        who = f"{officer_name} (NIP {officer_nip})"
    if clash is not None:
        raise ValidationError(
            {
                "officer": _("%(officer)s already escorts %(batch)s on %(date)s")
                % readable({"officer": who, "batch": clash.day.batch.name, "date": day.date})
            }
        )
    # Two assignments of the same officer at once: the database's one-place-a-day constraints stop the second.
    with refuse_duplicate(
        constraint=ESCORT_UNIQUE,
        field="officer",
        message=_("%(officer)s already escorts a batch on %(date)s") % readable({"officer": who, "date": day.date}),
    ):
        escort = Escort.objects.create(
            day=day, officer=officer, officer_name=officer_name, officer_nip=officer_nip, date=day.date
        )
    audit_record(
        code="training.escort.assigned",
        actor=actor,
        unit=_escort_unit(actor, escort),
        obj=day,
        changes=_escort_changes(escort, added=True),
    )
    return escort


def _check_officer(day: TrainingDay, officer: User, *, named: bool) -> None:
    """Refuse a user who is not an officer of an organising unit, or one given with a name and NIP as well."""
    if named:
        raise ValidationError(
            {"officer": _("Choose a user or give the name and NIP of security staff who are not users, not both")}
        )
    units = set(day.batch.units.values_list("id", flat=True))
    if (
        officer.organization_id not in units
        or not officer.organization
        or not officer.organization.is_correctional_unit
    ):
        raise ValidationError(
            {"officer": _("%(officer)s is not an officer of an organising unit") % {"officer": officer}}
        )


def _check_staff(name: str, nip: str) -> None:
    """Refuse security staff without a name, or with a NIP that is not 18 digits."""
    errors: dict[str, str] = {}
    if not name:
        errors["officer_name"] = _("Choose a user, or give the name and NIP of the security staff")
    if not (nip.isdigit() and len(nip) == 18):
        errors["officer_nip"] = _("NIP %(value)s is not 18 digits") % {"value": nip or "-"}
    if errors:
        raise ValidationError(errors)


def _escort_unit(actor: Any, escort: Escort) -> Any:
    """Return the unit an escort change is recorded under: the user's unit, else the actor's."""
    if escort.officer is not None and escort.officer.organization is not None:
        return escort.officer.organization
    return actor.organization


def _escort_changes(escort: Escort, *, added: bool) -> dict[str, list[Any]]:
    """Return the audit diff of an escort added or removed: the user's id, or the staff member's name and NIP."""
    values: dict[str, Any]
    if escort.officer_id is not None:
        values = {"officer": escort.officer_id}
    else:
        values = {"officer_name": escort.officer_name, "officer_nip": escort.officer_nip}
    return {key: [None, value] if added else [value, None] for key, value in values.items()}


@transaction.atomic
def escort_remove(*, actor: Any, escort: Escort) -> None:
    """Remove an officer or security staff from escorting a day (to swap them, assign another after); refused once
    the batch has finished or closed, like its attendance."""
    require(actor, Capability.ESCORT_ASSIGN)
    day = escort.day
    check_batch_reach(actor, day.batch)
    _check_escorts_open(day)
    unit, changes = _escort_unit(actor, escort), _escort_changes(escort, added=False)
    escort.delete()
    audit_record(code="training.escort.removed", actor=actor, unit=unit, obj=day, changes=changes)


def _check_escorts_open(day: TrainingDay) -> None:
    """Refuse a change to the escorts of a day of a finished or closed batch."""
    if selectors.attendance_is_closed(day.batch):
        raise ValidationError(
            {
                "day": _("Batch %(batch)s is %(status)s; its escorts can no longer change")
                % {"batch": day.batch.name, "status": day.batch.get_status_display()}
            }
        )
