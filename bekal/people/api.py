"""People and their periods over the API: the same selectors and services as the pages."""

from datetime import date
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from bekal.accounts.access import Capability, require
from bekal.accounts.models import User
from bekal.accounts.types import AuthedRequest
from bekal.core import registry
from bekal.core.api_keyset import KeysetPages, KeysetRows
from bekal.core.api_types import NO_NUL, BoundedPages
from bekal.core.lookups import object_or_invalid
from bekal.jobs.api import JobStarted, accepted
from bekal.jobs.services import job_start
from bekal.organizations.models import Organization, Region
from bekal.organizations.scope import unit_scope
from bekal.people import handovers, imports, jobs, privacy, selectors, services, subject
from bekal.people.models import CustodyPeriod, HandOver, Person, SupervisionPeriod
from bekal.people.sdp import jobs as sdp_jobs

router = Router(tags=["people"])


class PersonOut(Schema):
    id: int
    full_name: str
    other_names: str
    nik_masked: str
    birth_date: date
    sex: str
    education: str
    home_region_id: str | None
    phone: str
    registered_unit_id: int


class PersonIn(Schema):
    full_name: str
    other_names: str = ""
    nik: str | None = None
    birth_date: date
    sex: str
    education: str = ""
    home_region: str | None = None
    phone: str = ""
    registered_unit: int
    confirm_new: bool = False


class PersonPatch(Schema):
    patch_of: ClassVar[type[models.Model]] = Person

    full_name: str | None = None
    other_names: str | None = None
    nik: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    education: str | None = None
    home_region: str | None = None
    phone: str | None = None


class CustodyOut(Schema):
    id: int
    person_id: int
    unit_id: int
    register_number: str
    register_class: str
    admission_date: date
    offence_category: str
    sentence_years: int
    sentence_months: int
    sentence_days: int
    expected_release_date: date | None
    parole_date: date | None
    leave_date: date | None
    assimilation_date: date | None
    release_date: date | None
    release_reason: str


class CustodyIn(Schema):
    unit: int
    register_number: str = ""
    register_class: str = ""
    admission_date: date
    offence_category: str
    sentence_years: int = 0
    sentence_months: int = 0
    sentence_days: int = 0
    expected_release_date: date | None = None


class CustodyPatch(Schema):
    patch_of: ClassVar[type[models.Model]] = CustodyPeriod

    unit: int | None = None
    register_number: str | None = None
    register_class: str | None = None
    admission_date: date | None = None
    offence_category: str | None = None
    sentence_years: int | None = None
    sentence_months: int | None = None
    sentence_days: int | None = None
    expected_release_date: date | None = None


class ReleaseIn(Schema):
    release_date: date
    release_reason: str
    release_decree: str = Field(
        "", max_length=80, pattern=NO_NUL, description="The decree (SK) allowing an early release"
    )


class SupervisionOut(Schema):
    id: int
    person_id: int
    unit_id: int
    kind: str
    officer_id: int | None
    start_date: date
    expected_end_date: date | None
    ended_on: date | None
    end_reason: str


class SupervisionIn(Schema):
    unit: int
    kind: str
    officer: int | None = None
    start_date: date
    expected_end_date: date | None = None


class SupervisionPatch(Schema):
    patch_of: ClassVar[type[models.Model]] = SupervisionPeriod

    kind: str | None = None
    officer: int | None = None
    start_date: date | None = None
    expected_end_date: date | None = None
    ended_on: date | None = None
    end_reason: str | None = None


class PersonDetailOut(PersonOut):
    custody_periods: list[CustodyOut]
    supervision_periods: list[SupervisionOut]


class NikOut(Schema):
    nik: str


class DuplicateOut(Schema):
    detail: str
    by_nik: bool
    matches: list[dict[str, Any]]  # the records in the caller's units
    outside_your_units: bool = False  # a record exists outside them: no unit, no name (people/privacy.py)
    how_to_transfer: str = ""


