"""Every community-service page climbs the ladder: anonymous -> login, wrong role -> 403, another unit's record ->
404, right role -> 200. The list asserts a query count that does not grow with the rows."""

from datetime import date, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.community_service.models import Outcome, StepKind, WorkSession
from bekal.community_service.services import ledger as ledger_services
from bekal.community_service.services import sites as site_services


@pytest.fixture
def report(users, order):
    for day in (2, 3, 4):
        ledger_services.session_record(
            actor=users.pk,
            order=order,
            date=date(2026, 3, day),
            start=time(8, 0),
            end=time(12, 0),
            outcome=Outcome.UNACCEPTABLE_ABSENCE,
        )
    return order.steps.get(kind=StepKind.REPORT)


def read_pages(order, step, site):
    return [
        reverse("community_service:detail", args=[order.pk]),
        reverse("community_service:letter", args=[step.pk]),
        reverse("community_service:site-day", args=[site.pk]),
    ]


def write_pages(order, step):
    return [
        reverse("community_service:adjustment-create", args=[order.pk]),
        reverse("community_service:placement-create", args=[order.pk]),
        reverse("community_service:training-counts", args=[order.pk]),
        reverse("community_service:step-decide", args=[step.pk]),
        reverse("community_service:create", args=[order.period.person_id]),
    ]


LISTS = ["community_service:list", "community_service:sites", "community_service:site-create"]


class TestLadder:
    def test_anonymous_is_sent_to_login(self, client_for, order, report, cs):
        urls = [reverse(n) for n in LISTS] + read_pages(order, report, cs.site) + write_pages(order, report)
        for url in urls:
            response = client_for(None).get(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url

    def test_roles_without_community_service_get_403(self, client_for, users, order, report, cs):
        urls = [reverse(n) for n in LISTS] + read_pages(order, report, cs.site) + write_pages(order, report)
        for user in [users.partner, users.officer]:
            for url in urls:
                assert client_for(user).get(url).status_code == 403, url

    def test_the_prosecutor_reads_but_cannot_write(self, client_for, cs, order, report):
        """KUHP Pasal 85: the prosecutor supervises the sentence (reads hours and letters); the PK guides it."""
        client = client_for(cs.prosecutor_user)
        for url in [reverse("community_service:list"), *read_pages(order, report, cs.site)]:
            assert client.get(url).status_code == 200, url
        for url in write_pages(order, report):
            assert client.get(url).status_code == 403, url
        assert client.post(reverse("community_service:session-create", args=[order.pk])).status_code == 403

    def test_another_units_order_is_404(self, client_for, users, cs, foreign_order):
        step_less = [
            reverse("community_service:detail", args=[foreign_order.pk]),
            reverse("community_service:adjustment-create", args=[foreign_order.pk]),
            reverse("community_service:placement-create", args=[foreign_order.pk]),
            reverse("community_service:session-create", args=[foreign_order.pk]),
        ]
        for url in step_less:
            assert client_for(users.pk if "adjust" not in url else cs.head).get(url).status_code == 404, url

    def test_the_prosecutor_and_site_supervisor_see_only_their_orders(self, client_for, cs, order, foreign_order):
        for user in [cs.prosecutor_user, cs.site_user]:
            client = client_for(user)
            assert client.get(reverse("community_service:detail", args=[order.pk])).status_code == 200
            assert client.get(reverse("community_service:detail", args=[foreign_order.pk])).status_code == 404
        assert (
            client_for(cs.other_site_user).get(reverse("community_service:detail", args=[order.pk])).status_code == 404
        )
        assert (
            client_for(cs.other_site_user).get(reverse("community_service:site-day", args=[cs.site.pk])).status_code
            == 404
        )

    def test_the_right_role_gets_200(self, client_for, users, cs, order, report):
        pk = client_for(users.pk)
        urls = [reverse(n) for n in LISTS] + read_pages(order, report, cs.site) + write_pages(order, report)
        for url in urls:
            if "adjustments" in url:
                continue
            assert pk.get(url).status_code == 200, url
        assert client_for(cs.head).get(write_pages(order, report)[0]).status_code == 200


class TestList:
    def test_it_lists_only_the_units_orders(self, client_for, users, order, foreign_order):
        body = client_for(users.pk).get(reverse("community_service:list")).content.decode()
        assert order.decision_number in body and "Rudi Lampung" not in body and "Rizky Pratama" in body

    def test_its_query_count_does_not_grow_with_the_rows(self, client_for, users, make_order):
        client = client_for(users.pk)
        make_order(name="Klien Pertama")
        client.get(reverse("community_service:list"))
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("community_service:list"))
        for i in range(8):
            make_order(name=f"Klien {i}")
        with CaptureQueriesContext(connection) as many:
            response = client.get(reverse("community_service:list"))
        assert response.content.decode().count("Klien") >= 9
        assert len(many) == len(few)

    def test_the_site_list_query_count_does_not_grow(self, client_for, users, cs):
        client = client_for(users.pk)
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("community_service:sites"))
        for i in range(5):
            site_services.work_site_create(
                actor=users.pk,
                name=f"Sekolah {i}",
                region=None,
                site_type="school",
                capacity=2,
                days=[0],
                opens_at=time(8, 0),
                closes_at=time(12, 0),
            )
        with CaptureQueriesContext(connection) as many:
            client.get(reverse("community_service:sites"))
        assert len(many) == len(few)


