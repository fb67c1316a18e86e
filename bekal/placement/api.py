"""Placement API: the same selectors and services as the pages. An employer's staff get names, never a NIK."""

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.core.api_keyset import KeysetPages, KeysetRows
from bekal.core.api_types import BoundedPages
from bekal.core.keyset import Total
from bekal.core.lookups import object_or_invalid
from bekal.jobs.api import JobStarted, accepted
from bekal.jobs.services import job_start
from bekal.organizations.models import Organization, Region
from bekal.placement import jobs as placement_jobs
from bekal.placement import selectors, services
from bekal.placement.demand import demand_beside_supply, demand_unit
from bekal.placement.models import (
    FollowUp,
    Internship,
    Placement,
    Referral,
    ToDoKind,
    Vacancy,
)
from bekal.training.models import Programme

router = Router(tags=["placement"])


class ReadinessOut(Schema):
    status: str
    declined_reason: str
    note: str
    assessed_on: date


class ReadinessIn(Schema):
    status: str
    declined_reason: str = ""
    note: str = ""
    assessed_on: date


class ToDoOut(Schema):
    kind: str
    name: str
    status: str | None
    status_date: date | None


class ToDoIn(Schema):
    status: str
    status_date: date
    note: str = ""


class DueOut(Schema):
    person_id: int
    full_name: str
    unit: str
    release: date | None
    open_todos: int
    readiness: str | None


class VacancyOut(Schema):
    id: int
    employer_id: int
    employer_name: str
    title: str
    positions: int
    skills: str
    wanted_programmes: str
    programmes: list[int]
    region_id: str
    closing_date: date | None
    kbli: str
    kbji: str
    excluded_offences: list[str]
    open_to: str

    @staticmethod
    def resolve_employer_name(obj: Vacancy) -> str:
        return obj.employer.name

    @staticmethod
    def resolve_programmes(obj: Vacancy) -> list[int]:
        return sorted(p.pk for p in obj.programmes.all())


class VacancyIn(Schema):
    employer: int
    title: str
    positions: int = 1
    skills: str = ""
    wanted_programmes: str = ""
    programmes: list[int] = []
    region: str
    closing_date: date | None = None
    kbli: str = ""
    kbji: str = ""
    excluded_offences: list[str] = []
    open_to: str = "former"


class VacancyPatch(Schema):
    patch_of: ClassVar[type[models.Model]] = Vacancy

    title: str | None = None
    positions: int | None = None
    skills: str | None = None
    wanted_programmes: str | None = None
    programmes: list[int] | None = None
    closing_date: date | None = None
    kbli: str | None = None
    kbji: str | None = None
    excluded_offences: list[str] | None = None
    open_to: str | None = None


class MatchOut(Schema):
    vacancy_id: int
    vacancy_title: str
    person_id: int
    full_name: str
    reasons: list[str]


class EmployerOut(Schema):
    id: int
    organization_id: int
    name: str
    kind: str
    region_id: str | None
    sector: str
    kbli: str
    kbji: str
    partner_status: str
    agreement_reference: str


class EmployerIn(Schema):
    name: str
    kind: str
    region: str | None = None
    sector: str
    kbli: str = ""
    kbji: str = ""
    partner_status: str = "prospect"
    agreement_reference: str = ""
    contact_person: str = ""
    phone: str = ""


class ReferralNameOut(Schema):
    """What an employer's staff may see of a referral: the name and the stage, no identity number."""

    id: int
    full_name: str
    status: str
    status_date: date


class ReferralOut(Schema):
    id: int
    person_id: int
    vacancy_id: int
    status: str
    status_date: date
    note: str


class ReferralIn(Schema):
    vacancy: int
    note: str = ""


class ReferralMoveIn(Schema):
    status: str
    on: date
    note: str = ""


class InternshipOut(Schema):
    id: int
    person_id: int
    employer_id: int
    start_date: date
    end_date: date
    supervisor: str
    outcome: str
    note: str


class InternshipIn(Schema):
    employer: int
    start_date: date
    end_date: date
    supervisor: str
    outcome: str = "ongoing"
    note: str = ""


