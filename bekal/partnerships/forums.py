"""Writes of the Forum Komunikasi Tenaga Kerja (its members, decisions and commitments) and of awards to partners."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record, changed_fields, created_diff, snapshot
from bekal.core.formats import readable
from bekal.core.races import refuse_duplicate
from bekal.core.uploads import check_uploaded_file
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.organizations.scope import unit_scope
from bekal.organizations.time import unit_today
from bekal.partnerships.models import ActionStatus, Award, Commitment, CommitmentKind, Forum, Meeting
from bekal.partnerships.selectors import OFFICE_KINDS
from bekal.partnerships.services import UNIT_KINDS, check_partners

FORUM_FIELDS = ["name", "region", "convener", "founded_on"]
COMMITMENT_FIELDS = ["kind", "text", "owner", "number", "due_date", "status", "meeting"]
AWARD_FIELDS = ["partner", "given_by", "unit", "date", "title", "number", "meeting"]


@transaction.atomic
def forum_create(
    *,
    actor: Any,
    name: str,
    region: Region | None,
    convener: Organization | None,
    members: list[Organization],
    founded_on: date,
) -> Forum:
    """Found a forum of a province or regency, convened by a Kanwil or unit in the actor's scope."""
    require(actor, Capability.PARTNERSHIP_EDIT)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give the forum a name")
    if region is None:
        errors["region"] = _("Choose the province or regency of the forum")
    if convener is None or convener.kind not in UNIT_KINDS or not unit_scope(actor).contains(convener.pk):
        errors["convener"] = _("Choose one of your units or your Kanwil")
    if not members:
        errors["members"] = _("Name at least one member")
    if errors:
        raise ValidationError(errors)
    assert region is not None and convener is not None
    taken = _("A forum named %(name)s already exists") % {"name": name.strip()}
    if Forum.objects.filter(name=name.strip()).exists():
        raise ValidationError({"name": taken})
    with refuse_duplicate(constraint=("forum_name_unique", "partnerships_forum.name"), field="name", message=taken):
        forum = Forum.objects.create(name=name.strip(), region=region, convener=convener, founded_on=founded_on)
    forum.members.set({convener, *members})
    audit_record(
        code="partnerships.forum.created",
        actor=actor,
        unit=convener,
        obj=forum,
        changes=created_diff(snapshot(forum, FORUM_FIELDS)) | {"members": [None, sorted(m.pk for m in members)]},
    )
    return forum


def may_edit_forum(user: Any, forum: Forum) -> bool:
    """Return whether the user is staff of the forum's convener (or of its Kanwil, or the directorate)."""
    return unit_scope(user).contains(forum.convener_id)


@transaction.atomic
def forum_update(*, actor: Any, forum: Forum, name: str | None = None, region: Region | None = None) -> Forum:
    """Rename a forum or change its province or regency; only its convener's staff (or their Kanwil) may. The name
    stays unique (a race ends in one name and a refusal)."""
    require(actor, Capability.PARTNERSHIP_EDIT)
    forum = Forum.objects.select_for_update().get(pk=forum.pk)
    if not may_edit_forum(actor, forum):
        raise PermissionDenied(_("Only the staff of the forum's convener may change it"))
    before = snapshot(forum, FORUM_FIELDS)
    if name is not None:
        if not name.strip():
            raise ValidationError({"name": _("Give the forum a name")})
        forum.name = name.strip()
    taken = _("A forum named %(name)s already exists") % {"name": forum.name}
    if Forum.objects.filter(name=forum.name).exclude(pk=forum.pk).exists():
        raise ValidationError({"name": taken})
    if region is not None:
        forum.region = region
    with refuse_duplicate(constraint=("forum_name_unique", "partnerships_forum.name"), field="name", message=taken):
        forum.save(update_fields=["name", "region"])
    audit_record(
        code="partnerships.forum.updated",
        actor=actor,
        unit=forum.convener,
        obj=forum,
        changes=changed_fields(before, snapshot(forum, FORUM_FIELDS)),
    )
    return forum


@transaction.atomic
def forum_add_member(*, actor: Any, forum: Forum, organization: Organization) -> Forum:
    """Add a member organisation to a forum (a no-op refused when it already is one)."""
    require(actor, Capability.PARTNERSHIP_EDIT)
    if forum.members.filter(pk=organization.pk).exists():
        raise ValidationError({"organization": _("%(org)s is already a member") % {"org": organization}})
    forum.members.add(organization)
    audit_record(
        code="partnerships.forum.member_added",
        actor=actor,
        unit=forum.convener,
        obj=forum,
        changes={"members": [None, organization.pk]},
    )
    return forum


