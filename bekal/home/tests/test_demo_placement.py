"""The placement and outcomes demo around Lapas Kelas IIB Martapura: written through the services.

Over the demo the suite shares (`demo` in bekal/conftest.py, loaded for 2026-11-23); that loading it twice changes
nothing is tested in bekal/core/tests/test_demo.py.
"""

from bekal.accounts.models import User
from bekal.audit.models import AuditEvent
from bekal.home.tests.conftest import DEMO_TODAY
from bekal.kpis.recidivism import recidivism_split
from bekal.outcomes.selectors import identity_candidates
from bekal.placement.models import Placement, PreReleaseToDo, Referral, Vacancy, WorkReadiness
from bekal.placement.selectors import employed_person_ids, releases_due_with_open_todos

TODAY = DEMO_TODAY


def test_it_builds_the_placement_and_outcome_story(demo):
    assert Vacancy.objects.filter(employer__region_id="16.08").count() == 3
    assert WorkReadiness.objects.exists() and PreReleaseToDo.objects.exists() and Referral.objects.exists()
    assert Placement.objects.filter(kind="employed").count() >= 8
    officer = User.objects.get(username="martapura.bimker")
    assert releases_due_with_open_todos(user=officer, today=TODAY)
    assert AuditEvent.objects.filter(code="placement.placement.created").count() == Placement.objects.count()
    # Outcomes: re-admissions split by placement, and one pair of records left to review.
    head = User.objects.get(username="martapura.kalapas")
    split = recidivism_split(user=head, today=TODAY, label="placed", person_ids=employed_person_ids())
    placed = {r.year: r.within[1] for r in split.inside if r.within[1]}
    not_placed = {r.year: r.within[1] for r in split.outside if r.within[1]}
    assert sum(r.count for r in placed.values()) < sum(r.count for r in not_placed.values())
    assert sum(r.count for r in not_placed.values()) > 0
    assert [c.later.full_name for c in identity_candidates(user=head)] == ["Kurnia Sandi"]
