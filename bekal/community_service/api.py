"""Community service over the API: the same selectors and services as the pages."""

from datetime import date, datetime
from typing import Annotated, Any, ClassVar

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from bekal.accounts.access import Capability, can, require
from bekal.accounts.models import Role, User
from bekal.accounts.types import AuthedRequest
from bekal.community_service.models import CommunityServiceOrder, SupervisionSentence, WorkSession, WorkSite
from bekal.community_service.selectors import ledger as ledger_selectors
from bekal.community_service.selectors import noncompliance as noncompliance_selectors
from bekal.community_service.selectors import orders as order_selectors
from bekal.community_service.selectors import sites as site_selectors
from bekal.community_service.selectors import supervision as supervision_selectors
from bekal.community_service.services import corrections
from bekal.community_service.services import ledger as ledger_services
from bekal.community_service.services import noncompliance as noncompliance_services
from bekal.community_service.services import orders as order_services
from bekal.community_service.services import placements as placement_services
from bekal.community_service.services import sites as site_services
from bekal.community_service.services import supervision as supervision_services
from bekal.core.api_keyset import KeysetPages, KeysetRows
from bekal.core.api_types import NO_NUL, Clock
from bekal.core.lookups import object_or_invalid
from bekal.ops import idempotency
from bekal.organizations.models import Official, Organization, Region
from bekal.organizations.time import unit_today
from bekal.people import selectors as people_selectors
from bekal.people.models import SupervisionPeriod

router = Router(tags=["community service"])


class ProgressOut(Schema):
    ordered_minutes: int
    completed_minutes: int
    adjusted_minutes: int
    remaining_minutes: int
    projected_finish: date | None
    at_risk: bool


class OrderOut(Schema):
    id: int
    person_id: int
    person_name: str
    unit_id: int
    period_id: int
    # The court's decision is withheld from a work-site supervisor, who records hours and nothing more.
    court_id: int | None
    decision_number: str | None
    decision_date: date | None
    hours_ordered: int
    hours_per_day: int
    complete_by: date
    sanction: str | None
    prosecutor_office_id: int | None
    status: str
    flagged: bool
    exceptions: list[str]
    training_counts: bool
    progress: ProgressOut


class StepOut(Schema):
    id: int
    kind: str
    number: int
    issued_on: date
    decision: str
    decided_on: date | None
    signatory_id: int | None


class StepSignatoryIn(Schema):
    signatory: int


class TrainingCountsIn(Schema):
    training_counts: bool


class TrainingCountsOut(Schema):
    id: int
    training_counts: bool


class OrderDetailOut(OrderOut):
    steps: list[StepOut]


class OrderIn(Schema):
    person: int
    period: int | None = None
    unit: int | None = None
    officer: int | None = None
    start_date: date | None = None
    court: int
    decision_number: str
    decision_date: date
    offence: str
    threatened_prison_months: int
    hours_ordered: int
    replaced_prison_months: int | None = None
    replaced_fine: int | None = None
    hours_per_day: int = 8
    complete_by: date
    sanction: str
    prosecutor_office: int
    consent_recorded: bool = False
    exception_reason: str = ""
    training_counts: bool = False


class SessionIn(Schema):
    date: date
    start: Clock
    end: Clock
    outcome: str
    minutes_credited: int | None = None
    absence_reason: str = ""
    work_quality: int | None = None
    behaviour: int | None = None
    supervised_by: str = ""
    notes: str = ""
    site_exception: bool = False
    site_exception_reason: str = ""


class SessionOut(Schema):
    id: int
    order_id: int
    date: date
    start: Clock
    end: Clock
    minutes_credited: int
    outcome: str
    counts: bool
    enforceable: bool
    site_exception: bool
    site_exception_reason: str
    voided_at: datetime | None = None
    void_reason: str = ""
    voided_minutes: int | None = None


class SessionVoidIn(Schema):
    reason: str = Field(max_length=300, pattern=NO_NUL)


class AdjustmentIn(Schema):
    minutes: int
    reason: str


class AdjustmentOut(Schema):
    id: int
    order_id: int
    date: date
    minutes: int
    reason: str


