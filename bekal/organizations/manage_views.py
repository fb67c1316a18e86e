"""Pages that keep the directory (issue 15 item 2): the organisations a user may change, a new one, its record, and
closing or reopening it. Who may do what: ``scope.managed_organizations`` and ``services`` (README "Keeping the
directory")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bekal.accounts.access import Capability, require
from bekal.accounts.models import Role
from bekal.accounts.types import AuthedRequest
from bekal.core.forms import form_add_service_errors
from bekal.core.pagination import paginate
from bekal.organizations import forms, services
from bekal.organizations.models import Organization, OrganizationKind
from bekal.organizations.scope import kanwil_province, managed_organizations


@login_required
def organization_manage(request: AuthedRequest) -> HttpResponse:
    """List the organisations the user may change, open and closed, searchable by name, kind and state."""
    require(request.user, Capability.ORGANIZATIONS_MANAGE)
    orgs = managed_organizations(request.user).select_related("parent", "region").order_by("kind", "name")
    query = request.GET.get("q", "").strip()[:200]
    if query:
        orgs = orgs.filter(name__icontains=query)
    kind = request.GET.get("kind", "")
    if kind in OrganizationKind.values:
        orgs = orgs.filter(kind=kind)
    state = request.GET.get("state", "")
    if state in ("open", "closed"):
        orgs = orgs.filter(is_active=state == "open")
    context = paginate(request, orgs)
    user = request.user
    context.update(
        q=query,
        kind=kind,
        state=state,
        kinds=OrganizationKind.choices,
        may_create=services.may_edit_all_fields(user, None),
        # Closing: a system administrator any, a Kanwil's administrator any of its province but the Kanwil.
        close_any=user.has_role(Role.SYSTEM_ADMIN),
        close_others=kanwil_province(user) is not None,
        own_id=user.organization_id,
    )
    return render(request, "organizations/manage.html", context)


def _parents(request: AuthedRequest, org: Organization | None = None) -> QuerySet[Organization]:
    """The parents offered: the open Ditjenpas and Kanwil the user manages, and the organisation's own parent."""
    tops = managed_organizations(request.user).filter(
        is_active=True, kind__in=[OrganizationKind.DITJENPAS, OrganizationKind.KANWIL]
    )
    keep = Q(pk__in=tops.values("pk"))
    if org is not None and org.parent_id is not None:
        keep |= Q(pk=org.parent_id)
    return Organization.objects.filter(keep).order_by("kind", "name")


def _form_data(form: forms.OrganizationForm, details_only: bool) -> dict:
    data = dict(form.cleaned_data)
    regions = list(data.pop("covered_regions"))
    if details_only:
        data = {k: v for k, v in data.items() if k in services.DETAIL_FIELDS}
    return {**data, "covered_regions": regions}


@login_required
def organization_create(request: AuthedRequest) -> HttpResponse:
    """Register an organisation: a system administrator any; a Kanwil's administrator one of its province."""
    require(request.user, Capability.ORGANIZATIONS_MANAGE)
    if not services.may_edit_all_fields(request.user, None):
        raise PermissionDenied(Capability.ORGANIZATIONS_MANAGE)
    form = forms.OrganizationForm(request.POST or None, parents=_parents(request), details_only=False)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organization_save(organization=None, actor=request.user, **_form_data(form, False))
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s registered.") % {"name": org.name})
            return redirect("organizations:detail", pk=org.pk)
    return render(request, "organizations/edit.html", {"form": form, "org": None})


@login_required
def organization_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Change an organisation's record (a unit administrator's own unit: its contacts and regencies covered)."""
    require(request.user, Capability.ORGANIZATIONS_MANAGE)
    org = get_object_or_404(managed_organizations(request.user).select_related("parent", "region"), pk=pk)
    details_only = not services.may_edit_all_fields(request.user, org)
    initial = {f: getattr(org, f) for f in services.ORGANIZATION_FIELDS if f != "is_active"}
    initial["covered_regions"] = list(org.covered_regions.all())
    form = forms.OrganizationForm(
        request.POST or None, initial=initial, parents=_parents(request, org), details_only=details_only
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_save(organization=org, actor=request.user, **_form_data(form, details_only))
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": org.name})
            return redirect("organizations:detail", pk=org.pk)
    context = {
        "form": form,
        "org": org,
        "details_only": details_only,
        "may_close": services.may_close(request.user, org),
    }
    return render(request, "organizations/edit.html", context)


@login_required
@require_POST
def organization_active(request: AuthedRequest, pk: int) -> HttpResponse:
    """Close an organisation (``active=0``) or reopen it (``active=1``)."""
    require(request.user, Capability.ORGANIZATIONS_MANAGE)
    org = get_object_or_404(managed_organizations(request.user), pk=pk)
    if not services.may_close(request.user, org):
        raise PermissionDenied(Capability.ORGANIZATIONS_MANAGE)
    active = request.POST.get("active") == "1"
    try:
        services.organization_active_set(organization=org, actor=request.user, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        message = _("%(name)s reopened.") if active else _("%(name)s closed: it keeps its history.")
        messages.success(request, message % {"name": org.name})
    return redirect("organizations:edit", pk=org.pk)
