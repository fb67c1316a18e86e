"""The audit trail's download as a background job (``accounts.audit_export``, registered in ``apps.JobsConfig.ready``:
the accounts app sits below the jobs app, so the kind lives here and calls the accounts selectors and writer).

The audit page's "CSV" and "XLSX" links start it with the page's filters; the job records the download
(``accounts.audit.exported``) and streams the rows into its file.
"""

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from bekal.accounts.access import Capability, require
from bekal.accounts.audit_export import audit_export_file
from bekal.accounts.selectors import audit_events_for_user
from bekal.accounts.services import audit_exported
from bekal.accounts.types import AuthedRequest
from bekal.jobs import registry
from bekal.jobs.registry import JobResult
from bekal.jobs.services import job_start

KIND = "accounts.audit_export"
FORMATS = ("csv", "xlsx")


def _date(params: dict[str, Any], name: str) -> str:
    text = str(params.get(name) or "").strip()
    if not text:
        return ""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValidationError({name: _("%(value)s is not a date (YYYY-MM-DD)") % {"value": text[:20]}}) from None


def prepare_audit(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    require(user, Capability.AUDIT_VIEW)
    file_format = str(params.get("format") or "csv")
    if file_format not in FORMATS:
        raise ValidationError({"format": _("%(value)s is not csv or xlsx") % {"value": file_format[:20]}})
    return {
        "format": file_format,
        "code": str(params.get("code") or "").strip()[:80],
        "actor": str(params.get("actor") or "").strip()[:150],
        "since": _date(params, "since"),
        "until": _date(params, "until"),
    }


def run_audit(job: Any, progress: Any) -> JobResult:
    p = job.params
    filters = {
        "code": p["code"],
        "actor": p["actor"],
        "since": date.fromisoformat(p["since"]) if p["since"] else None,
        "until": date.fromisoformat(p["until"]) if p["until"] else None,
    }
    events = audit_events_for_user(job.user, **filters)
    audit_exported(actor=job.user, file_format=p["format"], filters=filters)
    out, count = audit_export_file(events, p["format"], progress=progress)
    summary = [ngettext("%(count)s event", "%(count)s events", count) % {"count": count}]
    return JobResult(f"audit.{p['format']}", out, summary)


@login_required
@require_http_methods(["GET", "POST"])
def audit_export(request: AuthedRequest) -> HttpResponse:
    """Start the download of the audit trail the page's filters keep (``format``: csv or xlsx) as a job."""
    job = job_start(actor=request.user, kind=KIND, params=request.GET.dict() | request.POST.dict())
    return redirect("jobs:detail", pk=job.pk)


def register() -> None:
    registry.register(KIND, gettext_lazy("Audit trail download"), run_audit, prepare=prepare_audit)
