"""The BNSP candidate list as a background job (registered in ``apps.CertificationConfig.ready``)."""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy

from bekal.certification import selectors, services
from bekal.jobs import registry
from bekal.jobs.registry import JobResult

KIND = "certification.bnsp_xlsx"


def _event(user: Any, pk: Any) -> Any:
    if not str(pk or "").isdigit():
        raise Http404
    event = selectors.get_assessment_for_user(user, int(pk))
    services.bnsp_report_check(actor=user, event=event)
    return event


def prepare_bnsp(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    return {"event": _event(user, params.get("event")).pk}


def run_bnsp(job: Any, progress: Any) -> JobResult:
    event = _event(job.user, job.params["event"])
    content = services.bnsp_report(actor=job.user, event=event)
    progress(1, 1)
    return JobResult(f"bnsp-{event.pk}.xlsx", content)


def register() -> None:
    registry.register(KIND, gettext_lazy("BNSP candidate list (XLSX)"), run_bnsp, prepare=prepare_bnsp)
