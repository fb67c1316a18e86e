"""Reads of training records, always scoped: correctional staff by their unit scope, partner staff by the batches
their organisation provides or assesses. ``get_<thing>_for_user`` raises 404 outside the scope."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Count, Exists, Model, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from bekal.accounts.access import Capability, require
from bekal.accounts.models import Role
from bekal.core.keyset import Total, estimated_rows
from bekal.organizations.models import Organization
from bekal.organizations.scope import unit_scope
from bekal.organizations.time import units_today
from bekal.rules.selectors import rule_int
from bekal.training.models import (
    Agreement,
    AgreementStatus,
    Attendance,
    Batch,
    BatchInstructor,
    BatchStatus,
    BudgetAllocation,
    Enrollment,
    EnrollmentStatus,
    Escort,
    Incident,
    Instructor,
    InstructorCertificate,
    PlanLine,
    Programme,
    TrainingDay,
    TrainingPlan,
    absorption_percent,
)

R = TypeVar("R", bound=Model)


def _partner_org(user: Any) -> Organization | None:
    # Partner staff see their own organisation's work; staff of a correctional unit never take this path.
    if user.has_role(Role.PARTNER_STAFF) and user.organization and not user.organization.is_correctional_unit:
        return user.organization
    return None


def is_partner(user: Any) -> bool:
    """Return True when the user reaches training records as a partner (BLK, Disnaker, LSP), not as staff."""
    return _partner_org(user) is not None and not unit_scope(user).unit_ids and not unit_scope(user).everything


def programmes_visible_to(user: Any) -> QuerySet[Programme]:
    """Return the catalogue: every programme for correctional staff, the provider's own for partner staff."""
    require(user, Capability.TRAINING_VIEW)
    programmes = Programme.objects.select_related("provider")
    if is_partner(user):
        return programmes.filter(provider=user.organization)
    return programmes


def get_programme_for_user(user: Any, pk: int) -> Programme:
    """Return a programme with its competency units; 404 outside the user's catalogue."""
    return get_object_or_404(programmes_visible_to(user).prefetch_related("units"), pk=pk)


def agreements_visible_to(user: Any) -> QuerySet[Agreement]:
    """Return the agreements of the user's units (and their Kanwil), or those the partner is party to."""
    require(user, Capability.TRAINING_VIEW)
    agreements = Agreement.objects.select_related("unit").prefetch_related("partners")
    if is_partner(user):
        return agreements.filter(
            Exists(
                Agreement.partners.through.objects.filter(
                    agreement_id=OuterRef("pk"), organization_id=user.organization.id
                )
            )
        )
    scope = unit_scope(user)
    if scope.everything:
        return agreements
    parents = Organization.objects.filter(id__in=scope.unit_ids).values("parent_id")
    return agreements.filter(Q(unit_id__in=scope.unit_ids) | Q(unit_id__in=parents))


def get_agreement_for_user(user: Any, pk: int) -> Agreement:
    """Return one agreement with its parties and scope; 404 outside the user's reach."""
    return get_object_or_404(
        agreements_visible_to(user).prefetch_related("programmes", "regions", "attachments"), pk=pk
    )


def batches_visible_to(user: Any) -> QuerySet[Batch]:
    """Return the batches organised by a unit in scope, or provided or assessed by the partner's organisation."""
    require(user, Capability.TRAINING_VIEW)
    batches = Batch.objects.select_related("programme", "provider", "lsp")
    partner = _partner_org(user)
    if is_partner(user) and partner is not None:
        return batches.filter(Q(provider=partner) | Q(lsp=partner))
    scope = unit_scope(user)
    if scope.everything:
        return batches
    organised = Batch.units.through.objects.filter(batch_id=OuterRef("pk"), organization_id__in=scope.unit_ids)
    return batches.filter(Exists(organised))


