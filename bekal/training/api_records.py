"""What the training API records, read back: a batch's escorts and incidents, the agreements about to expire (a day's
attendance is read beside its POST in ``api.py``: one path, one router). The same selectors and scope as the pages (a
batch outside the caller's reach is a 404)."""

from datetime import date
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.core.api_types import NO_NUL
from bekal.organizations.time import unit_today
from bekal.training import selectors, services
from bekal.training.models import Attendance, Escort

router = Router(tags=["training"])
# A schema with a field named ``date`` cannot name the type ``date`` after it.
BanDate = date


class EscortOut(Schema):
    id: int
    day_id: int
    date: date
    # A Bekal user (officer_id), or security staff who are not users (officer_id null, officer_nip set).
    officer_id: int | None
    officer_name: str
    officer_nip: str


class BatchIncidentOut(Schema):
    id: int
    enrollment_id: int
    person_id: int
    full_name: str
    date: date
    severity: str
    description: str
    action: str
    ban_until: BanDate | None


class ExpiringAgreementOut(Schema):
    id: int
    kind: str
    number: str
    title: str
    unit_id: int
    end_date: date
    status: str


class NominationCandidateQuery(Schema):
    name: str = Field("", max_length=100, pattern=NO_NUL)
    release_from: date | None = None
    release_to: date | None = None
    education: Literal["", "none", "sd", "smp", "sma", "smk", "d3", "s1", "s2"] = ""
    certificates: Literal["", "with", "without"] = ""
    eligibility: Literal["", "eligible", "ineligible"] = ""


class NominationReasonOut(Schema):
    code: str
    message: str


class NominationCandidateOut(Schema):
    person_id: int
    full_name: str
    custody_unit_id: int
    expected_release_date: date | None
    education: str
    prior_certificates: list[str]
    eligible: bool
    reasons: list[NominationReasonOut]


class BulkNominateIn(Schema):
    people: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(min_length=1, max_length=200)
    interest_statement_on: date | None = None


class BulkNominatedOut(Schema):
    person_id: int
    full_name: str
    enrollment_id: int
    status: str


@router.get("/batches/{batch_id}/candidates", response=list[NominationCandidateOut])
def nomination_candidates(request: AuthedRequest, batch_id: int, filters: Query[NominationCandidateQuery]) -> Any:
    """Return the people in custody at the batch's organising units, not yet in it, filtered, with their expected
    release date, education, prior certificates and eligibility (with the reasons of the ineligible)."""
    require(request.user, Capability.ENROLLMENT_EDIT)
    batch = selectors.get_batch_for_user(request.user, batch_id)
    found = services.nomination_candidates(
        batch,
        unit_ids=services.organising_units_in_reach(request.user, batch),
        filters=services.CandidateFilters(**filters.dict()),
    )
    return [
        {
            "person_id": c.person.pk,
            "full_name": c.person.full_name,
            "custody_unit_id": c.custody.unit_id,
            "expected_release_date": c.release_date,
            "education": c.person.education,
            "prior_certificates": c.certificates,
            "eligible": c.eligible,
            "reasons": [{"code": r.code, "message": r.message} for r in c.reasons],
        }
        for c in found
    ]


@router.post("/batches/{batch_id}/enrollments/bulk", response={201: list[BulkNominatedOut]})
def enrollment_nominate_many(request: AuthedRequest, batch_id: int, payload: BulkNominateIn) -> Any:
    """Nominate several people in custody in one action: all or none. A refusal (422, field ``people``) names every
    refused person with the reason, and nothing is written."""
    require(request.user, Capability.ENROLLMENT_EDIT)
    batch = selectors.get_batch_for_user(request.user, batch_id)
    done = services.enrollment_nominate_many(
        actor=request.user,
        batch=batch,
        person_ids=payload.people,
        interest_statement_on=payload.interest_statement_on,
    )
    return Status(
        201,
        [
            {"person_id": e.person_id, "full_name": e.person.full_name, "enrollment_id": e.pk, "status": e.status}
            for e in done
        ],
    )


def escort_rows(escorts: Any) -> list[dict[str, Any]]:
    """Return the escorts as the API shows them: a user's id and name, or security staff's name and NIP."""
    return [
        {
            "id": e.pk,
            "day_id": e.day_id,
            "date": e.date,
            "officer_id": e.officer_id,
            "officer_name": e.officer_display_name,
            "officer_nip": e.officer_nip,
        }
        for e in escorts.select_related("officer").order_by("date", "id")
    ]


def incident_rows(incidents: Any) -> list[dict[str, Any]]:
    """Return the incidents as the API shows them, with the participant and any ban."""
    return [
        {
            "id": i.pk,
            "enrollment_id": i.enrollment_id,
            "person_id": i.enrollment.person_id,
            "full_name": i.enrollment.person.full_name,
            "date": i.date,
            "severity": i.severity,
            "description": i.description,
            "action": i.action,
            "ban_until": i.ban_until,
        }
        for i in incidents
    ]


@router.get("/batches/{batch_id}/escorts", response=list[EscortOut])
def escorts_of_batch(request: AuthedRequest, batch_id: int) -> list[dict[str, Any]]:
    """Return the escorts assigned to a batch's days."""
    require(request.user, Capability.ESCORT_ASSIGN)
    batch = selectors.get_batch_for_user(request.user, batch_id)
    return escort_rows(Escort.objects.filter(day__batch=batch))


@router.get("/batches/{batch_id}/incidents", response=list[BatchIncidentOut])
def incidents_of_batch(request: AuthedRequest, batch_id: int) -> list[dict[str, Any]]:
    """Return the discipline incidents recorded in a batch, newest first."""
    require(request.user, Capability.INCIDENT_RECORD)
    batch = selectors.get_batch_for_user(request.user, batch_id)
    return incident_rows(selectors.incidents_of(batch))


class ParticipantMarkOut(Schema):
    day_id: int
    day: BanDate
    reason: str
    counts_as_attended: bool


@router.get("/enrollments/{enrollment_id}/attendance", response=list[ParticipantMarkOut])
def attendance_of_participant(request: AuthedRequest, enrollment_id: int) -> list[dict[str, Any]]:
    """Return a participant's attendance day by day (voided marks left out), oldest first."""
    require(request.user, Capability.TRAINING_VIEW)
    enrollment = selectors.get_enrollment_for_user(request.user, enrollment_id)
    marks = Attendance.objects.filter(enrollment=enrollment, voided_at__isnull=True).select_related("day", "reason")
    return [
        {
            "day_id": m.day_id,
            "day": m.day.date,
            "reason": m.reason.code,
            "counts_as_attended": m.reason.counts_as_attended,
        }
        for m in marks.order_by("day__date")
    ]


@router.get("/agreements/expiring", response=list[ExpiringAgreementOut])
def agreements_expiring(request: AuthedRequest) -> Any:
    """Return the in-force agreements of the caller's units that end within the notice period (a rule)."""
    require(request.user, Capability.TRAINING_VIEW)
    org = request.user.organization
    today = unit_today(org) if org is not None else timezone.localdate()
    return selectors.agreements_expiring(user=request.user, today=today)
