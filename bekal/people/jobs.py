"""The people import as a background job (registered in ``apps.PeopleConfig.ready``): the uploaded file is kept on
the default storage, the good rows are written and the job marked done in one transaction, and the refused rows
with their reasons are the job's file."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bekal.accounts.access import Capability, require
from bekal.jobs import registry
from bekal.jobs.registry import JobResult
from bekal.jobs.reports import refused_rows_csv
from bekal.organizations.models import Organization, OrganizationKind
from bekal.people import imports
from bekal.people.services import _unit_for

KIND = "people.import"


def _unit(user: Any, pk: Any) -> Organization:
    unit = Organization.objects.filter(pk=pk).first() if str(pk or "").isdigit() else None
    return _unit_for(user, unit, kinds=OrganizationKind.correctional_units(), field="registered_unit")


def prepare_import(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    require(user, Capability.PEOPLE_EDIT)
    return {"unit": _unit(user, params.get("unit")).pk}


def run_import(job: Any, progress: Any) -> JobResult:
    with job.input_file.open("rb") as upload:
        content = upload.read()
    unit = _unit(job.user, job.params["unit"])
    report = imports.people_import(
        actor=job.user, unit=unit, filename=job.input_name, content=content, progress=progress
    )
    summary = [
        ngettext("%(n)s person registered", "%(n)s people registered", report.created) % {"n": report.created},
        ngettext("%(n)s row refused", "%(n)s rows refused", len(report.errors)) % {"n": len(report.errors)},
    ]
    return JobResult(_("refused-rows") + ".csv", refused_rows_csv(report.errors), summary)


def register() -> None:
    registry.register(KIND, gettext_lazy("People import"), run_import, prepare=prepare_import, atomic=True, upload=True)
