"""The training app's part of a person's path: nominations, screening, batches with their attendance, incidents."""

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can
from bekal.core.formats import date_long
from bekal.core.registry import TimelineEntry
from bekal.training.models import Attendance, Enrollment, EnrollmentStatus, Incident, TrainingDay
from bekal.training.selectors import batches_visible_to


def enrollments_for(user: Any, person: Any) -> list[Enrollment]:
    """The person's enrolments in the batches the user may see, with attended and scheduled days counted."""
    attended = (
        Attendance.objects.filter(enrollment=OuterRef("pk"), reason__counts_as_attended=True)
        .values("enrollment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    days = TrainingDay.objects.filter(batch=OuterRef("batch")).values("batch").annotate(n=Count("pk")).values("n")
    return list(
        Enrollment.objects.filter(person=person, batch__in=batches_visible_to(user).values("pk"))
        .select_related("batch__programme", "batch__provider", "unit")
        .annotate(
            attended=Coalesce(Subquery(attended[:1]), 0, output_field=IntegerField()),
            days=Coalesce(Subquery(days[:1]), 0, output_field=IntegerField()),
        )
        .order_by("created_at", "pk")
    )


def _enrollment_entry(enrollment: Any) -> TimelineEntry:
    batch = enrollment.batch
    detail = [
        _("%(programme)s at %(provider)s") % {"programme": batch.programme, "provider": batch.provider},
        enrollment.get_status_display(),
    ]
    if enrollment.status in (EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED, EnrollmentStatus.NOT_COMPLETED):
        detail.append(
            _("attended %(attended)s of %(days)s days") % {"attended": enrollment.attended, "days": enrollment.days}
        )
    reason = enrollment.end_reason or enrollment.decision_reason
    if reason:
        detail.append(reason)
    nominated_on = timezone.localtime(enrollment.created_at).date()
    return TimelineEntry(
        on=min(nominated_on, batch.start_date),
        end=batch.end_date,
        stage="training",
        title=_("Batch %(batch)s") % {"batch": batch.name},
        detail=" · ".join(str(part) for part in detail),
        url=reverse("training:batch-detail", args=[batch.pk]),
    )


def person_timeline(user: Any, person: Any) -> list[TimelineEntry]:
    """Enrolments and incidents in the batches the user may see (training roles only)."""
    if not can(user, Capability.TRAINING_VIEW):
        return []
    enrollments = enrollments_for(user, person)
    entries = [_enrollment_entry(e) for e in enrollments]
    incidents = (
        Incident.objects.filter(enrollment__in=[e.pk for e in enrollments])
        .select_related("enrollment__batch")
        .order_by("date", "pk")
    )
    entries += [_incident_entry(incident) for incident in incidents]
    return entries


def _incident_entry(incident: Incident) -> TimelineEntry:
    """An incident with its batch, severity and action; a removal that bans the person from later batches names the
    ban's end date."""
    detail = [incident.get_severity_display(), incident.description]
    if incident.ban_until is not None:
        detail.append(_("Banned from training until %(until)s") % {"until": date_long(incident.ban_until)})
    batch = incident.enrollment.batch
    return TimelineEntry(
        on=incident.date,
        stage="incident",
        title=_("Incident in batch %(batch)s: %(action)s")
        % {"batch": batch.name, "action": incident.get_action_display()},
        detail=" · ".join(str(part) for part in detail),
        url=reverse("training:batch-detail", args=[batch.pk]),
    )
