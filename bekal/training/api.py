"""Training over the API: the same selectors and services as the pages."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import StringConstraints

from bekal.accounts.access import Capability, require
from bekal.accounts.models import User
from bekal.accounts.types import AuthedRequest
from bekal.core.api_keyset import KeysetPages, KeysetRows
from bekal.core.api_types import NO_NUL, BoundedPages
from bekal.core.lookups import object_or_invalid
from bekal.jobs.api import JobStarted, accepted
from bekal.jobs.services import job_start
from bekal.ops import idempotency
from bekal.organizations.models import Organization, Region
from bekal.organizations.scope import unit_scope
from bekal.organizations.time import unit_today
from bekal.people.models import Person
from bekal.training import api_records, jobs, selectors, services
from bekal.training.models import Agreement, Attendance, Batch, Enrollment, Programme

router = Router(tags=["training"])
# A schema with a field named ``date`` cannot name the type ``date`` after it.
BanDate = date

# A competency unit as (SKKNI code, title), within the columns of CompetencyUnit.
UnitCode = Annotated[str, StringConstraints(max_length=20, pattern=NO_NUL)]
UnitTitle = Annotated[str, StringConstraints(max_length=200, pattern=NO_NUL)]


class CompetencyUnitOut(Schema):
    id: int
    code: str
    title: str


class ProgrammeOut(Schema):
    id: int
    provider_id: int
    name: str
    field: str
    total_jp: int
    training_days: int
    min_days: int
    max_jp_per_day: int
    fmd_days: int
    quota: int
    min_attendance_percent: int
    scheme: str
    scheme_code: str
    kbli: str
    kbji: str
    min_education: str
    min_days_before_release: int
    is_active: bool
    units: list[CompetencyUnitOut]  # the ids K/BK are recorded against (POST .../participants/{enrollment_id})

    @staticmethod
    def resolve_units(obj: Programme) -> list[Any]:
        return list(obj.units.all())


class ProgrammeIn(Schema):
    provider: int
    name: str
    field: str = ""
    total_jp: int
    training_days: int
    min_days: int | None = None
    max_jp_per_day: int | None = None
    fmd_days: int | None = None
    quota: int | None = None
    min_attendance_percent: int | None = None
    scheme: str = ""
    scheme_code: str = ""
    kbli: str = ""
    kbji: str = ""
    min_education: str = ""
    min_days_before_release: int = 0
    units: list[tuple[UnitCode, UnitTitle]] = []


class ProgrammePatch(Schema):
    patch_of: ClassVar[type[Programme]] = Programme

    name: str | None = None
    field: str | None = None
    total_jp: int | None = None
    training_days: int | None = None
    min_days: int | None = None
    max_jp_per_day: int | None = None
    fmd_days: int | None = None
    quota: int | None = None
    min_attendance_percent: int | None = None
    scheme: str | None = None
    scheme_code: str | None = None
    kbli: str | None = None
    kbji: str | None = None
    min_education: str | None = None
    min_days_before_release: int | None = None
    units: list[tuple[UnitCode, UnitTitle]] | None = None


class AttachmentOut(Schema):
    id: int
    title: str
    uploaded_at: datetime


class AgreementOut(Schema):
    id: int
    kind: str
    number: str
    title: str
    unit_id: int
    partners: list[int]
    programmes: list[int]
    regions: list[str]  # the covered regencies' Kemendagri codes
    proposal_date: date | None
    signing_date: date | None
    start_date: date
    end_date: date
    status: str
    has_document: bool
    attachments: list[AttachmentOut]
    renewal_of_id: int | None

    @staticmethod
    def resolve_has_document(obj: Agreement) -> bool:
        return bool(obj.document)

    @staticmethod
    def resolve_partners(obj: Agreement) -> list[int]:
        return sorted(p.pk for p in obj.partners.all())

    @staticmethod
    def resolve_programmes(obj: Agreement) -> list[int]:
        return sorted(p.pk for p in obj.programmes.all())

    @staticmethod
    def resolve_regions(obj: Agreement) -> list[str]:
        return sorted(r.pk for r in obj.regions.all())

    @staticmethod
    def resolve_attachments(obj: Agreement) -> list[Any]:
        return list(obj.attachments.all())


class RenewIn(Schema):
    number: str
    start_date: date
    end_date: date | None = None


class DayIn(Schema):
    kind: str
    jp: int | None = None


class BatchOut(Schema):
    id: int
    name: str
    programme_id: int
    provider_id: int
    lsp_id: int | None
    venue: str
    start_date: date
    end_date: date
    jp_per_day: int
    quota: int
    quota_override_reason: str
    area_override_reason: str
    agreement_warning: str
    status: str


class BatchIn(Schema):
    programme: int
    units: list[int]
    name: str
    start_date: date
    end_date: date
    venue: str = "blk"
    jp_per_day: int | None = None
    quota: int | None = None
    quota_override_reason: str = Field("", max_length=300, pattern=NO_NUL)
    lsp: int | None = None
    fmd_partner: int | None = None
    # The FMD days among the batch's working days (default: its first days, as many as the programme needs).
    fmd_dates: list[date] | None = Field(None, max_length=366)
    # As on the page: without an active agreement the batch is refused, or (BEKAL_AGREEMENT_REQUIRED off) planned
    # only once the caller confirms, the warning kept on the batch.
    confirm_without_agreement: bool = False
    area_override_reason: str = Field("", max_length=300, pattern=NO_NUL)


class DayOut(Schema):
    id: int
    date: date
    kind: str
    jp: int


class EnrollmentOut(Schema):
    id: int
    batch_id: int
    person_id: int
    full_name: str
    unit_id: int
    status: str
    decision_reason: str
    end_reason: str
    interest_statement_on: date | None

    @staticmethod
    def resolve_full_name(obj: Enrollment) -> str:
        return obj.person.full_name


class NominateIn(Schema):
    person: int
    interest_statement_on: date | None = None


class EnrollmentDecisionIn(Schema):
    selected: bool
    reason: str


class StatusIn(Schema):
    status: str


class EndIn(Schema):
    status: str
    reason: str


class AttendanceIn(Schema):
    marks: dict[int, str]
    # What the client saw before its marks ("" for none): a mark changed by someone else meanwhile is refused.
    expected: dict[int, str] | None = None


class EscortIn(Schema):
    # A Bekal user, or security staff who are not users by name and NIP (18 digits).
    officer: int | None = None
    officer_name: str = Field("", max_length=120, pattern=NO_NUL)
    officer_nip: str = Field("", max_length=18, pattern=NO_NUL)


class AllocationOut(Schema):
    id: int
    unit_id: int
    year: int
    amount: Decimal
    realised: Decimal
    absorption_percent: Decimal

    @staticmethod
    def resolve_realised(obj: Any) -> Decimal:
        return obj.realised or Decimal(0)

    @staticmethod
    def resolve_absorption_percent(obj: Any) -> Decimal:
        from bekal.training.models import absorption_percent

        return absorption_percent(obj.amount, obj.realised or Decimal(0))


@router.get("/programmes", response=list[ProgrammeOut])
@paginate(BoundedPages)
def programme_list(request: AuthedRequest) -> Any:
    """List the programme catalogue."""
    return selectors.programmes_visible_to(request.user).prefetch_related("units")


@router.post("/programmes", response={201: ProgrammeOut})
def programme_create(request: AuthedRequest, payload: ProgrammeIn) -> Any:
    """Add a programme; figures left out take the rules in force."""
    data = payload.dict()
    provider, units = object_or_invalid(Organization, data.pop("provider"), field="provider"), data.pop("units")
    return Status(201, services.programme_create(actor=request.user, provider=provider, units=units, **data))


@router.post("/programmes/import", response={202: JobStarted})
def programme_import(request: AuthedRequest, provider: Form[int], file: File[UploadedFile]) -> Any:
    """Import a catalogue from CSV or XLSX as a background job: 202 with the job's address; once done, its file lists
    each refused row with its reasons."""
    job = job_start(
        actor=request.user, kind=jobs.KIND, params={"provider": provider}, upload=(file.name or "", file.read())
    )
    return accepted(job)


@router.get("/programmes/{programme_id}", response=ProgrammeOut)
def programme_detail(request: AuthedRequest, programme_id: int) -> Programme:
    """Return one programme."""
    return selectors.get_programme_for_user(request.user, programme_id)


@router.patch("/programmes/{programme_id}", response=ProgrammeOut)
def programme_update(request: AuthedRequest, programme_id: int, payload: ProgrammePatch) -> Programme:
    """Change a programme's figures or competency units (the provider stays); fields left out keep their value."""
    require(request.user, Capability.PROGRAMME_EDIT)
    programme = selectors.get_programme_for_user(request.user, programme_id)
    data = payload.dict(exclude_unset=True)
    services.programme_update(actor=request.user, programme=programme, **data)
    return selectors.get_programme_for_user(request.user, programme_id)