SITE_ONLY_HIDDEN = ["court_id", "decision_number", "decision_date", "sanction", "prosecutor_office_id"]


def _site_only(user: Any) -> bool:
    """Return True for a work-site supervisor with no broader role: they see hours, not the court's decision."""
    return (
        user.has_role(Role.SITE_SUPERVISOR)
        and not can(user, Capability.COMMUNITY_EDIT)
        and not user.has_role(Role.PROSECUTOR_STAFF)
    )


def _order_out(order: Any, *, today: date, steps: bool = False, user: Any = None) -> dict[str, Any]:
    p = ledger_selectors.progress_of(order, today=today)
    out = {
        "id": order.pk,
        "person_id": order.period.person_id,
        "person_name": order.period.person.full_name,
        "unit_id": order.period.unit_id,
        "period_id": order.period_id,
        "court_id": order.court_id,
        "decision_number": order.decision_number,
        "decision_date": order.decision_date,
        "hours_ordered": order.hours_ordered,
        "hours_per_day": order.hours_per_day,
        "complete_by": order.complete_by,
        "sanction": order.sanction,
        "prosecutor_office_id": order.prosecutor_office_id,
        "status": order.status,
        "flagged": order.is_flagged,
        "exceptions": order.exceptions,
        "training_counts": order.training_counts,
        "progress": {
            "ordered_minutes": p.ordered,
            "completed_minutes": p.completed,
            "adjusted_minutes": p.adjusted,
            "remaining_minutes": p.remaining,
            "projected_finish": p.projected_finish,
            "at_risk": p.at_risk,
        },
    }
    if user is not None and _site_only(user):
        out.update(dict.fromkeys(SITE_ONLY_HIDDEN), exceptions=[])
        if steps:
            out["steps"] = []
        return out
    if steps:
        out["steps"] = list(order.steps.all())
    return out


@router.get("/orders", response=list[OrderOut])
@paginate(KeysetPages)
def order_list(request: AuthedRequest, status: str = "", at_risk: bool = False) -> Any:
    """List the orders the caller may see with their hours, by deadline; ``at_risk=true`` keeps those whose pace
    misses; ``next`` reads on."""
    today = timezone.localdate()
    orders = order_selectors.order_queryset(user=request.user, today=today, status=status, at_risk=at_risk)
    return KeysetRows(
        orders,
        total=order_selectors.order_total(user=request.user, orders=orders, status=status, at_risk=at_risk),
        convert=lambda order: _order_out(order, today=today, user=request.user),
    )


@router.get("/orders/{order_id}", response=OrderDetailOut)
def order_detail(request: AuthedRequest, order_id: int) -> Any:
    order = order_selectors.get_order_for_user(request.user, order_id)
    return _order_out(order, today=unit_today(order.period.unit), steps=True, user=request.user)


@router.post("/orders", response={201: OrderOut})
def order_create(request: AuthedRequest, payload: OrderIn) -> Any:
    require(request.user, Capability.COMMUNITY_EDIT)
    data = payload.dict()
    person = people_selectors.get_person_for_user(request.user, data.pop("person"))
    period_id = data.pop("period")
    period = None
    if period_id is not None:
        period = SupervisionPeriod.objects.filter(pk=period_id, person=person).select_related("unit").first()
        if period is None:
            raise ValidationError(
                {"period": _("Supervision period %(id)s is not one of this person's") % {"id": period_id}}
            )
    unit = object_or_invalid(Organization, data.pop("unit"), field="unit")
    officer_id = data.pop("officer")
    officer = User.objects.filter(pk=officer_id).first() if officer_id else None
    court, prosecutor = (
        object_or_invalid(Organization, data.pop("court"), field="court"),
        object_or_invalid(Organization, data.pop("prosecutor_office"), field="prosecutor_office"),
    )
    if court is None or prosecutor is None:
        raise ValidationError({"court": _("Unknown court or prosecutor's office")})
    order = order_services.order_create(
        actor=request.user,
        person=person,
        unit=unit,
        officer=officer,
        start_date=data.pop("start_date"),
        period=period,
        court=court,
        prosecutor_office=prosecutor,
        **data,
    )
    return Status(
        201, _order_out(order_selectors.get_order_for_user(request.user, order.pk), today=timezone.localdate())
    )


