"""The whole person on one page: the timeline of every app over the demo, on the page, its A4 summary and the API,
each part as the viewer's role and unit may see it."""

import pytest
from django.urls import reverse

from bekal.accounts.models import Role
from bekal.certification.models import Certificate
from bekal.community_service.models import CommunityServiceOrder
from bekal.core import registry
from bekal.people.models import CustodyPeriod, Person
from bekal.placement.models import Placement


def _certified_and_placed() -> Person:
    placed = Placement.objects.values("person_id")
    certificate = Certificate.objects.filter(enrollment__person_id__in=placed).select_related("enrollment__person")
    return certificate[0].enrollment.person


def test_the_person_page_shows_the_whole_path_with_links(demo, client_for):
    person = _certified_and_placed()
    certificate = Certificate.objects.filter(enrollment__person=person).first()
    page = client_for(demo["martapura.bimker"]).get(reverse("people:detail", args=[person.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for label in ("Penahanan", "Pelatihan", "Sertifikasi", "Kerja"):
        assert f">{label}</span>" in html, label
    assert certificate.number in html
    assert reverse("training:batch-detail", args=[certificate.enrollment.batch_id]) in html
    placement = Placement.objects.filter(person=person).first()
    assert reverse("placement:placement", args=[placement.pk]) in html


def test_the_api_returns_the_same_timeline_oldest_first(demo, client_for):
    person = _certified_and_placed()
    client = client_for(demo["martapura.bimker"])
    response = client.get(f"/api/v1/people/{person.pk}/timeline")
    assert response.status_code == 200
    entries = response.json()
    stages = {e["stage"] for e in entries}
    assert {"custody", "training", "certification", "placement"} <= stages
    assert [e["on"] for e in entries] == sorted(e["on"] for e in entries)
    expected = [e.title for e in registry.person_timeline(demo["martapura.bimker"], person)]
    assert [e["title"] for e in entries] == expected


def test_a_return_to_custody_is_shown_as_a_readmission(demo):
    periods: dict[int, list[CustodyPeriod]] = {}
    for period in CustodyPeriod.objects.order_by("admission_date"):
        periods.setdefault(period.person_id, []).append(period)
    returned = next(pid for pid, stays in periods.items() if len(stays) > 1 and stays[0].release_date)
    entries = registry.person_timeline(demo["admin"], Person.objects.get(pk=returned))
    readmissions = [e for e in entries if e.stage == "readmission"]
    assert [e.on for e in readmissions] == [stay.admission_date for stay in periods[returned][1:]]


def test_community_service_shows_only_to_roles_that_read_it(demo, client_for, make_user):
    order = CommunityServiceOrder.objects.select_related("period__person", "period__unit").first()
    person = order.period.person
    pk_entries = registry.person_timeline(demo["muratara.pk"], person)
    assert order.decision_number in " ".join(e.title for e in pk_entries)
    # A training officer of the same Bapas sees the person but not the sentence.
    officer = make_user(order.period.unit, Role.TRAINING_OFFICER, username="bapas.bimker")
    assert not [e for e in registry.person_timeline(officer, person) if e.stage == "community"]


@pytest.mark.parametrize(
    ("username", "status"),
    [(None, 302), ("blk.lubuklinggau", 403), ("bdl.bimker", 404), ("martapura.bimker", 200)],
)
def test_page_summary_and_api_follow_the_ladder(demo, client_for, username, status):
    person = _certified_and_placed()
    client = client_for(demo[username] if username else None)
    for url in (reverse("people:detail", args=[person.pk]), reverse("people:summary", args=[person.pk])):
        assert client.get(url).status_code == status, url
    api_status = {302: 401}.get(status, status)
    assert client.get(f"/api/v1/people/{person.pk}/timeline").status_code == api_status


def test_the_a4_summary_holds_the_path_and_never_the_nik(demo, client_for):
    officer = demo["martapura.bimker"]
    stays = CustodyPeriod.objects.filter(unit=officer.organization).select_related("person", "unit")
    stay = next(s for s in stays if s.person.nik)
    person = stay.person
    html = client_for(officer).get(reverse("people:summary", args=[person.pk])).content.decode()
    assert person.full_name in html and f"Ditahan di {stay.unit}" in html
    assert "summary.css" in html
    assert person.nik not in html and person.nik_masked not in html
    # The certificates of another, certified person are on theirs.
    certified = _certified_and_placed()
    html = client_for(officer).get(reverse("people:summary", args=[certified.pk])).content.decode()
    assert Certificate.objects.filter(enrollment__person=certified).first().number in html


def test_the_timeline_costs_the_same_whatever_the_records(demo, client_for, django_assert_max_num_queries):
    person = _certified_and_placed()
    client = client_for(demo["martapura.bimker"])
    with django_assert_max_num_queries(30):
        assert client.get(f"/api/v1/people/{person.pk}/timeline").status_code == 200
