"""Writes of the coordination log (meetings, attendees, follow-up actions) and of the pipeline. Forums and awards are
in ``forums.py``. Every write is one function in one transaction, audited."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can, require
from bekal.audit.services import audit_record, changed_fields, created_diff, snapshot
from bekal.core.formats import readable
from bekal.core.uploads import check_uploaded_file
from bekal.organizations.models import Official, Organization, OrganizationKind
from bekal.organizations.scope import unit_scope
from bekal.organizations.time import unit_today
from bekal.partnerships.models import (
    STAGE_ORDER,
    ActionStatus,
    Attendee,
    FollowUpAction,
    Forum,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Partnership,
    PartnershipStep,
    Stage,
)
from bekal.partnerships.selectors import OFFICE_KINDS, partner_org
from bekal.training.models import Agreement, AgreementKind, Programme

MEETING_FIELDS = ["unit", "forum", "kind", "status", "date", "place", "agenda", "outcome"]
ACTION_FIELDS = ["description", "owner_user", "owner_org", "due_date", "status", "done_on"]
STEP_FIELDS = ["kind", "due_date", "done_on", "meeting", "agreement", "participants", "note"]
UNIT_KINDS = [*OrganizationKind.correctional_units(), OrganizationKind.KANWIL]
# Which agreement kind a step links to: the MoU step an MoU, the PKS step a PKS, a renewal either.
STEP_AGREEMENT_KINDS = {Stage.MOU: [AgreementKind.MOU], Stage.PKS: [AgreementKind.PKS]}


def check_unit(actor: Any, unit: Organization | None, errors: dict[str, str]) -> None:
    """Refuse a unit that is not one of the actor's units or their Kanwil."""
    if unit is None or unit.kind not in UNIT_KINDS or not unit_scope(actor).contains(unit.pk):
        errors["unit"] = _("Choose one of your units or your Kanwil")


def check_partners(partners: list[Organization], errors: dict[str, str], field: str = "partners") -> None:
    """Refuse no partner, or a correctional unit or office given as a partner."""
    if not partners:
        errors[field] = _("Name at least one partner")
    elif any(p.kind in OFFICE_KINDS for p in partners):
        names = ", ".join(p.name for p in partners if p.kind in OFFICE_KINDS)
        errors[field] = _(
            "%(names)s is not a partner: partners are training centres, manpower offices, LSPs, Kodim and employers"
        ) % {"names": names}


def _check_pdf(document: UploadedFile | None, field: str) -> None:
    if document is not None:
        check_uploaded_file(document, kind="document", field=field)


def _check_attendees(
    attendees: list[dict[str, Any]], parties: set[int], errors: dict[str, str]
) -> list[dict[str, Any]]:
    clean = []
    for row in attendees:
        org, official = row.get("organization"), row.get("official")
        name, position = (row.get("name") or "").strip(), (row.get("position") or "").strip()
        if official is not None:
            name, position = name or official.name, position or official.position
        if org is None or org.pk not in parties:
            errors["attendees"] = _("Attendee %(name)s is of neither the unit nor a partner of the meeting") % {
                "name": name or "?"
            }
        elif official is not None and official.unit_id != org.pk:
            errors["attendees"] = _("%(name)s is not an official of %(org)s") % {"name": official.name, "org": org}
        elif not name or not position:
            errors["attendees"] = _("Give each attendee's name and position")
        clean.append({"organization": org, "official": official, "name": name[:150], "position": position[:200]})
    return clean


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
    unit: Organization | None,
    partners: list[Organization],
    kind: str,
    date: date,
    place: str,
    agenda: str,
    status: str = MeetingStatus.HELD,
    outcome: str = "",
    forum: Forum | None = None,
    attendees: list[dict[str, Any]] | None = None,
    minutes: UploadedFile | None = None,
) -> Meeting:
    """Record a meeting or visit; one held must not be dated after the unit's today (plan a future one instead)."""
    require(actor, Capability.PARTNERSHIP_EDIT)
    errors: dict[str, str] = {}
    check_unit(actor, unit, errors)
    check_partners(partners, errors)
    if kind not in MeetingKind.values:
        errors["kind"] = _("Meeting kind %(value)s is not one of the allowed values") % {"value": kind}
    if status not in (MeetingStatus.PLANNED, MeetingStatus.HELD):
        errors["status"] = _("A new meeting is planned or held, not %(value)s") % {"value": status}
    if unit is not None and status == MeetingStatus.HELD:
        today = unit_today(unit)
        if date > today:
            errors["date"] = _(
                "A meeting held on %(date)s is after today (%(today)s); record a future meeting as planned"
            ) % readable({"date": date, "today": today})
    if not place.strip():
        errors["place"] = _("Give the place of the meeting")
    if not agenda.strip():
        errors["agenda"] = _("Give the agenda of the meeting")
    parties = {p.pk for p in partners} | ({unit.pk} if unit else set())
    rows = _check_attendees(attendees or [], parties, errors)
    if errors:
        raise ValidationError(errors)
    _check_pdf(minutes, "minutes")
    assert unit is not None
    meeting = Meeting.objects.create(
        unit=unit,
        kind=kind,
        status=status,
        date=date,
        place=place.strip(),
        agenda=agenda.strip(),
        outcome=outcome.strip(),
        forum=forum,
        minutes=minutes or "",
        created_by=actor,
    )
    meeting.partners.set(partners)
    Attendee.objects.bulk_create([Attendee(meeting=meeting, **row) for row in rows])
    audit_record(
        code="partnerships.meeting.created",
        actor=actor,
        unit=unit,
        obj=meeting,
        changes=created_diff(snapshot(meeting, MEETING_FIELDS))
        | {"partners": [None, [p.pk for p in partners]], "attendees": [None, [r["name"] for r in rows]]},
    )
    return meeting