@router.post("/orders/{order_id}/sessions", response={201: SessionOut})
def session_create(request: AuthedRequest, order_id: int, payload: SessionIn) -> Any:
    """Record a session; an ``Idempotency-Key`` header makes a replay answer the first session, never a second
    one (the same key sent for another session is refused, 422)."""
    require(request.user, Capability.COMMUNITY_SESSION_RECORD)
    order: CommunityServiceOrder = order_selectors.get_order_for_user(request.user, order_id)

    def write() -> dict[str, Any]:
        return {"session": ledger_services.session_record(actor=request.user, order=order, **payload.dict()).pk}

    outcome = idempotency.run_once(
        user=request.user,
        key=idempotency.key_from(request),
        scope="community_service.session",
        payload={"order": order.pk, **payload.dict()},
        write=write,
    )
    return Status(201, WorkSession.objects.get(pk=outcome.response["session"]))


@router.post("/sessions/{session_id}/void", response=SessionOut)
def session_void(request: AuthedRequest, session_id: int, payload: SessionVoidIn) -> Any:
    """Void a session recorded by mistake, with its reason: it stays, marked void, and credits nothing."""
    require(request.user, Capability.COMMUNITY_EDIT)
    session = get_object_or_404(WorkSession.objects.only("order_id"), pk=session_id)
    order = order_selectors.get_order_for_user(request.user, session.order_id)
    session = order.sessions.get(pk=session_id)
    return corrections.session_void(actor=request.user, session=session, reason=payload.reason)


@router.post("/orders/{order_id}/adjustments", response={201: AdjustmentOut})
def adjustment_create(request: AuthedRequest, order_id: int, payload: AdjustmentIn) -> Any:
    require(request.user, Capability.COMMUNITY_HOURS_ADJUST)
    order = order_selectors.get_order_for_user(request.user, order_id)
    return Status(201, ledger_services.adjustment_create(actor=request.user, order=order, **payload.dict()))


class SentenceOut(Schema):
    id: int
    person_id: int
    person_name: str
    unit_id: int
    period_id: int
    decision_number: str
    term_months: int
    start_date: date
    expected_end_date: date | None
    special_conditions: str
    missed_months: list[date]
    suspended: bool


class MonthlyReportIn(Schema):
    month: date
    reported_on: date
    notes: str = ""


class MonthlyReportOut(Schema):
    id: int
    sentence_id: int
    month: date
    reported_on: date
    notes: str


def _sentence_out(sentence: SupervisionSentence, *, today: date) -> dict[str, Any]:
    return {
        "id": sentence.pk,
        "person_id": sentence.period.person_id,
        "person_name": sentence.period.person.full_name,
        "unit_id": sentence.period.unit_id,
        "period_id": sentence.period_id,
        "decision_number": sentence.decision_number,
        "term_months": sentence.term_months,
        "start_date": sentence.period.start_date,
        "expected_end_date": sentence.period.expected_end_date,
        "special_conditions": sentence.special_conditions,
        "missed_months": supervision_selectors.missed_months(sentence, today=today),
        "suspended": supervision_selectors.suspended_by(sentence, on=today) is not None,
    }


@router.get("/supervision-sentences", response=list[SentenceOut])
def sentence_list(request: AuthedRequest) -> Any:
    """List the supervision sentences the caller may see, with missed monthly reports."""
    today = timezone.localdate()
    return [_sentence_out(s, today=today) for s in supervision_selectors.sentences_visible_to(request.user)]


@router.get("/supervision-sentences/{sentence_id}", response=SentenceOut)
def sentence_detail(request: AuthedRequest, sentence_id: int) -> Any:
    sentence = supervision_selectors.get_sentence_for_user(request.user, sentence_id)
    return _sentence_out(sentence, today=unit_today(sentence.period.unit))


