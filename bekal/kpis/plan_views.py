"""The realisation of the annual training plans, for a unit, a Kanwil or the nation: a page and its XLSX."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.accounts.types import AuthedRequest
from bekal.kpis import selectors
from bekal.kpis.exports import XLSX
from bekal.kpis.plans import LABELS, PLANNED, REALISED, Realisation, plan_realisation, realisation_workbook
from bekal.kpis.views import _int
from bekal.organizations.models import Organization, OrganizationKind
from bekal.organizations.scope import scoped_units, unit_scope


def _realisation(request: AuthedRequest) -> Realisation:
    year = _int(request.GET, "year") or timezone.localdate().year
    f = selectors.filters_for_user(
        user=request.user, year=year, unit=_int(request.GET, "unit"), kanwil=_int(request.GET, "kanwil")
    )
    if f.unit_id is not None:
        about = Organization.objects.get(pk=f.unit_id).name
    elif f.kanwil_id is not None:
        about = Organization.objects.get(pk=f.kanwil_id).name
    else:
        about = str(_("Nation")) if f.scope is not None and f.scope.everything else str(_("All units in scope"))
    return plan_realisation(f=f, year=year, about=about)


@login_required
def plan_realisation_page(request: AuthedRequest) -> HttpResponse:
    """Show the year's plans beside their realisation per programme and per month, with the gap."""
    realisation = _realisation(request)
    scope = unit_scope(request.user)
    kanwils = Organization.objects.filter(kind=OrganizationKind.KANWIL).order_by("name")
    if not scope.everything:
        kanwils = kanwils.filter(pk__in=scope.unit_ids)
    context = {
        "r": realisation,
        "rows": [
            {
                "label": row.label,
                "mandatory": row.mandatory,
                # (value, is money): the budget columns in rupiah, the others as counts.
                "cells": [(row.planned[k], k == "budget") for k in PLANNED]
                + [(row.realised[k], k == "budget") for k in REALISED]
                + [(row.gap[k], k == "budget") for k in PLANNED],
            }
            for row in [*realisation.rows, realisation.total]
        ],
        "months": [
            [(m["month"], False), *[(m[k], k == "budget") for k in REALISED], (m["budget_to_date"], True)]
            for m in realisation.months
        ],
        "planned_keys": [(k, LABELS[k]) for k in PLANNED],
        "realised_keys": [(k, LABELS[k]) for k in REALISED],
        "units": list(scoped_units(request.user).order_by("name").values_list("pk", "name")),
        "kanwils": list(kanwils.values_list("pk", "name")),
        "query": request.GET.urlencode(),
    }
    return render(request, "kpis/plan_realisation.html", context)


@login_required
def plan_realisation_xlsx(request: AuthedRequest) -> HttpResponse:
    """Download the realisation against the plans as XLSX (a few dozen rows: built in the request)."""
    realisation = _realisation(request)
    response = HttpResponse(realisation_workbook(realisation), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="realisasi-rencana-{realisation.year}.xlsx"'
    return response