@router.post("/programmes/{programme_id}/retire", response=ProgrammeOut)
def programme_retire(request: AuthedRequest, programme_id: int) -> Programme:
    """Retire a programme: it keeps its batches and history and is offered for no new batch."""
    require(request.user, Capability.PROGRAMME_EDIT)
    programme = selectors.get_programme_for_user(request.user, programme_id)
    services.programme_set_active(actor=request.user, programme=programme, active=False)
    return selectors.get_programme_for_user(request.user, programme_id)


@router.post("/programmes/{programme_id}/reactivate", response=ProgrammeOut)
def programme_reactivate(request: AuthedRequest, programme_id: int) -> Programme:
    """Offer a retired programme for new batches again."""
    require(request.user, Capability.PROGRAMME_EDIT)
    programme = selectors.get_programme_for_user(request.user, programme_id)
    services.programme_set_active(actor=request.user, programme=programme, active=True)
    return selectors.get_programme_for_user(request.user, programme_id)


@router.get("/agreements", response=list[AgreementOut])
@paginate(BoundedPages)
def agreement_list(request: AuthedRequest) -> Any:
    """List the agreements of the caller's units."""
    return selectors.agreements_visible_to(request.user).prefetch_related("programmes", "regions", "attachments")


class AgreementStatusIn(Schema):
    status: str
    # Activating needs the date the parties signed (here or recorded before), on or before the unit's today.
    signing_date: date | None = None


