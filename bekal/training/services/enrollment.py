"""Writes to enrolments: nomination, screening decision (with the waiting list), enrolment and the outcome."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record, created_diff
from bekal.core.formats import readable
from bekal.organizations.models import OrganizationKind
from bekal.organizations.scope import unit_scope
from bekal.organizations.time import long_date, unit_today
from bekal.people.models import CustodyPeriod, Education, Person, SupervisionPeriod
from bekal.training import selectors, transitions
from bekal.training.models import (
    Batch,
    BatchStatus,
    Enrollment,
    EnrollmentStatus,
    Incident,
    IncidentAction,
)
from bekal.training.services._common import check_batch_reach, check_provider_staff

E = EnrollmentStatus
TAKING_A_PLACE = [E.SELECTED, E.ENROLLED]


@dataclass(frozen=True)
class Reason:
    code: str
    message: str


def eligibility(enrollment: Enrollment) -> list[Reason]:
    """Return why the person may not suit the batch: release before the end, another batch at the same time,
    entry requirements, no interest statement, a removal for discipline. Empty when eligible."""
    return eligibility_of([enrollment])[enrollment.pk]


def eligibility_of(enrollments: Sequence[Enrollment]) -> dict[int, list[Reason]]:
    """Return ``eligibility`` of each enrolment by id, in two queries however many there are (a batch page screens
    every nominee). The enrolments need their batch and programme loaded (``selectors.enrollments_of`` does)."""
    person_ids = {e.person_id for e in enrollments}
    if not person_ids:
        return {}
    # Every place these people hold, and every removal of theirs, in the order one person's lookup used: the first
    # one that applies to an enrolment is the one named, as before.
    places, removals = _history(person_ids)
    return {e.pk: _reasons(e, places, removals) for e in enrollments}


def _history(person_ids: set[int]) -> tuple[list[Enrollment], list[Incident]]:
    """Return every place these people hold and every removal of theirs (two queries)."""
    places = list(
        Enrollment.objects.filter(person_id__in=person_ids, status__in=TAKING_A_PLACE)
        .exclude(batch__status=BatchStatus.CANCELLED)
        .select_related("batch")
    )
    # A removal keeps a person out of its own batch only; a ban (``ban_until``) keeps them out of later ones too.
    removals = list(
        Incident.objects.filter(
            enrollment__person_id__in=person_ids, action=IncidentAction.REMOVAL, ban_until__isnull=False
        )
        .select_related("enrollment__batch")
        .order_by("-ban_until", "-id")
    )
    return places, removals


def candidate_eligibility(batch: Batch, people: Sequence[Person], unit_ids: Sequence[int]) -> dict[int, list[Reason]]:
    """Return, by person id, what ``eligibility`` would say were each person nominated to the batch now, in a fixed
    number of queries. The interest statement is left out: it is recorded with the nomination itself."""
    person_ids = {p.pk for p in people}
    if not person_ids:
        return {}
    periods = CustodyPeriod.objects.current(batch.start_date).filter(person_id__in=person_ids, unit_id__in=unit_ids)
    custody = {c.person_id: c for c in periods}
    places, removals = _history(person_ids)
    drafts = [Enrollment(batch=batch, person=p, custody_period=custody.get(p.pk)) for p in people]
    return {d.person.pk: [r for r in _reasons(d, places, removals) if r.code != "interest"] for d in drafts}


def next_integration_date(period: CustodyPeriod, on: date) -> date | None:
    """Return the first parole, leave or assimilation date of the period on or after the date (None when all passed)."""
    dates = [d for d in (period.parole_date, period.leave_date, period.assimilation_date) if d and d >= on]
    return min(dates) if dates else None


def _release_reasons(enrollment: Enrollment, reasons: list[Reason]) -> None:
    """Add the reason a release (or the next integration date) comes too soon for the batch, if it does."""
    batch, programme, period = enrollment.batch, enrollment.batch.programme, enrollment.custody_period
    if period is None:
        return
    # LEGAL.md: the earliest release or integration date that matters; flagged at selection, never silent.
    # Only the next integration date counts (from today, or from the batch's start when screening after it): a date
    # already behind was either used (the person is then released, and no longer a candidate) or passed unused, and
    # a date that passed does not end a stay. One still ahead, even before the batch starts, may take the person out.
    since = min(timezone.localdate(), batch.start_date)
    candidates = [d for d in (period.expected_release_date, next_integration_date(period, since)) if d]
    release = min(candidates) if candidates else None
    if release and release < batch.end_date:
        reasons.append(
            Reason(
                "release",
                _("Release or integration on %(date)s, before the batch ends on %(end)s")
                % readable({"date": release, "end": batch.end_date}),
            )
        )
    elif (
        release
        and programme.min_days_before_release
        and (release - batch.start_date).days < programme.min_days_before_release
    ):
        reasons.append(
            Reason(
                "release",
                _("%(days)s days left before release at the start; the programme needs %(min)s")
                % {"days": (release - batch.start_date).days, "min": programme.min_days_before_release},
            )
        )


def _reasons(enrollment: Enrollment, places: list[Enrollment], removals: list[Incident]) -> list[Reason]:
    batch, person, programme = enrollment.batch, enrollment.person, enrollment.batch.programme
    reasons: list[Reason] = []
    _release_reasons(enrollment, reasons)
    overlapping = next(
        (
            p
            for p in places
            if p.person_id == person.pk
            and p.pk != enrollment.pk
            and p.batch.start_date <= batch.end_date
            and p.batch.end_date >= batch.start_date
        ),
        None,
    )
    if overlapping:
        reasons.append(
            Reason(
                "overlap",
                _("Already in batch %(batch)s from %(start)s to %(end)s")
                % readable(
                    {
                        "batch": overlapping.batch.name,
                        "start": overlapping.batch.start_date,
                        "end": overlapping.batch.end_date,
                    }
                ),
            )
        )
    if programme.min_education:
        needed = Education(programme.min_education)
        if not person.education or Education.rank(person.education) < Education.rank(needed):
            reasons.append(
                Reason(
                    "education",
                    _("Education %(has)s; the programme needs at least %(needed)s")
                    % {
                        "has": Education(person.education).label if person.education else _("not recorded"),
                        "needed": needed.label,
                    },
                )
            )
    if enrollment.interest_statement_on is None:
        reasons.append(Reason("interest", _("No interest statement recorded")))
    ban = _ban(enrollment, removals)
    if ban is not None:
        reasons.append(ban)
    return reasons


def _ban(enrollment: Enrollment, removals: list[Incident]) -> Reason | None:
    """Return the ban from an earlier removal that still runs on the batch's first day: a removal applies to its own
    batch only, unless the incident banned the person from training until a date."""
    batch, person = enrollment.batch, enrollment.person
    ban = next(
        (
            r
            for r in removals
            if r.enrollment.person_id == person.pk
            and r.enrollment_id != enrollment.pk
            and r.ban_until is not None
            and r.ban_until >= batch.start_date
        ),
        None,
    )
    if ban is None:
        return None
    return Reason(
        "discipline",
        _("Removed from batch %(batch)s on %(date)s for discipline and banned from training until %(until)s")
        % readable({"batch": ban.enrollment.batch.name, "date": ban.date, "until": ban.ban_until}),
    )


def _lock(enrollment: Enrollment) -> Enrollment:
    return (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("batch__programme", "person", "custody_period", "supervision_period", "unit")
        .get(pk=enrollment.pk)
    )


def _move(actor: Any, enrollment: Enrollment, status: str, *, code: str, **fields: str) -> Enrollment:
    old = transitions.ENROLLMENT.move(enrollment, status)
    for key, value in fields.items():
        setattr(enrollment, key, value)
    enrollment.save()
    audit_record(
        code=code,
        actor=actor,
        unit=enrollment.unit,
        obj=enrollment,
        changes={"status": [old, status], **created_diff(fields, keep_empty=True)},
    )
    return enrollment


@transaction.atomic
def enrollment_nominate(
    *, actor: Any, batch: Batch, person: Person, interest_statement_on: date | None = None
) -> Enrollment:
    """Nominate an inmate in custody at one of the batch's Lapas, or a client supervised by one of its Bapas."""
    require(actor, Capability.ENROLLMENT_EDIT)
    check_batch_reach(actor, batch)
    if batch.status != BatchStatus.OPEN:
        raise ValidationError(
            {
                "batch": _("Batch %(batch)s is %(status)s; nominations need an open batch")
                % {"batch": batch.name, "status": batch.get_status_display()}
            }
        )
    scope = unit_scope(actor)
    units = [u for u in batch.units.all() if scope.contains(u.id)]
    on = batch.start_date
    custody = CustodyPeriod.objects.current(on).filter(person=person, unit__in=units).select_related("unit").first()
    supervision = None
    if custody is None:
        supervision = (
            SupervisionPeriod.objects.current(on)
            .filter(person=person, unit__in=units, unit__kind=OrganizationKind.BAPAS)
            .select_related("unit")
            .first()
        )
    if custody is None and supervision is None:
        raise ValidationError(
            {
                "person": _("%(name)s is neither in custody nor under supervision at an organising unit on %(date)s")
                % readable({"name": person.full_name, "date": on})
            }
        )
    if Enrollment.objects.filter(batch=batch, person=person).exists():
        raise ValidationError(
            {"person": _("%(name)s is already nominated for this batch") % {"name": person.full_name}}
        )
    period_unit = custody.unit if custody else supervision.unit  # type: ignore[union-attr]
    enrollment = Enrollment.objects.create(
        batch=batch,
        person=person,
        unit=period_unit,
        custody_period=custody,
        supervision_period=supervision,
        interest_statement_on=interest_statement_on,
    )
    audit_record(
        code="training.enrollment.nominated",
        actor=actor,
        unit=period_unit,
        obj=enrollment,
        changes={"status": [None, E.NOMINATED], "interest_statement_on": [None, interest_statement_on]},
    )
    return enrollment


