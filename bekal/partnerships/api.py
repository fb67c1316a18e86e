"""Partnerships API under /api/v1/partnerships/: the same selectors and services as the pages."""

from datetime import date
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import FileResponse, Http404
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from bekal.accounts.access import Capability, require
from bekal.accounts.models import User
from bekal.accounts.types import AuthedRequest
from bekal.core.api_types import BoundedPages
from bekal.core.lookups import object_or_invalid
from bekal.organizations.models import Official, Organization, Region
from bekal.organizations.time import unit_today
from bekal.partnerships import documents, forums, selectors, services
from bekal.partnerships.models import (
    Attendee,
    Award,
    Commitment,
    FollowUpAction,
    Forum,
    Meeting,
    Partnership,
    PartnershipStep,
)
from bekal.partnerships.views import pdf_bytes, pdf_file
from bekal.training.models import Agreement, Programme

router = Router(tags=["partnerships"])
Day = date  # a field named "date" shadows the type in its own annotation


def _orgs(ids: list[int], field: str) -> list[Organization]:
    found = [object_or_invalid(Organization, pk, field=field) for pk in ids]
    return [org for org in found if org is not None]


def _staff(request: AuthedRequest, capability: Capability) -> None:
    """Require the capability of staff: partner staff hold none of the partnership writes but their actions'."""
    require(request.user, capability)
    if selectors.partner_org(request.user) is not None:
        raise PermissionDenied(capability)


class AttendeeOut(Schema):
    organization_id: int
    official_id: int | None
    name: str
    position: str


class AttendeeIn(Schema):
    columns_of: ClassVar[type[models.Model]] = Attendee

    organization: int
    official: int | None = None
    name: str = ""
    position: str = ""


class ActionOut(Schema):
    id: int
    meeting_id: int
    description: str
    owner_user_id: int | None
    owner_org_id: int | None
    due_date: date
    status: str
    done_on: date | None


class ActionIn(Schema):
    columns_of: ClassVar[type[models.Model]] = FollowUpAction

    description: str
    due_date: date
    owner_user: int | None = None
    owner_org: int | None = None


class ActionStatusIn(Schema):
    status: str
    on: date


class MeetingOut(Schema):
    id: int
    unit_id: int
    partners: list[int]
    forum_id: int | None
    kind: str
    status: str
    date: date
    place: str
    agenda: str
    outcome: str
    has_minutes: bool

    @staticmethod
    def resolve_partners(obj: Meeting) -> list[int]:
        return sorted(p.pk for p in obj.partners.all())

    @staticmethod
    def resolve_has_minutes(obj: Meeting) -> bool:
        return bool(obj.minutes)


class MeetingDetailOut(MeetingOut):
    attendees: list[AttendeeOut]
    actions: list[ActionOut]


class MeetingIn(Schema):
    columns_of: ClassVar[type[models.Model]] = Meeting

    unit: int
    partners: list[int]
    kind: str
    date: date
    place: str
    agenda: str
    status: str = "held"
    outcome: str = ""
    forum: int | None = None
    attendees: list[AttendeeIn] = []


class MeetingPatch(Schema):
    patch_of: ClassVar[type[models.Model]] = Meeting

    date: Day | None = None
    place: str | None = None
    agenda: str | None = None
    outcome: str | None = None
    # Given, the list replaces the attendees; left out, they stay.
    attendees: list[AttendeeIn] | None = None


class MeetingStatusIn(Schema):
    columns_of: ClassVar[type[models.Model]] = Meeting

    status: str
    outcome: str = ""


class PartnershipStepOut(Schema):
    kind: str
    due_date: date | None
    done_on: date | None
    meeting_id: int | None
    agreement_id: int | None
    programmes: list[int]
    participants: int | None
    note: str
    has_document: bool

    @staticmethod
    def resolve_programmes(obj: PartnershipStep) -> list[int]:
        return sorted(p.pk for p in obj.programmes.all())

    @staticmethod
    def resolve_has_document(obj: PartnershipStep) -> bool:
        return bool(obj.document)