class InternshipPatch(Schema):
    patch_of: ClassVar[type[models.Model]] = Internship

    start_date: date | None = None
    end_date: date | None = None
    supervisor: str | None = None
    outcome: str | None = None
    note: str | None = None


class FollowUpOut(Schema):
    id: int
    placement_id: int
    month: int
    due_date: date
    done_on: date | None
    still_working: bool | None
    income_band: str
    note: str


class FollowUpIn(Schema):
    done_on: date
    still_working: bool | None = None
    income_band: str = ""
    note: str = ""


class PlacementOut(Schema):
    id: int
    person_id: int
    kind: str
    officer_id: int | None
    employer_id: int | None
    position: str
    wage_band: str
    contract_type: str
    business_name: str
    business_type: str
    business_sector: str
    business_started_on: date | None
    aid_kind: str
    aid_from_id: int | None
    aid_value: Decimal | None
    business_partner_id: int | None
    start_date: date
    ended_on: date | None
    end_reason: str
    follow_ups: list[FollowUpOut]


class PlacementIn(Schema):
    kind: str
    start_date: date
    employer: int | None = None
    position: str = ""
    wage_band: str = ""
    contract_type: str = ""
    business_name: str = ""
    business_type: str = ""
    business_sector: str = ""
    business_started_on: date | None = None
    aid_kind: str = ""
    aid_from: int | None = None
    aid_value: Decimal | None = None
    business_partner: int | None = None
    referral: int | None = None


class PlacementEndIn(Schema):
    ended_on: date
    end_reason: str


class PersonWorkOut(Schema):
    person_id: int
    readiness: ReadinessOut | None
    todos: list[ToDoOut]
    referrals: list[ReferralOut]
    internships: list[InternshipOut]
    placements: list[PlacementOut]


def _match_out(match: selectors.Match) -> dict[str, Any]:
    return {
        "vacancy_id": match.vacancy.pk,
        "vacancy_title": match.vacancy.title,
        "person_id": match.person.pk,
        "full_name": match.person.full_name,
        "reasons": match.reasons,
    }


@router.get("/placement/due", response=list[DueOut])
def due_list(request: AuthedRequest, all: bool = False) -> list[dict[str, Any]]:
    """List people in the caller's units due for release in the window, with their open to-dos."""
    rows = selectors.releases_due_with_open_todos(user=request.user, today=timezone.localdate(), only_open=not all)
    return [
        {
            "person_id": r.person.pk,
            "full_name": r.person.full_name,
            "unit": r.period.unit.name,
            "release": r.release,
            "open_todos": r.open_todos,
            "readiness": r.readiness.status if r.readiness else None,
        }
        for r in rows
    ]


@router.get("/placement/people/{person_id}", response=PersonWorkOut)
def person_work(request: AuthedRequest, person_id: int) -> dict[str, Any]:
    """Return a person's readiness, to-dos, referrals, internships and placements."""
    person = selectors.get_person_for_placement(request.user, person_id)
    return {
        "person_id": person.pk,
        "readiness": getattr(person, "work_readiness", None),
        "todos": [
            {
                "kind": item["kind"].code,
                "name": item["kind"].name,
                "status": item["todo"].status if item["todo"] else None,
                "status_date": item["todo"].status_date if item["todo"] else None,
            }
            for item in selectors.todo_checklist(person)
        ],
        "referrals": list(person.referrals.all()),
        "internships": list(person.internships.all()),
        "placements": list(person.placements.prefetch_related("follow_ups")),
    }


@router.put("/placement/people/{person_id}/readiness", response=ReadinessOut)
def readiness_set(request: AuthedRequest, person_id: int, payload: ReadinessIn) -> Any:
    """Record a person's work readiness."""
    require(request.user, Capability.PLACEMENT_EDIT)
    person = selectors.get_person_for_placement(request.user, person_id)
    return services.readiness_set(actor=request.user, person=person, **payload.dict())


