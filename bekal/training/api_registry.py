"""The instructor registry and the annual training plans over the API: the same selectors and services as the
pages (``registry_views.py``)."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.core.api_types import NO_NUL, BoundedPages
from bekal.core.lookups import object_or_invalid
from bekal.organizations.models import Organization
from bekal.organizations.time import unit_today
from bekal.training import selectors, services
from bekal.training.models import BatchInstructor, Instructor, TrainingPlan

router = Router(tags=["training"])


class InstructorCertificateOut(Schema):
    id: int
    scheme: str
    scheme_code: str
    number: str
    issuer: str
    valid_from: date
    valid_until: date


class InstructorOut(Schema):
    id: int
    provider_id: int
    name: str
    note: str
    is_active: bool
    certificates: list[InstructorCertificateOut]

    @staticmethod
    def resolve_certificates(obj: Instructor) -> list[Any]:
        return list(obj.certificates.all())


class InstructorIn(Schema):
    provider: int
    name: str = Field(max_length=150, pattern=NO_NUL)
    note: str = Field("", max_length=300, pattern=NO_NUL)


class InstructorPatch(Schema):
    name: str | None = Field(None, max_length=150, pattern=NO_NUL)
    note: str | None = Field(None, max_length=300, pattern=NO_NUL)
    is_active: bool | None = None


class InstructorCertificateIn(Schema):
    scheme: str = Field(max_length=200, pattern=NO_NUL)
    scheme_code: str = Field("", max_length=60, pattern=NO_NUL)
    number: str = Field(max_length=80, pattern=NO_NUL)
    issuer: str = Field("", max_length=150, pattern=NO_NUL)
    valid_from: date
    valid_until: date


class BatchInstructorIn(Schema):
    instructor: int
    reason: str = Field("", max_length=300, pattern=NO_NUL)


class BatchInstructorOut(Schema):
    id: int
    batch_id: int
    instructor_id: int
    name: str
    uncertified_reason: str
    certified: bool
    certificate_number: str | None


def _batch_instructor_out(row: BatchInstructor, cover: Any) -> dict[str, Any]:
    return {
        "id": row.pk,
        "batch_id": row.batch_id,
        "instructor_id": row.instructor_id,
        "name": row.instructor.name,
        "uncertified_reason": row.uncertified_reason,
        "certified": cover is not None,
        "certificate_number": cover.number if cover is not None else None,
    }


@router.get("/instructors", response=list[InstructorOut])
@paginate(BoundedPages)
def instructor_list(request: AuthedRequest, provider: int | None = None) -> Any:
    """List the instructor registry (a partner: its own) with each instructor's certificates."""
    return selectors.instructor_list(user=request.user, provider=provider)


@router.post("/instructors", response={201: InstructorOut})
def instructor_create(request: AuthedRequest, payload: InstructorIn) -> Any:
    """Register an instructor of a provider."""
    require(request.user, Capability.PROGRAMME_EDIT)
    provider = object_or_invalid(Organization, payload.provider, field="provider")
    instructor = services.instructor_create(actor=request.user, provider=provider, name=payload.name, note=payload.note)
    return Status(201, selectors.get_instructor_for_user(request.user, instructor.pk))


@router.get("/instructors/{instructor_id}", response=InstructorOut)
def instructor_detail(request: AuthedRequest, instructor_id: int) -> Any:
    """Return a registered instructor with their certificates."""
    return selectors.get_instructor_for_user(request.user, instructor_id)


@router.patch("/instructors/{instructor_id}", response=InstructorOut)
def instructor_update(request: AuthedRequest, instructor_id: int, payload: InstructorPatch) -> Any:
    """Change an instructor's name or note, or retire (is_active false) or reactivate them."""
    require(request.user, Capability.PROGRAMME_EDIT)
    instructor = selectors.get_instructor_for_user(request.user, instructor_id)
    services.instructor_update(actor=request.user, instructor=instructor, **payload.dict())
    return selectors.get_instructor_for_user(request.user, instructor_id)


@router.post("/instructors/{instructor_id}/certificates", response={201: InstructorOut})
def instructor_certificate_add(request: AuthedRequest, instructor_id: int, payload: InstructorCertificateIn) -> Any:
    """Record an instructor's own competency certificate."""
    require(request.user, Capability.PROGRAMME_EDIT)
    instructor = selectors.get_instructor_for_user(request.user, instructor_id)
    services.instructor_certificate_add(actor=request.user, instructor=instructor, **payload.dict())
    return Status(201, selectors.get_instructor_for_user(request.user, instructor_id))


@router.get("/batches/{batch_id}/instructors", response=list[BatchInstructorOut])
def batch_instructors(request: AuthedRequest, batch_id: int) -> Any:
    """Return the batch's instructors, each with whether they are certified for the scheme on the batch's dates."""
    batch = selectors.get_batch_for_user(request.user, batch_id)
    return [_batch_instructor_out(row, cover) for row, cover in selectors.batch_instructor_status(batch)]