class PartnershipOut(Schema):
    id: int
    unit_id: int
    partners: list[int]
    title: str
    stage: str
    overdue: int
    steps: list[PartnershipStepOut]

    @staticmethod
    def resolve_partners(obj: Partnership) -> list[int]:
        return sorted(p.pk for p in obj.partners.all())

    @staticmethod
    def resolve_overdue(obj: Partnership) -> int:
        return getattr(obj, "overdue", 0)


class PartnershipIn(Schema):
    columns_of: ClassVar[type[models.Model]] = Partnership

    unit: int
    partners: list[int]
    title: str


class StepIn(Schema):
    columns_of: ClassVar[type[models.Model]] = PartnershipStep

    kind: str
    due_date: date | None = None
    done_on: date | None = None
    meeting: int | None = None
    agreement: int | None = None
    programmes: list[int] = []
    participants: int | None = None
    note: str = ""


class CommitmentOut(Schema):
    id: int
    forum_id: int
    meeting_id: int | None
    kind: str
    text: str
    owner_id: int | None
    number: int | None
    due_date: date | None
    status: str


class CommitmentIn(Schema):
    columns_of: ClassVar[type[models.Model]] = Commitment

    kind: str
    text: str
    owner: int | None = None
    number: int | None = None
    due_date: date | None = None
    meeting: int | None = None


class CommitmentStatusIn(Schema):
    status: str


class ContributionOut(Schema):
    batches: int
    trained: int
    certified: int
    placed: int


class MemberFiguresOut(Schema):
    organization_id: int
    name: str
    figures: ContributionOut


class ForumOut(Schema):
    id: int
    name: str
    region_id: str
    convener_id: int
    founded_on: date
    members: list[int]

    @staticmethod
    def resolve_members(obj: Forum) -> list[int]:
        return sorted(m.pk for m in obj.members.all())


class ForumDetailOut(Schema):
    id: int
    name: str
    region_id: str
    convener_id: int
    founded_on: date
    members: list[int]
    meetings: list[int]
    commitments: list[CommitmentOut]
    total: ContributionOut
    by_member: list[MemberFiguresOut]


class ForumIn(Schema):
    columns_of: ClassVar[type[models.Model]] = Forum

    name: str
    region: str
    convener: int
    members: list[int]
    founded_on: date


class ForumPatch(Schema):
    patch_of: ClassVar[type[models.Model]] = Forum

    name: str | None = None
    region: str | None = None


class MemberIn(Schema):
    organization: int


class AwardOut(Schema):
    id: int
    partner_id: int
    given_by_id: int
    unit_id: int | None
    meeting_id: int | None
    date: date
    title: str
    number: str
    has_document: bool
    has_minutes: bool

    @staticmethod
    def resolve_has_document(obj: Award) -> bool:
        return bool(obj.document)

    @staticmethod
    def resolve_has_minutes(obj: Award) -> bool:
        return bool(obj.minutes)


class AwardIn(Schema):
    columns_of: ClassVar[type[models.Model]] = Award

    partner: int
    given_by: int
    date: date
    title: str
    unit: int | None = None
    number: str = ""
    meeting: int | None = None


class PartnerOut(Schema):
    id: int
    name: str
    kind: str
    figures: ContributionOut
    awards: list[AwardOut]


class PartnerHomeOut(Schema):
    organization_id: int
    agreements: list[int]
    partnerships: list[PartnershipOut]
    batches: list[int]
    forums: list[ForumOut]
    awards: list[AwardOut]
    actions: list[ActionOut]


# The coordination log.


@router.get("/meetings", response=list[MeetingOut])
@paginate(BoundedPages)
def meeting_list(request: AuthedRequest) -> Any:
    """List the meetings and visits the caller may see, newest first."""
    return selectors.meeting_list(user=request.user)