# An interest statement can be added (or corrected) while the person is still on the way in; once the outcome is
# recorded it belongs to the record as it was.
INTEREST_OPEN = [E.NOMINATED, E.WAITLISTED, E.SELECTED, E.ENROLLED]


@transaction.atomic
def enrollment_record_interest(
    *, actor: Any, enrollment: Enrollment, signed_on: date, today: date | None = None
) -> Enrollment:
    """Record the date the person signed the interest statement (surat pernyataan minat), also after the nomination;
    a date after the unit's today is refused (``today`` is the nominating unit's, read from the clock unless given)."""
    require(actor, Capability.ENROLLMENT_EDIT)
    check_batch_reach(actor, enrollment.batch)
    enrollment = _lock(enrollment)
    today = today or unit_today(enrollment.unit)
    if signed_on > today:
        raise ValidationError(
            {
                "signed_on": _("Interest statement signed on %(date)s: after today at this unit (%(today)s)")
                % {"date": long_date(signed_on), "today": long_date(today)}
            }
        )
    if enrollment.status not in INTEREST_OPEN:
        raise ValidationError(
            {
                "signed_on": _("The interest statement of a participant who is %(status)s cannot change")
                % {"status": enrollment.get_status_display()}
            }
        )
    old = enrollment.interest_statement_on
    enrollment.interest_statement_on = signed_on
    enrollment.save(update_fields=["interest_statement_on"])
    audit_record(
        code="training.enrollment.interest_recorded",
        actor=actor,
        unit=enrollment.unit,
        obj=enrollment,
        changes={"interest_statement_on": [old, signed_on]},
    )
    return enrollment


