"""Reads of assessments and certificates, scoped through the batches the user may see."""

from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from bekal.certification.models import AssessmentEvent, Certificate
from bekal.kpis.selectors import certification_of
from bekal.rules.selectors import rule_int
from bekal.training.models import Enrollment
from bekal.training.selectors import batches_visible_to, certification_rate


def get_assessment_for_user(user: Any, pk: int) -> AssessmentEvent:
    """Return an assessment of a visible batch; 404 otherwise."""
    try:
        return (
            AssessmentEvent.objects.select_related("batch__programme", "lsp")
            .filter(batch__in=batches_visible_to(user))
            .get(pk=pk)
        )
    except AssessmentEvent.DoesNotExist as exc:
        raise Http404 from exc


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
    # The definition lives in bekal.kpis.selectors; this applies it to the batches the user may see (partners too).
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
