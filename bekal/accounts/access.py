"""Who may do what: capabilities and the roles that hold them. Written once; every page and endpoint uses it.

Which units' records a user may see (their unit scope) depends on the organisation tree, so it lives one floor up, in
bekal.organizations.scope.
"""

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied

from bekal.accounts.models import Role


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
    PLAN_APPROVE = "training.plan.approve"
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
    KPI_FACTS = "kpis.facts.rebuild"
    USERS_EDIT = "users.edit"
    USERS_MANAGE = "users.manage"
    PASSWORD_RESET = "users.password.reset"  # noqa: S105 - a capability name, not a password
    RULES_EDIT = "rules.edit"
    ORGANIZATIONS_EDIT = "organizations.edit"
    ORGANIZATIONS_MANAGE = "organizations.manage"
    HOLIDAYS_EDIT = "training.holiday.edit"
    TODO_KINDS_EDIT = "placement.todo_kind.edit"
    NOTIFICATION_RULES_EDIT = "notifications.rule.edit"
    DOCUMENTS_EDIT = "organizations.documents.edit"
    PARTNERSHIP_VIEW = "partnerships.view"
    PARTNERSHIP_EDIT = "partnerships.edit"


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
    # Who sees a full NIK (README "Who sees a full NIK", checked by home/tests/test_nik_rule.py): the roles of
    # NIK_REVEAL on request, and those of BNSP_EXPORT in the BNSP candidate list (partner staff only as staff of the
    # assessing LSP: certification.services.bnsp_report_check). No one else, ever.
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
    # The annual training plan is drafted by the budget's editors and approved by the head of unit (issue 17).
    Capability.PLAN_APPROVE: frozenset({R.SYSTEM_ADMIN, R.HEAD_OF_UNIT}),
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
    # Rewriting or checking the KPI facts reads every record of the nation: the system administrator alone.
    Capability.KPI_FACTS: frozenset({R.SYSTEM_ADMIN}),
    # Reference data and accounts, kept through the Django admin: the system administrator alone, since each of these
    # changes what every unit sees (a legal figure, a role, the directory) and the admin has no unit scope.
    Capability.USERS_EDIT: frozenset({R.SYSTEM_ADMIN}),
    # A unit administrator resets the password of their own unit's users (accounts.services.user_password_reset).
    Capability.PASSWORD_RESET: frozenset({R.SYSTEM_ADMIN, R.UNIT_ADMIN}),
    # The in-app pages of accounts and the directory (issue 15 item 2): a unit administrator manages their own unit's
    # users (accounts.services.may_manage_user, UNIT_ROLES) and their unit's details; at a Kanwil, the organisations
    # of its province (bekal.organizations.scope.managed_organizations). The system administrator everything.
    Capability.USERS_MANAGE: frozenset({R.SYSTEM_ADMIN, R.UNIT_ADMIN}),
    Capability.RULES_EDIT: frozenset({R.SYSTEM_ADMIN}),
    Capability.ORGANIZATIONS_EDIT: frozenset({R.SYSTEM_ADMIN}),
    Capability.ORGANIZATIONS_MANAGE: frozenset({R.SYSTEM_ADMIN, R.UNIT_ADMIN}),
    Capability.HOLIDAYS_EDIT: frozenset({R.SYSTEM_ADMIN}),
    Capability.TODO_KINDS_EDIT: frozenset({R.SYSTEM_ADMIN}),
    # Who is told of what (bekal.notifications): one table for every unit, like the legal figures.
    Capability.NOTIFICATION_RULES_EDIT: frozenset({R.SYSTEM_ADMIN}),
    # A unit's letterhead, number patterns and signing officials: its own administrator (organizations.documents).
    Capability.DOCUMENTS_EDIT: frozenset({R.SYSTEM_ADMIN, R.UNIT_ADMIN}),
    # Partnerships (meetings, pipeline, forum, awards): both parties read them, partner staff their own organisation's
    # (bekal.partnerships.selectors). The Kanwil records what it does itself: its forum, its awards, its meetings.
    Capability.PARTNERSHIP_VIEW: frozenset(
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
    Capability.PARTNERSHIP_EDIT: frozenset(
        {R.SYSTEM_ADMIN, R.UNIT_ADMIN, R.TRAINING_OFFICER, R.PROBATION_OFFICER, R.HEAD_OF_UNIT, R.REGIONAL_VIEWER}
    ),
}


# The roles a unit administrator may grant to the users of their unit, by the unit's kind (OrganizationKind values,
# one floor up; bekal/organizations/tests checks the keys). Never the system administrator's or the national viewer's:
# those change what every unit sees, so only a system administrator grants them.
_UPT = frozenset({R.UNIT_ADMIN, R.TRAINING_OFFICER, R.PROBATION_OFFICER, R.HEAD_OF_UNIT})
_PARTNER = frozenset({R.UNIT_ADMIN, R.PARTNER_STAFF})
UNIT_ROLES: dict[str, frozenset[str]] = {
    "ditjenpas": frozenset({R.UNIT_ADMIN, R.REGIONAL_VIEWER}),
    "kanwil": frozenset({R.UNIT_ADMIN, R.REGIONAL_VIEWER, R.HEAD_OF_UNIT}),
    "lapas": _UPT,
    "rutan": _UPT,
    "lpka": _UPT,
    "bapas": _UPT,
    "blk": _PARTNER,
    "disnaker": _PARTNER,
    "lsp": _PARTNER,
    "kodim": _PARTNER,
    "employer": _PARTNER,
    "umkm": _PARTNER,
    "court": frozenset({R.UNIT_ADMIN}),
    "prosecutor": frozenset({R.UNIT_ADMIN, R.PROSECUTOR_STAFF}),
    "work_site": frozenset({R.UNIT_ADMIN, R.SITE_SUPERVISOR}),
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
