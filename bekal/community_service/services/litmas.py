"""Writes of social inquiry reports (litmas). KUHP Pasal 85 has Bapas write one before a
community-service sentence; the same record serves placement and supervision reviews."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.accounts.models import Role
from bekal.audit.services import audit_record
from bekal.community_service.models import LitmasPurpose, LitmasReport
from bekal.core.formats import readable
from bekal.core.uploads import check_uploaded_file
from bekal.organizations.models import Organization, OrganizationKind
from bekal.organizations.scope import unit_scope
from bekal.organizations.time import long_date, unit_today
from bekal.people.models import Person


@transaction.atomic
def litmas_create(
    *,
    actor: Any,
    person: Person,
    unit: Organization,
    officer: Any,
    date: date,
    purpose: str,
    recommendation: str,
    document: UploadedFile | None = None,
    today: date | None = None,
) -> LitmasReport:
    """Record a litmas written by a PK of the Bapas, with its PDF when given; never dated in the Bapas's future
    (``today`` is the unit's, read from the clock unless given)."""
    require(actor, Capability.COMMUNITY_EDIT)
    errors: dict[str, str] = {}
    today = today or unit_today(unit)
    if date > today:
        errors["date"] = _("Litmas date %(date)s is in the future; today at this unit is %(today)s") % readable(
            {
                "date": long_date(date),
                "today": long_date(today),
            }
        )
    if unit.kind != OrganizationKind.BAPAS or not unit_scope(actor).contains(unit.id):
        errors["unit"] = _("%(unit)s is not one of your Bapas") % {"unit": unit}
    if officer is None or officer.organization_id != unit.id or not officer.has_role(Role.PROBATION_OFFICER):
        errors["officer"] = _("%(officer)s is not a probation officer (PK) at %(unit)s") % {
            "officer": officer or "-",
            "unit": unit,
        }
    if purpose not in LitmasPurpose.values:
        errors["purpose"] = _("Purpose %(value)s is not one of the allowed values") % {"value": purpose}
    if not recommendation.strip():
        errors["recommendation"] = _("The recommendation is required")
    if document is not None:
        try:
            check_uploaded_file(document, kind="document", field="document")
        except ValidationError as exc:
            errors["document"] = exc.message_dict["document"][0]
    if errors:
        raise ValidationError(errors)
    report = LitmasReport(
        person=person, unit=unit, officer=officer, date=date, purpose=purpose, recommendation=recommendation.strip()
    )
    if document is not None:
        report.document.save(f"litmas-{person.pk}-{date:%Y%m%d}.pdf", document, save=False)
    report.save()
    audit_record(
        code="community_service.litmas.created",
        actor=actor,
        unit=unit,
        obj=report,
        changes={"purpose": [None, purpose], "date": [None, date], "document": [None, bool(document)]},
    )
    return report


@transaction.atomic
def litmas_attach_document(*, actor: Any, report: LitmasReport, document: UploadedFile) -> LitmasReport:
    """Attach the signed PDF to a litmas recorded without one (a PDF within the upload size limit); a litmas that
    has its PDF keeps it: a corrected report is a new litmas, so the one the court or the board read stays."""
    require(actor, Capability.COMMUNITY_EDIT)
    report = LitmasReport.objects.select_for_update().select_related("unit").get(pk=report.pk)
    if not unit_scope(actor).contains(report.unit_id):
        raise ValidationError({"document": _("%(unit)s is not one of your Bapas") % {"unit": report.unit}})
    if report.document:
        raise ValidationError(
            {
                "document": _("The litmas of %(date)s already has its PDF; record a new litmas to correct it")
                % readable({"date": long_date(report.date)})
            }
        )
    check_uploaded_file(document, kind="document", field="document")
    report.document.save(f"litmas-{report.person_id}-{report.date:%Y%m%d}.pdf", document, save=False)
    report.save(update_fields=["document"])
    audit_record(
        code="community_service.litmas.document_attached",
        actor=actor,
        unit=report.unit,
        obj=report,
        changes={"document": [None, True]},
    )
    return report
