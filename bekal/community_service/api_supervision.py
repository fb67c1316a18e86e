"""Supervision sentences (creation, breaches) and litmas over the API: the same services and scope as
their pages (``community_service/views/supervision.py`` and ``litmas.py``)."""

from datetime import date
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from bekal.accounts.access import Capability, require
from bekal.accounts.models import User
from bekal.accounts.types import AuthedRequest
from bekal.community_service.api import SentenceOut, _sentence_out
from bekal.community_service.models import BreachCase, SupervisionSentence
from bekal.community_service.selectors import litmas as litmas_selectors
from bekal.community_service.selectors import supervision as supervision_selectors
from bekal.community_service.services import litmas as litmas_services
from bekal.community_service.services import supervision as supervision_services
from bekal.core.lookups import object_or_invalid
from bekal.organizations.models import Organization
from bekal.organizations.time import unit_today
from bekal.people import selectors as people_selectors

router = Router(tags=["community-service"])


class SentenceIn(Schema):
    columns_of: ClassVar[type[models.Model]] = SupervisionSentence

    unit: int
    officer: int | None = None
    start_date: date
    court: int
    decision_number: str
    decision_date: date
    offence: str
    threatened_prison_months: int
    term_months: int
    prosecutor_office: int | None = None
    special_conditions: str = ""


class BreachIn(Schema):
    columns_of: ClassVar[type[models.Model]] = BreachCase

    condition: str
    advised_on: date
    advice: str


class BreachAdvanceIn(Schema):
    stage: str
    on: date
    text: str = ""
    outcome: str = ""
    extension_months: int | None = None


class BreachOut(Schema):
    id: int
    sentence_id: int
    condition: str
    stage: str
    advised_on: date
    advice: str
    proposed_on: date | None
    proposal: str
    decided_on: date | None
    outcome: str
    extension_months: int | None
    decision_note: str


class LitmasIn(Schema):
    unit: int
    officer: int
    date: date
    purpose: str
    recommendation: str


class LitmasOut(Schema):
    id: int
    person_id: int
    unit_id: int
    officer_id: int | None
    date: date
    purpose: str
    recommendation: str
    has_document: bool

    @staticmethod
    def resolve_has_document(obj: Any) -> bool:
        return bool(obj.document)


@router.post("/people/{person_id}/supervision-sentences", response={201: SentenceOut})
def sentence_create(request: AuthedRequest, person_id: int, payload: SentenceIn) -> Any:
    """Record a supervision sentence (pidana pengawasan) with its supervision period."""
    require(request.user, Capability.COMMUNITY_EDIT)
    person = people_selectors.get_person_for_user(request.user, person_id)
    data = payload.dict()
    unit = object_or_invalid(Organization, data.pop("unit"), field="unit")
    officer = object_or_invalid(User, data.pop("officer"), field="officer")
    data["court"] = object_or_invalid(Organization, data["court"], field="court")
    data["prosecutor_office"] = object_or_invalid(Organization, data["prosecutor_office"], field="prosecutor_office")
    sentence = supervision_services.sentence_create(
        actor=request.user, person=person, unit=unit, officer=officer, start_date=data.pop("start_date"), **data
    )
    sentence = supervision_selectors.get_sentence_for_user(request.user, sentence.pk)
    return Status(201, _sentence_out(sentence, today=unit_today(sentence.period.unit)))


@router.get("/supervision-sentences/{sentence_id}/breaches", response=list[BreachOut])
def breach_list(request: AuthedRequest, sentence_id: int) -> Any:
    """Return the breaches of a sentence's special conditions, oldest first."""
    sentence = supervision_selectors.get_sentence_for_user(request.user, sentence_id)
    return list(sentence.breaches.order_by("advised_on", "id"))


@router.post("/supervision-sentences/{sentence_id}/breaches", response={201: BreachOut})
def breach_create(request: AuthedRequest, sentence_id: int, payload: BreachIn) -> Any:
    """Open a breach of a special condition with the PK's advice (KUHP Pasal 77)."""
    require(request.user, Capability.COMMUNITY_EDIT)
    sentence = supervision_selectors.get_sentence_for_user(request.user, sentence_id)
    return Status(201, supervision_services.breach_open(actor=request.user, sentence=sentence, **payload.dict()))


@router.post("/breaches/{case_id}/advance", response=BreachOut)
def breach_advance(request: AuthedRequest, case_id: int, payload: BreachAdvanceIn) -> Any:
    """Record the next stage of a breach: the prosecutor's proposal, then the court's decision."""
    require(request.user, Capability.COMMUNITY_EDIT)
    case = get_object_or_404(
        BreachCase, pk=case_id, sentence__in=supervision_selectors.sentences_visible_to(request.user)
    )
    return supervision_services.breach_advance(actor=request.user, case=case, **payload.dict())


@router.get("/people/{person_id}/litmas", response=list[LitmasOut])
def litmas_list(request: AuthedRequest, person_id: int) -> Any:
    """Return a person's litmas written at the caller's units."""
    person = people_selectors.get_person_for_user(request.user, person_id)
    return list(litmas_selectors.litmas_visible_to(request.user).filter(person=person).order_by("-date", "-id"))


@router.post("/people/{person_id}/litmas", response={201: LitmasOut})
def litmas_create(request: AuthedRequest, person_id: int, payload: LitmasIn) -> Any:
    """Record a litmas written by a PK of the Bapas (its PDF is attached by ``POST /litmas/{id}/document``)."""
    require(request.user, Capability.COMMUNITY_EDIT)
    person = people_selectors.get_person_for_user(request.user, person_id)
    data = payload.dict()
    unit = object_or_invalid(Organization, data.pop("unit"), field="unit")
    if unit is None:
        raise ValidationError({"unit": _("Choose the Bapas that wrote the litmas")})
    officer = object_or_invalid(User, data.pop("officer"), field="officer")
    report = litmas_services.litmas_create(actor=request.user, person=person, unit=unit, officer=officer, **data)
    return Status(201, report)


@router.post("/litmas/{litmas_id}/document", response=LitmasOut)
def litmas_document_upload(request: AuthedRequest, litmas_id: int, document: File[UploadedFile]) -> Any:
    """Attach the signed PDF (multipart field ``document``) to a litmas recorded without one; anything but a PDF
    within the upload size limit is refused, and a litmas that has its PDF keeps it."""
    require(request.user, Capability.COMMUNITY_EDIT)
    report = litmas_selectors.get_litmas_for_user(request.user, litmas_id)
    return litmas_services.litmas_attach_document(actor=request.user, report=report, document=document)


@router.get("/litmas/{litmas_id}/document", response={200: None})
def litmas_document_download(request: AuthedRequest, litmas_id: int) -> FileResponse:
    """Return the signed PDF of a litmas of the caller's units."""
    report = litmas_selectors.get_litmas_for_user(request.user, litmas_id)
    if not report.document:
        raise Http404
    return FileResponse(
        report.document.storage.open(report.document.name, "rb"),
        content_type="application/pdf",
        filename=f"litmas-{report.pk}.pdf",
    )