@router.put("/placement/people/{person_id}/todos/{kind}", response=ToDoOut)
def todo_set(request: AuthedRequest, person_id: int, kind: str, payload: ToDoIn) -> dict[str, Any]:
    """Set one pre-release item (``kind`` is its code: ktp, bank_account, cv, skck, bpjs_tk, work_clothes...)."""
    require(request.user, Capability.PLACEMENT_EDIT)
    person = selectors.get_person_for_placement(request.user, person_id)
    todo_kind = ToDoKind.objects.filter(code=kind).first()
    todo = services.todo_set(actor=request.user, person=person, kind=todo_kind, **payload.dict())
    return {"kind": kind, "name": str(todo.kind), "status": todo.status, "status_date": todo.status_date}


@router.get("/placement/people/{person_id}/matches", response=list[MatchOut])
def person_matches(request: AuthedRequest, person_id: int) -> list[dict[str, Any]]:
    """Return the open vacancies that fit the person, each with the reasons."""
    person = selectors.get_person_for_placement(request.user, person_id)
    return [_match_out(m) for m in selectors.vacancies_for_person(person=person, today=timezone.localdate())]


@router.post("/placement/people/{person_id}/referrals", response={201: ReferralOut})
def referral_create(request: AuthedRequest, person_id: int, payload: ReferralIn) -> Any:
    """Refer a person to a vacancy."""
    require(request.user, Capability.PLACEMENT_EDIT)
    person = selectors.get_person_for_placement(request.user, person_id)
    vacancy = selectors.get_vacancy_for_user(request.user, payload.vacancy)
    return Status(201, services.referral_create(actor=request.user, person=person, vacancy=vacancy, note=payload.note))


@router.post("/placement/referrals/{referral_id}/status", response=ReferralOut)
def referral_move(request: AuthedRequest, referral_id: int, payload: ReferralMoveIn) -> Referral:
    """Move a referral to its next status."""
    require(request.user, Capability.PLACEMENT_EDIT)
    referral = selectors.get_referral_for_user(request.user, referral_id)
    return services.referral_move(actor=request.user, referral=referral, **payload.dict())


@router.post("/placement/people/{person_id}/internships", response={201: InternshipOut})
def internship_create(request: AuthedRequest, person_id: int, payload: InternshipIn) -> Any:
    """Record an internship before release."""
    require(request.user, Capability.PLACEMENT_EDIT)
    person = selectors.get_person_for_placement(request.user, person_id)
    data = payload.dict()
    employer = object_or_invalid(Organization, data.pop("employer"), field="employer")
    return Status(201, services.internship_create(actor=request.user, person=person, employer=employer, **data))


@router.patch("/placement/internships/{internship_id}", response=InternshipOut)
def internship_update(request: AuthedRequest, internship_id: int, payload: InternshipPatch) -> Any:
    """Record an internship's outcome or correct it."""
    require(request.user, Capability.PLACEMENT_EDIT)
    internship = selectors.get_internship_for_user(request.user, internship_id)
    return services.internship_update(actor=request.user, internship=internship, **payload.dict(exclude_unset=True))


@router.post("/placement/people/{person_id}/placements", response={201: PlacementOut})
def placement_create(request: AuthedRequest, person_id: int, payload: PlacementIn) -> Any:
    """Record a released person's situation; follow-ups are scheduled by the rule in force."""
    require(request.user, Capability.PLACEMENT_EDIT)
    person = selectors.get_person_for_placement(request.user, person_id)
    data = payload.dict()
    data["employer"] = object_or_invalid(Organization, data["employer"], field="employer")
    data["aid_from"] = object_or_invalid(Organization, data["aid_from"], field="aid_from")
    data["business_partner"] = object_or_invalid(Organization, data["business_partner"], field="business_partner")
    referral_id = data.pop("referral")
    data["referral"] = selectors.get_referral_for_user(request.user, referral_id) if referral_id else None
    placement = services.placement_create(actor=request.user, person=person, **data)
    return Status(201, selectors.get_placement_for_user(request.user, placement.pk))


@router.get("/placement/placements/{placement_id}", response=PlacementOut)
def placement_detail(request: AuthedRequest, placement_id: int) -> Placement:
    """Return a placement with its follow-ups."""
    return selectors.get_placement_for_user(request.user, placement_id)


