"""KPI pages: the dashboard (figures, definitions, breakdowns, charts), the people behind a figure, and exports."""

import functools
import secrets
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bekal.accounts.access import Capability, can, require
from bekal.accounts.types import AuthedRequest
from bekal.core.memo import page_memo
from bekal.core.pagination import paginate_keyset
from bekal.jobs.services import job_start
from bekal.kpis import behind, charts, exports, facts, funnel, selectors
from bekal.kpis.models import EnrolmentFact
from bekal.kpis.recidivism import recidivism_splits
from bekal.organizations import figure_versions
from bekal.organizations.models import Organization, OrganizationKind
from bekal.organizations.scope import scoped_units, unit_scope
from bekal.outcomes.selectors import FOLLOW_UP_YEARS
from bekal.training.models import Programme


def read_cohorts_once(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Read the release cohorts and the figure caches' versions once per request, however many figures use them."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> HttpResponse:
        with page_memo():
            return view(*args, **kwargs)

    return wrapped


def _int(params: QueryDict, name: str) -> int | None:
    value = params.get(name, "")
    if not value:
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise Http404 from exc


def _filters(request: AuthedRequest) -> selectors.Filters:
    return selectors.filters_for_user(
        user=request.user,
        year=_int(request.GET, "year"),
        unit=_int(request.GET, "unit"),
        kanwil=_int(request.GET, "kanwil"),
        programme=_int(request.GET, "programme"),
        provider=_int(request.GET, "provider"),
    )


def _choices(user: Any) -> dict[str, Any]:
    """Return what the filter form offers, as (id, name) pairs: the units and Kanwils in scope, programmes and
    providers (a national form lists about 2,000 of them); the years apart (``choices_figures``)."""
    scope = unit_scope(user)
    kanwils = Organization.objects.filter(kind=OrganizationKind.KANWIL).order_by("name")
    if not scope.everything:
        kanwils = kanwils.filter(pk__in=scope.unit_ids)
    programmes = Programme.objects.order_by("name")
    providers = Organization.objects.filter(provided_batches__isnull=False).distinct().order_by("name")
    if not scope.everything:
        # Only what the user's units trained with: a unit's list is a handful, not the nation's catalogue.
        # The ids first, as a list: inside an IN (subquery) PostgreSQL scans every programme (100 ms for a Kanwil).
        trained = EnrolmentFact.objects.filter(scope.q("unit_id")).order_by()
        pairs = set(trained.values_list("programme_id", "provider_id").distinct())
        programmes = programmes.filter(pk__in={programme for programme, _provider in pairs})
        providers = providers.filter(pk__in={provider for _programme, provider in pairs})
    return {
        "units": list(scoped_units(user).order_by("name").values_list("pk", "name")),
        "kanwils": list(kanwils.values_list("pk", "name")),
        "programmes": list(programmes.values_list("pk", "name")),
        "providers": list(providers.values_list("pk", "name")),
        "key": secrets.token_hex(8),  # what the rendered filter form is kept under
    }


def _lines(row: selectors.KpiRow) -> list[dict[str, Any]]:
    """Return the KPI lines of the summary table: label, figure, definition and the drill-down parameters."""
    return [
        {
            "kpi": kpi,
            "label": selectors.LABELS[kpi],
            "definition": selectors.DEFINITIONS[kpi],
            "figure": row.figures[kpi],
        }
        for kpi in selectors.KPIS
    ]


@login_required
@read_cohorts_once
def dashboard(request: AuthedRequest) -> HttpResponse:
    """Show every KPI for the chosen filters with its definition, one breakdown table, and the three charts."""
    today = timezone.localdate()
    f = _filters(request)
    by = request.GET.get("by") or selectors.default_breakdown(f)
    if by not in selectors.BREAKDOWNS:
        raise Http404
    require(request.user, Capability.OUTCOMES_VIEW)  # the recidivism chart's, checked before any cached figure
    figures = dashboard_figures(request.user, f, by, today)
    choices = choices_figures(request.user, today)
    # (What an earlier release cached has no key: its fragments are rendered afresh, under a new one.)
    choices_key = choices.get("key") or secrets.token_hex(8)
    breakdown, row = figures["breakdown"], figures["row"]
    return render(
        request,
        "kpis/dashboard.html",
        {
            "row": row,
            "lines": _lines(row),
            "filters": f,
            "query": QueryDict(mutable=True) | {k: str(v) for k, v in f.params().items()},
            "by": by,
            "breakdowns": selectors.BREAKDOWNS,
            "breakdown": breakdown,
            "kpis": [(k, selectors.LABELS[k]) for k in selectors.KPIS],
            "funnel": [(step, funnel.FUNNEL_LABELS[step], row.funnel[step]) for step in funnel.FUNNEL],
            "chart_rates": figures["chart_rates"],
            "chart_funnel": figures["chart_funnel"],
            "chart_recidivism": figures["chart_recidivism"],
            "can_rebuild_facts": can(request.user, Capability.KPI_FACTS),
            # The two largest fragments (some 2,000 filter options and a breakdown of hundreds of cells) are kept
            # rendered under the key of what they show: every computation of the figures and of the choices has a
            # key of its own, so a fragment is never older than the figures beside it.
            "figures_key": figures.get("key") or secrets.token_hex(8),
            "form_key": f"{choices_key}:{choices['years']}:{sorted(f.params().items())}:{by}",
            **choices,
        },
    )


def dashboard_figures(user: Any, f: selectors.Filters, by: str, today: date) -> dict[str, Any]:
    """Return the dashboard's figures from the cache (computed when the scope's records changed since): the page's
    and the warm-up job's (``warm.py``) one key."""
    return figure_versions.cached(
        "kpis.dashboard",
        unit_scope(user),
        (sorted(f.params().items()), by, today),
        lambda: _dashboard_figures(user, f, by, today),
        labelled=True,  # a breakdown by programme or provider names them: a rename outside the scope shows
    )


def choices_figures(user: Any, today: date) -> dict[str, Any]:
    """Return the dashboard's filter choices from the cache (the page's and the warm-up job's one key). The nation's
    units, programmes and providers are the catalogue's, kept until it changes (not at every certificate); a
    narrower scope lists what its units trained with, read from the facts, so it is keyed on the outcome facts, as
    are the years (a release in a new year adds one)."""
    scope = unit_scope(user)
    if scope.everything:
        catalogue = figure_versions.cached_on_catalogue("kpis.choices", scope, today, lambda: _choices(user))
    else:
        catalogue = figure_versions.cached(
            "kpis.choices", scope, today, lambda: _choices(user), figure_versions.OUTCOMES, labelled=True
        )
    years = figure_versions.cached(
        "kpis.years", scope, today, lambda: selectors.years_available(user=user, today=today), figure_versions.OUTCOMES
    )
    return {**catalogue, "years": years}


def recidivism_figures(user: Any, today: date) -> tuple[Any, Any]:
    """Return the recidivism page's figures from the cache (the page's and the warm-up job's one key)."""
    return figure_versions.cached(
        "kpis.recidivism",
        unit_scope(user),
        today,
        lambda: _recidivism_figures(user, today),
        figure_versions.OUTCOMES,  # releases, completions, certificates, placements: not attendance marks
    )


def _dashboard_figures(user: Any, f: selectors.Filters, by: str, today: date) -> dict[str, Any]:
    """Return what the dashboard computes from the facts: the breakdown, the series over the years, the table and
    the three charts (cached by scope and version: ``organizations/figure_versions.py``)."""
    breakdown = selectors.breakdown_for(user=user, f=f, today=today, by=by)
    # A time series: every year, whatever year the table is about; the table of a year is that year's point.
    over_time = (
        breakdown
        if by == "year" and f.year is None
        else selectors.breakdown_for(user=user, f=replace(f, year=None), today=today, by="year")
    )
    row = selectors.table_of_year(over_time, f) or selectors.table_for(user=user, f=f, today=today)
    cohorts = selectors.recidivism_cohorts(user=user, f=f, today=today)
    return {
        "breakdown": breakdown,
        "over_time": over_time,
        "row": row,
        "chart_rates": charts.svg(charts.rates_over_time(over_time)),
        "chart_funnel": charts.svg(charts.funnel(row)),
        "chart_recidivism": charts.svg(charts.recidivism(cohorts)),
        "key": secrets.token_hex(8),  # what the page's rendered fragments are kept under
    }


@login_required
def people(request: AuthedRequest) -> HttpResponse:
    """List the people behind one figure (a KPI's numerator or denominator, or a step of the funnel), by keyset
    pages (``?cursor=``, ``?cursor=last``: the last page costs what the first does); the filters kept across pages."""
    f = _filters(request)
    step, kpi, part = request.GET.get("step", ""), request.GET.get("kpi", ""), request.GET.get("part", "")
    rows, total = behind.people_behind(
        user=request.user, f=f, today=timezone.localdate(), kpi=kpi, part=part, step=step
    )
    if step:
        title = str(funnel.FUNNEL_LABELS[step])
    else:
        title = f"{selectors.LABELS[kpi]}: {_('Numerator') if part == 'numerator' else _('Denominator')}"
    context = paginate_keyset(request, rows, total=total)
    return render(
        request,
        "kpis/people.html",
        {**context, "title": title, "filters": f, "about": exports.about(f), "step": step},
    )


def _start(request: AuthedRequest, kind: str, params: dict[str, Any]) -> HttpResponse:
    """Start the export as a background job and show its page (done already when no worker is configured)."""
    job = job_start(actor=request.user, kind=kind, params=params)
    return redirect("jobs:detail", pk=job.pk)


@login_required
@require_http_methods(["GET", "POST"])
def table_xlsx(request: AuthedRequest) -> HttpResponse:
    """Start the download of the summary and the chosen breakdown as a workbook (figures only: no audit)."""
    return _start(request, "kpis.table_xlsx", request.GET.dict())


@login_required
@require_http_methods(["GET", "POST"])
def people_xlsx(request: AuthedRequest) -> HttpResponse:
    """Start the download of the people behind a figure; a list of names, so the export is audited."""
    return _start(request, "kpis.people_xlsx", request.GET.dict())


@login_required
@require_http_methods(["GET", "POST"])
def quarterly_pdf(request: AuthedRequest, unit: int, year: int, quarter: int) -> HttpResponse:
    """Start a unit's quarterly KPI report for its Kanwil, on the unit's letterhead."""
    return _start(request, "kpis.quarterly_pdf", {"unit": unit, "year": year, "quarter": quarter})


@login_required
@require_POST
def facts_job(request: AuthedRequest, action: str) -> HttpResponse:
    """Start the KPI facts rebuild or check (system administrators: ``manage.py kpis --rebuild-facts``)."""
    kinds = {"rebuild": "kpis.facts_rebuild", "check": "kpis.facts_check"}
    if action not in kinds:
        raise Http404
    return _start(request, kinds[action], {})


def _recidivism_figures(user: Any, today: date) -> Any:
    """Return the recidivism page's figures: overall, and split by training, certificate and placement."""
    # Each group is a flag kept on the release facts: the cohorts read it from the release itself.
    return recidivism_splits(user=user, today=today, groups={name: name for name in facts.GROUPS})


def quarter_of(day: date) -> int:
    """Return the quarter (1-4) a day falls in."""
    return (day.month - 1) // 3 + 1


@login_required
def recidivism(request: AuthedRequest) -> HttpResponse:
    """Show re-admission rates by release cohort and follow-up year, overall and placed versus not placed."""
    today = timezone.localdate()
    require(request.user, Capability.OUTCOMES_VIEW)  # checked here: a cached figure skips the selectors' checks
    overall, split = recidivism_figures(request.user, today)
    labels = {
        "trained": (_("Completed a training"), _("Without a completed training")),
        "certified": (_("With a competency certificate"), _("Without a competency certificate")),
        "placed": (_("With an employment placement"), _("Without an employment placement")),
    }
    splits = [
        (key, replace(split[key], label=inside_label), outside_label)
        for key, (inside_label, outside_label) in labels.items()
    ]
    return render(
        request,
        "kpis/recidivism.html",
        {"overall": overall, "splits": splits, "years": FOLLOW_UP_YEARS, "today": today},
    )