@router.post("/supervision-sentences/{sentence_id}/reports", response={201: MonthlyReportOut})
def report_create(request: AuthedRequest, sentence_id: int, payload: MonthlyReportIn) -> Any:
    require(request.user, Capability.COMMUNITY_EDIT)
    sentence = supervision_selectors.get_sentence_for_user(request.user, sentence_id)
    report = supervision_services.monthly_report_record(actor=request.user, sentence=sentence, **payload.dict())
    return Status(201, report)


class WorkSiteOut(Schema):
    id: int
    organization_id: int
    name: str
    region_id: str | None
    site_type: str
    capacity: int
    days: list[int]
    opens_at: Clock
    closes_at: Clock
    supervisor_name: str
    supervisor_phone: str


class SitePlacementIn(Schema):
    site: int
    start_date: date
    end_date: date | None = None
    days: list[int]
    hours_per_day: int


class SitePlacementOut(Schema):
    id: int
    order_id: int
    site_id: int
    start_date: date
    end_date: date | None
    days: list[int]
    hours_per_day: int
    end_reason: str
    moved_to_id: int | None


class SitePlacementEndIn(Schema):
    end_date: date
    reason: str = Field(max_length=300, pattern=NO_NUL)


class SitePlacementMoveIn(Schema):
    site: int
    on: date
    reason: str = Field(max_length=300, pattern=NO_NUL)
    # Empty or missing: the same weekdays and hours a day as the placement moved.
    days: list[Annotated[int, Field(ge=0, le=6)]] = Field(default_factory=list, max_length=7)
    hours_per_day: int | None = Field(None, ge=1, le=24)


class StepDecisionIn(Schema):
    decision: str
    decided_on: date
    note: str = ""


def _site_out(s: Any) -> dict[str, Any]:
    return {
        "id": s.pk,
        "organization_id": s.organization_id,
        "name": s.organization.name,
        "region_id": s.organization.region_id,
        "site_type": s.site_type,
        "capacity": s.capacity,
        "days": s.days,
        "opens_at": s.opens_at,
        "closes_at": s.closes_at,
        "supervisor_name": s.supervisor_name,
        "supervisor_phone": s.supervisor_phone,
    }


@router.get("/work-sites", response=list[WorkSiteOut])
def site_list(request: AuthedRequest) -> Any:
    """List the work sites the caller may see."""
    return [_site_out(s) for s in site_selectors.sites_visible_to(request.user).order_by("organization__name")]


class WorkSiteIn(Schema):
    name: str
    region: str | None = None
    site_type: str
    capacity: int
    days: list[int]
    opens_at: Clock
    closes_at: Clock
    address: str = ""
    supervisor_name: str = ""
    supervisor_phone: str = ""


@router.post("/work-sites", response={201: WorkSiteOut})
def work_site_create(request: AuthedRequest, payload: WorkSiteIn) -> Any:
    """Register an organisation as a community-service work site, with its days, hours and capacity."""
    require(request.user, Capability.COMMUNITY_SITE_EDIT)
    data = payload.dict()
    data["region"] = object_or_invalid(Region, data["region"], field="region")
    site = site_services.work_site_create(actor=request.user, **data)
    return Status(201, _site_out(site))


class WorkSitePatch(Schema):
    patch_of: ClassVar[type[WorkSite]] = WorkSite

    capacity: int | None = None
    days: list[int] | None = None
    opens_at: Clock | None = None
    closes_at: Clock | None = None
    supervisor_name: str | None = None
    supervisor_phone: str | None = None


@router.patch("/work-sites/{site_id}", response=WorkSiteOut)
def work_site_update(request: AuthedRequest, site_id: int, payload: WorkSitePatch) -> Any:
    """Change a site's days, hours, capacity or supervisor; fields left out keep their value."""
    site = site_selectors.get_site_for_user(request.user, site_id)
    require(request.user, Capability.COMMUNITY_SITE_EDIT)
    site = site_services.work_site_update(actor=request.user, site=site, **payload.dict(exclude_unset=True))
    return _site_out(site)


@router.get("/orders/{order_id}/sessions", response=list[SessionOut])
def session_list(request: AuthedRequest, order_id: int) -> Any:
    """List the order's ledger, newest first."""
    return list(order_selectors.get_order_for_user(request.user, order_id).sessions.all())


