"""The catalogue import as a background job (registered in ``apps.TrainingConfig.ready``): every good row is saved
and the job marked done in one transaction; the refused rows with their reasons are the job's file."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bekal.accounts.access import Capability, require
from bekal.jobs import registry
from bekal.jobs.registry import JobResult
from bekal.jobs.reports import refused_rows_csv
from bekal.organizations.models import Organization
from bekal.training import services

KIND = "training.programmes_import"


def _provider(pk: Any) -> Organization:
    provider = Organization.objects.filter(pk=pk).first() if str(pk or "").isdigit() else None
    if provider is None:
        raise ValidationError({"provider": _("Choose a provider")})
    return provider


def prepare_import(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    require(user, Capability.PROGRAMME_EDIT)
    return {"provider": _provider(params.get("provider")).pk}


def run_import(job: Any, progress: Any) -> JobResult:
    with job.input_file.open("rb") as upload:
        content = upload.read()
    report = services.programmes_import(
        actor=job.user,
        provider=_provider(job.params["provider"]),
        filename=job.input_name,
        content=content,
        progress=progress,
    )
    created, refused = len(report.created), len(report.errors)
    summary = [
        ngettext("%(n)s programme added", "%(n)s programmes added", created) % {"n": created},
        ngettext("%(n)s row refused", "%(n)s rows refused", refused) % {"n": refused},
    ]
    return JobResult(_("refused-rows") + ".csv", refused_rows_csv(report.errors), summary)


def register() -> None:
    registry.register(
        KIND, gettext_lazy("Catalogue import"), run_import, prepare=prepare_import, atomic=True, upload=True
    )