@transaction.atomic
def meeting_set_status(*, actor: Any, meeting: Meeting, status: str, outcome: str = "") -> Meeting:
    """Mark a planned meeting held (not before its date) or cancelled, with its outcome."""
    require(actor, Capability.PARTNERSHIP_EDIT)
    meeting = Meeting.objects.select_for_update().select_related("unit").get(pk=meeting.pk)
    if meeting.status != MeetingStatus.PLANNED or status not in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise ValidationError(
            {
                "status": _("A %(from)s meeting cannot become %(to)s")
                % {"from": meeting.get_status_display().lower(), "to": status}
            }
        )
    today = unit_today(meeting.unit)
    if status == MeetingStatus.HELD and meeting.date > today:
        raise ValidationError(
            {
                "status": _("The meeting is planned for %(date)s, after today (%(today)s): it cannot be held yet")
                % readable({"date": meeting.date, "today": today})
            }
        )
    before = snapshot(meeting, MEETING_FIELDS)
    meeting.status = status
    if outcome.strip():
        meeting.outcome = outcome.strip()
    meeting.save(update_fields=["status", "outcome"])
    audit_record(
        code=f"partnerships.meeting.{status}",
        actor=actor,
        unit=meeting.unit,
        obj=meeting,
        changes=changed_fields(before, snapshot(meeting, MEETING_FIELDS)),
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: Any,
    meeting: Meeting,
    date: date | None = None,
    place: str | None = None,
    agenda: str | None = None,
    outcome: str | None = None,
    attendees: list[dict[str, Any]] | None = None,
) -> Meeting:
    """Correct a meeting's date, place, agenda, outcome or attendees (what is left out keeps its value; attendees given
    replace the list); the rules of a new meeting hold: a held meeting is not dated after the unit's today, attendees
    belong to the unit or a partner."""
    require(actor, Capability.PARTNERSHIP_EDIT)
    meeting = Meeting.objects.select_for_update().select_related("unit").get(pk=meeting.pk)
    before = snapshot(meeting, MEETING_FIELDS)
    errors: dict[str, str] = {}
    day = meeting.date if date is None else date
    today = unit_today(meeting.unit)
    if meeting.status == MeetingStatus.HELD and day > today:
        errors["date"] = _(
            "A meeting held on %(date)s is after today (%(today)s); record a future meeting as planned"
        ) % readable({"date": day, "today": today})
    if place is not None and not place.strip():
        errors["place"] = _("Give the place of the meeting")
    if agenda is not None and not agenda.strip():
        errors["agenda"] = _("Give the agenda of the meeting")
    rows: list[dict[str, Any]] = []
    if attendees is not None:
        parties = set(meeting.partners.values_list("pk", flat=True)) | {meeting.unit_id}
        rows = _check_attendees(attendees, parties, errors)
    if errors:
        raise ValidationError(errors)
    meeting.date = day
    for field, value in (("place", place), ("agenda", agenda), ("outcome", outcome)):
        if value is not None:
            setattr(meeting, field, value.strip())
    meeting.save(update_fields=["date", "place", "agenda", "outcome"])
    changes = changed_fields(before, snapshot(meeting, MEETING_FIELDS))
    if attendees is not None:
        old = list(meeting.attendees.values_list("name", flat=True))
        meeting.attendees.all().delete()
        Attendee.objects.bulk_create([Attendee(meeting=meeting, **row) for row in rows])
        if old != [r["name"] for r in rows]:
            changes["attendees"] = [old, [r["name"] for r in rows]]
    audit_record(code="partnerships.meeting.updated", actor=actor, unit=meeting.unit, obj=meeting, changes=changes)
    return meeting


