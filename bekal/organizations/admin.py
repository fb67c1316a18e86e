from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from bekal.accounts.access import Capability
from bekal.accounts.admin_base import ReadOnlyAdmin, ServiceAdmin, adopt
from bekal.organizations.models import Organization, Region
from bekal.organizations.services import ORGANIZATION_FIELDS, organization_save


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    """Kemendagri codes, loaded from data/regions.csv by migration: corrected in the CSV, not by hand."""

    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(Organization)
class OrganizationAdmin(ServiceAdmin):
    """The directory: added and changed through organization_save; an organisation is retired (inactive), not deleted,
    since people, batches and the audit trail point at it."""

    capability = Capability.ORGANIZATIONS_EDIT
    list_display = ["name", "kind", "unit_class", "parent", "region", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    list_select_related = ["parent", "region"]
    autocomplete_fields = ["parent", "region", "covered_regions"]

    def save_model(self, request: HttpRequest, obj: Organization, form: forms.ModelForm, change: bool) -> None:
        covered = form.cleaned_data.get("covered_regions")
        org = organization_save(
            organization=obj if change else None,
            actor=request.user,
            covered_regions=list(covered) if covered is not None else None,
            **{f: getattr(obj, f) for f in ORGANIZATION_FIELDS if f in form.fields},
        )
        adopt(obj, org)

    def save_related(self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool) -> None:
        """The regencies covered were saved by organization_save (save_model), audited with the rest."""
