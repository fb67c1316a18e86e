from typing import Any, ClassVar

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.core.api_types import BoundedPages
from bekal.core.lookups import object_or_invalid
from bekal.organizations import selectors, services
from bekal.organizations.models import Organization, Region
from bekal.organizations.scope import managed_organizations

router = Router(tags=["organisations"])


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_id: str | None


class OrganizationOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    region_id: str | None
    unit_class: str
    address: str
    phone: str
    email: str
    contact_person: str
    is_active: bool
    covered_region_ids: list[str]

    @staticmethod
    def resolve_covered_region_ids(obj: Organization) -> list[str]:
        return [r.code for r in obj.covered_regions.all()]


@router.get("/regions", response=list[RegionOut])
def region_list(request: HttpRequest, level: str = "", parent: str = "") -> list:
    """List provinces and regencies/cities with their Kemendagri codes."""
    return selectors.region_list(level=level, parent=parent)


@router.get("/organizations", response=list[OrganizationOut])
@paginate(BoundedPages)
def organization_list(
    request: HttpRequest, q: str = "", kind: str = "", province: str = "", active: bool | None = None
) -> object:
    """List organisations; the directory holds no personal data and is open to every signed-in user. ``active``
    keeps the open (true) or the closed (false) ones."""
    orgs = selectors.organization_list(query=q, kind=kind, province=province).prefetch_related("covered_regions")
    return orgs if active is None else orgs.filter(is_active=active)


@router.get("/organizations/{org_id}", response=OrganizationOut)
def organization_detail(request: HttpRequest, org_id: int) -> object:
    """Return one organisation."""
    return selectors.get_organization(org_id)


class OrganizationIn(Schema):
    name: str
    kind: str
    parent_id: int | None = None
    region_id: str | None = None
    unit_class: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    contact_person: str = ""
    covered_region_ids: list[str] = []


class OrganizationPatch(Schema):
    patch_of: ClassVar[type[Organization]] = Organization

    name: str | None = None
    kind: str | None = None
    parent_id: int | None = None
    region_id: str | None = None
    unit_class: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    contact_person: str | None = None
    covered_region_ids: list[str] | None = None


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    """Turn the payload's ids into rows (an unknown id is a 422 naming the field)."""
    out = dict(data)
    if "parent_id" in out:
        out["parent"] = object_or_invalid(Organization, out.pop("parent_id"), field="parent")
    if "region_id" in out:
        out["region"] = object_or_invalid(Region, out.pop("region_id"), field="region")
    if out.get("covered_region_ids") is not None:
        codes = out.pop("covered_region_ids")
        out["covered_regions"] = [object_or_invalid(Region, code, field="covered_regions") for code in codes]
    else:
        out.pop("covered_region_ids", None)
    return out


def _managed(request: AuthedRequest, org_id: int) -> Organization:
    require(request.user, Capability.ORGANIZATIONS_MANAGE)
    return get_object_or_404(managed_organizations(request.user), pk=org_id)


@router.post("/organizations", response={201: OrganizationOut})
def organization_create(request: AuthedRequest, payload: OrganizationIn) -> Any:
    """Register an organisation (a system administrator any; a Kanwil's administrator one of its province), with
    the regencies it covers."""
    require(request.user, Capability.ORGANIZATIONS_MANAGE)
    org = services.organization_save(organization=None, actor=request.user, **_fields(payload.dict()))
    return Status(201, selectors.get_organization(org.pk))


@router.patch("/organizations/{org_id}", response=OrganizationOut)
def organization_update(request: AuthedRequest, org_id: int, payload: OrganizationPatch) -> Any:
    """Change an organisation's record; fields left out keep their value. A unit administrator's own unit: its
    contacts and regencies covered only."""
    org = _managed(request, org_id)
    services.organization_save(organization=org, actor=request.user, **_fields(payload.dict(exclude_unset=True)))
    return selectors.get_organization(org.pk)


@router.post("/organizations/{org_id}/close", response=OrganizationOut)
def organization_close(request: AuthedRequest, org_id: int) -> Any:
    """Close an organisation: it keeps its history and is no longer offered to choose from."""
    org = _managed(request, org_id)
    services.organization_active_set(organization=org, actor=request.user, active=False)
    return selectors.get_organization(org.pk)


@router.post("/organizations/{org_id}/reopen", response=OrganizationOut)
def organization_reopen(request: AuthedRequest, org_id: int) -> Any:
    """Reopen a closed organisation."""
    org = _managed(request, org_id)
    services.organization_active_set(organization=org, actor=request.user, active=True)
    return selectors.get_organization(org.pk)
