"""Which units' records a user may see. Written once; every page and endpoint uses it.

A user belongs to one organisation. Their *unit scope* is the set of organisations whose people they may see:
- system administrators and national viewers: every unit;
- regional viewers at a Kanwil: the Kanwil and the units under it;
- staff of a Lapas, Rutan, LPKA or Bapas: their own unit;
- partner staff: no unit of the registry at all (later modules grant them their own batches).
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from bekal.accounts.access import Capability, can
from bekal.accounts.models import Role as R
from bekal.organizations.models import Organization, OrganizationKind


@dataclass(frozen=True)
class UnitScope:
    """The units whose records a user may see: every unit, or the listed ids (possibly none)."""

    everything: bool
    unit_ids: frozenset[int]

    def q(self, field: str) -> Q:
        """Return a filter that keeps rows whose ``field`` (an organisation id path) is in scope."""
        if self.everything:
            return Q()
        return Q(**{f"{field}__in": self.unit_ids})

    def contains(self, unit_id: int | None) -> bool:
        """Return True when the unit is in scope."""
        return self.everything or (unit_id is not None and unit_id in self.unit_ids)


NOTHING = UnitScope(everything=False, unit_ids=frozenset())


def unit_scope(user: Any) -> UnitScope:
    """Return the units whose people the user may see, per the rules in this module's docstring."""
    if not can(user, Capability.PEOPLE_VIEW):
        return NOTHING
    if user.has_role(R.SYSTEM_ADMIN, R.NATIONAL_VIEWER):
        return UnitScope(everything=True, unit_ids=frozenset())
    org: Organization | None = user.organization
    if org is None:
        return NOTHING
    if org.kind == OrganizationKind.DITJENPAS and user.has_role(R.REGIONAL_VIEWER):
        return UnitScope(everything=True, unit_ids=frozenset())
    if org.kind == OrganizationKind.KANWIL:
        ids = set(Organization.objects.filter(parent=org).values_list("id", flat=True))
        return UnitScope(everything=False, unit_ids=frozenset(ids | {org.id}))
    if org.is_correctional_unit:
        return UnitScope(everything=False, unit_ids=frozenset({org.id}))
    return NOTHING


def scoped_units(user: Any) -> QuerySet[Organization]:
    """Return the correctional units in the user's scope."""
    scope = unit_scope(user)
    units = Organization.objects.correctional_units()
    if scope.everything:
        return units
    return units.filter(id__in=scope.unit_ids)


def kanwil_province(user: Any) -> str | None:
    """Return the province code of the Kanwil whose administrator the user is; None for anyone else."""
    org = getattr(user, "organization", None)
    if org is None or org.kind != OrganizationKind.KANWIL or not user.has_role(R.UNIT_ADMIN):
        return None
    region = org.region
    if region is None:
        return None
    return region.code if region.level == region.Level.PROVINCE else region.parent_id


def managed_organizations(user: Any) -> QuerySet[Organization]:
    """Return the organisations whose record the user may change: every one for a system administrator; for a
    Kanwil's administrator, the Kanwil and every organisation in its province or under it; for another unit
    administrator, their own organisation (its details only: organizations.services)."""
    if not can(user, Capability.ORGANIZATIONS_MANAGE):
        return Organization.objects.none()
    if user.has_role(R.SYSTEM_ADMIN):
        return Organization.objects.all()
    org = user.organization
    if org is None:
        return Organization.objects.none()
    province = kanwil_province(user)
    if province is not None:
        return Organization.objects.filter(
            Q(pk=org.pk) | Q(parent=org) | Q(region_id=province) | Q(region__parent_id=province)
        )
    return Organization.objects.filter(pk=org.pk)
