"""The Karirhub export as a background job (registered in ``apps.PlacementConfig.ready``): the national list of
placements is long, so the page and the API only start it; the worker streams the rows into the file."""

from typing import Any

from django.utils.translation import gettext_lazy, ngettext

from bekal.jobs import registry
from bekal.jobs.registry import JobResult
from bekal.placement import karirhub

KIND = "placement.karirhub_xlsx"


def prepare_karirhub(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    karirhub.karirhub_check(actor=user)  # 403 at once for someone who may see no vacancy
    return {}


def run_karirhub(job: Any, progress: Any) -> JobResult:
    made = karirhub.karirhub_export(actor=job.user, progress=progress)
    summary = [
        ngettext("%(count)s vacancy", "%(count)s vacancies", made.vacancies) % {"count": made.vacancies},
        ngettext("%(count)s placement", "%(count)s placements", made.placements) % {"count": made.placements},
    ]
    return JobResult("karirhub.xlsx", made.file, summary)


def register() -> None:
    registry.register(KIND, gettext_lazy("Karirhub export (XLSX)"), run_karirhub, prepare=prepare_karirhub)