def visible_batch_ids(user: Any) -> QuerySet[Any]:
    """Return the ids of the batches visible to the user (``batches_visible_to``) as a subquery that a unit's staff
    read from the batch-unit table's unit index, for a filter on the rows of those batches (their days, enrolments,
    assessments) that the planner drives from the unit rather than from the whole batch table."""
    scope = None if is_partner(user) else unit_scope(user)
    if scope is None or scope.everything:
        return batches_visible_to(user).values("pk")
    require(user, Capability.TRAINING_VIEW)
    return Batch.units.through.objects.filter(organization_id__in=scope.unit_ids).values("batch_id")


def batch_list(*, user: Any, status: str = "", year: int | None = None) -> QuerySet[Batch]:
    """Return the visible batches with their units and participant counts, in a fixed number of queries."""
    batches = batches_visible_to(user)
    if status:
        batches = batches.filter(status=status)
    if year:
        batches = batches.filter(start_date__year=year)
    # Counted per batch of the page (a correlated count), not by grouping every batch of the scope with its
    # enrolments before the page is cut: a Lapas's page costs the same whatever its number of batches.
    enrolled = (
        Enrollment.objects.filter(
            batch=OuterRef("pk"), status__in=[EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED]
        )
        .order_by()
        .values("batch")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        batches.prefetch_related("units")
        .annotate(participant_count=Coalesce(Subquery(enrolled), 0))
        .order_by("-start_date", "-id")
    )


def batch_total(*, user: Any, status: str = "") -> Total:
    """Return the number of batches beside the list: exact from the batches alone (no participant counts), the
    nation's whole table as the statistics estimate it when unfiltered."""
    if not status and unit_scope(user).everything:
        return estimated_rows(Batch)
    batches = batches_visible_to(user)
    return Total((batches.filter(status=status) if status else batches).order_by().count())


def get_batch_for_user(user: Any, pk: int) -> Batch:
    """Return a batch with its days, units and instructors; 404 outside the user's reach."""
    return get_object_or_404(
        batches_visible_to(user).prefetch_related(
            "units",
            Prefetch(
                "instructors",
                queryset=BatchInstructor.objects.select_related("instructor").prefetch_related(
                    "instructor__certificates"
                ),
            ),
            Prefetch(
                "days",
                queryset=TrainingDay.objects.select_related("partner").prefetch_related(
                    Prefetch("escorts", queryset=Escort.objects.select_related("officer"))
                ),
            ),
        ),
        pk=pk,
    )


def in_visible_batch(rows: QuerySet[R], pk: int, user: Any) -> R:
    """Return row ``pk`` of ``rows`` (a row of one batch: a day, an enrolment, an assessment) if its batch is visible
    to the user; 404 otherwise, as for a row that does not exist (a wrong role is refused first, by
    ``batches_visible_to``). Two short queries, the row with what it carries then its batch's reach: asked as one, the
    planner weighed eight relations, 4-5 ms of PostgreSQL's CPU per request, where the two take under 1 ms."""
    visible = batches_visible_to(user)
    row = get_object_or_404(rows, pk=pk)
    if not visible.filter(pk=row.serializable_value("batch")).exists():  # the batch's id
        raise Http404(f"No {rows.model._meta.object_name} matches the given query.")
    return row


def get_enrollment_for_user(user: Any, pk: int) -> Enrollment:
    """Return an enrolment of a visible batch; 404 otherwise."""
    return in_visible_batch(
        Enrollment.objects.select_related("batch__programme", "batch__provider", "person", "unit"), pk, user
    )


def get_day_for_user(user: Any, pk: int) -> TrainingDay:
    """Return a training day of a visible batch; 404 otherwise."""
    return in_visible_batch(TrainingDay.objects.select_related("batch__programme"), pk, user)


def enrollments_of(batch: Batch) -> list[Enrollment]:
    """Return the batch's enrolments with the batch, the person, the periods and attendance counts."""
    return list(
        Enrollment.objects.filter(batch=batch)
        .select_related(
            "batch__programme", "person", "unit", "custody_period", "supervision_period", "training_certificate"
        )
        .annotate(
            attended=Count(
                "attendances",
                filter=Q(attendances__reason__counts_as_attended=True, attendances__voided_at__isnull=True),
            ),
            marked=Count("attendances", filter=Q(attendances__voided_at__isnull=True)),
        )
        .order_by("person__full_name", "id")
    )


