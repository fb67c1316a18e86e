"""Reads of regions and organisations. The directory is open to every signed-in user: it holds no personal data."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from bekal.organizations.models import Organization, OrganizationQuerySet, Region


def organization_list(*, query: str = "", kind: str = "", province: str = "") -> OrganizationQuerySet:
    """Return organisations matching the name, kind and province filters, with parent and region loaded."""
    orgs = Organization.objects.select_related("parent", "region")
    if query.strip():
        orgs = orgs.filter(name__icontains=query.strip())
    if kind:
        orgs = orgs.filter(kind=kind)
    if province:
        orgs = orgs.filter(Q(region_id=province) | Q(region__parent_id=province))
    return orgs.order_by("kind", "name")


def get_organization(pk: int) -> Organization:
    """Return the organisation with its parent, region and count of sub-units; 404 when unknown."""
    return get_object_or_404(
        Organization.objects.select_related("parent", "region", "region__parent")
        .prefetch_related("covered_regions")
        .annotate(children_count=Count("children")),
        pk=pk,
    )


def region_list(*, level: str = "", parent: str = "") -> list[Region]:
    """Return regions at the level, under the parent province."""
    regions = Region.objects.all()
    if level:
        regions = regions.filter(level=level)
    if parent:
        regions = regions.filter(parent_id=parent)
    return list(regions)
