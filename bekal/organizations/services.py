"""Writes to the directory of organisations, each audited. Regions are reference data loaded from CSV, never written
here."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can, require
from bekal.accounts.models import Role
from bekal.audit.services import audit_record, changed_fields, snapshot
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.organizations.scope import kanwil_province, managed_organizations

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


# What a unit administrator may change of their own organisation: its contacts and the regencies it covers, not its
# name, kind, place in the tree or region (which decide who sees what).
DETAIL_FIELDS = ["address", "phone", "email", "contact_person", "covered_regions"]
# Kinds only a system administrator registers: they sit above every unit.
TOP_KINDS = [OrganizationKind.DITJENPAS, OrganizationKind.KANWIL]


def may_close(actor: Any, org: Organization) -> bool:
    """Return True when the actor may close or reopen the organisation: a system administrator any; a Kanwil's
    administrator those of its province but the Kanwil itself."""
    if not can(actor, Capability.ORGANIZATIONS_MANAGE):
        return False
    if actor.has_role(Role.SYSTEM_ADMIN):
        return True
    return (
        kanwil_province(actor) is not None
        and org.pk != actor.organization_id
        and managed_organizations(actor).filter(pk=org.pk).exists()
    )


def may_edit_all_fields(actor: Any, org: Organization | None) -> bool:
    """Return True when the actor may change more than the details (DETAIL_FIELDS) of the organisation (None: a new
    one): a system administrator, or a Kanwil's administrator for another organisation of its province."""
    if actor.has_role(Role.SYSTEM_ADMIN):
        return True
    return kanwil_province(actor) is not None and (org is None or org.pk != actor.organization_id)


def _province_errors(actor: Any, org: Organization) -> dict[str, str]:
    """The limits of a Kanwil's administrator: no Ditjenpas or Kanwil, a region and a parent within the province."""
    province = kanwil_province(actor)
    errors: dict[str, str] = {}
    if org.kind in TOP_KINDS:
        errors["kind"] = _("Only a system administrator registers a %(kind)s") % {"kind": org.get_kind_display()}
    region = org.region
    if region is None or province not in (region.code, region.parent_id):
        errors["region"] = _("Choose a regency or city of your Kanwil's province (%(province)s)") % {
            "province": province
        }
    if org.parent is not None and not managed_organizations(actor).filter(pk=org.parent.pk).exists():
        errors["parent"] = _("%(parent)s is not in your Kanwil's province") % {"parent": org.parent}
    return errors


def _regions_errors(regions: list[Region]) -> dict[str, str]:
    wrong = [r.name for r in regions if r.level != Region.Level.REGENCY]
    if wrong:
        return {"covered_regions": _("%(name)s is a province; choose its regencies and cities") % {"name": wrong[0]}}
    return {}


@transaction.atomic
def organization_save(
    *, organization: Organization | None, actor: Any, covered_regions: list[Region] | None = None, **data: Any
) -> Organization:
    """Create an organisation (when none is given) or change the given one, with the named fields and (when given)
    the regencies it covers. Who may change what: ``managed_organizations`` and ``may_edit_all_fields``."""
    require(actor, Capability.ORGANIZATIONS_MANAGE)
    unknown = set(data) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise TypeError(f"organization_save got unknown fields {sorted(unknown)}")
    created = organization is None
    if organization is None:
        if not may_edit_all_fields(actor, None):
            raise PermissionDenied(Capability.ORGANIZATIONS_MANAGE)
        org = Organization()
        before: dict[str, Any] = {}
        regions_before: list[str] = []
    else:
        if not managed_organizations(actor).filter(pk=organization.pk).exists():
            raise PermissionDenied(Capability.ORGANIZATIONS_MANAGE)
        org = Organization.objects.select_for_update().get(pk=organization.pk)
        before = snapshot(org, ORGANIZATION_FIELDS)
        regions_before = sorted(org.covered_regions.values_list("code", flat=True))
    full = may_edit_all_fields(actor, organization)
    for key, value in data.items():
        if not full and key not in DETAIL_FIELDS and before.get(key) != _as_stored(value):
            raise ValidationError(
                {key: _("A unit administrator changes only the contacts and the regencies covered of their unit")}
            )
        setattr(org, key, value)
    if created and not actor.has_role(Role.SYSTEM_ADMIN) and org.parent is None and org.is_correctional_unit:
        org.parent = actor.organization  # a Kanwil's new UPT sits under it
    org.name = org.name.strip()
    errors = _errors(org)
    if full and not actor.has_role(Role.SYSTEM_ADMIN) and (created or set(data) - set(DETAIL_FIELDS)):
        errors = {**_province_errors(actor, org), **errors}
    if covered_regions is not None:
        errors.update(_regions_errors(covered_regions))
    if errors:
        raise ValidationError(errors)
    org.save()
    if covered_regions is not None:
        org.covered_regions.set(covered_regions)
    after = snapshot(org, ORGANIZATION_FIELDS)
    if created:
        changes = {k: [None, v] for k, v in after.items() if v not in (None, "")}
    else:
        changes = changed_fields(before, after)
    regions_after = sorted(r.code for r in covered_regions) if covered_regions is not None else regions_before
    if regions_after != regions_before:
        changes["covered_regions"] = [regions_before or None, regions_after]
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


def _as_stored(value: Any) -> Any:
    """Return a field's new value as ``snapshot`` writes it (a foreign key as its id)."""
    return value.pk if hasattr(value, "pk") else value


@transaction.atomic
def organization_active_set(*, organization: Organization, actor: Any, active: bool) -> Organization:
    """Close an organisation (it keeps its history and records, and is no longer offered in pickers) or reopen it.
    An organisation with open units under it is not closed: close them first."""
    if not may_close(actor, organization):
        raise PermissionDenied(Capability.ORGANIZATIONS_MANAGE)
    org = Organization.objects.select_for_update(of=("self",)).select_related("parent").get(pk=organization.pk)
    if org.is_active == active:
        return org
    if not active:
        open_children = list(org.children.filter(is_active=True).values_list("name", flat=True)[:3])
        if open_children:
            raise ValidationError(
                _("%(name)s still has open units under it (%(units)s); close them first")
                % {"name": org.name, "units": ", ".join(open_children)}
            )
    elif org.parent is not None and not org.parent.is_active:
        raise ValidationError(
            _("%(parent)s, above %(name)s, is closed; reopen it first") % {"parent": org.parent, "name": org.name}
        )
    org.is_active = active
    org.save(update_fields=["is_active"])
    audit_record(
        code="organizations.organization.reopened" if active else "organizations.organization.closed",
        actor=actor,
        unit=org if org.is_correctional_unit else None,
        obj=org,
        changes={"is_active": [not active, active]},
    )
    return org
