"""Hand-over from a Lapas to a Bapas for parole (PB), conditional leave (CB), leave before release (CMB) or
assimilation: the Lapas proposes, the Bapas of the person's home accepts and assigns a PK (who writes the litmas),
and the release opens the supervision period by itself. Both sides read the same record."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.accounts.models import Role, User
from bekal.audit.services import audit_record
from bekal.organizations.models import Organization, OrganizationKind
from bekal.organizations.scope import unit_scope
from bekal.organizations.time import long_date, unit_today
from bekal.people.models import (
    HANDOVER_KINDS,
    CustodyPeriod,
    HandOver,
    HandOverStatus,
    Person,
    ReleaseReason,
    SupervisionKind,
    SupervisionPeriod,
)

# The release reasons that carry a hand-over's programme into supervision.
RELEASE_KIND = {
    ReleaseReason.PAROLE: SupervisionKind.PAROLE,
    ReleaseReason.CONDITIONAL_LEAVE: SupervisionKind.CONDITIONAL_LEAVE,
    ReleaseReason.LEAVE_BEFORE_RELEASE: SupervisionKind.LEAVE_BEFORE_RELEASE,
}


def home_bapas(person: Person) -> Organization | None:
    """Return the Bapas of the person's home regency, else one in the same province, else None."""
    bapas = Organization.objects.filter(kind=OrganizationKind.BAPAS, is_active=True).order_by("name")
    if person.home_region_id:
        same = bapas.filter(region_id=person.home_region_id).first()
        if same is not None:
            return same
        province = str(person.home_region_id).split(".")[0]
        return bapas.filter(region__code__startswith=f"{province}.").first()
    return None


def handovers_visible_to(user: Any) -> QuerySet[HandOver]:
    """Return the hand-overs of the user's units: those the Lapas proposed and those the Bapas received."""
    require(user, Capability.PEOPLE_VIEW)
    handovers = HandOver.objects.select_related(
        "person", "custody_period__unit", "bapas", "officer", "supervision_period"
    )
    scope = unit_scope(user)
    if scope.everything:
        return handovers
    return handovers.filter(scope.q("bapas_id") | scope.q("custody_period__unit_id"))


def get_handover_for_user(user: Any, pk: int) -> HandOver:
    """Return one hand-over of the user's units; 404 otherwise."""
    return get_object_or_404(handovers_visible_to(user), pk=pk)


