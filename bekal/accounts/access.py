"""Who may do what, and which units' records they may see. Written once; every page and endpoint uses it.

A user belongs to one organisation. Their *unit scope* is the set of organisations whose people they may see:
- system administrators and national viewers: every unit;
- regional viewers at a Kanwil: the Kanwil and the units under it;
- staff of a Lapas, Rutan, LPKA or Bapas: their own unit;
- partner staff: no unit of the registry at all (later modules grant them their own batches).
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from bekal.accounts.models import Role
from bekal.organizations.models import Organization, OrganizationKind


class Capability(StrEnum):
    PEOPLE_VIEW = "people.view"
    PEOPLE_EDIT = "people.edit"
    CUSTODY_EDIT = "custody.edit"
    SUPERVISION_EDIT = "supervision.edit"
    NIK_REVEAL = "nik.reveal"
    AUDIT_VIEW = "audit.view"
    TRAINING_VIEW = "training.view"
    PROGRAMME_EDIT = "training.programme.edit"
    AGREEMENT_EDIT = "training.agreement.edit"
    AGREEMENT_APPROVE = "training.agreement.approve"
    BATCH_EDIT = "training.batch.edit"
    ENROLLMENT_EDIT = "training.enrollment.edit"
    ATTENDANCE_RECORD = "training.attendance.record"
    ESCORT_ASSIGN = "training.escort.assign"
    INCIDENT_RECORD = "training.incident.record"
    BUDGET_VIEW = "training.budget.view"
    BUDGET_EDIT = "training.budget.edit"
    ASSESSMENT_RECORD = "certification.assessment.record"
    BNSP_EXPORT = "certification.bnsp.export"
    COMMUNITY_VIEW = "community.view"
    COMMUNITY_EDIT = "community.edit"
    COMMUNITY_SESSION_RECORD = "community.session.record"
    COMMUNITY_HOURS_ADJUST = "community.hours.adjust"
    COMMUNITY_SITE_EDIT = "community.site.edit"
    PLACEMENT_VIEW = "placement.view"
    PLACEMENT_EDIT = "placement.edit"
    VACANCY_VIEW = "vacancy.view"
    OUTCOMES_VIEW = "outcomes.view"
    IDENTITY_REVIEW = "outcomes.identity_review"
    KPI_VIEW = "kpis.view"
    USERS_EDIT = "users.edit"
    RULES_EDIT = "rules.edit"
    ORGANIZATIONS_EDIT = "organizations.edit"
    HOLIDAYS_EDIT = "training.holiday.edit"
    TODO_KINDS_EDIT = "placement.todo_kind.edit"


R = Role
CAPABILITIES: dict[Capability, frozenset[str]] = {
    Capability.PEOPLE_VIEW: frozenset(
        {
            R.SYSTEM_ADMIN,
            R.UNIT_ADMIN,
            R.TRAINING_OFFICER,
            R.PROBATION_OFFICER,
            R.HEAD_OF_UNIT,
            R.REGIONAL_VIEWER,
            R.NATIONAL_VIEWER,
        }
    ),
    Capability.PEOPLE_EDIT: frozenset({R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.TRAINING_OFFICER, R.PROBATION_OFFICER}),
    Capability.CUSTODY_EDIT: frozenset({R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.TRAINING_OFFICER}),
    Capability.SUPERVISION_EDIT: frozenset({R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.PROBATION_OFFICER}),
    Capability.NIK_REVEAL: frozenset(
        {R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.TRAINING_OFFICER, R.PROBATION_OFFICER, R.HEAD_OF_UNIT}
    ),
    Capability.AUDIT_VIEW: frozenset({R.SYSTEM_ADMIN, R.UNIT_ADMIN}),
    # Training and certification (issue 3). Partner staff reach only the batches their organisation provides or
    # assesses (bekal.training.selectors.batches_visible_to); the services check that scope again.
    Capability.TRAINING_VIEW: frozenset(
        {
            R.SYSTEM_ADMIN,
            R.UNIT_ADMIN,
            R.TRAINING_OFFICER,
            R.PROBATION_OFFICER,
            R.HEAD_OF_UNIT,
            R.REGIONAL_VIEWER,
            R.NATIONAL_VIEWER,
            R.PARTNER_STAFF,
        }
    ),
    Capability.PROGRAMME_EDIT: frozenset({R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.TRAINING_OFFICER, R.PARTNER_STAFF}),
    Capability.AGREEMENT_EDIT: frozenset(
        {R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.TRAINING_OFFICER, R.PROBATION_OFFICER, R.HEAD_OF_UNIT}
    ),
    Capability.AGREEMENT_APPROVE: frozenset({R.SYSTEM_ADMIN, R.HEAD_OF_UNIT}),
    Capability.BATCH_EDIT: frozenset({R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.TRAINING_OFFICER, R.PROBATION_OFFICER}),
    Capability.ENROLLMENT_EDIT: frozenset({R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.TRAINING_OFFICER, R.PROBATION_OFFICER}),
    Capability.ATTENDANCE_RECORD: frozenset(
        {R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.TRAINING_OFFICER, R.PROBATION_OFFICER, R.PARTNER_STAFF}
    ),
    Capability.ESCORT_ASSIGN: frozenset(
        {R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.TRAINING_OFFICER, R.PROBATION_OFFICER, R.HEAD_OF_UNIT}
    ),
    Capability.INCIDENT_RECORD: frozenset(
        {R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.TRAINING_OFFICER, R.PROBATION_OFFICER, R.PARTNER_STAFF}
    ),
    Capability.BUDGET_VIEW: frozenset(
        {R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.TRAINING_OFFICER, R.HEAD_OF_UNIT, R.REGIONAL_VIEWER, R.NATIONAL_VIEWER}
    ),
    Capability.BUDGET_EDIT: frozenset({R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.TRAINING_OFFICER}),
    Capability.ASSESSMENT_RECORD: frozenset({R.SYSTEM_ADMIN, R.TRAINING_OFFICER, R.PARTNER_STAFF}),
    Capability.BNSP_EXPORT: frozenset({R.SYSTEM_ADMIN, R.TRAINING_OFFICER, R.PARTNER_STAFF}),
    # Community service: Bapas staff see their unit's orders; the prosecutor's office (which supervises the sentence,
    # KUHP Pasal 85) reads the orders it supervises; a work-site supervisor sees and records the clients at the site.
    Capability.COMMUNITY_VIEW: frozenset(
        {
            R.SYSTEM_ADMIN,
            R.UNIT_ADMIN,
            R.PROBATION_OFFICER,
            R.HEAD_OF_UNIT,
            R.REGIONAL_VIEWER,
            R.NATIONAL_VIEWER,
            R.PROSECUTOR_STAFF,
            R.SITE_SUPERVISOR,
        }
    ),
    Capability.COMMUNITY_EDIT: frozenset({R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.PROBATION_OFFICER}),
    Capability.COMMUNITY_SESSION_RECORD: frozenset(
        {R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.PROBATION_OFFICER, R.SITE_SUPERVISOR}
    ),
    Capability.COMMUNITY_HOURS_ADJUST: frozenset({R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.HEAD_OF_UNIT}),
    Capability.COMMUNITY_SITE_EDIT: frozenset({R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.PROBATION_OFFICER}),
    # Work readiness, referrals, internships and placements: read by whoever sees the people, written by their officers.
    Capability.PLACEMENT_VIEW: frozenset(
        {
            R.SYSTEM_ADMIN,
            R.UNIT_ADMIN,
            R.TRAINING_OFFICER,
            R.PROBATION_OFFICER,
            R.HEAD_OF_UNIT,
            R.REGIONAL_VIEWER,
            R.NATIONAL_VIEWER,
        }
    ),
    Capability.PLACEMENT_EDIT: frozenset({R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.TRAINING_OFFICER, R.PROBATION_OFFICER}),
    # Vacancies hold no personal data; partner staff of an employer see their own and the names referred to them.
    Capability.VACANCY_VIEW: frozenset(
        {
            R.SYSTEM_ADMIN,
            R.UNIT_ADMIN,
            R.TRAINING_OFFICER,
            R.PROBATION_OFFICER,
            R.HEAD_OF_UNIT,
            R.REGIONAL_VIEWER,
            R.NATIONAL_VIEWER,
            R.PARTNER_STAFF,
        }
    ),
    Capability.OUTCOMES_VIEW: frozenset(
        {
            R.SYSTEM_ADMIN,
            R.UNIT_ADMIN,
            R.TRAINING_OFFICER,
            R.PROBATION_OFFICER,
            R.HEAD_OF_UNIT,
            R.REGIONAL_VIEWER,
            R.NATIONAL_VIEWER,
        }
    ),
    Capability.IDENTITY_REVIEW: frozenset({R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.TRAINING_OFFICER}),
    # KPIs: figures of the units in scope and the people behind them; partners see none (their own batches have pages).
    Capability.KPI_VIEW: frozenset(
        {
            R.SYSTEM_ADMIN,
            R.UNIT_ADMIN,
            R.TRAINING_OFFICER,
            R.PROBATION_OFFICER,
            R.HEAD_OF_UNIT,
            R.REGIONAL_VIEWER,
            R.NATIONAL_VIEWER,
        }
    ),
    # Reference data and accounts, kept through the Django admin: the system administrator alone, since each of these
    # changes what every unit sees (a legal figure, a role, the directory) and the admin has no unit scope.
    Capability.USERS_EDIT: frozenset({R.SYSTEM_ADMIN}),
    Capability.RULES_EDIT: frozenset({R.SYSTEM_ADMIN}),
    Capability.ORGANIZATIONS_EDIT: frozenset({R.SYSTEM_ADMIN}),
    Capability.HOLIDAYS_EDIT: frozenset({R.SYSTEM_ADMIN}),
    Capability.TODO_KINDS_EDIT: frozenset({R.SYSTEM_ADMIN}),
}


def can(user: Any, capability: Capability) -> bool:
    """Return True when the signed-in user holds a role that grants the capability."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.has_role(*CAPABILITIES[capability])


