"""Writes to agreements (MoU, PKS) and their status moves."""

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record, created_diff, snapshot
from bekal.core.formats import readable
from bekal.core.uploads import check_uploaded_file
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.organizations.scope import unit_scope
from bekal.rules.selectors import rule_int
from bekal.training import transitions
from bekal.training.models import Agreement, AgreementKind, AgreementStatus, Programme

AGREEMENT_FIELDS = [
    "kind",
    "number",
    "title",
    "unit",
    "proposal_date",
    "signing_date",
    "start_date",
    "end_date",
    "status",
]


def agreement_default_end(*, kind: str, start: date) -> date | None:
    """Return the default end of an agreement starting on the date: PKS run the rule's term (two years)."""
    if kind != AgreementKind.PKS:
        return None
    return start + relativedelta(years=rule_int("training.agreement.pks_years", on=start)) - relativedelta(days=1)


def _check_pdf(document: UploadedFile) -> None:
    check_uploaded_file(document, kind="document", field="document")


@transaction.atomic
def agreement_create(
    *,
    actor: Any,
    unit: Organization | None,
    partners: list[Organization],
    kind: str,
    number: str,
    title: str,
    start_date: date,
    end_date: date | None = None,
    proposal_date: date | None = None,
    signing_date: date | None = None,
    programmes: list[Programme] | None = None,
    regions: list[Region] | None = None,
    document: UploadedFile | None = None,
) -> Agreement:
    """Record an agreement in draft; a PKS without an end runs the default term."""
    require(actor, Capability.AGREEMENT_EDIT)
    errors: dict[str, str] = {}
    kinds = [*OrganizationKind.correctional_units(), OrganizationKind.KANWIL]
    if unit is None or unit.kind not in kinds or not unit_scope(actor).contains(unit.id):
        errors["unit"] = _("Choose one of your units or your Kanwil")
    if kind not in AgreementKind.values:
        errors["kind"] = _("Agreement kind %(value)s is not one of the allowed values") % {"value": kind}
    if not partners:
        errors["partners"] = _("Name at least one partner")
    elif any(p.is_correctional_unit or p.kind == OrganizationKind.KANWIL for p in partners):
        errors["partners"] = _("Partners are training centres, manpower offices, LSPs, Kodim or employers")
    end_date = end_date or agreement_default_end(kind=kind, start=start_date)
    if end_date is None:
        errors["end_date"] = _("Give the end date")
    elif end_date < start_date:
        errors["end_date"] = _("End %(end)s is before the start %(start)s") % readable(
            {"end": end_date, "start": start_date}
        )
    if Agreement.objects.filter(number=number).exists():
        errors["number"] = _("Agreement number %(number)s is already recorded") % {"number": number}
    if errors:
        raise ValidationError(errors)
    if document is not None:
        _check_pdf(document)
    assert unit is not None and end_date is not None
    agreement = Agreement.objects.create(
        kind=kind,
        number=number,
        title=title,
        unit=unit,
        start_date=start_date,
        end_date=end_date,
        proposal_date=proposal_date,
        signing_date=signing_date,
        document=document or "",
    )
    agreement.partners.set(partners)
    agreement.programmes.set(programmes or [])
    agreement.regions.set(regions or [])
    audit_record(
        code="training.agreement.created",
        actor=actor,
        unit=unit,
        obj=agreement,
        changes=created_diff(snapshot(agreement, AGREEMENT_FIELDS)) | {"partners": [None, [p.pk for p in partners]]},
    )
    return agreement


@transaction.atomic
def agreement_upload_document(*, actor: Any, agreement: Agreement, document: UploadedFile) -> Agreement:
    """Attach the signed PDF."""
    require(actor, Capability.AGREEMENT_EDIT)
    _check_pdf(document)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    agreement.document = document  # type: ignore[assignment]
    agreement.save(update_fields=["document"])
    audit_record(
        code="training.agreement.document_uploaded",
        actor=actor,
        unit=agreement.unit,
        obj=agreement,
        changes={"document": [None, agreement.document.name]},
    )
    return agreement


