"""The SDP import as two background jobs (registered in ``apps.PeopleConfig.ready``):

- ``people.sdp_check``: the dry run. Keeps the uploaded file, writes nothing; its file lists every row with what the
  import would do (created, updated, unchanged, refused) and why;
- ``people.sdp_import``: the import of a checked file (``check``: the dry run's job, which must be the user's own and
  done). Its rows and "done" commit together; its file is the refused rows as they were, with the reason added.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bekal.jobs import registry
from bekal.jobs.models import Job, JobStatus
from bekal.jobs.registry import JobResult
from bekal.organizations.models import Organization
from bekal.people.sdp import importer
from bekal.people.sdp.plan import Action

CHECK = "people.sdp_check"
IMPORT = "people.sdp_import"


def _unit(user: Any, pk: Any) -> Organization:
    unit = Organization.objects.filter(pk=pk).first() if str(pk or "").isdigit() else None
    return importer.sdp_check_access(actor=user, unit=unit)


def prepare_check(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    return {"unit": _unit(user, params.get("unit")).pk}


def checked_job(user: Any, pk: Any) -> Job:
    """Return the user's own finished dry run; another user's (or none) is a 404, an unfinished one a field error."""
    job = Job.objects.filter(pk=pk, user_id=user.pk, kind=CHECK).first() if str(pk or "").isdigit() else None
    if job is None:
        raise Http404("sdp check")
    if job.status != JobStatus.DONE:
        raise ValidationError({"check": _("The dry run of this file has not finished; wait for it, then import.")})
    return job


def prepare_import(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    check = checked_job(user, params.get("check"))
    return {"check": check.pk, "unit": _unit(user, check.params.get("unit")).pk}


def _summary(report: importer.SdpReport) -> list[str]:
    a = report.actions
    if report.dry_run:
        lines = [
            ngettext("%(n)s row would create a person", "%(n)s rows would create a person", a[Action.CREATE]),
            ngettext("%(n)s row would update a person", "%(n)s rows would update a person", a[Action.UPDATE]),
            ngettext("%(n)s row changes nothing", "%(n)s rows change nothing", a[Action.UNCHANGED]),
            ngettext("%(n)s row would be refused", "%(n)s rows would be refused", a[Action.REFUSED]),
        ]
        counts = [a[Action.CREATE], a[Action.UPDATE], a[Action.UNCHANGED], a[Action.REFUSED]]
    else:
        lines = [
            ngettext("%(n)s person registered", "%(n)s people registered", report.people_created),
            ngettext("%(n)s person updated", "%(n)s people updated", report.people_updated),
            ngettext("%(n)s period recorded", "%(n)s periods recorded", report.periods_created),
            ngettext("%(n)s period changed", "%(n)s periods changed", report.periods_updated),
            ngettext("%(n)s row changes nothing", "%(n)s rows change nothing", a[Action.UNCHANGED]),
            ngettext("%(n)s row refused", "%(n)s rows refused", a[Action.REFUSED]),
        ]
        counts = [
            report.people_created,
            report.people_updated,
            report.periods_created,
            report.periods_updated,
            a[Action.UNCHANGED],
            a[Action.REFUSED],
        ]
    return [line % {"n": n} for line, n in zip(lines, counts, strict=True)]


def run_check(job: Any, progress: Any) -> JobResult:
    unit = _unit(job.user, job.params["unit"])
    with job.input_file.open("rb") as upload:
        report = importer.sdp_import(
            actor=job.user, unit=unit, filename=job.input_name, file=upload, dry_run=True, progress=progress
        )
    return JobResult(_("sdp-dry-run") + ".csv", report.file, _summary(report))


def run_import(job: Any, progress: Any) -> JobResult:
    check = Job.objects.get(pk=job.params["check"])
    unit = _unit(job.user, job.params["unit"])
    try:
        with check.input_file.open("rb") as upload:
            report = importer.sdp_import(
                actor=job.user, unit=unit, filename=check.input_name, file=upload, dry_run=False, progress=progress
            )
    except IntegrityError as error:
        raise importer.integrity_refusal(error) from error
    return JobResult(_("refused-rows") + ".csv", report.file, _summary(report))


def register() -> None:
    registry.register(CHECK, gettext_lazy("SDP import: dry run"), run_check, prepare=prepare_check, upload=True)
    registry.register(IMPORT, gettext_lazy("SDP import"), run_import, prepare=prepare_import, atomic=True)
