from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.accounts.models import Role
from bekal.accounts.types import AuthedRequest
from bekal.core.forms import form_add_service_errors
from bekal.core.pagination import paginate
from bekal.organizations import documents, forms, selectors
from bekal.organizations.models import Official, Organization, OrganizationKind, Region
from bekal.organizations.scope import managed_organizations
from bekal.organizations.time import unit_today


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
    context = {
        "org": org,
        "children": children,
        "covered": org.covered_regions.order_by("code"),
        "may_edit": managed_organizations(request.user).filter(pk=org.pk).exists(),
    }
    return render(request, "organizations/detail.html", context)


def _paperwork_unit(request: AuthedRequest) -> Organization:
    """Return the unit whose paperwork the user keeps: their own; a system administrator names one (``?unit=``)."""
    require(request.user, Capability.DOCUMENTS_EDIT)
    if request.user.has_role(Role.SYSTEM_ADMIN) and request.GET.get("unit", "").isdigit():
        return get_object_or_404(Organization, pk=int(request.GET["unit"]))
    if request.user.organization is None:
        raise Http404
    return request.user.organization


@login_required
def paperwork(request: AuthedRequest) -> HttpResponse:
    """The unit administrator's page of the unit's letterhead, number patterns and signing officials."""
    unit = _paperwork_unit(request)
    head = documents.letterhead_of(unit)
    initial = {f: getattr(head, f) for f in documents.LETTERHEAD_FIELDS}
    letterhead_form = forms.LetterheadForm(initial=initial)
    official_form = forms.OfficialForm(initial={"is_active": True})
    editing = None
    if request.GET.get("official", "").isdigit():
        editing = get_object_or_404(Official, pk=int(request.GET["official"]), unit=unit)
        official_form = forms.OfficialForm(initial={f: getattr(editing, f) for f in documents.OFFICIAL_FIELDS})
    if request.method == "POST" and request.POST.get("form") == "letterhead":
        letterhead_form = forms.LetterheadForm(request.POST, request.FILES)
        if letterhead_form.is_valid():
            data = dict(letterhead_form.cleaned_data)
            logo, clear = data.pop("logo"), data.pop("clear_logo")
            try:
                documents.letterhead_save(actor=request.user, unit=unit, logo=logo, clear_logo=clear, **data)
            except ValidationError as error:
                form_add_service_errors(letterhead_form, error)
            else:
                messages.success(request, _("Letterhead saved."))
                return redirect(request.get_full_path())
    elif request.method == "POST" and request.POST.get("form") == "official":
        official_form = forms.OfficialForm(request.POST)
        if official_form.is_valid():
            try:
                documents.official_save(actor=request.user, unit=unit, official=editing, **official_form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(official_form, error)
            else:
                messages.success(request, _("Official saved."))
                return redirect(f"{reverse('organizations:paperwork')}?unit={unit.pk}")
    context = {
        "unit": unit,
        "head": head,
        "kop": documents.kop(unit),
        "letterhead_form": letterhead_form,
        "official_form": official_form,
        "editing": editing,
        "officials": Official.objects.filter(unit=unit).order_by("-is_active", "-signs_letters", "name"),
        "example": documents.format_number(head.letter_number_pattern, n=123, day=unit_today(unit)),
    }
    return render(request, "organizations/paperwork.html", context)
