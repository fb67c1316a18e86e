"""Outcomes API: recidivism by release cohort, re-admissions and the identity review queue."""

from datetime import date
from typing import Any

from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status

from bekal.accounts.access import Capability, require
from bekal.core.types import AuthedRequest
from bekal.kpis.selectors import certified_person_ids, trained_person_ids
from bekal.outcomes import selectors, services
from bekal.placement.selectors import employed_person_ids

router = Router(tags=["outcomes"])

DEFINITION = (
    "recidivism = people released who return to custody within 1, 2, 3 years, by release cohort; a cohort counts "
    "for N years once all of it has had N full years; transfers and deaths are not releases"
)


class RateOut(Schema):
    years: int
    readmitted: int | None
    released: int
    percent: str | None


class CohortOut(Schema):
    year: int
    released: int
    within: list[RateOut]


class RecidivismOut(Schema):
    definition: str
    all: list[CohortOut]
    placed: list[CohortOut]
    not_placed: list[CohortOut]
    trained: list[CohortOut]
    not_trained: list[CohortOut]
    certified: list[CohortOut]
    not_certified: list[CohortOut]


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


class DecisionIn(Schema):
    earlier_person_id: int
    later_person_id: int
    decision: str
    note: str = ""


class DecisionOut(Schema):
    id: int
    earlier_person_id: int
    later_person_id: int
    decision: str


def _rows(rows: list[selectors.CohortRow]) -> list[dict[str, Any]]:
    return [
        {
            "year": r.year,
            "released": r.released,
            "within": [
                {
                    "years": n,
                    "readmitted": cell.count if cell else None,
                    "released": r.released,
                    "percent": str(cell.percent) if cell and cell.percent is not None else None,
                }
                for n, cell in zip(selectors.FOLLOW_UP_YEARS, r.cells(), strict=True)
            ],
        }
        for r in rows
    ]


@router.get("/outcomes/recidivism", response=RecidivismOut)
def recidivism(request: AuthedRequest, unit: int | None = None) -> dict[str, Any]:
    """Return re-admission counts and rates by release cohort, overall and placed versus not placed."""
    today = timezone.localdate()
    groups = {"placed": employed_person_ids(), "trained": trained_person_ids(), "certified": certified_person_ids()}
    overall, splits = selectors.recidivism_splits(user=request.user, today=today, groups=groups, unit_id=unit)
    split, trained, certified = splits["placed"], splits["trained"], splits["certified"]
    return {
        "definition": DEFINITION,
        "all": _rows(overall),
        "placed": _rows(split.inside),
        "not_placed": _rows(split.outside),
        "trained": _rows(trained.inside),
        "not_trained": _rows(trained.outside),
        "certified": _rows(certified.inside),
        "not_certified": _rows(certified.outside),
    }


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


@router.post("/outcomes/identity-reviews", response={201: DecisionOut})
def identity_decide(request: AuthedRequest, payload: DecisionIn) -> Any:
    """Confirm (``same``) or reject (``different``) a pair; nothing is merged."""
    require(request.user, Capability.IDENTITY_REVIEW)
    candidate = selectors.get_candidate_for_user(request.user, payload.earlier_person_id, payload.later_person_id)
    review = services.identity_review_decide(
        actor=request.user, candidate=candidate, decision=payload.decision, note=payload.note
    )
    return Status(201, review)