@transaction.atomic
def meeting_upload_minutes(*, actor: Any, meeting: Meeting, document: UploadedFile) -> Meeting:
    """Attach the signed minutes (berita acara) as a PDF."""
    require(actor, Capability.PARTNERSHIP_EDIT)
    _check_pdf(document, "minutes")
    meeting = Meeting.objects.select_for_update().select_related("unit").get(pk=meeting.pk)
    meeting.minutes = document  # type: ignore[assignment]
    meeting.save(update_fields=["minutes"])
    audit_record(
        code="partnerships.meeting.minutes_uploaded",
        actor=actor,
        unit=meeting.unit,
        obj=meeting,
        changes={"minutes": [None, meeting.minutes.name]},
    )
    return meeting


@transaction.atomic
def action_create(
    *,
    actor: Any,
    meeting: Meeting,
    description: str,
    due_date: date,
    owner_user: Any = None,
    owner_org: Organization | None = None,
) -> FollowUpAction:
    """Add a follow-up action to a meeting, owned by a person or an organisation of either party."""
    require(actor, Capability.PARTNERSHIP_EDIT)
    parties = {meeting.unit_id, *meeting.partners.values_list("pk", flat=True)}
    errors: dict[str, str] = {}
    if not description.strip():
        errors["description"] = _("Say what is to be done")
    if owner_user is None and owner_org is None:
        errors["owner_org"] = _("Name the owner: a person or an organisation")
    if owner_org is not None and owner_org.pk not in parties:
        errors["owner_org"] = _("%(org)s is neither the unit nor a partner of the meeting") % {"org": owner_org}
    if owner_user is not None and owner_user.organization_id not in parties:
        errors["owner_user"] = _("%(user)s works for neither the unit nor a partner of the meeting") % {
            "user": owner_user
        }
    if errors:
        raise ValidationError(errors)
    action = FollowUpAction.objects.create(
        meeting=meeting,
        description=description.strip(),
        due_date=due_date,
        owner_user=owner_user,
        owner_org=owner_org,
    )
    audit_record(
        code="partnerships.action.created",
        actor=actor,
        unit=meeting.unit,
        obj=action,
        changes=created_diff(snapshot(action, ACTION_FIELDS)),
    )
    return action


def may_update_action(user: Any, action: FollowUpAction) -> bool:
    """Return True for staff who edit partnerships and for the action's owner (in person or by organisation)."""
    if can(user, Capability.PARTNERSHIP_EDIT) and partner_org(user) is None:
        return True
    return action.owner_user_id == user.pk or (
        action.owner_org_id is not None and action.owner_org_id == user.organization_id
    )


@transaction.atomic
def action_set_status(*, actor: Any, action: FollowUpAction, status: str, on: date) -> FollowUpAction:
    """Mark an open action done (on a day not after today) or cancelled; a closed one may be reopened."""
    if not may_update_action(actor, action):
        raise PermissionDenied(Capability.PARTNERSHIP_EDIT)
    action = FollowUpAction.objects.select_for_update().select_related("meeting__unit").get(pk=action.pk)
    if status not in ActionStatus.values or status == action.status:
        raise ValidationError(
            {"status": _("The action is already %(value)s") % {"value": action.get_status_display().lower()}}
            if status == action.status
            else {"status": _("Status %(value)s is not one of the allowed values") % {"value": status}}
        )
    today = unit_today(action.meeting.unit)
    if status == ActionStatus.DONE and on > today:
        raise ValidationError(
            {"on": _("Done on %(on)s is after today (%(today)s)") % readable({"on": on, "today": today})}
        )
    before = snapshot(action, ACTION_FIELDS)
    action.status = status
    action.done_on = on if status == ActionStatus.DONE else None
    action.save(update_fields=["status", "done_on"])
    audit_record(
        code="partnerships.action.status_changed",
        actor=actor,
        unit=action.meeting.unit,
        obj=action,
        changes=changed_fields(before, snapshot(action, ACTION_FIELDS)),
    )
    return action


@transaction.atomic
def partnership_create(
    *, actor: Any, unit: Organization | None, partners: list[Organization], title: str, idea_on: date | None = None
) -> Partnership:
    """Start a partnership at the idea step (done on ``idea_on``, the unit's today by default)."""
    require(actor, Capability.PARTNERSHIP_EDIT)
    errors: dict[str, str] = {}
    check_unit(actor, unit, errors)
    check_partners(partners, errors)
    if not title.strip():
        errors["title"] = _("Give the partnership a title")
    if errors:
        raise ValidationError(errors)
    assert unit is not None
    partnership = Partnership.objects.create(unit=unit, title=title.strip(), stage=Stage.IDEA)
    partnership.partners.set(partners)
    PartnershipStep.objects.create(partnership=partnership, kind=Stage.IDEA, done_on=idea_on or unit_today(unit))
    audit_record(
        code="partnerships.partnership.created",
        actor=actor,
        unit=unit,
        obj=partnership,
        changes={"title": [None, partnership.title], "partners": [None, [p.pk for p in partners]]},
    )
    return partnership