@transaction.atomic
def commitment_create(
    *,
    actor: Any,
    forum: Forum,
    kind: str,
    text: str,
    owner: Organization | None = None,
    number: int | None = None,
    due_date: date | None = None,
    meeting: Meeting | None = None,
) -> Commitment:
    """Record a forum's decision, or a member's commitment (an owner member, and a number or a due date)."""
    require(actor, Capability.PARTNERSHIP_EDIT)
    errors: dict[str, str] = {}
    if kind not in CommitmentKind.values:
        errors["kind"] = _("Kind %(value)s is not one of the allowed values") % {"value": kind}
    if not text.strip():
        errors["text"] = _("Say what was decided or committed")
    if kind == CommitmentKind.COMMITMENT and owner is None:
        errors["owner"] = _("A commitment names the member that made it")
    if owner is not None and not forum.members.filter(pk=owner.pk).exists():
        errors["owner"] = _("%(org)s is not a member of the forum") % {"org": owner}
    if meeting is not None and meeting.forum_id != forum.pk:
        errors["meeting"] = _("The meeting of %(date)s is not one of the forum's") % readable({"date": meeting.date})
    if errors:
        raise ValidationError(errors)
    commitment = Commitment.objects.create(
        forum=forum, kind=kind, text=text.strip(), owner=owner, number=number, due_date=due_date, meeting=meeting
    )
    audit_record(
        code="partnerships.commitment.created",
        actor=actor,
        unit=forum.convener,
        obj=commitment,
        changes=created_diff(snapshot(commitment, COMMITMENT_FIELDS)),
    )
    return commitment


@transaction.atomic
def commitment_set_status(*, actor: Any, commitment: Commitment, status: str) -> Commitment:
    """Mark a commitment done or cancelled (or open again)."""
    require(actor, Capability.PARTNERSHIP_EDIT)
    commitment = Commitment.objects.select_for_update().select_related("forum__convener").get(pk=commitment.pk)
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Status %(value)s is not one of the allowed values") % {"value": status}})
    if status == commitment.status:
        raise ValidationError(
            {"status": _("The commitment is already %(value)s") % {"value": commitment.get_status_display().lower()}}
        )
    before = snapshot(commitment, COMMITMENT_FIELDS)
    commitment.status = status
    commitment.save(update_fields=["status"])
    audit_record(
        code="partnerships.commitment.status_changed",
        actor=actor,
        unit=commitment.forum.convener,
        obj=commitment,
        changes=changed_fields(before, snapshot(commitment, COMMITMENT_FIELDS)),
    )
    return commitment


@transaction.atomic
def award_create(
    *,
    actor: Any,
    partner: Organization | None,
    given_by: Organization | None,
    date: date,
    title: str,
    unit: Organization | None = None,
    number: str = "",
    meeting: Meeting | None = None,
    document: UploadedFile | None = None,
    minutes: UploadedFile | None = None,
) -> Award:
    """Record a piagam penghargaan given to a partner by a Kanwil or unit in the actor's scope (and handed over at
    ``unit``), dated no later than the giver's today."""
    require(actor, Capability.PARTNERSHIP_EDIT)
    errors: dict[str, str] = {}
    scope = unit_scope(actor)
    if partner is None:
        errors["partner"] = _("Choose the partner")
    else:
        check_partners([partner], errors, field="partner")
    if given_by is None or given_by.kind not in [*UNIT_KINDS, OrganizationKind.DITJENPAS]:
        errors["given_by"] = _("Awards are given by a Kanwil, a unit or the directorate")
    elif not scope.contains(given_by.pk):
        errors["given_by"] = _("Choose one of your units or your Kanwil")
    if unit is not None and unit.kind not in OFFICE_KINDS:
        errors["unit"] = _("The award is handed over at a unit")
    if not title.strip():
        errors["title"] = _("Say what the award is for")
    if meeting is not None and partner is not None and not meeting.partners.filter(pk=partner.pk).exists():
        errors["meeting"] = _("%(partner)s did not take part in the meeting of %(date)s") % readable(
            {"partner": partner, "date": meeting.date}
        )
    if given_by is not None and "given_by" not in errors and date > unit_today(given_by):
        errors["date"] = _("Award date %(date)s is after today (%(today)s)") % readable(
            {"date": date, "today": unit_today(given_by)}
        )
    if errors:
        raise ValidationError(errors)
    for upload, field in ((document, "document"), (minutes, "minutes")):
        if upload is not None:
            check_uploaded_file(upload, kind="document", field=field)
    assert partner is not None and given_by is not None
    award = Award.objects.create(
        partner=partner,
        given_by=given_by,
        unit=unit,
        date=date,
        title=title.strip(),
        number=number.strip(),
        meeting=meeting,
        document=document or "",
        minutes=minutes or "",
    )
    audit_record(
        code="partnerships.award.created",
        actor=actor,
        unit=unit or given_by,
        obj=award,
        changes=created_diff(snapshot(award, AWARD_FIELDS)),
    )
    return award


@transaction.atomic
def award_attach_documents(
    *, actor: Any, award: Award, document: UploadedFile | None = None, minutes: UploadedFile | None = None
) -> Award:
    """Attach the signed award and the minutes of its handover (berita acara), each a PDF."""
    require(actor, Capability.PARTNERSHIP_EDIT)
    if document is None and minutes is None:
        raise ValidationError({"document": _("Send the award's PDF, the minutes' PDF or both")})
    for upload, field in ((document, "document"), (minutes, "minutes")):
        if upload is not None:
            check_uploaded_file(upload, kind="document", field=field)
    award = Award.objects.select_for_update().select_related("given_by", "unit").get(pk=award.pk)
    if document is not None:
        award.document = document  # type: ignore[assignment]
    if minutes is not None:
        award.minutes = minutes  # type: ignore[assignment]
    award.save(update_fields=["document", "minutes"])
    changes = {"document": [None, award.document.name], "minutes": [None, award.minutes.name]}
    audit_record(
        code="partnerships.award.documents_attached",
        actor=actor,
        unit=award.unit or award.given_by,
        obj=award,
        changes=changes,
    )
    return award