@router.post("/meetings", response={201: MeetingDetailOut})
def meeting_create(request: AuthedRequest, payload: MeetingIn) -> Any:
    """Record a meeting or visit with its attendees; a held meeting is not dated after the unit's today."""
    _staff(request, Capability.PARTNERSHIP_EDIT)
    data = payload.dict()
    forum_id = data.pop("forum")
    data["forum"] = selectors.get_forum_for_user(request.user, forum_id) if forum_id else None
    data["unit"] = object_or_invalid(Organization, data["unit"], field="unit")
    data["partners"] = _orgs(data["partners"], "partners")
    data["attendees"] = _attendees(data["attendees"])
    meeting = services.meeting_create(actor=request.user, **data)
    return Status(201, selectors.get_meeting_for_user(request.user, meeting.pk))


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut)
def meeting_detail(request: AuthedRequest, meeting_id: int) -> Meeting:
    """Return a meeting with its attendees and follow-up actions."""
    return selectors.get_meeting_for_user(request.user, meeting_id)


def _attendees(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "organization": object_or_invalid(Organization, a["organization"], field="attendees"),
            "official": object_or_invalid(Official, a["official"], field="attendees"),
            "name": a["name"],
            "position": a["position"],
        }
        for a in rows
    ]


@router.patch("/meetings/{meeting_id}", response=MeetingDetailOut)
def meeting_update(request: AuthedRequest, meeting_id: int, payload: MeetingPatch) -> Meeting:
    """Correct a meeting's date, place, agenda, outcome or attendees; fields left out keep their value."""
    _staff(request, Capability.PARTNERSHIP_EDIT)
    meeting = selectors.get_meeting_for_user(request.user, meeting_id)
    data = payload.dict(exclude_unset=True)
    if payload.attendees is not None:  # each attendee whole: the defaults of the fields they leave out apply
        data["attendees"] = _attendees([a.dict() for a in payload.attendees])
    data = {key: value for key, value in data.items() if value is not None}
    services.meeting_update(actor=request.user, meeting=meeting, **data)
    return selectors.get_meeting_for_user(request.user, meeting_id)


@router.post("/meetings/{meeting_id}/status", response=MeetingDetailOut)
def meeting_status(request: AuthedRequest, meeting_id: int, payload: MeetingStatusIn) -> Meeting:
    """Mark a planned meeting held (not before its date) or cancelled."""
    _staff(request, Capability.PARTNERSHIP_EDIT)
    meeting = selectors.get_meeting_for_user(request.user, meeting_id)
    services.meeting_set_status(actor=request.user, meeting=meeting, **payload.dict())
    return selectors.get_meeting_for_user(request.user, meeting_id)


@router.post("/meetings/{meeting_id}/minutes", response=MeetingDetailOut)
def meeting_minutes_upload(request: AuthedRequest, meeting_id: int, minutes: File[UploadedFile]) -> Meeting:
    """Attach the signed minutes (multipart field ``minutes``, a PDF)."""
    _staff(request, Capability.PARTNERSHIP_EDIT)
    meeting = selectors.get_meeting_for_user(request.user, meeting_id)
    services.meeting_upload_minutes(actor=request.user, meeting=meeting, document=minutes)
    return selectors.get_meeting_for_user(request.user, meeting_id)


@router.get("/meetings/{meeting_id}/minutes.pdf", response={200: None})
def meeting_minutes(request: AuthedRequest, meeting_id: int) -> HttpResponseBase:
    """Return the minutes: the signed PDF when uploaded, else one generated from the record."""
    meeting = selectors.get_meeting_for_user(request.user, meeting_id)
    name = f"berita-acara-{meeting.date:%Y%m%d}-{meeting.pk}.pdf"
    if meeting.minutes:
        return pdf_file(meeting.minutes, name)
    return pdf_bytes(documents.meeting_minutes(meeting), name)


