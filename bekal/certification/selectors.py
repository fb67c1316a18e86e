"""Reads of assessments and certificates, scoped through the batches the user may see."""

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from bekal.certification.models import AssessmentEvent, Certificate
from bekal.core.figures import Figure
from bekal.rules.selectors import rule_int
from bekal.training.models import Enrollment, EnrollmentStatus
from bekal.training.selectors import batches_visible_to, certification_rate, in_visible_batch


def get_assessment_for_user(user: Any, pk: int) -> AssessmentEvent:
    """Return an assessment of a visible batch; 404 otherwise."""
    return in_visible_batch(AssessmentEvent.objects.select_related("batch__programme", "lsp"), pk, user)


def certificates_visible_to(user: Any) -> QuerySet[Certificate]:
    """Return the certificates of the visible batches, with person and batch loaded."""
    return Certificate.objects.filter(enrollment__batch__in=batches_visible_to(user)).select_related(
        "enrollment__person", "enrollment__batch"
    )


def certificates_expiring(*, user: Any, today: date) -> QuerySet[Certificate]:
    """Return the visible certificates that expire within the notice period."""
    notice = rule_int("certification.expiry_notice_days", on=today)
    return certificates_visible_to(user).filter(valid_until__range=(today, today + timedelta(days=notice)))


def certification_figures(*, user: Any, unit_id: int | None = None, year: int | None = None) -> dict[str, Any]:
    """Return completers, certified completers and the certification rate over the visible batches."""
    # The definition is certification_of, shared with the KPIs; this applies it to the batches the user may see.
    enrollments = Enrollment.objects.filter(batch__in=batches_visible_to(user))
    if unit_id:
        enrollments = enrollments.filter(unit_id=unit_id)
    if year:
        enrollments = enrollments.filter(batch__end_date__year=year)
    figure = certification_of(enrollments)
    completed, certified = int(figure.total), int(figure.count)
    return {
        "completed": completed,
        "certified": certified,
        "rate": certification_rate(completed=completed, certified=certified),
    }


def certification_of(enrolments: QuerySet[Enrollment]) -> Figure:
    """Return the certification rate of some enrolments: certified completers out of completers (the one definition,
    also used by the certification pages over the batches a partner may see)."""
    completed = Q(status=EnrollmentStatus.COMPLETED)
    row = enrolments.aggregate(
        completed=Count("id", filter=completed, distinct=True),
        certified=Count(
            "id", filter=completed & Q(Exists(Certificate.objects.filter(enrollment_id=OuterRef("pk")))), distinct=True
        ),
    )
    return Figure(row["certified"], row["completed"])
