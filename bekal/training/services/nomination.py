"""Bulk nomination: the people in an organising unit's custody, filtered and shown with what screening needs (release
date, education, prior certificates, eligibility with its reasons), and several nominated in one action.

The action is all or nothing: one transaction, every refused person named with the reason, nothing written when one
is refused. The batch quota still applies where it always has, at the selection decision (``enrollment_decide``):
a nomination takes no place, and over the quota a selected person goes to the waiting list.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record
from bekal.core.formats import readable
from bekal.core.races import refuse_duplicate
from bekal.organizations.scope import unit_scope
from bekal.people.models import CustodyPeriod, Education, Person
from bekal.training.models import Batch, BatchStatus, Enrollment, EnrollmentStatus
from bekal.training.services._common import check_batch_reach
from bekal.training.services.enrollment import Reason, _history, _reasons

# At most this many people are listed, and nominated in one action.
CANDIDATE_LIMIT = 200


@dataclass(frozen=True)
class CandidateFilters:
    """What the officer narrows the list by; every field optional."""

    release_from: date | None = None
    release_to: date | None = None
    education: str = ""  # at least this level
    certificates: str = ""  # "with" prior certificates, "without", or "" for both
    eligibility: str = ""  # "eligible", "ineligible", or "" for both
    name: str = ""


@dataclass
class Candidate:
    person: Person
    custody: CustodyPeriod
    reasons: list[Reason]
    certificates: list[str] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.reasons

    @property
    def release_date(self) -> date | None:
        return self.custody.expected_release_date


def organising_units_in_reach(actor: Any, batch: Batch) -> list[int]:
    """Return the ids of the batch's organising units the actor's scope covers (the batch's units are prefetched)."""
    scope = unit_scope(actor)
    return [u.id for u in batch.units.all() if scope.contains(u.id)]


def nomination_candidates(batch: Batch, *, unit_ids: Sequence[int], filters: CandidateFilters) -> list[Candidate]:
    """Return the people in custody at these units on the batch's first day and not yet in the batch, filtered, with
    their release date, education, prior certificates and eligibility, in a fixed number of queries."""
    periods = (
        CustodyPeriod.objects.current(batch.start_date)
        .filter(unit_id__in=unit_ids)
        .exclude(person__enrollments__batch=batch)
        .select_related("person", "unit")
    )
    if filters.release_from:
        periods = periods.filter(expected_release_date__gte=filters.release_from)
    if filters.release_to:
        periods = periods.filter(expected_release_date__lte=filters.release_to)
    if filters.education in Education.values:
        floor = Education.rank(filters.education)
        periods = periods.filter(person__education__in=[e for e in Education.values if Education.rank(e) >= floor])
    if filters.name:
        periods = periods.filter(person__search_name__contains=filters.name.lower())
    certified = Enrollment.objects.filter(person=OuterRef("person_id")).filter(
        Q(training_certificate__isnull=False) | Q(certificates__isnull=False)
    )
    if filters.certificates == "with":
        periods = periods.filter(Exists(certified))
    elif filters.certificates == "without":
        periods = periods.exclude(Exists(certified))
    chosen: dict[int, CustodyPeriod] = {}
    for period in periods.order_by("person__full_name", "person_id", "-admission_date")[: CANDIDATE_LIMIT * 2]:
        chosen.setdefault(period.person_id, period)
    candidates = _screen(batch, list(chosen.values())[:CANDIDATE_LIMIT])
    if filters.eligibility == "eligible":
        return [c for c in candidates if c.eligible]
    if filters.eligibility == "ineligible":
        return [c for c in candidates if not c.eligible]
    return candidates


def _screen(batch: Batch, periods: list[CustodyPeriod]) -> list[Candidate]:
    """Return a candidate per custody period with the reasons and certificates (three queries however many)."""
    person_ids = {p.person_id for p in periods}
    if not person_ids:
        return []
    places, removals = _history(person_ids)
    certificates = prior_certificates(person_ids)
    candidates = []
    for period in periods:
        draft = Enrollment(batch=batch, person=period.person, custody_period=period)
        reasons = [r for r in _reasons(draft, places, removals) if r.code != "interest"]
        candidates.append(Candidate(period.person, period, reasons, certificates.get(period.person_id, [])))
    return candidates


def prior_certificates(person_ids: set[int]) -> dict[int, list[str]]:
    """Return, by person, the training certificates (programme and number) and the competency certificates (scheme
    and number) they hold, in one query."""
    rows = (
        Enrollment.objects.filter(person_id__in=person_ids)
        .filter(Q(training_certificate__isnull=False) | Q(certificates__isnull=False))
        .values_list(
            "person_id",
            "batch__programme__name",
            "training_certificate__number",
            "certificates__scheme",
            "certificates__number",
        )
        .order_by("person_id", "id")
        .distinct()
    )
    found: dict[int, list[str]] = defaultdict(list)
    for person_id, programme, training_number, scheme, number in rows:
        for label in (
            f"{programme} ({training_number})" if training_number else "",
            f"{scheme} ({number})" if number else "",
        ):
            if label and label not in found[person_id]:
                found[person_id].append(label)
    return found


@transaction.atomic
def enrollment_nominate_many(
    *, actor: Any, batch: Batch, person_ids: Sequence[int], interest_statement_on: date | None = None
) -> list[Enrollment]:
    """Nominate several people in custody at the batch's organising units in one action. Refused whole, naming every
    refused person with the reason, when one of them is not in custody there, is already in the batch or is not
    eligible (the screening reasons, the interest statement aside)."""
    require(actor, Capability.ENROLLMENT_EDIT)
    check_batch_reach(actor, batch)
    # Lock the batch: two bulk nominations at once are taken one after the other, so neither half-writes.
    batch = Batch.objects.select_for_update().prefetch_related("units").select_related("programme").get(pk=batch.pk)
    if batch.status != BatchStatus.OPEN:
        raise ValidationError(
            {
                "people": _("Batch %(batch)s is %(status)s; nominations need an open batch")
                % {"batch": batch.name, "status": batch.get_status_display()}
            }
        )
    wanted = list(dict.fromkeys(person_ids))
    if not wanted:
        raise ValidationError({"people": _("Choose at least one person to nominate")})
    if len(wanted) > CANDIDATE_LIMIT:
        raise ValidationError(
            {
                "people": _("%(count)s people chosen; at most %(max)s in one nomination")
                % {"count": len(wanted), "max": CANDIDATE_LIMIT}
            }
        )
    unit_ids = organising_units_in_reach(actor, batch)
    periods = {
        p.person_id: p
        for p in CustodyPeriod.objects.current(batch.start_date)
        .filter(person_id__in=wanted, unit_id__in=unit_ids)
        .select_related("person", "unit")
        .order_by("person_id", "admission_date")
    }
    already = set(Enrollment.objects.filter(batch=batch, person_id__in=wanted).values_list("person_id", flat=True))
    refusals = _refusals(batch, wanted, periods, already)
    if refusals:
        raise ValidationError({"people": refusals})
    return [_nominate(actor, batch, periods[pid], interest_statement_on) for pid in wanted]


def _refusals(batch: Batch, wanted: list[int], periods: dict[int, CustodyPeriod], already: set[int]) -> list[str]:
    """Return one message per refused person, naming them and the reason, in the order chosen."""
    screened = {c.person.pk: c for c in _screen(batch, [periods[p] for p in wanted if p in periods])}
    refusals = []
    for person_id in wanted:
        period = periods.get(person_id)
        if period is None:
            refusals.append(
                _("Person %(id)s is not in custody at an organising unit on %(date)s")
                % readable({"id": person_id, "date": batch.start_date})
            )
        elif person_id in already:
            refusals.append(_("%(name)s is already nominated for this batch") % {"name": period.person.full_name})
        elif screened[person_id].reasons:
            refusals.append(
                _("%(name)s: %(reasons)s")
                % {
                    "name": period.person.full_name,
                    "reasons": "; ".join(r.message for r in screened[person_id].reasons),
                }
            )
    return refusals


ENROLLMENT_UNIQUE = ("enrollment_once_per_batch", "training_enrollment.batch_id")


def _nominate(actor: Any, batch: Batch, period: CustodyPeriod, interest_statement_on: date | None) -> Enrollment:
    # A nomination of the same person at the same moment from the one-at-a-time page: the unique constraint stops
    # it, refused like the check above (and the whole action with it).
    taken = _("%(name)s is already nominated for this batch") % {"name": period.person.full_name}
    with refuse_duplicate(constraint=ENROLLMENT_UNIQUE, field="people", message=taken):
        enrollment = Enrollment.objects.create(
            batch=batch,
            person=period.person,
            unit=period.unit,
            custody_period=period,
            interest_statement_on=interest_statement_on,
        )
    audit_record(
        code="training.enrollment.nominated",
        actor=actor,
        unit=period.unit,
        obj=enrollment,
        changes={
            "status": [None, EnrollmentStatus.NOMINATED],
            "interest_statement_on": [None, interest_statement_on],
            "bulk": [None, True],
        },
    )
    return enrollment
