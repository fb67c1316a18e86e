from datetime import date, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bekal.accounts.access import Capability, can
from bekal.accounts.models import Role
from bekal.accounts.types import AuthedRequest
from bekal.core import registry
from bekal.organizations import figure_versions
from bekal.organizations.scope import UnitScope, scoped_units, unit_scope
from bekal.organizations.time import unit_today
from bekal.people import selectors as people_selectors

RELEASE_WINDOW_DAYS = 90


def _population(scope: UnitScope, today: date) -> dict[int, dict[str, int]]:
    """Return the people in custody and under supervision per unit of the scope today, from the figure cache."""
    return figure_versions.cached(
        "home.population_by_unit",
        scope,
        today,
        lambda: people_selectors.population_by_unit(scope=scope, today=today),
    )


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """Show each role what it works on: its unit's people, its province's units, or the nation's regions."""
    user = request.user
    today = timezone.localdate()
    context: dict[str, Any] = {"today": today, "org": user.organization}
    if can(user, Capability.PEOPLE_VIEW):
        scope = unit_scope(user)
        org = user.organization
        empty = {"custody": 0, "supervision": 0}
        if org is not None and org.is_correctional_unit:
            own = UnitScope(everything=False, unit_ids=frozenset({org.id}))
            population = _population(own, today)
            context["unit_figures"] = population.get(org.id, empty)
            if org.is_custody_unit:
                context["releases_due"] = people_selectors.releases_due(
                    unit=org, today=today, until=today + timedelta(days=RELEASE_WINDOW_DAYS)
                )
            if user.has_role(Role.PROBATION_OFFICER):
                context["my_clients"] = people_selectors.clients_of(officer=user, today=today)
        elif scope.everything:
            context["region_rows"] = people_selectors.population_by_kanwil(today=today)  # each unit's part cached
        else:
            population = _population(scope, today)
            units = scoped_units(user).select_related("region")
            context["unit_rows"] = [{"unit": u, **population.get(u.id, empty)} for u in units]
    context["is_partner"] = user.has_role(Role.PARTNER_STAFF) and not can(user, Capability.PEOPLE_VIEW)
    context["release_window_days"] = RELEASE_WINDOW_DAYS
    context["panels"] = registry.collect_panels(user, today)
    # The day's work in the day of the user's unit (WIB, WITA or WIT), not the server's.
    context["worklist"] = registry.collect_worklist(user, unit_today(user.organization))
    context["worklist_waiting"] = sum(item.count for item in context["worklist"])
    return render(request, "home/home.html", context)