def _proposal_errors(period: CustodyPeriod, kind: str, bapas: Organization | None, on: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in HANDOVER_KINDS:
        errors["kind"] = _("%(kind)s is not an integration programme a Lapas hands over") % {"kind": kind}
        return errors
    if bapas is None or bapas.kind != OrganizationKind.BAPAS:
        errors["bapas"] = _("Choose the Bapas that will supervise")
    if period.release_date is not None:
        errors["kind"] = _("This custody period ended on %(date)s") % {"date": long_date(period.release_date)}
    eligible_on = getattr(period, HANDOVER_KINDS[SupervisionKind(kind)])
    label = SupervisionKind(kind).label
    if eligible_on is None:
        errors["integration_date"] = _("%(kind)s needs the custody period's eligibility date; none is recorded") % {
            "kind": label
        }
    elif on < eligible_on:
        errors["integration_date"] = _("%(kind)s on %(date)s is before the eligibility date %(eligible)s") % {
            "kind": label,
            "date": long_date(on),
            "eligible": long_date(eligible_on),
        }
    return errors


@transaction.atomic
def handover_propose(
    *,
    actor: Any,
    period: CustodyPeriod,
    kind: str,
    integration_date: date,
    bapas: Organization | None = None,
    litmas_requested: bool = True,
    note: str = "",
) -> HandOver:
    """The Lapas proposes an inmate for an integration programme to a Bapas (by default the one of their home)."""
    require(actor, Capability.CUSTODY_EDIT)
    if not unit_scope(actor).contains(period.unit_id):
        raise PermissionDenied
    period = CustodyPeriod.objects.select_for_update().select_related("person", "unit").get(pk=period.pk)
    bapas = bapas or home_bapas(period.person)
    errors = _proposal_errors(period, kind, bapas, integration_date)
    if errors:
        raise ValidationError(errors)
    if HandOver.objects.filter(custody_period=period, status__in=[HandOverStatus.PROPOSED, HandOverStatus.ACCEPTED]):
        raise ValidationError({"kind": _("A hand-over of this custody period is already open")})
    handover = HandOver(
        custody_period=period,
        person=period.person,
        kind=kind,
        bapas=bapas,
        integration_date=integration_date,
        litmas_requested=litmas_requested,
        note=note,
        proposed_on=unit_today(period.unit),
    )
    try:
        with transaction.atomic():
            handover.save()
    except IntegrityError as error:  # a second clerk proposed the same period at the same moment
        raise ValidationError({"kind": _("A hand-over of this custody period is already open")}) from error
    audit_record(
        code="people.handover.proposed",
        actor=actor,
        unit=period.unit,
        obj=handover,
        changes={"kind": [None, kind], "bapas": [None, str(bapas)], "integration_date": [None, str(integration_date)]},
    )
    return handover


def _lock(handover: HandOver) -> HandOver:
    return (
        HandOver.objects.select_for_update(of=("self",))
        .select_related("bapas", "custody_period__unit", "person")
        .get(pk=handover.pk)
    )


@transaction.atomic
def handover_accept(*, actor: Any, handover: HandOver, officer: User, conditions: str = "") -> HandOver:
    """The Bapas takes the hand-over and assigns the PK who writes the litmas and will supervise."""
    require(actor, Capability.SUPERVISION_EDIT)
    handover = _lock(handover)
    if not unit_scope(actor).contains(handover.bapas_id):
        raise PermissionDenied
    if handover.status not in (HandOverStatus.PROPOSED, HandOverStatus.ACCEPTED):
        raise ValidationError(
            {"officer": _("This hand-over is %(status)s") % {"status": handover.get_status_display()}}
        )
    if officer.organization_id != handover.bapas_id or not officer.has_role(Role.PROBATION_OFFICER):
        raise ValidationError(
            {
                "officer": _("%(officer)s is not a probation officer (PK) at %(unit)s")
                % {"officer": officer, "unit": handover.bapas}
            }
        )
    before = (handover.status, handover.officer_id)
    handover.status = HandOverStatus.ACCEPTED
    handover.officer = officer
    handover.conditions = conditions
    handover.accepted_on = handover.accepted_on or unit_today(handover.bapas)
    handover.save()
    audit_record(
        code="people.handover.accepted",
        actor=actor,
        unit=handover.bapas,
        obj=handover,
        changes={"status": [before[0], handover.status], "officer": [before[1], officer.pk]},
    )
    return handover


@transaction.atomic
def handover_cancel(*, actor: Any, handover: HandOver, reason: str) -> HandOver:
    """Either side cancels an open hand-over, with a reason."""
    require(actor, Capability.PEOPLE_EDIT)
    handover = _lock(handover)
    scope = unit_scope(actor)
    if not (scope.contains(handover.bapas_id) or scope.contains(handover.custody_period.unit_id)):
        raise PermissionDenied
    if not handover.is_open:
        raise ValidationError({"reason": _("This hand-over is %(status)s") % {"status": handover.get_status_display()}})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for cancelling")})
    before = handover.status
    handover.status = HandOverStatus.CANCELLED
    handover.cancel_reason = reason.strip()
    handover.save()
    audit_record(
        code="people.handover.cancelled",
        actor=actor,
        unit=handover.custody_period.unit,
        obj=handover,
        changes={"status": [before, handover.status], "reason": [None, handover.cancel_reason]},
    )
    return handover


def handover_open_supervision(*, actor: Any, period: CustodyPeriod) -> SupervisionPeriod | None:
    """On a release for PB, CB or CMB, open the supervision period of the accepted hand-over of that custody period
    (in the release's transaction); return it, or None when there is nothing to open."""
    kind = RELEASE_KIND.get(period.release_reason)  # type: ignore[call-overload]
    if kind is None or period.release_date is None:
        return None
    handover = (
        HandOver.objects.select_for_update(of=("self",))
        .select_related("bapas", "officer")
        .filter(custody_period=period, kind=kind, status=HandOverStatus.ACCEPTED)
        .first()
    )
    if handover is None:
        return None
    supervision = SupervisionPeriod.objects.create(
        person=period.person,
        unit=handover.bapas,
        kind=kind,
        officer=handover.officer,
        start_date=period.release_date,
        expected_end_date=period.expected_release_date,
    )
    audit_record(
        code="people.supervision.created",
        actor=actor,
        unit=handover.bapas,
        obj=supervision,
        changes={
            "kind": [None, kind],
            "start_date": [None, str(supervision.start_date)],
            "handover": [None, handover.pk],
        },
    )
    handover.status = HandOverStatus.RELEASED
    handover.supervision_period = supervision
    handover.save(update_fields=["status", "supervision_period"])
    audit_record(
        code="people.handover.released",
        actor=actor,
        unit=handover.bapas,
        obj=handover,
        changes={
            "status": [HandOverStatus.ACCEPTED, HandOverStatus.RELEASED],
            "supervision_period": [None, supervision.pk],
        },
    )
    return supervision


def handovers_waiting(*, user: Any) -> QuerySet[HandOver]:
    """Return the hand-overs the user's Bapas must act on: proposed ones to accept, accepted ones of the user's
    own (the PK's litmas and release)."""
    visible = handovers_visible_to(user).filter(bapas_id=user.organization_id)
    mine = Q(status=HandOverStatus.ACCEPTED, officer=user)
    return visible.filter(Q(status=HandOverStatus.PROPOSED) | mine).order_by("integration_date", "pk")
