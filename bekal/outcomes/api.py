"""Outcomes API: re-admissions and the identity review queue (recidivism by cohort: bekal.kpis.api)."""

from datetime import date
from typing import Any

from ninja import Router, Schema
from ninja.responses import Status

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.outcomes import selectors, services

router = Router(tags=["outcomes"])


class ReadmissionOut(Schema):
    person_id: int
    full_name: str
    released: date
    release_unit: str
    readmitted: date
    readmission_unit: str
    days: int
    via_review: bool


class CandidateOut(Schema):
    earlier_person_id: int
    later_person_id: int
    full_name: str
    birth_date: date
    earlier_release: date
    later_admission: date


class IdentityDecisionIn(Schema):
    earlier_person_id: int
    later_person_id: int
    decision: str
    note: str = ""


class IdentityDecisionOut(Schema):
    id: int
    earlier_person_id: int
    later_person_id: int
    decision: str


@router.get("/outcomes/readmissions", response=list[ReadmissionOut])
def readmissions(request: AuthedRequest) -> list[dict[str, Any]]:
    """Return the people released from the caller's units who came back into custody."""
    return [
        {
            "person_id": r.person.pk,
            "full_name": r.person.full_name,
            "released": r.released,
            "release_unit": r.release_unit,
            "readmitted": r.readmitted,
            "readmission_unit": r.readmission_unit,
            "days": r.days,
            "via_review": r.via_review,
        }
        for r in selectors.readmissions(user=request.user)
    ]


@router.get("/outcomes/identity-reviews", response=list[CandidateOut])
def identity_queue(request: AuthedRequest) -> list[dict[str, Any]]:
    """Return the pairs of records awaiting a reviewer's decision."""
    return [
        {
            "earlier_person_id": c.earlier.pk,
            "later_person_id": c.later.pk,
            "full_name": c.later.full_name,
            "birth_date": c.later.birth_date,
            "earlier_release": c.earlier_release,
            "later_admission": c.later_admission,
        }
        for c in selectors.identity_candidates(user=request.user)
    ]


@router.post("/outcomes/identity-reviews", response={201: IdentityDecisionOut})
def identity_decide(request: AuthedRequest, payload: IdentityDecisionIn) -> Any:
    """Confirm (``same``) or reject (``different``) a pair; nothing is merged."""
    require(request.user, Capability.IDENTITY_REVIEW)
    candidate = selectors.get_candidate_for_user(request.user, payload.earlier_person_id, payload.later_person_id)
    review = services.identity_review_decide(
        actor=request.user, candidate=candidate, decision=payload.decision, note=payload.note
    )
    return Status(201, review)
