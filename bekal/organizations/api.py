from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from bekal.core.api_types import BoundedPages
from bekal.organizations import selectors

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


@router.get("/regions", response=list[RegionOut])
def region_list(request: HttpRequest, level: str = "", parent: str = "") -> list:
    """List provinces and regencies/cities with their Kemendagri codes."""
    return selectors.region_list(level=level, parent=parent)


@router.get("/organizations", response=list[OrganizationOut])
@paginate(BoundedPages)
def organization_list(request: HttpRequest, q: str = "", kind: str = "", province: str = "") -> object:
    """List organisations; the directory holds no personal data and is open to every signed-in user."""
    return selectors.organization_list(query=q, kind=kind, province=province)


@router.get("/organizations/{org_id}", response=OrganizationOut)
def organization_detail(request: HttpRequest, org_id: int) -> object:
    """Return one organisation."""
    return selectors.get_organization(org_id)
