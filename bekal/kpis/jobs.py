"""The KPI work run as background jobs (registered in ``apps.KpisConfig.ready``): the people behind a figure
(XLSX, audited), a KPI table (XLSX), a unit's quarterly report (PDF), and the KPI facts rebuilt or checked.

Each ``prepare`` runs in the request with the checks of the page it replaces (scope, capability: 403 and 404 there);
each ``run`` reads as the user who started the job, as of the day it was started.
"""

from datetime import date
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bekal.accounts.access import Capability, require
from bekal.core.formats import number
from bekal.core.memo import page_memo
from bekal.jobs import registry
from bekal.jobs.registry import JobResult
from bekal.kpis import behind, exports, facts, selectors, warm
from bekal.organizations.models import Organization

FILTERS = ("year", "unit", "kanwil", "programme", "provider")


def _ints(params: dict[str, Any], names: tuple[str, ...]) -> dict[str, int]:
    out = {}
    for name in names:
        value = params.get(name)
        if value is None or value == "":
            continue
        try:
            out[name] = int(value)
        except (TypeError, ValueError) as exc:
            raise Http404 from exc
    return out


def _filters(user: Any, params: dict[str, Any]) -> selectors.Filters:
    return selectors.filters_for_user(user=user, **_ints(params, FILTERS))


def _today(job: Any) -> date:
    return date.fromisoformat(job.params["today"])


def prepare_people(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    f = _filters(user, params)
    kpi, part = str(params.get("kpi", "")), str(params.get("part", ""))
    if kpi not in selectors.PEOPLE_KPIS or part not in behind.PARTS:
        raise Http404
    if kpi == selectors.RECIDIVISM:
        require(user, Capability.OUTCOMES_VIEW)
    return {**f.params(), "kpi": kpi, "part": part, "today": timezone.localdate().isoformat()}


def run_people(job: Any, progress: Any) -> JobResult:
    f = _filters(job.user, job.params)
    kpi, part = job.params["kpi"], job.params["part"]
    rows = behind.kpi_people(user=job.user, f=f, today=_today(job), kpi=kpi, part=part)
    out, count = exports.people_workbook(actor=job.user, people=rows, kpi=kpi, part=part, filters=f, progress=progress)
    summary = [_("%(count)s people listed") % {"count": number(count)}]
    return JobResult(f"kpi-{kpi}-{part}.xlsx", out, summary)


def prepare_table(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    f = _filters(user, params)
    by = str(params.get("by", ""))
    if by and by not in selectors.BREAKDOWNS:
        raise Http404
    return {**f.params(), "by": by or selectors.default_breakdown(f), "today": timezone.localdate().isoformat()}


def run_table(job: Any, progress: Any) -> JobResult:
    f = _filters(job.user, job.params)
    today = _today(job)
    by = job.params["by"]
    with page_memo():
        breakdown = selectors.breakdown_for(user=job.user, f=f, today=today, by=by)
        row = selectors.table_for(user=job.user, f=f, today=today)
    progress(1, 1)
    data = exports.table_workbook(row=row, breakdown=breakdown, by=by, about=exports.about(f))
    return JobResult(f"kpi-{by}-{f.year or 'all'}.xlsx", data)


def prepare_quarterly(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    require(user, Capability.KPI_VIEW)
    wanted = _ints(params, ("unit", "year", "quarter"))
    if set(wanted) != {"unit", "year", "quarter"} or wanted["quarter"] not in (1, 2, 3, 4):
        raise Http404
    selectors.filters_for_user(user=user, unit=wanted["unit"], year=wanted["year"])
    return {**wanted, "today": timezone.localdate().isoformat()}


def run_quarterly(job: Any, progress: Any) -> JobResult:
    p = job.params
    selectors.filters_for_user(user=job.user, unit=p["unit"], year=p["year"])
    unit = Organization.objects.select_related("parent").get(pk=p["unit"])
    with page_memo():
        data = exports.quarterly_report(
            user=job.user, unit=unit, year=p["year"], quarter=p["quarter"], today=_today(job)
        )
    progress(1, 1)
    return JobResult(f"kpi-{unit.pk}-{p['year']}-q{p['quarter']}.pdf", data)


def prepare_facts(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    require(user, Capability.KPI_FACTS)
    return {}


def run_rebuild(job: Any, progress: Any) -> JobResult:
    require(job.user, Capability.KPI_FACTS)
    written = warm.facts_rebuild()
    progress(1, 1)
    line = _("KPI facts rewritten: %(enrolments)s enrolments, %(releases)s releases") % written
    return JobResult("kpi-facts-rebuild.txt", f"{line}\n".encode(), [line])


def run_check(job: Any, progress: Any) -> JobResult:
    require(job.user, Capability.KPI_FACTS)
    differences = facts.differences()
    progress(1, 1)
    if differences:
        line = _("%(count)s KPI facts differ from the records: run manage.py kpis --rebuild-facts") % {
            "count": len(differences)
        }
    else:
        line = _("The KPI facts agree with the records.")
    return JobResult("kpi-facts-check.txt", "\n".join([line, *differences, ""]).encode(), [line])


def register() -> None:
    registry.register(
        "kpis.people_xlsx", gettext_lazy("People behind a KPI (XLSX)"), run_people, prepare=prepare_people
    )
    registry.register("kpis.table_xlsx", gettext_lazy("KPI table (XLSX)"), run_table, prepare=prepare_table)
    registry.register(
        "kpis.quarterly_pdf", gettext_lazy("Quarterly KPI report (PDF)"), run_quarterly, prepare=prepare_quarterly
    )
    registry.register(
        "kpis.facts_rebuild", gettext_lazy("KPI facts rebuilt"), run_rebuild, prepare=prepare_facts, atomic=True
    )
    registry.register("kpis.facts_check", gettext_lazy("KPI facts checked"), run_check, prepare=prepare_facts)
