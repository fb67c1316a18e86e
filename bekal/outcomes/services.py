"""Writes of the outcomes app: a reviewer's decision on an uncertain identity match."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record
from bekal.outcomes.models import IdentityDecision, IdentityReview
from bekal.outcomes.selectors import Candidate


@transaction.atomic
def identity_review_decide(*, actor: Any, candidate: Candidate, decision: str, note: str = "") -> IdentityReview:
    """Confirm that two records are one person (their custody then counts as a re-admission) or reject the match.

    The records themselves stay as they are: nothing is merged.
    """
    require(actor, Capability.IDENTITY_REVIEW)
    if decision not in IdentityDecision.values:
        raise ValidationError(
            {"decision": _("Decision %(value)s is not one of the allowed values") % {"value": decision}}
        )
    if IdentityReview.objects.filter(earlier_person=candidate.earlier, later_person=candidate.later).exists():
        raise ValidationError({"decision": _("This pair has already been decided")})
    review = IdentityReview.objects.create(
        earlier_person=candidate.earlier,
        later_person=candidate.later,
        decision=decision,
        note=note,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
    )
    audit_record(
        code="outcomes.identity.confirmed" if decision == IdentityDecision.SAME else "outcomes.identity.rejected",
        actor=actor,
        unit=actor.organization,
        obj=review,
        changes={
            "earlier_person": [None, candidate.earlier.pk],
            "later_person": [None, candidate.later.pk],
            "decision": [None, decision],
        },
    )
    return review