@router.post("/orders/{order_id}/placements", response={201: SitePlacementOut})
def placement_create(request: AuthedRequest, order_id: int, payload: SitePlacementIn) -> Any:
    require(request.user, Capability.COMMUNITY_EDIT)
    order = order_selectors.get_order_for_user(request.user, order_id)
    data = payload.dict()
    site = site_selectors.get_site_for_user(request.user, data.pop("site"))
    return Status(201, site_services.placement_create(actor=request.user, order=order, site=site, **data))


@router.get("/orders/{order_id}/placements", response=list[SitePlacementOut])
def placement_list(request: AuthedRequest, order_id: int) -> Any:
    """List the order's placements, the ended and moved ones kept as history, newest first."""
    return list(order_selectors.get_order_for_user(request.user, order_id).placements.all())


@router.post("/placements/{placement_id}/end", response=SitePlacementOut)
def placement_end(request: AuthedRequest, placement_id: int, payload: SitePlacementEndIn) -> Any:
    """End a placement at a work site on a date, with the reason; the order and its hours go on."""
    require(request.user, Capability.COMMUNITY_EDIT)
    placement = site_selectors.get_placement_for_user(request.user, placement_id)
    return placement_services.placement_end(actor=request.user, placement=placement, **payload.dict())


@router.post("/placements/{placement_id}/move", response={201: SitePlacementOut})
def placement_move(request: AuthedRequest, placement_id: int, payload: SitePlacementMoveIn) -> Any:
    """Move the client to another work site from a date, with the reason: the old placement ends the day before,
    the new one (returned) begins on the date."""
    require(request.user, Capability.COMMUNITY_EDIT)
    placement = site_selectors.get_placement_for_user(request.user, placement_id)
    data = payload.dict()
    site = site_selectors.get_site_for_user(request.user, data.pop("site"))
    return Status(201, placement_services.placement_move(actor=request.user, placement=placement, site=site, **data))


@router.post("/letters/{step_id}/decision", response=StepOut)
def step_decide(request: AuthedRequest, step_id: int, payload: StepDecisionIn) -> Any:
    """Record what the prosecutor or court decided on a report to the prosecutor."""
    require(request.user, Capability.COMMUNITY_EDIT)
    step = noncompliance_selectors.get_step_for_user(request.user, step_id)
    return noncompliance_services.step_decide(actor=request.user, step=step, **payload.dict())


@router.put("/letters/{step_id}/signatory", response=StepOut)
def step_sign(request: AuthedRequest, step_id: int, payload: StepSignatoryIn) -> Any:
    """Choose which active official of the Bapas signs a letter (printed with name, NIP and position)."""
    require(request.user, Capability.COMMUNITY_EDIT)
    step = noncompliance_selectors.get_step_for_user(request.user, step_id)
    official = object_or_invalid(Official, payload.signatory, field="signatory")
    if official is None:
        raise ValidationError({"signatory": _("Choose the official who signs the letter")})
    return noncompliance_services.step_sign(actor=request.user, step=step, official=official)


@router.put("/orders/{order_id}/training-counts", response=TrainingCountsOut)
def training_counts(request: AuthedRequest, order_id: int, payload: TrainingCountsIn) -> Any:
    """Say whether training days count toward the order's hours."""
    require(request.user, Capability.COMMUNITY_EDIT)
    order = order_selectors.get_order_for_user(request.user, order_id)
    return order_services.order_set_training_counts(actor=request.user, order=order, value=payload.training_counts)


class AwaitingOut(Schema):
    id: int
    person_id: int
    full_name: str
    unit_id: int
    start_date: date

    @staticmethod
    def resolve_full_name(obj: SupervisionPeriod) -> str:
        return obj.person.full_name


@router.get("/periods-awaiting-order", response=list[AwaitingOut])
def periods_awaiting_order(request: AuthedRequest) -> Any:
    """Open community-service periods at the caller's units with no order yet; POST orders with ``period`` to attach."""
    require(request.user, Capability.COMMUNITY_EDIT)
    return list(order_selectors.periods_awaiting_order(user=request.user))