def batch_today(batch: Batch, now: datetime | None = None) -> date:
    """Return the batch's today: its organising units' (the latest, should they lie in two zones)."""
    return units_today(batch.units.select_related("region__parent"), now)


def co_organisers(unit_ids: frozenset[int]) -> frozenset[int]:
    """Return the units that organise a batch with one of these units (these units included): a batch's writes are
    audited at its first organising unit (``batch_unit``) and its participants' at their own unit, one of its
    organisers, so these units' versions cover every training record a unit's home page reads. One query on the
    batch-unit table's two indexes."""
    batches = Batch.units.through.objects.filter(organization_id__in=unit_ids).values("batch_id")
    organisers = Batch.units.through.objects.filter(batch_id__in=batches).values_list("organization_id", flat=True)
    return frozenset(unit_ids) | frozenset(organisers.distinct())


def batch_unit(batch: Batch) -> Organization | None:
    """Return the unit the batch's audit events are recorded at: its first organising unit."""
    return batch.units.order_by("pk").first()


def batch_last_day(batch: Batch) -> date:
    """Return the batch's last training day (its end date when it has no day)."""
    return max((d.date for d in batch.days.all()), default=batch.end_date)


def incidents_of(batch: Batch) -> QuerySet[Incident]:
    """Return the batch's discipline incidents with their participant, newest first (one query)."""
    return (
        Incident.objects.filter(enrollment__batch=batch).select_related("enrollment__person").order_by("-date", "-id")
    )


def attendance_is_closed(batch: Batch) -> bool:
    """Return True when the batch's attendance is read-only: it has finished or closed."""
    return batch.status in (BatchStatus.FINISHED, BatchStatus.CLOSED)


def attendance_rate(*, attended: int, total_days: int) -> Decimal:
    """Return attended days as a percentage of the batch's days, two decimals."""
    return absorption_percent(Decimal(total_days), Decimal(attended))


def enrollment_attendance(enrollment: Enrollment) -> tuple[int, int]:
    """Return (days attended, days in the batch) for one participant."""
    attended = Attendance.objects.filter(
        enrollment=enrollment, reason__counts_as_attended=True, voided_at__isnull=True
    ).count()
    return attended, TrainingDay.objects.filter(batch_id=enrollment.batch_id).count()


def days_without_escort(batch: Batch) -> list[TrainingDay]:
    """Return the batch's days with a participant from custody and no escort (uses prefetched days)."""
    has_custody = Enrollment.objects.filter(
        batch=batch,
        custody_period__isnull=False,
        status__in=[EnrollmentStatus.SELECTED, EnrollmentStatus.ENROLLED],
    ).exists()
    if not has_custody:
        return []
    return [day for day in batch.days.all() if not day.escorts.all()]


def escort_gaps_for_unit(*, unit: Organization, today: date, horizon_days: int = 30) -> list[TrainingDay]:
    """Return the coming days of the unit's batches that have inmates enrolled and no escort."""
    custody_enrolled = Enrollment.objects.filter(
        batch_id=OuterRef("batch_id"),
        unit=unit,
        custody_period__isnull=False,
        status__in=[EnrollmentStatus.SELECTED, EnrollmentStatus.ENROLLED],
    )
    return list(
        TrainingDay.objects.filter(date__range=(today, today + timedelta(days=horizon_days)))
        .filter(Exists(custody_enrolled))
        .filter(~Exists(Escort.objects.filter(day_id=OuterRef("pk"))))
        .select_related("batch")
        .order_by("date")[:50]
    )


def agreements_expiring(*, user: Any, today: date) -> list[Agreement]:
    """Return the in-force agreements of the user's units that end within the notice period."""
    notice = rule_int("training.agreement.notice_days", on=today)
    return list(
        agreements_visible_to(user)
        .filter(status__in=[AgreementStatus.ACTIVE, AgreementStatus.EXPIRING])
        .filter(end_date__range=(today, today + timedelta(days=notice)))
        .order_by("end_date")
    )


