"""Certification over the API: certificates and the certification rate."""

from datetime import date
from typing import Any

from django.utils import timezone
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.certification import jobs as cert_jobs
from bekal.certification import selectors, services
from bekal.certification.models import Decision
from bekal.core.api_types import BoundedPages
from bekal.jobs.api import JobStarted, accepted
from bekal.jobs.services import job_start
from bekal.organizations.models import Organization
from bekal.training import selectors as training_selectors

router = Router(tags=["certification"])


class CertificateOut(Schema):
    id: int
    number: str
    scheme: str
    issued_on: date
    valid_until: date
    enrollment_id: int


class FiguresOut(Schema):
    completed: int
    certified: int
    rate: float


@router.get("/certificates", response=list[CertificateOut])
@paginate(BoundedPages)
def certificate_list(request: AuthedRequest) -> Any:
    """List the certificates of the batches the caller may see."""
    return selectors.certificates_visible_to(request.user)


@router.get("/certificates/expiring", response=list[CertificateOut])
def certificates_expiring(request: AuthedRequest) -> Any:
    """List the visible certificates that expire within the notice period (rule certification.expiry_notice_days)."""
    require(request.user, Capability.TRAINING_VIEW)
    return list(selectors.certificates_expiring(user=request.user, today=timezone.localdate()).order_by("valid_until"))


@router.get("/certification-rate", response=FiguresOut)
def certification_rate(request: AuthedRequest, unit: int | None = None, year: int | None = None) -> Any:
    """Return completers, certified completers and the rate."""
    require(request.user, Capability.TRAINING_VIEW)
    return selectors.certification_figures(user=request.user, unit_id=unit, year=year)


class AssessmentIn(Schema):
    lsp: int
    assessor: str
    assessor_number: str = ""
    test_site: str
    date: date


class AssessmentOut(Schema):
    id: int
    batch_id: int
    lsp_id: int
    assessor: str
    test_site: str
    date: date


class ResultIn(Schema):
    verdicts: dict[int, str]
    decision: str
    certificate_number: str = ""
    issued_on: date | None = None


class AssessmentDecisionOut(Schema):
    id: int
    enrollment_id: int
    verdict: str
    certificate_number: str | None

    @staticmethod
    def resolve_certificate_number(obj: Any) -> str | None:
        certificate = getattr(obj, "certificate", None)
        return certificate.number if certificate else None


@router.post("/batches/{batch_id}/assessments", response={201: AssessmentOut})
def assessment_create(request: AuthedRequest, batch_id: int, payload: AssessmentIn) -> Any:
    """Plan an assessment of the batch."""
    batch = training_selectors.get_batch_for_user(request.user, batch_id)
    data = payload.dict()
    lsp = Organization.objects.filter(pk=data.pop("lsp")).first()
    return Status(201, services.assessment_create(actor=request.user, batch=batch, lsp=lsp, **data))


@router.post("/assessments/{event_id}/participants/{enrollment_id}", response=AssessmentDecisionOut)
def assessment_record(request: AuthedRequest, event_id: int, enrollment_id: int, payload: ResultIn) -> Any:
    """Record K/BK per unit and the LSP decision; with a number, issue the certificate for Kompeten."""
    event = selectors.get_assessment_for_user(request.user, event_id)
    enrollment = training_selectors.get_enrollment_for_user(request.user, enrollment_id)
    decision = services.assessment_record(
        actor=request.user,
        event=event,
        enrollment=enrollment,
        verdicts=payload.verdicts,
        decision=payload.decision,
        certificate_number=payload.certificate_number or "",
        issued_on=payload.issued_on,
        today=training_selectors.batch_today(event.batch),
    )
    return decision


class AssessmentDetailOut(AssessmentOut):
    decisions: list[AssessmentDecisionOut]

    @staticmethod
    def resolve_decisions(obj: Any) -> list[Decision]:
        return list(Decision.objects.filter(event=obj).select_related("certificate").order_by("enrollment_id"))


@router.get("/assessments/{event_id}", response=AssessmentDetailOut)
def assessment_detail(request: AuthedRequest, event_id: int) -> Any:
    """Return an assessment event with the LSP decision and certificate number of each assessed participant."""
    return selectors.get_assessment_for_user(request.user, event_id)


@router.post("/assessments/{event_id}/bnsp-export", response={202: JobStarted})
def bnsp_export(request: AuthedRequest, event_id: int) -> Status:
    """Start the BNSP candidate report (every candidate, K and BK, with NIK; audited) as a background job: 202 with
    the job's address; its file is at the job's ``download_url`` once done."""
    selectors.get_assessment_for_user(request.user, event_id)  # another unit's assessment: 404
    return accepted(job_start(actor=request.user, kind=cert_jobs.KIND, params={"event": event_id}))


class BnspCertificatesIn(Schema):
    check: int


@router.post("/assessments/{event_id}/bnsp-certificates/check", response={202: JobStarted})
def bnsp_certificates_check(request: AuthedRequest, event_id: int, file: File[UploadedFile]) -> Status:
    """Dry run of BNSP's certificate list (multipart ``file``: XLSX or CSV with NIK, Nomor Sertifikat, Tanggal
    Terbit) for the assessment's candidates, as a background job: 202 with the job's address; once done, its summary
    counts the rows by action and its file lists each row with what the import would do and why. Writes nothing."""
    selectors.get_assessment_for_user(request.user, event_id)  # another unit's assessment: 404
    job = job_start(
        actor=request.user,
        kind=cert_jobs.CERTIFICATES_CHECK,
        params={"event": event_id},
        upload=(file.name or "", file),
    )
    return accepted(job)


@router.post("/assessments/{event_id}/bnsp-certificates", response={202: JobStarted})
def bnsp_certificates(request: AuthedRequest, event_id: int, payload: BnspCertificatesIn) -> Status:
    """Issue the certificates of a finished dry run (``check``: its job id) as a background job: 202 with the job's
    address; once done, its file lists each row with what it did."""
    event = selectors.get_assessment_for_user(request.user, event_id)
    cert_jobs.checked_certificates(request.user, payload.check, event=event)  # a dry run of another assessment: 404
    return accepted(job_start(actor=request.user, kind=cert_jobs.CERTIFICATES_IMPORT, params={"check": payload.check}))
