"""The identity review queue: uncertain matches are never merged silently; a reviewer confirms or rejects."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from bekal.audit.models import AuditEvent
from bekal.outcomes import selectors, services
from bekal.outcomes.models import IdentityReview
from bekal.people.models import Person
from bekal.people.nik_store import nik_digest

S = "served"
BORN = date(1990, 1, 1)


@pytest.fixture
def pair(world, history):
    earlier = history(
        world.martapura, "Kurnia Sandi", [(date(2022, 1, 1), date(2023, 5, 5), S)], birth=BORN, nik="1608010101900001"
    )
    later = history(world.martapura, "kurnia sandi", [(date(2024, 2, 1), None, "")], birth=BORN)
    return earlier, later


def test_same_name_and_birth_date_after_a_release_is_queued(users, pair):
    earlier, later = pair
    queue = selectors.identity_candidates(user=users.officer)
    assert [(c.earlier, c.later, c.earlier_release, c.later_admission) for c in queue] == [
        (earlier, later, date(2023, 5, 5), date(2024, 2, 1))
    ]


def test_two_different_niks_are_two_people(users, pair):
    _earlier, later = pair
    Person.objects.filter(pk=later.pk).update(nik="1608010101900002", nik_hash=nik_digest("1608010101900002"))
    assert selectors.identity_candidates(user=users.officer) == []


def test_an_admission_before_the_release_is_not_a_candidate(users, world, history):
    history(world.martapura, "Sama Nama", [(date(2022, 1, 1), date(2023, 5, 5), S)], birth=BORN)
    history(world.bandar_lampung, "Sama Nama", [(date(2023, 6, 1), date(2023, 12, 1), S)], birth=BORN)
    assert selectors.identity_candidates(user=users.officer) == []


def test_another_units_admission_is_not_in_the_queue(users, pair):
    assert selectors.identity_candidates(user=users.other_officer) == []
    with pytest.raises(Http404):
        selectors.get_candidate_for_user(users.other_officer, pair[0].pk, pair[1].pk)


def test_confirming_records_a_decision_and_merges_nothing(users, pair):
    earlier, later = pair
    candidate = selectors.get_candidate_for_user(users.officer, earlier.pk, later.pk)
    services.identity_review_decide(actor=users.officer, candidate=candidate, decision="same")
    assert Person.objects.filter(pk__in=[earlier.pk, later.pk]).count() == 2
    assert later.custody_periods.count() == 1 and earlier.custody_periods.count() == 1
    assert selectors.identity_candidates(user=users.officer) == []
    assert AuditEvent.objects.filter(code="outcomes.identity.confirmed").count() == 1
    with pytest.raises(ValidationError):
        services.identity_review_decide(actor=users.officer, candidate=candidate, decision="same")


def test_rejecting_takes_the_pair_out_of_the_queue_for_good(users, pair):
    candidate = selectors.get_candidate_for_user(users.officer, pair[0].pk, pair[1].pk)
    services.identity_review_decide(actor=users.officer, candidate=candidate, decision="different")
    assert IdentityReview.objects.get().decision == "different"
    assert selectors.identity_candidates(user=users.officer) == []
    assert AuditEvent.objects.filter(code="outcomes.identity.rejected").count() == 1


def test_a_bad_decision_and_a_viewer_are_refused(users, pair):
    candidate = selectors.get_candidate_for_user(users.officer, pair[0].pk, pair[1].pk)
    with pytest.raises(ValidationError) as error:
        services.identity_review_decide(actor=users.officer, candidate=candidate, decision="maybe")
    assert "maybe" in error.value.message_dict["decision"][0]
    with pytest.raises(PermissionDenied):
        services.identity_review_decide(actor=users.head, candidate=candidate, decision="same")
