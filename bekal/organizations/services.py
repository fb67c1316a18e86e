"""Writes to the directory of organisations, each audited. Regions are reference data loaded from CSV, never written
here."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record, changed_fields, snapshot
from bekal.organizations.models import Organization, OrganizationKind

ORGANIZATION_FIELDS = [
    "name",
    "kind",
    "parent",
    "region",
    "unit_class",
    "address",
    "phone",
    "email",
    "contact_person",
    "is_active",
]


def _errors(org: Organization) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not org.name.strip():
        errors["name"] = _("Give the organisation's name")
    if org.kind not in OrganizationKind.values:
        errors["kind"] = _("Organisation kind %(value)s is not one of the allowed values") % {"value": org.kind}
    if org.unit_class and org.unit_class not in Organization.UnitClass.values:
        errors["unit_class"] = _("Class %(value)s is not one of the allowed values") % {"value": org.unit_class}
    # Walk up from the new parent: meeting the organisation itself would make the tree a loop.
    parent, seen = org.parent, set()
    while parent is not None and parent.pk not in seen:
        if org.pk is not None and parent.pk == org.pk:
            errors["parent"] = _("%(parent)s is %(name)s or under it, so it cannot be its parent") % {
                "parent": org.parent.name if org.parent else "",
                "name": org.name,
            }
            break
        seen.add(parent.pk)
        parent = parent.parent
    twins = Organization.objects.filter(name=org.name, kind=org.kind).exclude(pk=org.pk)
    if "name" not in errors and twins.exists():
        errors["name"] = _("%(name)s is already recorded as a %(kind)s") % {
            "name": org.name,
            "kind": org.get_kind_display(),
        }
    return errors


@transaction.atomic
def organization_save(*, organization: Organization | None, actor: Any, **data: Any) -> Organization:
    """Create an organisation (when none is given) or change the given one, with the named fields."""
    require(actor, Capability.ORGANIZATIONS_EDIT)
    unknown = set(data) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise TypeError(f"organization_save got unknown fields {sorted(unknown)}")
    created = organization is None
    if organization is None:
        org = Organization()
        before: dict[str, Any] = {}
    else:
        org = Organization.objects.select_for_update().get(pk=organization.pk)
        before = snapshot(org, ORGANIZATION_FIELDS)
    for key, value in data.items():
        setattr(org, key, value)
    org.name = org.name.strip()
    errors = _errors(org)
    if errors:
        raise ValidationError(errors)
    org.save()
    after = snapshot(org, ORGANIZATION_FIELDS)
    if created:
        changes = {k: [None, v] for k, v in after.items() if v not in (None, "")}
    else:
        changes = changed_fields(before, after)
    if created or changes:
        audit_record(
            code="organizations.organization.created" if created else "organizations.organization.updated",
            actor=actor,
            # A unit's own trail shows changes to its record; partners have no trail of their own.
            unit=org if org.is_correctional_unit else None,
            obj=org,
            changes=changes,
        )
    return org
