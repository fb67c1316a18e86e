"""The audit events the jobs app records (registered in ``apps.JobsConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

GROUP = _("Background jobs")
EVENTS = {
    "jobs.job.started": _("Background job started"),
    "jobs.job.completed": _("Background job completed"),
    "jobs.job.failed": _("Background job failed"),
}