@router.post("/meetings/{meeting_id}/actions", response={201: ActionOut})
def action_create(request: AuthedRequest, meeting_id: int, payload: ActionIn) -> Any:
    """Add a follow-up action owned by a person or an organisation of either party."""
    _staff(request, Capability.PARTNERSHIP_EDIT)
    meeting = selectors.get_meeting_for_user(request.user, meeting_id)
    data = payload.dict()
    data["owner_user"] = object_or_invalid(User, data["owner_user"], field="owner_user")
    data["owner_org"] = object_or_invalid(Organization, data["owner_org"], field="owner_org")
    return Status(201, services.action_create(actor=request.user, meeting=meeting, **data))


@router.get("/actions", response=list[ActionOut])
@paginate(BoundedPages)
def action_list(request: AuthedRequest) -> Any:
    """List the open follow-up actions the caller owns, in person or through their organisation."""
    require(request.user, Capability.PARTNERSHIP_VIEW)
    return selectors.actions_owned_by(request.user)


@router.post("/actions/{action_id}/status", response=ActionOut)
def action_status(request: AuthedRequest, action_id: int, payload: ActionStatusIn) -> FollowUpAction:
    """Mark a follow-up action done (not after today) or cancelled; its owner or staff may."""
    action = selectors.get_action_for_user(request.user, action_id)
    return services.action_set_status(actor=request.user, action=action, **payload.dict())


# The pipeline.


@router.get("/pipeline", response=list[PartnershipOut])
@paginate(BoundedPages)
def pipeline(request: AuthedRequest, stage: str = "") -> Any:
    """List the partnerships the caller may see at their stage, with their overdue steps counted."""
    today = unit_today(request.user.organization)
    return selectors.pipeline(user=request.user, today=today, stage=stage)


@router.post("/pipeline", response={201: PartnershipOut})
def partnership_create(request: AuthedRequest, payload: PartnershipIn) -> Any:
    """Start a partnership at the idea step."""
    _staff(request, Capability.PARTNERSHIP_EDIT)
    partnership = services.partnership_create(
        actor=request.user,
        unit=object_or_invalid(Organization, payload.unit, field="unit"),
        partners=_orgs(payload.partners, "partners"),
        title=payload.title,
    )
    return Status(201, selectors.get_partnership_for_user(request.user, partnership.pk))


@router.get("/pipeline/{partnership_id}", response=PartnershipOut)
def partnership_detail(request: AuthedRequest, partnership_id: int) -> Partnership:
    """Return a partnership with its steps."""
    return selectors.get_partnership_for_user(request.user, partnership_id)


@router.post("/pipeline/{partnership_id}/steps", response=PartnershipOut)
def step_record(request: AuthedRequest, partnership_id: int, payload: StepIn) -> Partnership:
    """Record (or update) a step: due date, done date, the meeting, the agreement, the request."""
    _staff(request, Capability.PARTNERSHIP_EDIT)
    partnership = selectors.get_partnership_for_user(request.user, partnership_id)
    data = payload.dict()
    meeting_id, agreement_id = data.pop("meeting"), data.pop("agreement")
    data["meeting"] = selectors.get_meeting_for_user(request.user, meeting_id) if meeting_id else None
    data["agreement"] = object_or_invalid(Agreement, agreement_id, field="agreement")
    data["programmes"] = [object_or_invalid(Programme, pk, field="programmes") for pk in data["programmes"]]
    services.step_record(actor=request.user, partnership=partnership, **data)
    return selectors.get_partnership_for_user(request.user, partnership_id)


@router.post("/pipeline/{partnership_id}/steps/{kind}/document", response=PartnershipOut)
def step_document_upload(
    request: AuthedRequest, partnership_id: int, kind: str, document: File[UploadedFile]
) -> Partnership:
    """Attach a step's document (multipart field ``document``, a PDF): the proposal, for one."""
    _staff(request, Capability.PARTNERSHIP_EDIT)
    partnership = selectors.get_partnership_for_user(request.user, partnership_id)
    step = get_object_or_404(PartnershipStep, partnership=partnership, kind=kind)
    services.step_upload_document(actor=request.user, step=step, document=document)
    return selectors.get_partnership_for_user(request.user, partnership_id)