@router.post("/agreements/{agreement_id}/status", response=AgreementOut)
def agreement_move(request: AuthedRequest, agreement_id: int, payload: AgreementStatusIn) -> Agreement:
    """Move an agreement along its allowed statuses; activation needs the signing date."""
    agreement = selectors.get_agreement_for_user(request.user, agreement_id)
    return services.agreement_move(
        actor=request.user,
        agreement=agreement,
        status=payload.status,
        on=unit_today(agreement.unit),
        signing_date=payload.signing_date,
    )


@router.post("/agreements/{agreement_id}/document", response=AgreementOut)
def agreement_document_upload(request: AuthedRequest, agreement_id: int, document: File[UploadedFile]) -> Agreement:
    """Attach the signed PDF (multipart field ``document``); anything but a PDF up to 10 MB is refused."""
    require(request.user, Capability.AGREEMENT_EDIT)
    agreement = selectors.get_agreement_for_user(request.user, agreement_id)
    return services.agreement_upload_document(actor=request.user, agreement=agreement, document=document)


@router.get("/agreements/{agreement_id}/document", response={200: None})
def agreement_document_download(request: AuthedRequest, agreement_id: int) -> FileResponse:
    """Return the signed PDF of an agreement the caller may see."""
    agreement = selectors.get_agreement_for_user(request.user, agreement_id)
    if not agreement.document:
        raise Http404
    return FileResponse(
        agreement.document.storage.open(agreement.document.name, "rb"),
        content_type="application/pdf",
        filename=f"{agreement.number}.pdf",
    )


