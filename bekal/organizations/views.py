from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bekal.core.pagination import paginate
from bekal.organizations import selectors
from bekal.organizations.models import OrganizationKind, Region


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    """List every organisation, searchable by name and filtered by kind and province."""
    orgs = selectors.organization_list(
        query=request.GET.get("q", ""), kind=request.GET.get("kind", ""), province=request.GET.get("province", "")
    )
    context = paginate(request, orgs)
    context.update(
        kinds=OrganizationKind.choices,
        provinces=Region.objects.filter(level=Region.Level.PROVINCE),
        filters=request.GET,
    )
    return render(request, "organizations/list.html", context)


@login_required
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one organisation: kind, class, region, contacts and the units under it."""
    org = selectors.get_organization(pk)
    children = org.children.select_related("region").order_by("kind", "name")
    return render(request, "organizations/detail.html", {"org": org, "children": children})