@router.post("/placement/placements/{placement_id}/end", response=PlacementOut)
def placement_end(request: AuthedRequest, placement_id: int, payload: PlacementEndIn) -> Placement:
    """End a placement with a reason."""
    require(request.user, Capability.PLACEMENT_EDIT)
    placement = selectors.get_placement_for_user(request.user, placement_id)
    services.placement_end(actor=request.user, placement=placement, **payload.dict())
    return selectors.get_placement_for_user(request.user, placement_id)


@router.get("/placement/follow-ups", response=list[FollowUpOut])
@paginate(KeysetPages)
def follow_ups_due(request: AuthedRequest, all: bool = False) -> Any:
    """List follow-ups due within two weeks or overdue: the caller's, or all in their units; ``next`` reads on."""
    due = selectors.follow_ups_due(user=request.user, today=timezone.localdate(), mine_only=not all)
    return KeysetRows(due, total=Total(due.order_by().count()))


@router.post("/placement/follow-ups/{follow_up_id}", response=FollowUpOut)
def follow_up_record(request: AuthedRequest, follow_up_id: int, payload: FollowUpIn) -> FollowUp:
    """Record a follow-up."""
    require(request.user, Capability.PLACEMENT_EDIT)
    follow_up = selectors.get_follow_up_for_user(request.user, follow_up_id)
    return services.follow_up_record(actor=request.user, follow_up=follow_up, **payload.dict())


class EmployerAgreementOut(Schema):
    id: int
    kind: str
    number: str
    unit_id: int
    status: str
    start_date: date
    end_date: date


@router.get("/employers/{employer_id}/agreements", response=list[EmployerAgreementOut])
def employer_agreements(request: AuthedRequest, employer_id: int) -> Any:
    """Return the MoU and PKS the employer is party to, among those the caller may see."""
    return selectors.employer_agreements(request.user, selectors.get_employer(request.user, employer_id))


@router.get("/employers", response=list[EmployerOut])
@paginate(BoundedPages)
def employer_list(request: AuthedRequest, q: str = "") -> Any:
    """List employers and UMKM with their placement profile."""
    require(request.user, Capability.PLACEMENT_VIEW)
    return [_employer_out(p) for p in selectors.employer_list(query=q)]


def _employer_out(profile: Any) -> dict[str, Any]:
    org = profile.organization
    return {
        "id": profile.pk,
        "organization_id": org.pk,
        "name": org.name,
        "kind": org.kind,
        "region_id": org.region_id,
        "sector": profile.sector,
        "kbli": profile.kbli,
        "kbji": profile.kbji,
        "partner_status": profile.partner_status,
        "agreement_reference": profile.agreement_reference,
    }


@router.post("/employers", response={201: EmployerOut})
def employer_create(request: AuthedRequest, payload: EmployerIn) -> Any:
    """Add an employer or UMKM."""
    data = payload.dict()
    data["region"] = object_or_invalid(Region, data["region"], field="region")
    return Status(201, _employer_out(services.employer_create(actor=request.user, **data)))


@router.post("/placement/karirhub-export", response={202: JobStarted})
def karirhub_export(request: AuthedRequest) -> Status:
    """Start the export of the vacancies (and, for staff, the placements, with NIK) in Karirhub's columns as a
    background job (audited): 202 with the job's address; its file is at the job's ``download_url`` once done."""
    return accepted(job_start(actor=request.user, kind=placement_jobs.KIND, params={}))


@router.get("/vacancies", response=list[VacancyOut])
@paginate(BoundedPages)
def vacancy_list(request: AuthedRequest, q: str = "", closed: bool = False) -> Any:
    """List vacancies: all for correctional staff, their own for an employer's staff."""
    return selectors.vacancy_list(user=request.user, today=timezone.localdate(), query=q, open_only=not closed)