@transaction.atomic
def agreement_move(
    *, actor: Any, agreement: Agreement, status: str, on: date, signing_date: date | None = None
) -> Agreement:
    """Move an agreement along its allowed statuses; activating needs the head of unit and a signing date."""
    require(actor, Capability.AGREEMENT_APPROVE if status == AgreementStatus.ACTIVE else Capability.AGREEMENT_EDIT)
    agreement = Agreement.objects.select_for_update().select_related("unit").get(pk=agreement.pk)
    before = snapshot(agreement, AGREEMENT_FIELDS)
    transitions.AGREEMENT.move(agreement, status)
    if status == AgreementStatus.PROPOSED and agreement.proposal_date is None:
        agreement.proposal_date = on
    if status == AgreementStatus.ACTIVE:
        agreement.signing_date = signing_date or agreement.signing_date or on
    agreement.save()
    after = snapshot(agreement, AGREEMENT_FIELDS)
    audit_record(
        code=f"training.agreement.{status}",
        actor=actor,
        unit=agreement.unit,
        obj=agreement,
        changes={k: [before[k], v] for k, v in after.items() if before[k] != v},
    )
    return agreement


@transaction.atomic
def agreements_refresh(*, actor: Any, today: date) -> int:
    """Mark in-force agreements expiring within the notice period, and past ones expired; return how many moved."""
    notice = rule_int("training.agreement.notice_days", on=today)
    moved = 0
    in_force = Agreement.objects.filter(status__in=[AgreementStatus.ACTIVE, AgreementStatus.EXPIRING])
    for agreement in in_force.filter(Q(end_date__lt=today) | Q(end_date__lte=today + relativedelta(days=notice))):
        new = AgreementStatus.EXPIRED if agreement.end_date < today else AgreementStatus.EXPIRING
        if new != agreement.status:
            old = transitions.AGREEMENT.move(agreement, new)
            agreement.save(update_fields=["status"])
            audit_record(
                code=f"training.agreement.{new}",
                actor=actor,
                unit=agreement.unit,
                obj=agreement,
                changes={"status": [old, new]},
            )
            moved += 1
    return moved


@transaction.atomic
def agreement_renew(
    *, actor: Any, agreement: Agreement, number: str, start_date: date, end_date: date | None = None
) -> Agreement:
    """Record the renewal as a new draft agreement with the same parties and scope; the old one becomes renewed."""
    require(actor, Capability.AGREEMENT_EDIT)
    old = Agreement.objects.select_for_update().get(pk=agreement.pk)
    transitions.AGREEMENT.check(old.status, AgreementStatus.RENEWED)
    new = agreement_create(
        actor=actor,
        unit=old.unit,
        partners=list(old.partners.all()),
        kind=old.kind,
        number=number,
        title=old.title,
        start_date=start_date,
        end_date=end_date,
        programmes=list(old.programmes.all()),
        regions=list(old.regions.all()),
    )
    new.renewal_of = old
    new.save(update_fields=["renewal_of"])
    transitions.AGREEMENT.move(old, AgreementStatus.RENEWED)
    old.save(update_fields=["status"])
    audit_record(
        code="training.agreement.renewed", actor=actor, unit=old.unit, obj=old, changes={"renewed_by": [None, new.pk]}
    )
    return new


def active_agreement_exists(*, provider: Organization, units: list[Organization], on: date) -> bool:
    """Return True when an in-force agreement binds the provider to one of the units (or their Kanwil) on the date."""
    unit_ids = {u.id for u in units} | {u.parent_id for u in units if u.parent_id}
    return Agreement.objects.filter(
        status__in=[AgreementStatus.ACTIVE, AgreementStatus.EXPIRING],
        unit_id__in=unit_ids,
        partners=provider,
        start_date__lte=on,
        end_date__gte=on,
    ).exists()
