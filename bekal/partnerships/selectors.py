"""Reads of partnership records, always scoped: staff of a unit (and its Kanwil, and the directorate) see their
units' records; partner staff see the records their organisation is party to; nobody else sees any.
``get_<thing>_for_user`` raises 404 outside the scope."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from bekal.accounts.access import Capability, require
from bekal.accounts.models import Role
from bekal.certification.models import Certificate
from bekal.organizations.models import Organization, OrganizationKind
from bekal.organizations.scope import unit_scope
from bekal.partnerships.models import (
    STAGE_ORDER,
    ActionStatus,
    Attendee,
    Award,
    Commitment,
    FollowUpAction,
    Forum,
    Meeting,
    Partnership,
    PartnershipStep,
    Stage,
)
from bekal.placement.models import Placement
from bekal.training.models import Batch, Enrollment, EnrollmentStatus
from bekal.training.selectors import agreements_visible_to, batches_visible_to

OFFICE_KINDS = [*OrganizationKind.correctional_units(), OrganizationKind.KANWIL, OrganizationKind.DITJENPAS]


def partner_org(user: Any) -> Organization | None:
    """Return the partner organisation the user works for (a BLK, Disnaker, employer...), or None for staff."""
    org = getattr(user, "organization", None)
    if org is None or org.kind in OFFICE_KINDS or not user.has_role(Role.PARTNER_STAFF):
        return None
    return org


def _scoped(user: Any, rows: QuerySet[Any], *, unit: str, partners: Any, key: str) -> QuerySet[Any]:
    """Keep the rows of a unit in the user's scope, or (partner staff) those their organisation is party to."""
    require(user, Capability.PARTNERSHIP_VIEW)
    org = partner_org(user)
    if org is not None:
        party = partners.objects.filter(**{key: OuterRef("pk")}, organization_id=org.pk)
        return rows.filter(Exists(party))
    scope = unit_scope(user)
    if scope.everything:
        return rows
    return rows.filter(**{f"{unit}__in": scope.unit_ids})


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    """Return the meetings of the user's units, or those their partner organisation took part in."""
    rows = Meeting.objects.select_related("unit", "forum")
    return _scoped(user, rows, unit="unit_id", partners=Meeting.partners.through, key="meeting_id")


def meeting_list(*, user: Any) -> QuerySet[Meeting]:
    """Return the visible meetings with their partners and open actions counted, in a fixed number of queries."""
    return (
        meetings_visible_to(user)
        .prefetch_related("partners")
        .annotate(open_actions=Count("actions", filter=Q(actions__status=ActionStatus.OPEN)))
        .order_by("-date", "-id")
    )


def get_meeting_for_user(user: Any, pk: int) -> Meeting:
    """Return one meeting with its attendees, actions and partners; 404 outside the user's reach."""
    rows = meetings_visible_to(user).prefetch_related(
        "partners",
        Prefetch("attendees", queryset=Attendee.objects.select_related("organization")),
        Prefetch("actions", queryset=FollowUpAction.objects.select_related("owner_user", "owner_org")),
    )
    return get_object_or_404(rows, pk=pk)


def actions_visible_to(user: Any) -> QuerySet[FollowUpAction]:
    """Return the follow-up actions of the meetings the user may see."""
    return FollowUpAction.objects.filter(meeting__in=meetings_visible_to(user).values("pk")).select_related(
        "meeting", "owner_user", "owner_org"
    )


def get_action_for_user(user: Any, pk: int) -> FollowUpAction:
    """Return one follow-up action; 404 outside the user's reach."""
    return get_object_or_404(actions_visible_to(user), pk=pk)


def actions_owned_by(user: Any) -> QuerySet[FollowUpAction]:
    """Return the open actions the user owns, in person or through their organisation, soonest due first."""
    owned = Q(owner_user=user)
    if user.organization_id:
        owned |= Q(owner_org_id=user.organization_id)
    return (
        FollowUpAction.objects.filter(owned, status=ActionStatus.OPEN)
        .select_related("meeting", "owner_user", "owner_org")
        .order_by("due_date", "id")
    )


def partnerships_visible_to(user: Any) -> QuerySet[Partnership]:
    """Return the partnerships of the user's units (a Kanwil: its province's), or their organisation's."""
    rows = Partnership.objects.select_related("unit")
    return _scoped(user, rows, unit="unit_id", partners=Partnership.partners.through, key="partnership_id")


def pipeline(*, user: Any, today: date, stage: str = "") -> QuerySet[Partnership]:
    """Return the visible partnerships with their partners, steps and overdue steps counted, in fixed queries."""
    rows = partnerships_visible_to(user)
    if stage:
        rows = rows.filter(stage=stage)
    overdue = Q(steps__done_on__isnull=True, steps__due_date__lt=today)
    return (
        rows.prefetch_related(
            "partners",
            Prefetch("steps", queryset=PartnershipStep.objects.order_by("id").prefetch_related("programmes")),
        )
        .annotate(overdue=Count("steps", filter=overdue))
        .order_by("unit__name", "title", "id")
    )