def allocations_visible_to(user: Any) -> QuerySet[BudgetAllocation]:
    """Return the budget allocations of the units in scope, with their realised totals."""
    require(user, Capability.BUDGET_VIEW)
    return (
        BudgetAllocation.objects.filter(unit_scope(user).q("unit_id"))
        .select_related("unit")
        .annotate(realised=Sum("realisations__amount"))
    )


def get_allocation_for_user(user: Any, pk: int) -> BudgetAllocation:
    """Return one allocation in scope; 404 otherwise."""
    return get_object_or_404(allocations_visible_to(user), pk=pk)


def certification_rate(*, completed: int, certified: int) -> Decimal:
    """Return certified / completed as a percentage (DOMAIN.md, certification rate)."""
    return absorption_percent(Decimal(completed), Decimal(certified))


def instructors_visible_to(user: Any) -> QuerySet[Instructor]:
    """Return the instructor registry: every provider's for correctional staff, the provider's own for partners."""
    require(user, Capability.TRAINING_VIEW)
    instructors = Instructor.objects.select_related("provider")
    if is_partner(user):
        return instructors.filter(provider=user.organization)
    return instructors


def get_instructor_for_user(user: Any, pk: int) -> Instructor:
    """Return a registered instructor with certificates and batches; 404 outside the user's registry."""
    return get_object_or_404(
        instructors_visible_to(user).prefetch_related(
            "certificates", Prefetch("assignments", queryset=BatchInstructor.objects.select_related("batch"))
        ),
        pk=pk,
    )


def instructor_list(*, user: Any, provider: int | None = None) -> QuerySet[Instructor]:
    """Return the visible registry with each instructor's certificates, in a fixed number of queries."""
    instructors = instructors_visible_to(user).prefetch_related("certificates").order_by("provider__name", "name")
    if provider is not None:
        instructors = instructors.filter(provider_id=provider)
    return instructors


def batch_instructor_status(batch: Batch) -> list[tuple[BatchInstructor, InstructorCertificate | None]]:
    """Return each instructor of the batch with the certificate that covers the programme's scheme on the batch's
    dates (None: not certified for it); reads the prefetched instructors."""
    out = []
    for row in batch.instructors.all():
        cover = next(
            (
                c
                for c in row.instructor.certificates.all()
                if c.covers(batch.programme, batch.start_date, batch.end_date)
            ),
            None,
        )
        out.append((row, cover))
    return out


def certificates_expiring(*, user: Any, today: date, days: int) -> QuerySet[InstructorCertificate]:
    """Return the certificates of the visible, active instructors that end within the window from today (not those
    already replaced by a later certificate of the same scheme)."""
    later = InstructorCertificate.objects.filter(
        instructor_id=OuterRef("instructor_id"), scheme=OuterRef("scheme"), valid_until__gt=OuterRef("valid_until")
    )
    return (
        InstructorCertificate.objects.filter(
            instructor__in=instructors_visible_to(user).filter(is_active=True).values("pk"),
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=days),
        )
        .exclude(Exists(later))
        .select_related("instructor")
        .order_by("valid_until", "pk")
    )


def plans_visible_to(user: Any) -> QuerySet[TrainingPlan]:
    """Return the annual training plans of the units in scope (a Kanwil: its province's; the directorate: all)."""
    require(user, Capability.BUDGET_VIEW)
    return TrainingPlan.objects.filter(unit_scope(user).q("unit_id")).select_related("unit", "approved_by")


def get_plan_for_user(user: Any, pk: int) -> TrainingPlan:
    """Return one plan in scope with its lines and their programmes; 404 otherwise."""
    lines = PlanLine.objects.select_related("programme__provider")
    return get_object_or_404(plans_visible_to(user).prefetch_related(Prefetch("lines", queryset=lines)), pk=pk)


def plan_totals(lines: list[PlanLine]) -> dict[str, Any]:
    """Return the planned batches, participants and budget of a plan's lines, summed."""
    return {
        "batches": sum(line.batches for line in lines),
        "participants": sum(line.participants for line in lines),
        "budget": sum((line.budget for line in lines), Decimal(0)),
    }
