"""Hand-over Lapas -> Bapas: the Lapas proposes (not before eligibility), the Bapas of the person's home sees the
person, accepts and assigns a PK, and the release opens the supervision by itself; a parole release before its date
needs a decree. Through the pages and the API, with the ladder."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from bekal.accounts.models import Role
from bekal.audit.models import AuditEvent
from bekal.core import registry
from bekal.people import handovers, services
from bekal.people.models import CustodyPeriod, HandOver, HandOverStatus, SupervisionPeriod

PAROLE = date(2025, 11, 1)


@pytest.fixture
def inmate(world, make_person):
    person = make_person(world.martapura)
    person.home_region_id = "16.13"  # Musi Rawas Utara: Bapas Muratara's regency
    person.save()
    CustodyPeriod.objects.filter(person=person).update(parole_date=PAROLE, expected_release_date=date(2027, 1, 10))
    return person


def _period(person):
    return CustodyPeriod.objects.get(person=person)


def _proposed(users, person):
    return handovers.handover_propose(actor=users.officer, period=_period(person), kind="pb", integration_date=PAROLE)


def _propose(client, person, **data):
    payload = {"kind": "pb", "integration_date": PAROLE.isoformat(), "litmas_requested": "on", **data}
    if "bapas" not in data:
        payload["bapas"] = str(handovers.home_bapas(person).pk)
    return client.post(reverse("people:handover-create", args=[_period(person).pk]), payload)


def test_the_whole_hand_over_through_the_pages(users, world, inmate, client_for):
    lapas, bapas = client_for(users.officer), client_for(users.pk)
    assert bapas.get(reverse("people:detail", args=[inmate.pk])).status_code == 404  # not the Bapas's yet
    response = _propose(lapas, inmate)
    handover = HandOver.objects.get(person=inmate)
    assert response.status_code == 302 and handover.bapas == world.muratara
    assert handover.status == HandOverStatus.PROPOSED
    # The Bapas sees the person (to write the litmas) and its queue holds the hand-over.
    assert bapas.get(reverse("people:detail", args=[inmate.pk])).status_code == 200
    assert inmate.full_name in bapas.get(reverse("people:handovers")).content.decode()
    accepted = bapas.post(reverse("people:handover-accept", args=[handover.pk]), {"officer": users.pk.pk})
    assert accepted.status_code == 302
    handover.refresh_from_db()
    assert handover.status == HandOverStatus.ACCEPTED and handover.officer == users.pk
    # The Lapas releases on parole: the supervision opens by itself at the Bapas with its PK.
    released = lapas.post(
        reverse("people:custody-release", args=[_period(inmate).pk]),
        {"release_date": PAROLE.isoformat(), "release_reason": "pb"},
    )
    assert released.status_code == 302
    handover.refresh_from_db()
    supervision = SupervisionPeriod.objects.get(person=inmate)
    assert handover.status == HandOverStatus.RELEASED and handover.supervision_period == supervision
    assert (supervision.unit, supervision.kind, supervision.officer, supervision.start_date) == (
        world.muratara,
        "pb",
        users.pk,
        PAROLE,
    )
    codes = set(AuditEvent.objects.filter(code__startswith="people.").values_list("code", flat=True))
    assert {"people.handover.proposed", "people.handover.accepted", "people.handover.released"} <= codes
    assert "people.supervision.created" in codes
    # Both sides read the state.
    for client in (lapas, bapas):
        page = client.get(reverse("people:handover", args=[handover.pk])).content.decode()
        assert "Bebas: pembimbingan dibuka" in page


def test_a_proposal_before_eligibility_is_refused_with_both_dates(users, inmate, client_for):
    response = _propose(client_for(users.officer), inmate, integration_date=(PAROLE - timedelta(days=1)).isoformat())
    assert response.status_code == 200
    assert "sebelum tanggal hak 1 November 2025" in response.content.decode()
    assert not HandOver.objects.exists()


def test_a_second_open_hand_over_of_the_same_period_is_refused(users, inmate):
    handovers.handover_propose(actor=users.officer, period=_period(inmate), kind="pb", integration_date=PAROLE)
    with pytest.raises(ValidationError, match="sudah ada"):
        handovers.handover_propose(actor=users.officer, period=_period(inmate), kind="pb", integration_date=PAROLE)
    assert HandOver.objects.count() == 1


def test_a_parole_release_before_the_parole_date_needs_a_decree(users, inmate):
    early = PAROLE - timedelta(days=10)
    with pytest.raises(ValidationError) as refused:
        services.custody_period_release(
            actor=users.officer, period=_period(inmate), release_date=early, release_reason="pb"
        )
    assert "tanggal hak 1 November 2025" in str(refused.value) and "SK" in str(refused.value)
    period = services.custody_period_release(
        actor=users.officer, period=_period(inmate), release_date=early, release_reason="pb", release_decree="PAS-123"
    )
    assert period.release_date == early and period.release_decree == "PAS-123"


def test_only_the_receiving_bapas_accepts_and_only_its_pk(users, world, inmate, make_user):
    handover = handovers.handover_propose(
        actor=users.officer, period=_period(inmate), kind="pb", integration_date=PAROLE
    )
    with pytest.raises(ValidationError, match=r"bukan Pembimbing Kemasyarakatan|is not a probation officer"):
        handovers.handover_accept(actor=users.pk, handover=handover, officer=users.officer)
    other_bapas = make_user(world.martapura, Role.PROBATION_OFFICER)
    with pytest.raises(PermissionDenied):
        handovers.handover_accept(actor=other_bapas, handover=handover, officer=users.pk)


def test_the_bapas_worklist_counts_the_hand_overs_to_take_on(users, inmate):
    handovers.handover_propose(actor=users.officer, period=_period(inmate), kind="pb", integration_date=PAROLE)
    items = {i.label: i for i in registry.collect_worklist(users.pk, date(2026, 1, 5))}
    item = items["Serah terima dari Lapas yang perlu ditindaklanjuti"]
    assert item.count == 1 and item.links[0][1].startswith("/people/handovers/")


def test_the_api_runs_the_same_hand_over(users, inmate, client_for):
    lapas, bapas = client_for(users.officer), client_for(users.pk)
    created = lapas.post(
        f"/api/v1/custody-periods/{_period(inmate).pk}/handover",
        {"kind": "pb", "integration_date": PAROLE.isoformat()},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "proposed" and body["person_name"] == inmate.full_name
    listed = bapas.get("/api/v1/handovers").json()
    assert [row["id"] for row in listed["items"]] == [body["id"]]
    accepted = bapas.post(
        f"/api/v1/handovers/{body['id']}/accept", {"officer": users.pk.pk}, content_type="application/json"
    )
    assert accepted.status_code == 200 and accepted.json()["officer_id"] == users.pk.pk
    cancelled = lapas.post(
        f"/api/v1/handovers/{body['id']}/cancel", {"reason": "Keputusan dicabut"}, content_type="application/json"
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    early = lapas.post(
        f"/api/v1/custody-periods/{_period(inmate).pk}/handover",
        {"kind": "pb", "integration_date": (PAROLE - timedelta(days=3)).isoformat()},
        content_type="application/json",
    )
    assert early.status_code == 422


@pytest.mark.parametrize(
    ("who", "page", "api"),
    [(None, 302, 401), ("partner", 403, 403), ("other_officer", 404, 404), ("officer", 200, 200), ("pk", 200, 200)],
)
def test_the_ladder(users, inmate, client_for, who, page, api):
    handover = handovers.handover_propose(
        actor=users.officer, period=_period(inmate), kind="pb", integration_date=PAROLE
    )
    client = client_for(getattr(users, who) if who else None)
    assert client.get(reverse("people:handover", args=[handover.pk])).status_code == page
    assert client.get(f"/api/v1/handovers/{handover.pk}").status_code == api
    if who in ("partner", "other_officer"):
        create = client.get(reverse("people:handover-create", args=[_period(inmate).pk]))
        assert create.status_code in (403, 404)