def get_partnership_for_user(user: Any, pk: int) -> Partnership:
    """Return one partnership with its steps and what they link to; 404 outside the user's reach."""
    steps = PartnershipStep.objects.select_related("meeting", "agreement").prefetch_related("programmes")
    rows = partnerships_visible_to(user).prefetch_related("partners", Prefetch("steps", queryset=steps))
    return get_object_or_404(rows, pk=pk)


def steps_in_order(partnership: Partnership) -> list[PartnershipStep]:
    """Return the partnership's steps in the order of the pipeline."""
    return sorted(partnership.steps.all(), key=lambda s: STAGE_ORDER[s.kind])


def overdue_steps(*, user: Any, today: date) -> QuerySet[PartnershipStep]:
    """Return the steps past their due date and not done, of the partnerships the user may see."""
    return (
        PartnershipStep.objects.filter(
            partnership__in=partnerships_visible_to(user).values("pk"), done_on__isnull=True, due_date__lt=today
        )
        .select_related("partnership")
        .order_by("due_date", "id")
    )


def forums_visible_to(user: Any) -> QuerySet[Forum]:
    """Return the forums the user's organisation belongs to, or whose convener or members are in their scope."""
    require(user, Capability.PARTNERSHIP_VIEW)
    rows = Forum.objects.select_related("region", "convener")
    member = Forum.members.through.objects.filter(forum_id=OuterRef("pk"))
    org = partner_org(user)
    if org is not None:
        return rows.filter(Exists(member.filter(organization_id=org.pk)))
    scope = unit_scope(user)
    if scope.everything:
        return rows
    ids = set(scope.unit_ids) | ({user.organization_id} if user.organization_id else set())
    return rows.filter(Q(convener_id__in=ids) | Exists(member.filter(organization_id__in=ids)))


def forum_list(*, user: Any) -> QuerySet[Forum]:
    """Return the visible forums with their member counts."""
    return forums_visible_to(user).annotate(member_count=Count("members", distinct=True)).order_by("name", "id")


def get_forum_for_user(user: Any, pk: int) -> Forum:
    """Return one forum with its members, meetings and commitments; 404 outside the user's reach."""
    rows = forums_visible_to(user).prefetch_related(
        "members",
        Prefetch("meetings", queryset=Meeting.objects.order_by("-date", "-id")),
        Prefetch("commitments", queryset=Commitment.objects.select_related("owner", "meeting")),
    )
    return get_object_or_404(rows, pk=pk)


def get_commitment_for_user(user: Any, pk: int) -> Commitment:
    """Return one commitment of a forum the user may see; 404 otherwise."""
    return get_object_or_404(
        Commitment.objects.select_related("forum", "owner"), pk=pk, forum__in=forums_visible_to(user).values("pk")
    )


@dataclass
class Figures:
    """What organisations contributed: batches run or organised, people who completed, certificates, placements."""

    batches: int = 0
    trained: int = 0
    certified: int = 0
    placed: int = 0


@dataclass
class ForumFigures:
    total: Figures
    by_member: list[tuple[Organization, Figures]] = field(default_factory=list)


def _grouped(rows: QuerySet[Any], key: str, counted: str) -> dict[int, int]:
    return {r[key]: r["n"] for r in rows.values(key).annotate(n=Count(counted, distinct=True)).order_by()}


