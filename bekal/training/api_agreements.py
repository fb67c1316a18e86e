"""Agreements changed through the API (parties, covered regencies, dates, further documents) and an interest
statement added after a nomination: the same selectors and services as the pages (``agreement_views.py``)."""

from datetime import date
from typing import Annotated, Any, ClassVar

from django.http import FileResponse, Http404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import StringConstraints

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.core.api_types import NO_NUL
from bekal.organizations.models import Organization, Region
from bekal.training import selectors, services
from bekal.training.api import AgreementOut, AttachmentOut, EnrollmentOut
from bekal.training.models import Agreement, AgreementAttachment, Enrollment

router = Router(tags=["training"])

RegionCode = Annotated[str, StringConstraints(max_length=13, pattern=NO_NUL)]


class AgreementPatch(Schema):
    patch_of: ClassVar[type[Agreement]] = Agreement

    title: str | None = None
    partners: list[int] | None = None  # organisation ids; the list replaces the partners
    programmes: list[int] | None = None
    regions: list[RegionCode] | None = None  # regency codes (Kemendagri); the list replaces the covered regencies
    proposal_date: date | None = None
    signing_date: date | None = None


class InterestIn(Schema):
    signed_on: date


@router.get("/agreements/{agreement_id}", response=AgreementOut)
def agreement_detail(request: AuthedRequest, agreement_id: int) -> Agreement:
    """Return one agreement with its partners, covered regencies and documents."""
    return selectors.get_agreement_for_user(request.user, agreement_id)


@router.patch("/agreements/{agreement_id}", response=AgreementOut)
def agreement_update(request: AuthedRequest, agreement_id: int, payload: AgreementPatch) -> Agreement:
    """Change an agreement's title, partners, programmes, covered regencies or its proposal and signing dates."""
    require(request.user, Capability.AGREEMENT_EDIT)
    agreement = selectors.get_agreement_for_user(request.user, agreement_id)
    data = payload.dict(exclude_unset=True)
    if data.get("partners") is not None:
        data["partners"] = list(Organization.objects.filter(pk__in=data["partners"]))
    if data.get("programmes") is not None:
        data["programmes"] = list(selectors.programmes_visible_to(request.user).filter(pk__in=data["programmes"]))
    if data.get("regions") is not None:
        data["regions"] = list(Region.objects.filter(pk__in=data["regions"], level=Region.Level.REGENCY))
    services.agreement_update(
        actor=request.user, agreement=agreement, **{k: v for k, v in data.items() if v is not None}
    )
    return selectors.get_agreement_for_user(request.user, agreement_id)


@router.post("/agreements/{agreement_id}/attachments", response={201: AttachmentOut})
def agreement_attach(request: AuthedRequest, agreement_id: int, title: Form[str], file: File[UploadedFile]) -> Any:
    """Add a further document (multipart ``title``, ``file``: a PDF within the upload limit) to an agreement."""
    require(request.user, Capability.AGREEMENT_EDIT)
    agreement = selectors.get_agreement_for_user(request.user, agreement_id)
    attachment: AgreementAttachment = services.agreement_attach(
        actor=request.user, agreement=agreement, title=title, file=file
    )
    return Status(201, attachment)


@router.get("/agreements/{agreement_id}/attachments/{attachment_id}", response={200: None})
def agreement_attachment(request: AuthedRequest, agreement_id: int, attachment_id: int) -> FileResponse:
    """Return a further document of an agreement the caller may see."""
    agreement = selectors.get_agreement_for_user(request.user, agreement_id)
    attachment = agreement.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return FileResponse(
        attachment.file.storage.open(attachment.file.name, "rb"),
        content_type="application/pdf",
        filename=f"{agreement.number}-{attachment.pk}.pdf",
    )


@router.post("/enrollments/{enrollment_id}/interest", response=EnrollmentOut)
def enrollment_interest(request: AuthedRequest, enrollment_id: int, payload: InterestIn) -> Enrollment:
    """Record (or correct) the date the person signed the interest statement, also after the nomination."""
    require(request.user, Capability.ENROLLMENT_EDIT)
    enrollment = selectors.get_enrollment_for_user(request.user, enrollment_id)
    return services.enrollment_record_interest(actor=request.user, enrollment=enrollment, signed_on=payload.signed_on)