def _check_step_links(
    partnership: Partnership, kind: str, done_on: date | None, meeting: Meeting | None, agreement: Agreement | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if meeting is not None and meeting.unit_id != partnership.unit_id:
        errors["meeting"] = _("The meeting of %(date)s is another unit's") % readable({"date": meeting.date})
    if agreement is not None:
        kinds = STEP_AGREEMENT_KINDS.get(kind, list(AgreementKind.values))  # type: ignore[call-overload]
        if agreement.unit_id != partnership.unit_id:
            errors["agreement"] = _("Agreement %(number)s is another unit's") % {"number": agreement.number}
        elif agreement.kind not in kinds:
            errors["agreement"] = _("Agreement %(number)s is a %(kind)s, not what the %(step)s step needs") % {
                "number": agreement.number,
                "kind": agreement.get_kind_display(),
                "step": Stage(kind).label,
            }
    if done_on is not None and kind in (Stage.MOU, Stage.PKS, Stage.RENEWAL) and agreement is None:
        errors["agreement"] = _("The %(step)s step is done when its agreement is linked") % {"step": Stage(kind).label}
    if done_on is not None and kind == Stage.MEETING and meeting is None:
        errors["meeting"] = _("The meeting step is done when its meeting from the log is linked")
    return errors


@transaction.atomic
def step_record(
    *,
    actor: Any,
    partnership: Partnership,
    kind: str,
    due_date: date | None = None,
    done_on: date | None = None,
    meeting: Meeting | None = None,
    agreement: Agreement | None = None,
    programmes: list[Programme] | None = None,
    participants: int | None = None,
    note: str = "",
    document: UploadedFile | None = None,
) -> PartnershipStep:
    """Record (or update) one step of a partnership: its due date, the day it was done, its links; the partnership's
    stage becomes the furthest step done."""
    require(actor, Capability.PARTNERSHIP_EDIT)
    partnership = Partnership.objects.select_for_update().select_related("unit").get(pk=partnership.pk)
    if kind not in Stage.values:
        raise ValidationError({"kind": _("Step %(value)s is not one of the allowed values") % {"value": kind}})
    errors = _check_step_links(partnership, kind, done_on, meeting, agreement)
    today = unit_today(partnership.unit)
    if done_on is not None and done_on > today:
        errors["done_on"] = _("Done on %(on)s is after today (%(today)s); give a due date instead") % readable(
            {"on": done_on, "today": today}
        )
    if errors:
        raise ValidationError(errors)
    _check_pdf(document, "document")
    step, created = PartnershipStep.objects.get_or_create(partnership=partnership, kind=kind)
    before = {} if created else snapshot(step, STEP_FIELDS)
    step.due_date, step.done_on, step.meeting, step.agreement = due_date, done_on, meeting, agreement
    step.participants, step.note = participants, note.strip()
    if document is not None:
        step.document = document  # type: ignore[assignment]
    step.save()
    if programmes is not None:
        step.programmes.set(programmes)
    done = partnership.steps.filter(done_on__isnull=False).values_list("kind", flat=True)
    partnership.stage = max(done, key=lambda k: STAGE_ORDER[k], default=Stage.IDEA)
    partnership.save(update_fields=["stage"])
    changes = changed_fields(before, snapshot(step, STEP_FIELDS))
    if programmes is not None:
        changes["programmes"] = [None, [p.pk for p in programmes]]
    audit_record(code="partnerships.step.recorded", actor=actor, unit=partnership.unit, obj=step, changes=changes)
    return step


def official_or_none(pk: Any) -> Official | None:
    """Return the official with this id, or None."""
    return Official.objects.filter(pk=pk).first() if pk else None


@transaction.atomic
def step_upload_document(*, actor: Any, step: PartnershipStep, document: UploadedFile) -> PartnershipStep:
    """Attach a step's document (the proposal, a signed page) as a PDF."""
    require(actor, Capability.PARTNERSHIP_EDIT)
    _check_pdf(document, "document")
    step = PartnershipStep.objects.select_for_update().select_related("partnership__unit").get(pk=step.pk)
    step.document = document  # type: ignore[assignment]
    step.save(update_fields=["document"])
    audit_record(
        code="partnerships.step.recorded",
        actor=actor,
        unit=step.partnership.unit,
        obj=step,
        changes={"document": [None, step.document.name]},
    )
    return step