class TestSessionForm:
    def test_the_quick_form_records_over_htmx(self, client_for, users, order):
        url = reverse("community_service:session-create", args=[order.pk])
        data = {"date": "2026-03-03", "start": "08:00", "end": "16:00", "outcome": Outcome.ATTENDED_COMPLIED}
        response = client_for(users.pk).post(url, data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200 and "8 jam diakui" in response.content.decode()
        assert WorkSession.objects.filter(order=order).count() == 1
        data |= {"start": "16:00", "end": "17:00"}
        body = client_for(users.pk).post(url, data, HTTP_HX_REQUEST="true").content.decode()
        assert "Pasal 85" in body and WorkSession.objects.filter(order=order).count() == 1

    def test_a_site_day_records_each_client_on_one_page(self, client_for, cs, order, make_order, users):
        second = make_order(name="Klien Kedua")
        site_services.placement_create(
            actor=users.pk, order=second, site=cs.site, start_date=date(2026, 3, 2), days=[1], hours_per_day=4
        )
        client = client_for(cs.site_user)
        body = client.get(reverse("community_service:site-day", args=[cs.site.pk]), {"date": "2026-03-03"}).content
        assert b"Rizky Pratama" in body and b"Klien Kedua" in body
        for o in (order, second):
            prefix = f"o{o.pk}"
            response = client.post(
                reverse("community_service:site-day-record", args=[cs.site.pk, o.pk]),
                {
                    f"{prefix}-date": "2026-03-03",
                    f"{prefix}-start": "08:00",
                    f"{prefix}-end": "12:00",
                    f"{prefix}-outcome": Outcome.ATTENDED_COMPLIED,
                },
                HTTP_HX_REQUEST="true",
            )
            assert response.status_code == 200
        assert WorkSession.objects.filter(date=date(2026, 3, 3)).count() == 2
        assert AuditEvent.objects.filter(code="community_service.session.recorded", actor=cs.site_user).count() == 2

    def test_the_order_form_creates_an_order(self, client_for, users, cs, world, make_person):
        person = make_person(world.muratara, custody=False, nik=None, full_name="Klien Baru")
        data = {
            "unit": world.muratara.pk,
            "officer": users.pk.pk,
            "start_date": "2026-03-02",
            "court": cs.court.pk,
            "decision_number": "99/Pid.C/2026/PN Llg",
            "decision_date": "2026-02-25",
            "offence": "Pencurian ringan",
            "threatened_prison_months": 24,
            "hours_ordered": 250,
            "replaced_prison_months": 2,
            "hours_per_day": 8,
            "complete_by": "2026-08-01",
            "sanction": "repeat",
            "prosecutor_office": cs.prosecutor.pk,
            "consent_recorded": "on",
        }
        url = reverse("community_service:create", args=[person.pk])
        body = client_for(users.pk).post(url, data).content.decode()
        assert "Pasal 85" in body
        response = client_for(users.pk).post(url, data | {"hours_ordered": 120})
        assert response.status_code == 302


def test_training_days_count_only_when_the_order_says_so(client_for, users, order):
    assert order.training_counts is False
    url = reverse("community_service:training-counts", args=[order.pk])
    assert client_for(users.pk).post(url, {"training_counts": "on"}).status_code == 302
    order.refresh_from_db()
    assert order.training_counts is True
    assert AuditEvent.objects.filter(code="community_service.order.training_counts_changed").count() == 1


def test_a_site_supervisor_sees_the_hours_but_not_the_sentence_or_letters(client_for, cs, order, report):
    body = client_for(cs.site_user).get(reverse("community_service:detail", args=[order.pk])).content.decode()
    assert "Rizky Pratama" in body and order.offence not in body and order.decision_number not in body
    assert client_for(cs.site_user).get(reverse("community_service:letter", args=[report.pk])).status_code == 403
    listing = client_for(cs.site_user).get(reverse("community_service:list")).content.decode()
    assert "Rizky Pratama" in listing and order.decision_number not in listing
    body = client_for(cs.prosecutor_user).get(reverse("community_service:detail", args=[order.pk])).content.decode()
    assert order.offence in body and order.decision_number in body


def test_the_site_day_query_count_does_not_grow(client_for, users, cs, make_order):
    client = client_for(users.pk)
    url = reverse("community_service:site-day", args=[cs.other_site.pk])

    def place(name):
        order = make_order(name=name)
        site_services.placement_create(
            actor=users.pk, order=order, site=cs.other_site, start_date=date(2026, 3, 2), days=[1], hours_per_day=4
        )
        ledger_services.session_record(
            actor=users.pk,
            order=order,
            date=date(2026, 3, 3),
            start=time(8, 0),
            end=time(9, 0),
            outcome=Outcome.ATTENDED_COMPLIED,
        )

    place("Klien 0")
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"date": "2026-03-03"})
    for i in range(1, 5):
        place(f"Klien {i}")
    with CaptureQueriesContext(connection) as many:
        body = client.get(url, {"date": "2026-03-03"}).content.decode()
    assert body.count("site-row") >= 5 and len(many) == len(few)