@router.get("/people", response=list[PersonOut])
@paginate(KeysetPages)
def person_list(request: AuthedRequest, q: str = "", status: str = "", unit: int | None = None, sex: str = "") -> Any:
    """Search the people in the caller's units by name, NIK or register number, by name; ``next`` reads on."""
    scope = unit_scope(request.user)
    people = selectors.person_list(
        user=request.user, today=timezone.localdate(), query=q, status=status, unit_id=unit, sex=sex, scope=scope
    )
    unfiltered = not (q.strip() or status or sex or unit is not None)
    return KeysetRows(people, total=selectors.list_total(scope, people, unfiltered=unfiltered))


@router.post("/people/import", response={202: JobStarted})
def people_import(request: AuthedRequest, registered_unit: Form[int], file: File[UploadedFile]) -> Any:
    """Register many people from CSV or XLSX (multipart ``registered_unit``, ``file``) as a background job: 202 with
    the job's address; once done, its file lists each refused row with its reasons. A file past the bounds
    (``BEKAL_IMPORT_MAX_BYTES``, ``BEKAL_IMPORT_MAX_ROWS``) is refused with 422 naming the limit."""
    imports.import_size_check(file.size or 0)
    content = file.read()
    imports.import_bounds_check(file.name or "", content)
    job = job_start(
        actor=request.user,
        kind=jobs.KIND,
        params={"unit": registered_unit},
        upload=(file.name or "", content),
    )
    return accepted(job)


class SdpImportIn(Schema):
    check: int


@router.post("/people/sdp-import/check", response={202: JobStarted})
def sdp_check(request: AuthedRequest, unit: Form[int], file: File[UploadedFile]) -> Any:
    """Dry run of an SDP export (multipart ``unit``, ``file``: CSV or XLSX) as a background job: 202 with the job's
    address; once done, its summary counts the rows by action and its file lists every row with what the import
    would do (created, updated, unchanged, refused) and why. Writes nothing."""
    job = job_start(actor=request.user, kind=sdp_jobs.CHECK, params={"unit": unit}, upload=(file.name or "", file))
    return accepted(job)


@router.post("/people/sdp-import", response={202: JobStarted})
def sdp_import(request: AuthedRequest, payload: SdpImportIn) -> Any:
    """Import the file of a finished dry run (``check``: its job id) as a background job: 202 with the job's address;
    once done, its file is the refused rows as they were, with the reason in a last column."""
    return accepted(job_start(actor=request.user, kind=sdp_jobs.IMPORT, params={"check": payload.check}))


@router.post("/people", response={201: PersonOut, 409: DuplicateOut})
def person_create(request: AuthedRequest, payload: PersonIn) -> Any:
    """Register a person; 409 with the existing records when they may already be on record."""
    data = payload.dict()
    unit = object_or_invalid(Organization, data.pop("registered_unit"), field="registered_unit")
    confirm_new = data.pop("confirm_new")
    data["home_region"] = object_or_invalid(Region, data["home_region"], field="home_region")
    try:
        person = services.person_create(actor=request.user, unit=unit, confirm_new=confirm_new, **data)
    except services.DuplicatePersonError as error:
        matches = [
            {"id": p.pk, "full_name": p.full_name, "birth_date": p.birth_date.isoformat()} for p in error.matches
        ]
        body = {"detail": _("This person may already be registered"), "by_nik": error.by_nik, "matches": matches}
        if error.outside:
            body |= {"outside_your_units": True, "how_to_transfer": str(privacy.HOW_TO_TRANSFER)}
        return Status(409, body)
    return Status(201, person)


@router.get("/people/{person_id}", response=PersonDetailOut)
def person_detail(request: AuthedRequest, person_id: int) -> Person:
    """Return a person with their custody and supervision periods."""
    return selectors.get_person_for_user(request.user, person_id)


class TimelineEntryOut(Schema):
    on: date
    end: date | None
    stage: str
    stage_label: str
    title: str
    detail: str
    url: str


@router.get("/people/{person_id}/timeline", response=list[TimelineEntryOut])
def person_timeline(request: AuthedRequest, person_id: int) -> list[Any]:
    """The person's whole path, oldest first, as the caller's role may see it (the person page's timeline): custody,
    supervision, training, incidents, assessments and certificates, readiness, work, community service and
    re-admissions. ``url`` is the page that holds the record, empty when the caller may not open it."""
    person = selectors.get_person_for_user(request.user, person_id)
    return registry.person_timeline(request.user, person)