@router.post("/agreements/{agreement_id}/renewal", response={201: AgreementOut})
def agreement_renew(request: AuthedRequest, agreement_id: int, payload: RenewIn) -> Any:
    """Renew an agreement: a new draft with the same parties and scope; the old one becomes renewed."""
    require(request.user, Capability.AGREEMENT_EDIT)
    agreement = selectors.get_agreement_for_user(request.user, agreement_id)
    return Status(201, services.agreement_renew(actor=request.user, agreement=agreement, **payload.dict()))


@router.get("/batches", response=list[BatchOut])
@paginate(KeysetPages)
def batch_list(request: AuthedRequest, status: str = "") -> Any:
    """List the batches the caller may see, newest first; ``next`` reads on."""
    return KeysetRows(
        selectors.batch_list(user=request.user, status=status),
        total=selectors.batch_total(user=request.user, status=status),
    )


@router.post("/batches", response={201: BatchOut})
def batch_create(request: AuthedRequest, payload: BatchIn) -> Any:
    """Plan a batch; the calendar rules are checked as on the page."""
    require(request.user, Capability.BATCH_EDIT)
    data = payload.dict()
    programme = selectors.get_programme_for_user(request.user, data.pop("programme"))
    units = list(Organization.objects.filter(pk__in=data.pop("units")))
    data["lsp"], data["fmd_partner"] = (
        object_or_invalid(Organization, data["lsp"], field="lsp"),
        object_or_invalid(Organization, data["fmd_partner"], field="fmd_partner"),
    )
    return Status(201, services.batch_create(actor=request.user, programme=programme, units=units, **data))


@router.get("/batches/{batch_id}", response=BatchOut)
def batch_detail(request: AuthedRequest, batch_id: int) -> Batch:
    """Return one batch."""
    return selectors.get_batch_for_user(request.user, batch_id)


@router.get("/batches/{batch_id}/days", response=list[DayOut])
def batch_days(request: AuthedRequest, batch_id: int) -> Any:
    """Return the batch's calendar."""
    return list(selectors.get_batch_for_user(request.user, batch_id).days.all())


@router.put("/batches/{batch_id}/days/{day}", response=list[DayOut])
def batch_day_set(request: AuthedRequest, batch_id: int, day: date, payload: DayIn) -> Any:
    """Add a day to a planned batch calendar, or change its kind or JP; the calendar rules are rechecked."""
    require(request.user, Capability.BATCH_EDIT)
    batch = selectors.get_batch_for_user(request.user, batch_id)
    batch = services.batch_day_set(actor=request.user, batch=batch, day=day, kind=payload.kind, jp=payload.jp)
    return list(batch.days.all())


@router.delete("/batches/{batch_id}/days/{day}", response=list[DayOut])
def batch_day_remove(request: AuthedRequest, batch_id: int, day: date) -> Any:
    """Remove a day from the calendar of a batch being planned; the calendar rules are rechecked."""
    require(request.user, Capability.BATCH_EDIT)
    batch = selectors.get_batch_for_user(request.user, batch_id)
    batch = services.batch_day_set(actor=request.user, batch=batch, day=day, kind=None)
    return list(batch.days.all())


@router.get("/enrollments/{enrollment_id}/certificate.pdf", response={200: None})
def training_certificate(request: AuthedRequest, enrollment_id: int) -> HttpResponse:
    """Return the training certificate (Sertifikat Pelatihan) of a participant who completed, as a PDF."""
    from bekal.training.documents_views import training_certificate_download

    return training_certificate_download(request.user, selectors.get_enrollment_for_user(request.user, enrollment_id))


@router.post("/batches/{batch_id}/status", response=BatchOut)
def batch_move(request: AuthedRequest, batch_id: int, payload: StatusIn) -> Batch:
    """Move a batch along its allowed statuses."""
    require(request.user, Capability.BATCH_EDIT)
    batch = selectors.get_batch_for_user(request.user, batch_id)
    return services.batch_move(actor=request.user, batch=batch, status=payload.status)