@router.post("/batches/{batch_id}/instructors", response={201: BatchInstructorOut})
def batch_instructor_add(request: AuthedRequest, batch_id: int, payload: BatchInstructorIn) -> Any:
    """Add a registered instructor of the provider to the batch; an uncertified one is refused, or needs a reason
    when the rule training.instructor.certified_required is off."""
    require(request.user, Capability.BATCH_EDIT)
    batch = selectors.get_batch_for_user(request.user, batch_id)
    instructor = object_or_invalid(Instructor, payload.instructor, field="instructor")
    if instructor is None:
        raise ValidationError({"instructor": _("Choose an instructor")})
    row = services.batch_instructor_add(actor=request.user, batch=batch, instructor=instructor, reason=payload.reason)
    batch = selectors.get_batch_for_user(request.user, batch_id)
    cover = dict((r.pk, c) for r, c in selectors.batch_instructor_status(batch)).get(row.pk)
    return Status(201, _batch_instructor_out(row, cover))


class PlanLineOut(Schema):
    id: int
    programme_id: int
    programme_name: str
    mandatory: bool
    batches: int
    participants: int
    budget: Decimal

    @staticmethod
    def resolve_programme_name(obj: Any) -> str:
        return obj.programme.name


class PlanOut(Schema):
    id: int
    unit_id: int
    year: int
    status: str
    note: str
    approved_on: date | None
    approved_by_id: int | None
    lines: list[PlanLineOut]

    @staticmethod
    def resolve_lines(obj: TrainingPlan) -> list[Any]:
        return list(obj.lines.all())


class PlanIn(Schema):
    unit: int
    year: int = Field(ge=2000, le=2100)
    note: str = Field("", max_length=300, pattern=NO_NUL)


class PlanLineIn(Schema):
    mandatory: bool = False
    batches: int = Field(ge=1, le=32767)
    participants: int = Field(ge=1, le=2147483647)
    budget: Decimal


@router.get("/training-plans", response=list[PlanOut])
@paginate(BoundedPages)
def plan_list(request: AuthedRequest, year: int | None = None) -> Any:
    """List the annual training plans of the units in scope, with their programmes."""
    plans = selectors.plans_visible_to(request.user).prefetch_related("lines__programme").order_by("-year", "pk")
    return plans.filter(year=year) if year is not None else plans


@router.post("/training-plans", response={201: PlanOut})
def plan_create(request: AuthedRequest, payload: PlanIn) -> Any:
    """Start a unit's training plan for a year (a draft)."""
    require(request.user, Capability.BUDGET_EDIT)
    unit = object_or_invalid(Organization, payload.unit, field="unit")
    plan = services.plan_create(actor=request.user, unit=unit, year=payload.year, note=payload.note)
    return Status(201, selectors.get_plan_for_user(request.user, plan.pk))


@router.get("/training-plans/{plan_id}", response=PlanOut)
def plan_detail(request: AuthedRequest, plan_id: int) -> Any:
    """Return a plan with its programmes."""
    return selectors.get_plan_for_user(request.user, plan_id)


@router.put("/training-plans/{plan_id}/lines/{programme_id}", response=PlanOut)
def plan_line_set(request: AuthedRequest, plan_id: int, programme_id: int, payload: PlanLineIn) -> Any:
    """Plan a programme in a draft plan, or change its figures."""
    require(request.user, Capability.BUDGET_EDIT)
    plan = selectors.get_plan_for_user(request.user, plan_id)
    programme = selectors.get_programme_for_user(request.user, programme_id)
    services.plan_line_set(actor=request.user, plan=plan, programme=programme, **payload.dict())
    return selectors.get_plan_for_user(request.user, plan_id)


@router.delete("/training-plans/{plan_id}/lines/{programme_id}", response=PlanOut)
def plan_line_remove(request: AuthedRequest, plan_id: int, programme_id: int) -> Any:
    """Take a programme out of a draft plan."""
    require(request.user, Capability.BUDGET_EDIT)
    plan = selectors.get_plan_for_user(request.user, plan_id)
    line = get_object_or_404(plan.lines.all(), programme_id=programme_id)
    services.plan_line_remove(actor=request.user, line=line)
    return selectors.get_plan_for_user(request.user, plan_id)


@router.post("/training-plans/{plan_id}/approve", response=PlanOut)
def plan_approve(request: AuthedRequest, plan_id: int) -> Any:
    """Approve a draft plan (the head of unit)."""
    require(request.user, Capability.PLAN_APPROVE)
    plan = selectors.get_plan_for_user(request.user, plan_id)
    services.plan_approve(actor=request.user, plan=plan, today=unit_today(plan.unit))
    return selectors.get_plan_for_user(request.user, plan_id)
