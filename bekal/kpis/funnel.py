"""The steps of the training funnel and the condition an enrolment fact meets to reach each (``kpis.selectors``
counts them; ``kpis.unit_sums`` sums them per unit and year)."""

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bekal.training.models import EnrollmentStatus

STARTED = [
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.COMPLETED,
    EnrollmentStatus.DROPPED_OUT,
    EnrollmentStatus.NOT_COMPLETED,
]
FUNNEL = ("nominated", "enrolled", "completed", "certified", "released", "working")
FUNNEL_LABELS = {
    "nominated": _("Nominated"),
    "enrolled": _("Enrolled"),
    "completed": _("Completed"),
    "certified": _("Certified"),
    "released": _("Certified and released"),
    "working": _("Working after release"),
}
PEOPLE_STEPS = ("released", "working")  # counted by person, once each; the other steps by enrolment


def step_q(step: str, today: date | None = None) -> Q:
    """Return the condition an enrolment fact meets to reach a step of the funnel."""
    completed = Q(status=EnrollmentStatus.COMPLETED)
    if step in PEOPLE_STEPS:
        assert today is not None, "release and work are counted up to a day"
        released = completed & Q(certified=True, released_on__lte=today)
        return released & Q(working_on__lte=today) if step == "working" else released
    steps = {
        "nominated": Q(),
        "enrolled": Q(status__in=STARTED),
        "completed": completed,
        "certified": completed & Q(certified=True),
    }
    return steps[step]
