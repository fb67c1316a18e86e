"""The audit events the placement app records (registered in ``apps.PlacementConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

GROUP = _("Placement")
EVENTS = {
    "placement.readiness.set": _("Work readiness assessed"),
    "placement.todo.set": _("Pre-release to-do updated"),
    "placement.employer.created": _("Employer registered"),
    "placement.employer.updated": _("Employer profile changed"),
    "placement.vacancy.created": _("Vacancy posted"),
    "placement.vacancy.updated": _("Vacancy changed"),
    "placement.referral.created": _("Referred to a vacancy"),
    "placement.referral.moved": _("Referral status changed"),
    "placement.internship.created": _("Internship recorded"),
    "placement.internship.updated": _("Internship changed"),
    "placement.placement.created": _("Job placement recorded"),
    "placement.placement.ended": _("Job placement ended"),
    "placement.follow_up.recorded": _("Placement follow-up recorded"),
    "placement.todo_kind.created": _("Pre-release to-do kind added"),
    "placement.todo_kind.updated": _("Pre-release to-do kind changed"),
    "placement.todo_kind.retired": _("Pre-release to-do kind retired"),
    "placement.todo_kind.reactivated": _("Pre-release to-do kind reactivated"),
    "placement.karirhub.exported": _("Vacancies and placements exported for Karirhub"),
}