@transaction.atomic
def enrollment_decide(*, actor: Any, enrollment: Enrollment, selected: bool, reason: str) -> Enrollment:
    """Record the selection decision and its reason; an ineligible person is refused, over quota goes waiting."""
    require(actor, Capability.ENROLLMENT_EDIT)
    check_batch_reach(actor, enrollment.batch)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the decision")})
    enrollment = _lock(enrollment)
    if not selected:
        return _move(actor, enrollment, E.NOT_SELECTED, code="training.enrollment.not_selected", decision_reason=reason)
    problems = eligibility(enrollment)
    if problems:
        raise ValidationError({"reason": [p.message for p in problems]})
    # Lock the batch row so two decisions at once cannot both take the last place.
    batch = Batch.objects.select_for_update().get(pk=enrollment.batch_id)
    taken = Enrollment.objects.filter(batch=batch, status__in=TAKING_A_PLACE).count()
    if taken >= batch.quota:
        if enrollment.status == E.WAITLISTED:
            raise ValidationError(
                {
                    "reason": _("The batch is full: %(taken)s of %(quota)s places")
                    % {"taken": taken, "quota": batch.quota}
                }
            )
        return _move(actor, enrollment, E.WAITLISTED, code="training.enrollment.waitlisted", decision_reason=reason)
    return _move(actor, enrollment, E.SELECTED, code="training.enrollment.selected", decision_reason=reason)


@transaction.atomic
def enrollment_enrol(*, actor: Any, enrollment: Enrollment) -> Enrollment:
    """Enrol a selected person once the batch is open or running."""
    require(actor, Capability.ENROLLMENT_EDIT)
    check_batch_reach(actor, enrollment.batch)
    enrollment = _lock(enrollment)
    if enrollment.batch.status not in (BatchStatus.OPEN, BatchStatus.RUNNING):
        raise ValidationError(
            {
                "status": _("Batch %(batch)s is %(status)s")
                % {"batch": enrollment.batch.name, "status": enrollment.batch.get_status_display()}
            }
        )
    return _move(actor, enrollment, E.ENROLLED, code="training.enrollment.enrolled")