@router.patch("/people/{person_id}", response=PersonOut)
def person_update(request: AuthedRequest, person_id: int, payload: PersonPatch) -> Person:
    """Change a person's record."""
    require(request.user, Capability.PEOPLE_EDIT)
    person = selectors.get_person_for_user(request.user, person_id)
    data = payload.dict(exclude_unset=True)
    if "home_region" in data:
        data["home_region"] = object_or_invalid(Region, data["home_region"], field="home_region")
    return services.person_update(actor=request.user, person=person, **data)


@router.post("/people/{person_id}/nik", response=NikOut)
def person_nik_reveal(request: AuthedRequest, person_id: int) -> dict[str, str]:
    """Return the full NIK to a role that needs it; the reveal is logged."""
    person = selectors.get_person_for_user(request.user, person_id)
    return {"nik": services.person_nik_reveal(actor=request.user, person=person)}


@router.get("/people/{person_id}/subject")
def person_subject_export(request: AuthedRequest, person_id: int, pdf: bool = False) -> HttpResponse:
    """Everything Bekal holds on the person (UU 27/2022), as JSON or, with ``pdf=true``, a PDF; audited."""
    person = selectors.get_person_for_user(request.user, person_id)
    fmt = "pdf" if pdf else "json"
    _data, content = subject.person_subject_export(actor=request.user, person=person, fmt=fmt)
    response = HttpResponse(content, content_type="application/pdf" if fmt == "pdf" else "application/json")
    response["Cache-Control"] = "no-store"
    return response


@router.post("/people/{person_id}/custody-periods", response={201: CustodyOut})
def custody_create(request: AuthedRequest, person_id: int, payload: CustodyIn) -> Any:
    """Add a custody period; integration dates are computed from the rules in force."""
    require(request.user, Capability.CUSTODY_EDIT)
    person = selectors.get_person_for_user(request.user, person_id)
    data = payload.dict()
    unit = object_or_invalid(Organization, data.pop("unit"), field="unit")
    return Status(201, services.custody_period_create(actor=request.user, person=person, unit=unit, **data))


@router.get("/custody-periods/{period_id}", response=CustodyOut)
def custody_detail(request: AuthedRequest, period_id: int) -> CustodyPeriod:
    """Return one custody period."""
    return selectors.get_custody_period_for_user(request.user, period_id)


@router.patch("/custody-periods/{period_id}", response=CustodyOut)
def custody_update(request: AuthedRequest, period_id: int, payload: CustodyPatch) -> CustodyPeriod:
    """Correct a custody period."""
    require(request.user, Capability.CUSTODY_EDIT)
    period = selectors.get_custody_period_for_user(request.user, period_id)
    data = payload.dict(exclude_unset=True)
    if "unit" in data:
        data["unit"] = object_or_invalid(Organization, data["unit"], field="unit")
    return services.custody_period_update(actor=request.user, period=period, **data)


@router.post("/custody-periods/{period_id}/release", response=CustodyOut)
def custody_release(request: AuthedRequest, period_id: int, payload: ReleaseIn) -> CustodyPeriod:
    """Record the release that ends a custody period."""
    require(request.user, Capability.CUSTODY_EDIT)
    period = selectors.get_custody_period_for_user(request.user, period_id)
    return services.custody_period_release(actor=request.user, period=period, **payload.dict())


@router.post("/people/{person_id}/supervision-periods", response={201: SupervisionOut})
def supervision_create(request: AuthedRequest, person_id: int, payload: SupervisionIn) -> Any:
    """Place a person under a Bapas's supervision."""
    require(request.user, Capability.SUPERVISION_EDIT)
    person = selectors.get_person_for_user(request.user, person_id)
    data = payload.dict()
    unit = object_or_invalid(Organization, data.pop("unit"), field="unit")
    data["officer"] = object_or_invalid(User, data["officer"], field="officer")
    return Status(201, services.supervision_period_create(actor=request.user, person=person, unit=unit, **data))