@router.get("/pipeline/{partnership_id}/steps/{kind}/document", response={200: None})
def step_document(request: AuthedRequest, partnership_id: int, kind: str) -> FileResponse:
    """Return a step's document."""
    partnership = selectors.get_partnership_for_user(request.user, partnership_id)
    step = next((s for s in partnership.steps.all() if s.kind == kind), None)
    if step is None or not step.document:
        raise Http404
    return pdf_file(step.document, f"{kind}-{partnership_id}.pdf")


# The forum.


def _forum_detail(request: AuthedRequest, forum_id: int) -> dict[str, Any]:
    forum = selectors.get_forum_for_user(request.user, forum_id)
    figures = selectors.forum_figures(forum)
    return {
        "id": forum.pk,
        "name": forum.name,
        "region_id": forum.region_id,
        "convener_id": forum.convener_id,
        "founded_on": forum.founded_on,
        "members": sorted(m.pk for m in forum.members.all()),
        "meetings": [m.pk for m in forum.meetings.all()],
        "commitments": list(forum.commitments.all()),
        "total": vars(figures.total),
        "by_member": [
            {"organization_id": org.pk, "name": org.name, "figures": vars(f)} for org, f in figures.by_member
        ],
    }


@router.get("/forums", response=list[ForumOut])
@paginate(BoundedPages)
def forum_list(request: AuthedRequest) -> Any:
    """List the forums the caller may see."""
    return selectors.forum_list(user=request.user).prefetch_related("members")


@router.post("/forums", response={201: ForumDetailOut})
def forum_create(request: AuthedRequest, payload: ForumIn) -> Any:
    """Found a forum of a province or regency."""
    _staff(request, Capability.PARTNERSHIP_EDIT)
    forum = forums.forum_create(
        actor=request.user,
        name=payload.name,
        region=object_or_invalid(Region, payload.region, field="region"),
        convener=object_or_invalid(Organization, payload.convener, field="convener"),
        members=_orgs(payload.members, "members"),
        founded_on=payload.founded_on,
    )
    return Status(201, _forum_detail(request, forum.pk))


@router.get("/forums/{forum_id}", response=ForumDetailOut)
def forum_detail(request: AuthedRequest, forum_id: int) -> dict[str, Any]:
    """Return a forum with its members, meetings, decisions and commitments and the members' figures."""
    return _forum_detail(request, forum_id)


@router.patch("/forums/{forum_id}", response=ForumDetailOut)
def forum_update(request: AuthedRequest, forum_id: int, payload: ForumPatch) -> dict[str, Any]:
    """Rename a forum or change its province or regency (its convener's staff); fields left out keep their value."""
    _staff(request, Capability.PARTNERSHIP_EDIT)
    forum = selectors.get_forum_for_user(request.user, forum_id)
    data = payload.dict(exclude_unset=True)
    region = object_or_invalid(Region, data["region"], field="region") if data.get("region") else None
    forums.forum_update(actor=request.user, forum=forum, name=data.get("name"), region=region)
    return _forum_detail(request, forum_id)


@router.post("/forums/{forum_id}/members", response=ForumDetailOut)
def forum_member_add(request: AuthedRequest, forum_id: int, payload: MemberIn) -> dict[str, Any]:
    """Add a member organisation."""
    _staff(request, Capability.PARTNERSHIP_EDIT)
    forum = selectors.get_forum_for_user(request.user, forum_id)
    org = object_or_invalid(Organization, payload.organization, field="organization")
    assert org is not None
    forums.forum_add_member(actor=request.user, forum=forum, organization=org)
    return _forum_detail(request, forum_id)


@router.post("/forums/{forum_id}/commitments", response={201: CommitmentOut})
def commitment_create(request: AuthedRequest, forum_id: int, payload: CommitmentIn) -> Any:
    """Record a decision of the forum or a member's commitment."""
    _staff(request, Capability.PARTNERSHIP_EDIT)
    forum = selectors.get_forum_for_user(request.user, forum_id)
    data = payload.dict()
    data["owner"] = object_or_invalid(Organization, data["owner"], field="owner")
    data["meeting"] = object_or_invalid(Meeting, data["meeting"], field="meeting")
    return Status(201, forums.commitment_create(actor=request.user, forum=forum, **data))


