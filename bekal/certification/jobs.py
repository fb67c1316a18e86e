"""The BNSP exchange as background jobs (registered in ``apps.CertificationConfig.ready``):

- ``certification.bnsp_xlsx``: the candidate list in BNSP's upload template (audited: it carries full NIKs);
- ``certification.bnsp_certificates_check``: the dry run of BNSP's certificate list for an assessment. Keeps the
  uploaded file, writes nothing; its file lists each row with what the import would do and why;
- ``certification.bnsp_certificates_import``: the import of a checked file (``check``: the user's own finished dry
  run). Its certificates and "done" commit together; its file lists each row with what it did.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bekal.certification import bnsp, selectors, services
from bekal.jobs import registry
from bekal.jobs.models import Job, JobStatus
from bekal.jobs.registry import JobResult

KIND = "certification.bnsp_xlsx"
CERTIFICATES_CHECK = "certification.bnsp_certificates_check"
CERTIFICATES_IMPORT = "certification.bnsp_certificates_import"


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


def _assessment(user: Any, pk: Any) -> Any:
    if not str(pk or "").isdigit():
        raise Http404
    event = selectors.get_assessment_for_user(user, int(pk))
    bnsp.certificates_check_access(actor=user, event=event)
    return event


def prepare_certificates_check(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    return {"event": _assessment(user, params.get("event")).pk}


def checked_certificates(user: Any, pk: Any, *, event: Any = None) -> Job:
    """Return the user's own finished dry run (of this assessment when given): another's or none is a 404."""
    job = (
        Job.objects.filter(pk=pk, user_id=user.pk, kind=CERTIFICATES_CHECK).first() if str(pk or "").isdigit() else None
    )
    if job is None or (event is not None and job.params.get("event") != event.pk):
        raise Http404("bnsp check")
    if job.status != JobStatus.DONE:
        raise ValidationError({"check": _("The dry run of this file has not finished; wait for it, then import.")})
    return job


def prepare_certificates_import(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    check = checked_certificates(user, params.get("check"))
    return {"check": check.pk, "event": _assessment(user, check.params["event"]).pk}


def _counts(rows: list[bnsp.CertificateRow]) -> dict[str, int]:
    return {
        action: sum(1 for r in rows if r.action == action) for action in (bnsp.CREATE, bnsp.UNCHANGED, bnsp.REFUSED)
    }


def run_certificates_check(job: Any, progress: Any) -> JobResult:
    event = _assessment(job.user, job.params["event"])
    with job.input_file.open("rb") as upload:
        rows = bnsp.certificates_plan(actor=job.user, event=event, filename=job.input_name, content=upload)
    progress(len(rows), len(rows))
    n = _counts(rows)
    summary = [
        ngettext("%(n)s certificate would be recorded", "%(n)s certificates would be recorded", n[bnsp.CREATE]),
        ngettext("%(n)s row changes nothing", "%(n)s rows change nothing", n[bnsp.UNCHANGED]),
        ngettext("%(n)s row would be refused", "%(n)s rows would be refused", n[bnsp.REFUSED]),
    ]
    lines = [line % {"n": count} for line, count in zip(summary, n.values(), strict=True)]
    return JobResult(_("bnsp-dry-run") + ".csv", bnsp.plan_csv(rows), lines)


def run_certificates_import(job: Any, progress: Any) -> JobResult:
    check = Job.objects.get(pk=job.params["check"])
    event = _assessment(job.user, job.params["event"])
    with check.input_file.open("rb") as upload:
        rows = bnsp.certificates_import(actor=job.user, event=event, filename=check.input_name, content=upload)
    progress(len(rows), len(rows))
    n = _counts(rows)
    summary = [
        ngettext("%(n)s certificate recorded", "%(n)s certificates recorded", n[bnsp.CREATE]),
        ngettext("%(n)s row changes nothing", "%(n)s rows change nothing", n[bnsp.UNCHANGED]),
        ngettext("%(n)s row refused", "%(n)s rows refused", n[bnsp.REFUSED]),
    ]
    lines = [line % {"n": count} for line, count in zip(summary, n.values(), strict=True)]
    return JobResult(_("bnsp-certificates") + ".csv", bnsp.plan_csv(rows), lines)


def register() -> None:
    registry.register(KIND, gettext_lazy("BNSP candidate list (XLSX)"), run_bnsp, prepare=prepare_bnsp)
    registry.register(
        CERTIFICATES_CHECK,
        gettext_lazy("BNSP certificate list: dry run"),
        run_certificates_check,
        prepare=prepare_certificates_check,
        upload=True,
    )
    registry.register(
        CERTIFICATES_IMPORT,
        gettext_lazy("BNSP certificate list: import"),
        run_certificates_import,
        prepare=prepare_certificates_import,
        atomic=True,
    )