def require(user: Any, capability: Capability) -> None:
    """Raise PermissionDenied unless the user holds the capability."""
    if not can(user, capability):
        raise PermissionDenied(capability)


@dataclass(frozen=True)
class UnitScope:
    """The units whose records a user may see: every unit, or the listed ids (possibly none)."""

    everything: bool
    unit_ids: frozenset[int]

    def q(self, field: str) -> Q:
        """Return a filter that keeps rows whose ``field`` (an organisation id path) is in scope."""
        if self.everything:
            return Q()
        return Q(**{f"{field}__in": self.unit_ids})

    def contains(self, unit_id: int | None) -> bool:
        """Return True when the unit is in scope."""
        return self.everything or (unit_id is not None and unit_id in self.unit_ids)


NOTHING = UnitScope(everything=False, unit_ids=frozenset())


def unit_scope(user: Any) -> UnitScope:
    """Return the units whose people the user may see, per the rules in this module's docstring."""
    if not can(user, Capability.PEOPLE_VIEW):
        return NOTHING
    if user.has_role(R.SYSTEM_ADMIN, R.NATIONAL_VIEWER):
        return UnitScope(everything=True, unit_ids=frozenset())
    org: Organization | None = user.organization
    if org is None:
        return NOTHING
    if org.kind == OrganizationKind.DITJENPAS and user.has_role(R.REGIONAL_VIEWER):
        return UnitScope(everything=True, unit_ids=frozenset())
    if org.kind == OrganizationKind.KANWIL:
        ids = set(Organization.objects.filter(parent=org).values_list("id", flat=True))
        return UnitScope(everything=False, unit_ids=frozenset(ids | {org.id}))
    if org.is_correctional_unit:
        return UnitScope(everything=False, unit_ids=frozenset({org.id}))
    return NOTHING


def scoped_units(user: Any) -> QuerySet[Organization]:
    """Return the correctional units in the user's scope."""
    scope = unit_scope(user)
    units = Organization.objects.filter(kind__in=OrganizationKind.correctional_units())
    if scope.everything:
        return units
    return units.filter(id__in=scope.unit_ids)