def forum_figures(forum: Forum) -> ForumFigures:
    """Return the members' figures, each member's and the total, in a fixed number of queries whatever the number
    of members: a member's batches are those it provides or organises; certificates and completers of those batches;
    placements with it as employer or of people registered at it. Counts only: no person is named."""
    members = list(forum.members.all())
    ids = [m.pk for m in members]
    batches = Batch.objects.filter(Q(provider_id__in=ids) | Q(units__in=ids)).distinct()
    done = Enrollment.objects.filter(batch__in=batches.values("pk"), status=EnrollmentStatus.COMPLETED)
    certs = Certificate.objects.filter(enrollment__batch__in=batches.values("pk"))
    placed = Placement.objects.filter(Q(employer_id__in=ids) | Q(person__registered_unit_id__in=ids))
    total = Figures(
        batches=batches.count(),
        trained=done.values("person_id").distinct().count(),
        certified=certs.values("enrollment__person_id").distinct().count(),
        placed=placed.values("person_id").distinct().count(),
    )
    provided = _grouped(Batch.objects.filter(provider_id__in=ids), "provider_id", "pk")
    organised = _grouped(Batch.units.through.objects.filter(organization_id__in=ids), "organization_id", "batch_id")
    done_p = _grouped(done.filter(batch__provider_id__in=ids), "batch__provider_id", "person_id")
    done_u = _grouped(done.filter(unit_id__in=ids), "unit_id", "person_id")
    certs_p = _grouped(certs.filter(enrollment__batch__provider_id__in=ids), "enrollment__batch__provider_id", "pk")
    certs_u = _grouped(certs.filter(enrollment__unit_id__in=ids), "enrollment__unit_id", "pk")
    placed_e = _grouped(Placement.objects.filter(employer_id__in=ids), "employer_id", "person_id")
    placed_u = _grouped(
        Placement.objects.filter(person__registered_unit_id__in=ids), "person__registered_unit_id", "person_id"
    )
    rows = [
        (
            m,
            Figures(
                batches=provided.get(m.pk, 0) + organised.get(m.pk, 0),
                trained=done_p.get(m.pk, 0) + done_u.get(m.pk, 0),
                certified=certs_p.get(m.pk, 0) + certs_u.get(m.pk, 0),
                placed=placed_e.get(m.pk, 0) + placed_u.get(m.pk, 0),
            ),
        )
        for m in members
    ]
    return ForumFigures(total=total, by_member=rows)


def awards_visible_to(user: Any) -> QuerySet[Award]:
    """Return the awards given to the user's organisation, or given or handed over by a unit in their scope."""
    require(user, Capability.PARTNERSHIP_VIEW)
    rows = Award.objects.select_related("partner", "given_by", "unit")
    org = partner_org(user)
    if org is not None:
        return rows.filter(partner=org)
    scope = unit_scope(user)
    if scope.everything:
        return rows
    return rows.filter(Q(given_by_id__in=scope.unit_ids) | Q(unit_id__in=scope.unit_ids))


def get_award_for_user(user: Any, pk: int) -> Award:
    """Return one award; 404 outside the user's reach."""
    return get_object_or_404(awards_visible_to(user), pk=pk)


def get_partner_for_user(user: Any, pk: int) -> Organization:
    """Return a partner organisation: any for staff who see partnerships, their own for partner staff; 404 for a
    correctional unit or office (they have pages of their own)."""
    require(user, Capability.PARTNERSHIP_VIEW)
    org = partner_org(user)
    if org is not None and org.pk != pk:
        raise_404()
    return get_object_or_404(Organization.objects.exclude(kind__in=OFFICE_KINDS).select_related("region"), pk=pk)


def raise_404() -> None:
    """Answer 404: the record is outside the user's reach."""
    from django.http import Http404

    raise Http404


def partner_figures(*, user: Any, partner: Organization) -> Figures:
    """Return the partner's contribution as the user may see it: the batches it provides (of the user's units, or
    its own for its staff), the people who completed them and were certified, and the people it employs."""
    scope = unit_scope(user)
    batches = Batch.objects.filter(provider=partner)
    placed = Placement.objects.filter(employer=partner)
    if partner_org(user) is None and not scope.everything:
        organised = Batch.units.through.objects.filter(batch_id=OuterRef("pk"), organization_id__in=scope.unit_ids)
        batches = batches.filter(Exists(organised))
        placed = placed.filter(person__registered_unit_id__in=scope.unit_ids)
    done = Enrollment.objects.filter(batch__in=batches.values("pk"), status=EnrollmentStatus.COMPLETED)
    certs = Certificate.objects.filter(enrollment__batch__in=batches.values("pk"))
    return Figures(
        batches=batches.count(),
        trained=done.values("person_id").distinct().count(),
        certified=certs.values("enrollment__person_id").distinct().count(),
        placed=placed.values("person_id").distinct().count(),
    )


def stage_label(stage: str) -> str:
    """Return a stage's name in the user's language."""
    return str(Stage(stage).label)


@dataclass
class PartnerHome:
    """What a partner's staff see of their partnership work, each list capped at ``limit`` rows."""

    agreements: list[Any]
    partnerships: list[Partnership]
    batches: list[Batch]
    forums: list[Forum]
    awards: list[Award]
    actions: list[FollowUpAction]


def partner_home(*, user: Any, today: date, limit: int = 25) -> PartnerHome:
    """Return the partner's agreements, partnerships at their stage, batches, forums, awards and open actions, in a
    fixed number of queries."""
    return PartnerHome(
        agreements=list(agreements_visible_to(user).order_by("-start_date", "-id")[:limit]),
        partnerships=list(pipeline(user=user, today=today)[:limit]),
        batches=list(batches_visible_to(user).order_by("-start_date", "-id")[:limit]),
        forums=list(forum_list(user=user).prefetch_related("members")[:limit]),
        awards=list(awards_visible_to(user)[:limit]),
        actions=list(actions_owned_by(user)[:limit]),
    )
