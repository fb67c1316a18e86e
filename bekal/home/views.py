from datetime import date, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from bekal.accounts.access import Capability, can
from bekal.accounts.models import Role
from bekal.accounts.types import AuthedRequest
from bekal.core import registry
from bekal.core.memo import page_memo
from bekal.organizations import figure_versions
from bekal.organizations.scope import UnitScope, scoped_units, unit_scope
from bekal.organizations.time import unit_today
from bekal.people import selectors as people_selectors
from bekal.placement.models import ToDoKind
from bekal.rules.models import RuleValue
from bekal.training.selectors import co_organisers

RELEASE_WINDOW_DAYS = 90


def _population(scope: UnitScope, today: date) -> dict[int, dict[str, int]]:
    """Return the people in custody and under supervision per unit of the scope today, from the figure cache."""
    return figure_versions.cached(
        "home.population_by_unit",
        scope,
        today,
        lambda: people_selectors.population_by_unit(scope=scope, today=today),
    )


def _settings_token() -> tuple[Any, ...]:
    """Return the national settings the unit's blocks read, which name no unit and so bump no unit's version: every
    rule value (windows, notice days) and the active pre-release to-do kinds (the open to-dos of a release). Two
    queries on small tables that grow with the settings alone."""
    rules = tuple(RuleValue.objects.order_by("pk").values_list("pk", "value", "valid_from"))
    kinds = tuple(ToDoKind.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    return rules, kinds


def _unit_blocks(user: Any, org: Any, today: date, day: date) -> dict[str, Any]:
    """Return what a unit's staff member sees of their unit: its figures, the day's work of the sources read from
    the unit's records, and, rendered (their rows grow with the unit: the cache keeps the HTML, not the rows to
    render again), the panels, the releases due (custody units) and their clients (a PK). The panels' templates
    read their own context alone."""
    blocks: dict[str, Any] = {"worklist": registry.collect_worklist(user, day, live=False)}
    html = [render_to_string(p.template, {"panel": p.context}) for p in registry.collect_panels(user, today)]
    if can(user, Capability.PEOPLE_VIEW):
        own = UnitScope(everything=False, unit_ids=frozenset({org.id}))
        population = people_selectors.population_by_unit(scope=own, today=today)
        blocks["unit_figures"] = population.get(org.id, {"custody": 0, "supervision": 0})
        if org.is_custody_unit:
            until = today + timedelta(days=RELEASE_WINDOW_DAYS)
            rows = people_selectors.releases_due(unit=org, today=today, until=until)
            html.append(
                render_to_string(
                    "home/_releases_due.html", {"releases_due": rows, "release_window_days": RELEASE_WINDOW_DAYS}
                )
            )
        if user.has_role(Role.PROBATION_OFFICER):
            clients = people_selectors.clients_of(officer=user, today=today)
            html.append(render_to_string("home/_my_clients.html", {"my_clients": clients}))
    blocks["unit_html"] = html
    return blocks


def _cached_unit_blocks(user: Any, org: Any, today: date, day: date) -> dict[str, Any]:
    """Return ``_unit_blocks`` from the figure cache, exact: keyed by the versions of the unit and of the units that
    organise a batch with it (training records are audited at a batch's first organiser, or at a participant's
    unit, one of its organisers), every write there bumping one; by the user, their roles and unit (their own
    clients, follow-ups, capabilities), the two days (the server's for the blocks, the unit's for the day's work),
    and the national settings read. The language is in every figure key (``figure_versions.cached``)."""
    scope = UnitScope(everything=False, unit_ids=co_organisers(frozenset({org.id})))
    parts = (today, day, user.pk, sorted(user.roles), org.id, _settings_token())
    return figure_versions.cached("home.unit_blocks", scope, parts, lambda: _unit_blocks(user, org, today, day))


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """Show each role what it works on: its unit's people, its province's units, or the nation's regions."""
    with page_memo():  # the blocks read together what two of them show (core/memo.py); the page writes nothing
        return _home(request)


def _home(request: AuthedRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    # The day's work in the day of the user's unit (WIB, WITA or WIT), not the server's.
    day = unit_today(user.organization)
    org = user.organization
    context: dict[str, Any] = {"today": today, "org": org}
    if org is not None and org.is_correctional_unit:
        context.update(_cached_unit_blocks(user, org, today, day))
        live = registry.collect_live_worklist(user, day)
        context["worklist"] = sorted([*context["worklist"], *live], key=lambda i: i.order)
    else:
        if can(user, Capability.PEOPLE_VIEW):
            scope = unit_scope(user)
            empty = {"custody": 0, "supervision": 0}
            if scope.everything:
                context["region_rows"] = people_selectors.population_by_kanwil(today=today)  # each unit's part cached
            else:
                population = _population(scope, today)
                units = scoped_units(user).select_related("region")
                context["unit_rows"] = [{"unit": u, **population.get(u.id, empty)} for u in units]
        context["panels"] = registry.collect_panels(user, today)
        context["worklist"] = registry.collect_worklist(user, day)
    context["is_partner"] = user.has_role(Role.PARTNER_STAFF) and not can(user, Capability.PEOPLE_VIEW)
    context["worklist_waiting"] = sum(item.count for item in context["worklist"])
    return render(request, "home/home.html", context)
