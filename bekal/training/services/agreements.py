"""Writes to agreements (MoU, PKS) and their status moves."""

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record, changed_fields, created_diff, snapshot
from bekal.core.formats import readable
from bekal.core.uploads import check_uploaded_file
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.organizations.scope import unit_scope
from bekal.organizations.time import long_date, unit_today
from bekal.rules.selectors import rule_bool, rule_int
from bekal.training import transitions
from bekal.training.models import Agreement, AgreementAttachment, AgreementKind, AgreementStatus, Programme

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


def _signing_errors(signing_date: date | None, unit: Organization | None, today: date | None = None) -> dict[str, str]:
    """Refuse a signing date after the unit's today: an agreement is recorded as signed once it has been."""
    if signing_date is None or unit is None:
        return {}
    today = today or unit_today(unit)
    if signing_date <= today:
        return {}
    return {
        "signing_date": _("Signed on %(date)s: after today at this unit (%(today)s)")
        % {"date": long_date(signing_date), "today": long_date(today)}
    }


def _partner_errors(partners: list[Organization]) -> dict[str, str]:
    if not partners:
        return {"partners": _("Name at least one partner")}
    if any(p.is_correctional_unit or p.kind in (OrganizationKind.KANWIL, OrganizationKind.DITJENPAS) for p in partners):
        return {"partners": _("Partners are training centres, manpower offices, LSPs, Kodim or employers")}
    return {}


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
    errors |= _partner_errors(partners)
    end_date = end_date or agreement_default_end(kind=kind, start=start_date)
    if end_date is None:
        errors["end_date"] = _("Give the end date")
    elif end_date < start_date:
        errors["end_date"] = _("End %(end)s is before the start %(start)s") % readable(
            {"end": end_date, "start": start_date}
        )
    errors |= _signing_errors(signing_date, unit)
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
        # The date the parties signed is a fact to be entered, never the day someone pressed the button.
        signing_date = signing_date or agreement.signing_date
        if signing_date is None:
            raise ValidationError({"signing_date": _("Give the signing date before activating the agreement")})
        errors = _signing_errors(signing_date, agreement.unit, today=on)
        if errors:
            raise ValidationError(errors)
        agreement.signing_date = signing_date
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


def provider_service_area(*, provider: Organization, on: date) -> set[str]:
    """Return the codes of the regencies the provider serves on the date: those it covers as an organisation
    (``Organization.covered_regions``, kept by its administrator), those its in-force agreements cover, and its own
    regency once any is recorded. Empty when no coverage is recorded at all (the area is then unknown and nothing is
    checked against it)."""
    covered = set(
        Region.objects.filter(
            agreement__partners=provider,
            agreement__status__in=[AgreementStatus.ACTIVE, AgreementStatus.EXPIRING],
            agreement__start_date__lte=on,
            agreement__end_date__gte=on,
        ).values_list("code", flat=True)
    )
    covered |= set(provider.covered_regions.values_list("code", flat=True))
    if covered and provider.region_id:
        covered.add(provider.region_id)
    return covered


def units_outside_area(*, provider: Organization, units: list[Organization], on: date) -> list[Organization]:
    """Return the organising units whose regency the provider does not serve on the date (none when the rule
    ``training.batch.service_area.check`` is off or the provider's area is not recorded)."""
    if not rule_bool("training.batch.service_area.check", on=on):
        return []
    area = provider_service_area(provider=provider, on=on)
    if not area:
        return []
    return [u for u in units if u.region_id not in area]


# Once an agreement has ended (expired, renewed or terminated) it stays as it was signed.
CLOSED = {AgreementStatus.EXPIRED, AgreementStatus.RENEWED, AgreementStatus.TERMINATED}


def _check_reach(actor: Any, agreement: Agreement) -> None:
    """Refuse a change by someone outside the agreement's unit (a Lapas sees its Kanwil's agreements, never edits)."""
    require(actor, Capability.AGREEMENT_EDIT)
    if not unit_scope(actor).contains(agreement.unit_id):
        raise PermissionDenied(_("Only the staff of %(unit)s change this agreement") % {"unit": agreement.unit})
    if agreement.status in CLOSED:
        raise ValidationError(
            {
                "__all__": _("Agreement %(number)s has ended (%(status)s); it stays as it was signed")
                % {"number": agreement.number, "status": agreement.get_status_display()}
            }
        )


@transaction.atomic
def agreement_update(
    *,
    actor: Any,
    agreement: Agreement,
    title: str | None = None,
    partners: list[Organization] | None = None,
    programmes: list[Programme] | None = None,
    regions: list[Region] | None = None,
    proposal_date: date | None = None,
    signing_date: date | None = None,
) -> Agreement:
    """Change an agreement's title, partners, programmes, covered regencies or its proposal and signing dates (what is
    not given stays); a signing date after the unit's today and a partner that is not one are refused."""
    agreement = Agreement.objects.select_for_update().select_related("unit").get(pk=agreement.pk)
    _check_reach(actor, agreement)
    errors: dict[str, str] = {}
    if partners is not None:
        errors |= _partner_errors(partners)
    if title is not None and not title.strip():
        errors["title"] = _("Give the title")
    errors |= _signing_errors(signing_date, agreement.unit)
    if errors:
        raise ValidationError(errors)
    before = snapshot(agreement, AGREEMENT_FIELDS) | _relations(agreement)
    if title is not None:
        agreement.title = title.strip()
    if proposal_date is not None:
        agreement.proposal_date = proposal_date
    if signing_date is not None:
        agreement.signing_date = signing_date
    agreement.save()
    for name, values in (("partners", partners), ("programmes", programmes), ("regions", regions)):
        if values is not None:
            getattr(agreement, name).set(values)
    changes = changed_fields(before, snapshot(agreement, AGREEMENT_FIELDS) | _relations(agreement))
    if changes:
        audit_record(
            code="training.agreement.updated", actor=actor, unit=agreement.unit, obj=agreement, changes=changes
        )
    return agreement


def _relations(agreement: Agreement) -> dict[str, list[Any]]:
    return {
        "partners": sorted(agreement.partners.values_list("pk", flat=True)),
        "programmes": sorted(agreement.programmes.values_list("pk", flat=True)),
        "regions": sorted(agreement.regions.values_list("pk", flat=True)),
    }


@transaction.atomic
def agreement_attach(*, actor: Any, agreement: Agreement, title: str, file: UploadedFile) -> AgreementAttachment:
    """Add a further document to an agreement (annex, minutes, amendment): a PDF within the upload limit."""
    agreement = Agreement.objects.select_for_update().select_related("unit").get(pk=agreement.pk)
    require(actor, Capability.AGREEMENT_EDIT)
    if not unit_scope(actor).contains(agreement.unit_id):
        raise PermissionDenied(_("Only the staff of %(unit)s change this agreement") % {"unit": agreement.unit})
    if not title.strip():
        raise ValidationError({"title": _("Give the title")})
    check_uploaded_file(file, kind="document", field="file")
    attachment = AgreementAttachment.objects.create(
        agreement=agreement, title=title.strip(), file=file, uploaded_by=actor
    )
    audit_record(
        code="training.agreement.attachment_added",
        actor=actor,
        unit=agreement.unit,
        obj=agreement,
        changes={"attachment": [None, attachment.title], "file": [None, attachment.file.name]},
    )
    return attachment
