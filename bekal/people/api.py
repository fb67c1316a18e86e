"""People and their periods over the API: the same selectors and services as the pages."""

from datetime import date
from typing import Any

from django.utils import timezone
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from bekal.accounts.access import Capability, require
from bekal.accounts.models import User
from bekal.accounts.types import AuthedRequest
from bekal.core.lookups import object_or_invalid
from bekal.jobs.api import JobStarted, accepted
from bekal.jobs.services import job_start
from bekal.organizations.models import Organization, Region
from bekal.organizations.scope import unit_scope
from bekal.people import jobs, selectors, services
from bekal.people.models import CustodyPeriod, Person, SupervisionPeriod
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
    matches: list[dict[str, Any]]


@router.get("/people", response=list[PersonOut])
@paginate(PageNumberPagination)
def person_list(request: AuthedRequest, q: str = "", status: str = "", unit: int | None = None, sex: str = "") -> Any:
    """Search the people in the caller's units by name, NIK or register number."""
    return selectors.person_list(
        user=request.user, today=timezone.localdate(), query=q, status=status, unit_id=unit, sex=sex
    )


@router.post("/people/import", response={202: JobStarted})
def people_import(request: AuthedRequest, registered_unit: Form[int], file: File[UploadedFile]) -> Any:
    """Register many people from CSV or XLSX (multipart ``registered_unit``, ``file``) as a background job: 202 with
    the job's address; once done, its file lists each refused row with its reasons."""
    job = job_start(
        actor=request.user,
        kind=jobs.KIND,
        params={"unit": registered_unit},
        upload=(file.name or "", file.read()),
    )
    return accepted(job)


class SdpImportIn(Schema):
    check: int


@router.post("/people/sdp-import/check", response={202: JobStarted})
def sdp_check(request: AuthedRequest, unit: Form[int], file: File[UploadedFile]) -> Any:
    """Dry run of an SDP export (multipart ``unit``, ``file``: CSV or XLSX) as a background job: 202 with the job's
    address; once done, its summary counts the rows by action and its file lists every row with what the import
    would do (created, updated, unchanged, refused) and why. Writes nothing."""
    job = job_start(
        actor=request.user, kind=sdp_jobs.CHECK, params={"unit": unit}, upload=(file.name or "", file.read())
    )
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
        scope = unit_scope(request.user)
        matches = [
            {"id": p.pk, "full_name": p.full_name, "birth_date": p.birth_date.isoformat()}
            if scope.contains(p.registered_unit_id)
            else {"registered_unit": p.registered_unit.name}
            for p in error.matches
        ]
        return Status(409, {"detail": "possible duplicate", "by_nik": error.by_nik, "matches": matches})
    return Status(201, person)


@router.get("/people/{person_id}", response=PersonDetailOut)
def person_detail(request: AuthedRequest, person_id: int) -> Person:
    """Return a person with their custody and supervision periods."""
    return selectors.get_person_for_user(request.user, person_id)


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