@router.get("/batches/{batch_id}/enrollments", response=list[EnrollmentOut])
def batch_enrollments(request: AuthedRequest, batch_id: int) -> Any:
    """Return the batch's participants (names only for partners; never a NIK)."""
    return selectors.enrollments_of(selectors.get_batch_for_user(request.user, batch_id))


@router.post("/batches/{batch_id}/enrollments", response={201: EnrollmentOut})
def enrollment_nominate(request: AuthedRequest, batch_id: int, payload: NominateIn) -> Any:
    """Nominate an inmate or a client of an organising unit."""
    require(request.user, Capability.ENROLLMENT_EDIT)
    batch = selectors.get_batch_for_user(request.user, batch_id)
    scope = unit_scope(request.user)
    person = get_object_or_404(
        Person.objects.in_units(scope.unit_ids) if not scope.everything else Person.objects, pk=payload.person
    )
    enrollment = services.enrollment_nominate(
        actor=request.user, batch=batch, person=person, interest_statement_on=payload.interest_statement_on
    )
    return Status(201, enrollment)


@router.post("/enrollments/{enrollment_id}/decision", response=EnrollmentOut)
def enrollment_decide(request: AuthedRequest, enrollment_id: int, payload: EnrollmentDecisionIn) -> Enrollment:
    """Record the selection decision; over quota goes to the waiting list."""
    enrollment = selectors.get_enrollment_for_user(request.user, enrollment_id)
    return services.enrollment_decide(actor=request.user, enrollment=enrollment, **payload.dict())


@router.post("/enrollments/{enrollment_id}/enrol", response=EnrollmentOut)
def enrollment_enrol(request: AuthedRequest, enrollment_id: int) -> Enrollment:
    """Enrol a selected participant."""
    enrollment = selectors.get_enrollment_for_user(request.user, enrollment_id)
    return services.enrollment_enrol(actor=request.user, enrollment=enrollment)


@router.post("/enrollments/{enrollment_id}/complete", response=EnrollmentOut)
def enrollment_complete(request: AuthedRequest, enrollment_id: int) -> Enrollment:
    """Record completion; refused below the minimum attendance."""
    enrollment = selectors.get_enrollment_for_user(request.user, enrollment_id)
    return services.enrollment_complete(actor=request.user, enrollment=enrollment)


@router.post("/enrollments/{enrollment_id}/end", response=EnrollmentOut)
def enrollment_end(request: AuthedRequest, enrollment_id: int, payload: EndIn) -> Enrollment:
    """End an enrolment as dropped out or not completed."""
    enrollment = selectors.get_enrollment_for_user(request.user, enrollment_id)
    return services.enrollment_end(actor=request.user, enrollment=enrollment, **payload.dict())


class ReopenIn(Schema):
    reason: str = Field(max_length=300, pattern=NO_NUL)


@router.post("/enrollments/{enrollment_id}/reopen", response=EnrollmentOut)
def enrollment_reopen(request: AuthedRequest, enrollment_id: int, payload: ReopenIn) -> Enrollment:
    """Reopen an enrolment completed by mistake, with its reason, within the rule's window."""
    enrollment = selectors.get_enrollment_for_user(request.user, enrollment_id)
    return services.enrollment_reopen(actor=request.user, enrollment=enrollment, reason=payload.reason)


class AttendanceVoidedOut(Schema):
    id: int
    enrollment_id: int
    day_id: int
    voided_at: datetime | None
    void_reason: str


@router.post("/attendance/{attendance_id}/void", response=AttendanceVoidedOut)
def attendance_void(request: AuthedRequest, attendance_id: int, payload: ReopenIn) -> Any:
    """Void an attendance mark made by mistake, with its reason: it stays, marked void, and counts no more."""
    found = get_object_or_404(Attendance.objects.only("day_id"), pk=attendance_id)
    day = selectors.get_day_for_user(request.user, found.day_id)
    attendance = day.attendances.get(pk=attendance_id)
    return services.attendance_void(actor=request.user, attendance=attendance, reason=payload.reason)


