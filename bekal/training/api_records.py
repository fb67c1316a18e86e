"""What the training API records, read back: a batch's escorts and incidents, the agreements about to expire (a day's
attendance is read beside its POST in ``api.py``: one path, one router). The same selectors and scope as the pages (a
batch outside the caller's reach is a 404)."""

from datetime import date
from typing import Any

from django.utils import timezone
from ninja import Router, Schema

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.organizations.time import unit_today
from bekal.training import selectors
from bekal.training.models import Escort

router = Router(tags=["training"])


class EscortOut(Schema):
    id: int
    day_id: int
    date: date
    officer_id: int
    officer_name: str


class BatchIncidentOut(Schema):
    id: int
    enrollment_id: int
    person_id: int
    full_name: str
    date: date
    severity: str
    description: str
    action: str


class ExpiringAgreementOut(Schema):
    id: int
    kind: str
    number: str
    title: str
    unit_id: int
    end_date: date
    status: str


@router.get("/batches/{batch_id}/escorts", response=list[EscortOut])
def escorts_of_batch(request: AuthedRequest, batch_id: int) -> list[dict[str, Any]]:
    """Return the escorts assigned to a batch's days."""
    require(request.user, Capability.ESCORT_ASSIGN)
    batch = selectors.get_batch_for_user(request.user, batch_id)
    escorts = Escort.objects.filter(day__batch=batch).select_related("officer").order_by("date", "id")
    return [
        {
            "id": e.pk,
            "day_id": e.day_id,
            "date": e.date,
            "officer_id": e.officer_id,
            "officer_name": e.officer.get_full_name() or e.officer.username,
        }
        for e in escorts
    ]


@router.get("/batches/{batch_id}/incidents", response=list[BatchIncidentOut])
def incidents_of_batch(request: AuthedRequest, batch_id: int) -> list[dict[str, Any]]:
    """Return the discipline incidents recorded in a batch, newest first."""
    require(request.user, Capability.INCIDENT_RECORD)
    batch = selectors.get_batch_for_user(request.user, batch_id)
    incidents = selectors.incidents_of(batch)
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
        }
        for i in incidents
    ]


@router.get("/agreements/expiring", response=list[ExpiringAgreementOut])
def agreements_expiring(request: AuthedRequest) -> Any:
    """Return the in-force agreements of the caller's units that end within the notice period (a rule)."""
    require(request.user, Capability.TRAINING_VIEW)
    org = request.user.organization
    today = unit_today(org) if org is not None else timezone.localdate()
    return selectors.agreements_expiring(user=request.user, today=today)