@router.post("/commitments/{commitment_id}/status", response=CommitmentOut)
def commitment_status(request: AuthedRequest, commitment_id: int, payload: CommitmentStatusIn) -> Commitment:
    """Mark a commitment done or cancelled (or open again)."""
    _staff(request, Capability.PARTNERSHIP_EDIT)
    commitment = selectors.get_commitment_for_user(request.user, commitment_id)
    return forums.commitment_set_status(actor=request.user, commitment=commitment, status=payload.status)


# Awards and partners.


@router.get("/awards", response=list[AwardOut])
@paginate(BoundedPages)
def award_list(request: AuthedRequest) -> Any:
    """List the awards the caller may see."""
    return selectors.awards_visible_to(request.user)


@router.post("/awards", response={201: AwardOut})
def award_create(request: AuthedRequest, payload: AwardIn) -> Any:
    """Record an award given to a partner by a Kanwil or unit."""
    _staff(request, Capability.PARTNERSHIP_EDIT)
    data = payload.dict()
    for key in ("partner", "given_by", "unit"):
        data[key] = object_or_invalid(Organization, data[key], field=key)
    meeting_id = data.pop("meeting")
    data["meeting"] = selectors.get_meeting_for_user(request.user, meeting_id) if meeting_id else None
    return Status(201, forums.award_create(actor=request.user, **data))


@router.post("/awards/{award_id}/documents", response=AwardOut)
def award_documents(
    request: AuthedRequest,
    award_id: int,
    document: File[UploadedFile | None] = None,
    minutes: File[UploadedFile | None] = None,
) -> Award:
    """Attach the signed award and the minutes of its handover (multipart ``document``, ``minutes``; PDFs)."""
    _staff(request, Capability.PARTNERSHIP_EDIT)
    award = selectors.get_award_for_user(request.user, award_id)
    return forums.award_attach_documents(actor=request.user, award=award, document=document, minutes=minutes)


@router.get("/awards/{award_id}/document.pdf", response={200: None})
def award_document(request: AuthedRequest, award_id: int) -> HttpResponseBase:
    """Return the award: the signed PDF when uploaded, else one generated from the record."""
    award = selectors.get_award_for_user(request.user, award_id)
    name = f"piagam-{award.date:%Y%m%d}-{award.pk}.pdf"
    if award.document:
        return pdf_file(award.document, name)
    return pdf_bytes(documents.award_certificate(award), name)


@router.get("/partners/{organization_id}", response=PartnerOut)
def partner_detail(request: AuthedRequest, organization_id: int) -> dict[str, Any]:
    """Return a partner's contribution figures (as the caller may see them) and its awards."""
    partner = selectors.get_partner_for_user(request.user, organization_id)
    return {
        "id": partner.pk,
        "name": partner.name,
        "kind": partner.kind,
        "figures": vars(selectors.partner_figures(user=request.user, partner=partner)),
        "awards": list(selectors.awards_visible_to(request.user).filter(partner=partner)),
    }


@router.get("/mine", response=PartnerHomeOut)
def mine(request: AuthedRequest) -> dict[str, Any]:
    """Return a partner's own page: agreements, partnerships, batches, forums, awards, open follow-up actions."""
    require(request.user, Capability.PARTNERSHIP_VIEW)
    org = selectors.partner_org(request.user)
    if org is None:
        raise PermissionDenied(Capability.PARTNERSHIP_VIEW)
    summary = selectors.partner_home(user=request.user, today=unit_today(org))
    return {
        "organization_id": org.pk,
        "agreements": [a.pk for a in summary.agreements],
        "partnerships": summary.partnerships,
        "batches": [b.pk for b in summary.batches],
        "forums": summary.forums,
        "awards": summary.awards,
        "actions": summary.actions,
    }