class AttendanceSavedOut(Schema):
    warnings: list[str]


class AttendanceMarkOut(Schema):
    enrollment_id: int
    person_id: int
    full_name: str
    reason: str
    counts_as_attended: bool


@router.get("/days/{day_id}/attendance", response=list[AttendanceMarkOut])
def attendance_of_day(request: AuthedRequest, day_id: int) -> list[dict[str, Any]]:
    """Return a training day's attendance: each participant marked and the reason."""
    require(request.user, Capability.TRAINING_VIEW)
    day = selectors.get_day_for_user(request.user, day_id)
    rows = Attendance.objects.filter(day=day, voided_at__isnull=True).select_related("enrollment__person", "reason")
    return [
        {
            "enrollment_id": row.enrollment_id,
            "person_id": row.enrollment.person_id,
            "full_name": row.enrollment.person.full_name,
            "reason": row.reason.code,
            "counts_as_attended": row.reason.counts_as_attended,
        }
        for row in rows.order_by("enrollment__person__full_name", "enrollment_id")
    ]


@router.post("/days/{day_id}/attendance", response=AttendanceSavedOut)
def attendance_record(request: AuthedRequest, day_id: int, payload: AttendanceIn) -> Any:
    """Record a day's attendance: {enrolment id: reason code}. The attendance is saved; ``warnings`` says what
    followed from it could not be done (e.g. a training day not credited to a community-service order).

    An ``Idempotency-Key`` header makes a replay answer the first request's result without writing again; the
    same key sent with other marks is refused (422). ``expected`` refuses marks changed by someone else meanwhile."""
    day = selectors.get_day_for_user(request.user, day_id)

    def write() -> dict[str, Any]:
        warnings: list[str] = []
        services.attendance_record(
            actor=request.user,
            day=day,
            marks=payload.marks,
            today=selectors.batch_today(day.batch),
            warnings=warnings,
            expected=payload.expected,
        )
        return {"warnings": warnings}

    return idempotency.run_once(
        user=request.user,
        key=idempotency.key_from(request),
        scope="training.attendance",
        payload={"day": day.pk, **payload.dict()},
        write=write,
    ).response


@router.get("/days/{day_id}/escorts", response=list[api_records.EscortOut])
def escorts_of_day(request: AuthedRequest, day_id: int) -> list[dict[str, Any]]:
    """Return who escorts a training day: officers who are users, or security staff by name and NIP."""
    require(request.user, Capability.ESCORT_ASSIGN)
    return api_records.escort_rows(selectors.get_day_for_user(request.user, day_id).escorts.all())


@router.post("/days/{day_id}/escorts", response={201: None})
def escort_assign(request: AuthedRequest, day_id: int, payload: EscortIn) -> Any:
    """Assign an escort for the day."""
    day = selectors.get_day_for_user(request.user, day_id)
    data = payload.dict()
    officer = object_or_invalid(User, data.pop("officer"), field="officer")
    services.escort_assign(actor=request.user, day=day, officer=officer, **data)
    return Status(201, None)


@router.delete("/days/{day_id}/escorts/{escort_id}", response={204: None})
def escort_remove(request: AuthedRequest, day_id: int, escort_id: int) -> Any:
    """Remove an escort from the day (to swap them, assign another after); refused once the batch has finished."""
    require(request.user, Capability.ESCORT_ASSIGN)
    day = selectors.get_day_for_user(request.user, day_id)
    escort = get_object_or_404(day.escorts.select_related("officer__organization", "day__batch"), pk=escort_id)
    services.escort_remove(actor=request.user, escort=escort)
    return Status(204, None)