@transaction.atomic
def enrollment_complete(*, actor: Any, enrollment: Enrollment, today: date | None = None) -> Enrollment:
    """Record that the participant completed; refused before the batch's last day (``today`` is the batch's, read
    from the clock unless given) and below the programme's minimum attendance."""
    require(actor, Capability.ENROLLMENT_EDIT)
    check_batch_reach(actor, enrollment.batch)
    enrollment = _lock(enrollment)
    batch = enrollment.batch
    today = today or selectors.batch_today(batch)
    last = selectors.batch_last_day(batch)
    if last > today:
        raise ValidationError(
            {
                "status": _(
                    "Batch %(batch)s runs until %(last)s; nobody completes it before its last day (today at this "
                    "unit is %(today)s)"
                )
                % readable({"batch": batch.name, "last": long_date(last), "today": long_date(today)})
            }
        )
    attended, total = selectors.enrollment_attendance(enrollment)
    rate = selectors.attendance_rate(attended=attended, total_days=total)
    minimum = enrollment.batch.programme.min_attendance_percent
    if rate < minimum:
        raise ValidationError(
            {
                "status": _("Attendance %(rate)s%% (%(attended)s of %(total)s days); at least %(min)s%%")
                % {"rate": rate, "attended": attended, "total": total, "min": minimum}
            }
        )
    return _move(actor, enrollment, E.COMPLETED, code="training.enrollment.completed")


@transaction.atomic
def enrollment_end(*, actor: Any, enrollment: Enrollment, status: str, reason: str) -> Enrollment:
    """End an enrolment as dropped out or not completed, with its reason."""
    require(actor, Capability.ENROLLMENT_EDIT)
    check_batch_reach(actor, enrollment.batch)
    if status not in (E.DROPPED_OUT, E.NOT_COMPLETED):
        raise ValidationError({"status": _("Status %(value)s does not end an enrolment") % {"value": status}})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason")})
    enrollment = _lock(enrollment)
    return _move(actor, enrollment, status, code=f"training.enrollment.{status}", end_reason=reason)


@transaction.atomic
def incident_record(
    *,
    actor: Any,
    enrollment: Enrollment,
    date: date,
    severity: str,
    description: str,
    action: str,
    ban_until: date | None = None,
) -> Incident:
    """Record a discipline incident; a removal ends the enrolment as dropped out with the incident as reason. The
    removal applies to that batch only, unless ``ban_until`` bans the person from later batches until that date."""
    require(actor, Capability.INCIDENT_RECORD)
    check_batch_reach(actor, enrollment.batch)
    check_provider_staff(actor, enrollment.batch)
    from bekal.training.models import Severity

    errors: dict[str, str] = {}
    if severity not in Severity.values:
        errors["severity"] = _("Severity %(value)s is not one of the allowed values") % {"value": severity}
    if action not in IncidentAction.values:
        errors["action"] = _("Action %(value)s is not one of the allowed values") % {"value": action}
    if not description.strip():
        errors["description"] = _("Describe what happened")
    enrollment = _lock(enrollment)
    if not enrollment.batch.start_date <= date <= enrollment.batch.end_date:
        errors["date"] = _("%(date)s is outside the batch (%(start)s to %(end)s)") % readable(
            {
                "date": date,
                "start": enrollment.batch.start_date,
                "end": enrollment.batch.end_date,
            }
        )
    if ban_until is not None and action != IncidentAction.REMOVAL:
        errors["ban_until"] = _("A ban from later batches (until %(date)s) comes only with a removal") % readable(
            {"date": ban_until}
        )
    elif ban_until is not None and ban_until <= date:
        errors["ban_until"] = _("The ban ends on %(until)s, not after the incident on %(date)s") % readable(
            {"until": ban_until, "date": date}
        )
    if errors:
        raise ValidationError(errors)
    incident = Incident.objects.create(
        enrollment=enrollment,
        date=date,
        severity=severity,
        description=description,
        action=action,
        ban_until=ban_until,
    )
    audit_record(
        code="training.incident.recorded",
        actor=actor,
        unit=enrollment.unit,
        obj=incident,
        changes={"severity": [None, severity], "action": [None, action], "ban_until": [None, ban_until]},
    )
    if action == IncidentAction.REMOVAL:
        reason = _("Removed on %(date)s: %(description)s") % readable({"date": date, "description": description})
        _move(actor, enrollment, E.DROPPED_OUT, code="training.enrollment.dropped_out", end_reason=reason[:300])
    return incident