def _programmes(ids: list[int]) -> list[Programme]:
    """Return the programmes by id; an unknown id is refused by name."""
    found = {p.pk: p for p in Programme.objects.filter(pk__in=ids)}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise ValidationError({"programmes": _("Unknown programme %(ids)s") % {"ids": ", ".join(missing)}})
    return list(found.values())


@router.post("/vacancies", response={201: VacancyOut})
def vacancy_create(request: AuthedRequest, payload: VacancyIn) -> Any:
    """Publish a vacancy."""
    data = payload.dict()
    employer, region = (
        object_or_invalid(Organization, data.pop("employer"), field="employer"),
        object_or_invalid(Region, data.pop("region"), field="region"),
    )
    data["programmes"] = _programmes(data["programmes"])
    return Status(201, services.vacancy_create(actor=request.user, employer=employer, region=region, **data))


@router.get("/vacancies/{vacancy_id}", response=VacancyOut)
def vacancy_detail(request: AuthedRequest, vacancy_id: int) -> Vacancy:
    """Return one vacancy."""
    return selectors.get_vacancy_for_user(request.user, vacancy_id)


@router.patch("/vacancies/{vacancy_id}", response=VacancyOut)
def vacancy_update(request: AuthedRequest, vacancy_id: int, payload: VacancyPatch) -> Vacancy:
    """Change a vacancy."""
    require(request.user, Capability.PLACEMENT_EDIT)
    vacancy = selectors.get_vacancy_for_user(request.user, vacancy_id)
    data = payload.dict(exclude_unset=True)
    if data.get("programmes") is not None:
        data["programmes"] = _programmes(data["programmes"])
    return services.vacancy_update(actor=request.user, vacancy=vacancy, **data)


@router.get("/vacancies/{vacancy_id}/referrals", response=list[ReferralNameOut])
def vacancy_referrals(request: AuthedRequest, vacancy_id: int) -> list[dict[str, Any]]:
    """Return the referrals to a vacancy by name and stage (what the employer may see)."""
    vacancy = selectors.get_vacancy_for_user(request.user, vacancy_id)
    return [
        {"id": r.pk, "full_name": r.person.full_name, "status": r.status, "status_date": r.status_date}
        for r in selectors.referrals_for_vacancy(user=request.user, vacancy=vacancy)
    ]


@router.get("/vacancies/{vacancy_id}/candidates", response=list[MatchOut])
def vacancy_candidates(request: AuthedRequest, vacancy_id: int) -> list[dict[str, Any]]:
    """Return the people in the caller's units who fit the vacancy, each with the reasons."""
    require(request.user, Capability.PLACEMENT_VIEW)
    vacancy = get_object_or_404(Vacancy, pk=vacancy_id)
    matches = selectors.candidates_for_vacancy(user=request.user, vacancy=vacancy, today=timezone.localdate())
    return [_match_out(m) for m in matches]


class DemandRowOut(Schema):
    code: str
    label: str
    vacancies: int
    positions: int
    employers: int
    batches: int
    places: int
    unmet: bool


class DemandOut(Schema):
    unit_id: int
    province_code: str | None
    year: int
    by_kbji: list[DemandRowOut]
    by_kbli: list[DemandRowOut]


def _demand_rows(rows: list[Any]) -> list[dict[str, Any]]:
    return [{"code": r.code, "label": r.label, **r.figures, "unmet": r.unmet} for r in rows]


@router.get("/placement/demand", response=DemandOut)
def demand(request: AuthedRequest, unit: int | None = None, year: int | None = None) -> Any:
    """Return what partner employers and open vacancies in the unit's province ask for (by KBJI and KBLI) beside
    the batches and places the unit's programmes supply in the year."""
    today = timezone.localdate()
    chosen = demand_unit(request.user, unit)
    if chosen is None:
        raise ValidationError({"unit": _("Choose a unit")})
    result = demand_beside_supply(unit=chosen, year=year if year and 2000 <= year <= 2100 else today.year, today=today)
    return {
        "unit_id": chosen.pk,
        "province_code": result.province.pk if result.province else None,
        "year": result.year,
        "by_kbji": _demand_rows(result.by_kbji),
        "by_kbli": _demand_rows(result.by_kbli),
    }