@router.get("/budget", response=list[AllocationOut])
@paginate(BoundedPages)
def budget_list(request: AuthedRequest) -> Any:
    """List the allocations of the caller's units with their absorption."""
    return selectors.allocations_visible_to(request.user)


class AgreementIn(Schema):
    unit: int
    partners: list[int]
    kind: str
    number: str
    title: str
    start_date: date
    end_date: date | None = None
    proposal_date: date | None = None
    signing_date: date | None = None
    programmes: list[int] = []
    regions: list[Annotated[str, StringConstraints(max_length=13, pattern=NO_NUL)]] = []


class IncidentIn(Schema):
    date: date
    severity: str
    description: str
    action: str
    # Only with a removal: banned from later batches until this date (none: the removal applies to this batch only).
    ban_until: BanDate | None = None


class IncidentOut(Schema):
    id: int
    enrollment_id: int
    date: date
    severity: str
    action: str
    ban_until: BanDate | None


class AllocationIn(Schema):
    unit: int
    year: int
    amount: Decimal
    dipa_number: str = ""


class RealisationIn(Schema):
    batch: int
    date: date
    description: str
    amount: Decimal


class RealisationOut(Schema):
    id: int
    allocation_id: int
    batch_id: int
    date: date
    amount: Decimal


@router.post("/agreements", response={201: AgreementOut})
def agreement_create(request: AuthedRequest, payload: AgreementIn) -> Any:
    """Record an agreement in draft (the signed PDF is uploaded on its page)."""
    data = payload.dict()
    unit = object_or_invalid(Organization, data.pop("unit"), field="unit")
    partners = list(Organization.objects.filter(pk__in=data.pop("partners")))
    programmes = list(selectors.programmes_visible_to(request.user).filter(pk__in=data.pop("programmes")))
    regions = list(Region.objects.filter(pk__in=data.pop("regions"), level=Region.Level.REGENCY))
    agreement = services.agreement_create(
        actor=request.user, unit=unit, partners=partners, programmes=programmes, regions=regions, **data
    )
    return Status(201, agreement)


@router.get("/enrollments/{enrollment_id}/incidents", response=list[api_records.BatchIncidentOut])
def incidents_of_participant(request: AuthedRequest, enrollment_id: int) -> list[dict[str, Any]]:
    """Return a participant's discipline incidents in the batch, newest first, with any ban."""
    require(request.user, Capability.INCIDENT_RECORD)
    enrollment = selectors.get_enrollment_for_user(request.user, enrollment_id)
    return api_records.incident_rows(enrollment.incidents.select_related("enrollment__person").order_by("-date", "-id"))


@router.post("/enrollments/{enrollment_id}/incidents", response={201: IncidentOut})
def incident_record(request: AuthedRequest, enrollment_id: int, payload: IncidentIn) -> Any:
    """Record a discipline incident; a removal ends the enrolment."""
    enrollment = selectors.get_enrollment_for_user(request.user, enrollment_id)
    return Status(201, services.incident_record(actor=request.user, enrollment=enrollment, **payload.dict()))


@router.post("/budget", response={201: AllocationOut})
def allocation_create(request: AuthedRequest, payload: AllocationIn) -> Any:
    """Record a unit's training budget for a year."""
    data = payload.dict()
    allocation = services.allocation_create(
        actor=request.user, unit=object_or_invalid(Organization, data.pop("unit"), field="unit"), **data
    )
    return Status(201, selectors.get_allocation_for_user(request.user, allocation.pk))


@router.post("/budget/{allocation_id}/realisations", response={201: RealisationOut})
def realisation_add(request: AuthedRequest, allocation_id: int, payload: RealisationIn) -> Any:
    """Record spending on a batch against the allocation."""
    require(request.user, Capability.BUDGET_EDIT)
    allocation = selectors.get_allocation_for_user(request.user, allocation_id)
    data = payload.dict()
    batch = selectors.get_batch_for_user(request.user, data.pop("batch"))
    return Status(201, services.realisation_add(actor=request.user, allocation=allocation, batch=batch, **data))