@router.get("/supervision-periods/{period_id}", response=SupervisionOut)
def supervision_detail(request: AuthedRequest, period_id: int) -> SupervisionPeriod:
    """Return one supervision period."""
    return selectors.get_supervision_period_for_user(request.user, period_id)


@router.patch("/supervision-periods/{period_id}", response=SupervisionOut)
def supervision_update(request: AuthedRequest, period_id: int, payload: SupervisionPatch) -> SupervisionPeriod:
    """Correct or end a supervision period."""
    require(request.user, Capability.SUPERVISION_EDIT)
    period = selectors.get_supervision_period_for_user(request.user, period_id)
    data = payload.dict(exclude_unset=True)
    if "officer" in data:
        data["officer"] = object_or_invalid(User, data["officer"], field="officer")
    return services.supervision_period_update(actor=request.user, period=period, **data)


class HandOverOut(Schema):
    id: int
    person_id: int
    person_name: str = Field(alias="person.full_name")
    custody_period_id: int
    lapas_id: int = Field(alias="custody_period.unit_id")
    kind: str
    bapas_id: int
    integration_date: date
    litmas_requested: bool
    note: str
    conditions: str
    status: str
    officer_id: int | None
    supervision_period_id: int | None
    proposed_on: date
    accepted_on: date | None
    cancel_reason: str


class HandOverIn(Schema):
    kind: str = Field(description="pb, cb, cmb or asimilasi")
    integration_date: date
    bapas: int | None = Field(None, description="The Bapas; by default the one of the person's home regency")
    litmas_requested: bool = True
    note: str = Field("", max_length=500, pattern=NO_NUL)


class HandOverAcceptIn(Schema):
    officer: int
    conditions: str = Field("", max_length=4000, pattern=NO_NUL)


class HandOverCancelIn(Schema):
    reason: str = Field(max_length=300, pattern=NO_NUL)


@router.get("/handovers", response=list[HandOverOut])
@paginate(BoundedPages)
def handover_list(request: AuthedRequest, status: str = "") -> Any:
    """The hand-overs of the caller's units (a Lapas's proposals, a Bapas's queue), by integration date."""
    rows = handovers.handovers_visible_to(request.user).order_by("integration_date", "pk")
    return rows.filter(status=status) if status else rows


@router.get("/handovers/{handover_id}", response=HandOverOut)
def handover_detail(request: AuthedRequest, handover_id: int) -> HandOver:
    """One hand-over as both sides see it."""
    return handovers.get_handover_for_user(request.user, handover_id)


@router.post("/custody-periods/{period_id}/handover", response={201: HandOverOut})
def handover_create(request: AuthedRequest, period_id: int, payload: HandOverIn) -> Any:
    """The Lapas proposes the inmate of a custody period for parole, leave or assimilation to a Bapas."""
    require(request.user, Capability.CUSTODY_EDIT)
    period = selectors.get_custody_period_for_user(request.user, period_id)
    data = payload.dict()
    if data["bapas"] is not None:
        data["bapas"] = object_or_invalid(Organization, data["bapas"], field="bapas")
    return Status(201, handovers.handover_propose(actor=request.user, period=period, **data))


@router.post("/handovers/{handover_id}/accept", response=HandOverOut)
def handover_accept(request: AuthedRequest, handover_id: int, payload: HandOverAcceptIn) -> HandOver:
    """The Bapas accepts the hand-over and assigns its PK."""
    handover = handovers.get_handover_for_user(request.user, handover_id)
    officer = object_or_invalid(User, payload.officer, field="officer")
    if officer is None:
        raise ValidationError({"officer": _("Choose the probation officer (PK)")})
    return handovers.handover_accept(
        actor=request.user, handover=handover, officer=officer, conditions=payload.conditions
    )


@router.post("/handovers/{handover_id}/cancel", response=HandOverOut)
def handover_cancel(request: AuthedRequest, handover_id: int, payload: HandOverCancelIn) -> HandOver:
    """Either side cancels an open hand-over, with a reason."""
    handover = handovers.get_handover_for_user(request.user, handover_id)
    return handovers.handover_cancel(actor=request.user, handover=handover, reason=payload.reason)
