"""Every placement page climbs the ladder; list pages keep a query count that does not grow with the rows."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bekal.people.models import CustodyPeriod
from bekal.placement import services
from bekal.placement.models import Internship, Placement, PreReleaseToDo, Referral, Vacancy, WorkReadiness

LISTS = ["placement:due", "placement:follow-ups", "placement:employers", "placement:vacancies"]


@pytest.fixture
def records(users, due_person, released_person, vacancy, employer, today):
    referral = services.referral_create(actor=users.officer, person=due_person, vacancy=vacancy)
    internship = services.internship_create(
        actor=users.officer,
        person=due_person,
        employer=employer,
        start_date=today,
        end_date=today + timedelta(20),
        supervisor="x",
    )
    placement = services.placement_create(
        actor=users.officer,
        person=released_person,
        kind="employed",
        start_date=today - timedelta(40),
        employer=employer,
    )
    return {"referral": referral, "internship": internship, "placement": placement}


def person_reads(person):
    return [reverse("placement:person", args=[person.pk])]


def person_writes(person):
    return [
        reverse(name, args=[person.pk])
        for name in [
            "placement:readiness",
            "placement:todos",
            "placement:referral-create",
            "placement:internship-create",
            "placement:placement-create",
        ]
    ]


def record_writes(records):
    return [
        reverse("placement:referral", args=[records["referral"].pk]),
        reverse("placement:internship", args=[records["internship"].pk]),
        reverse("placement:follow-up", args=[records["placement"].follow_ups.first().pk]),
    ]


def directory_pages(vacancy, employer):
    profile = employer.employer_profile
    return {
        "reads": [
            reverse("placement:vacancy", args=[vacancy.pk]),
            reverse("placement:employer", args=[profile.pk]),
        ],
        "writes": [
            reverse("placement:vacancy-create"),
            reverse("placement:vacancy-edit", args=[vacancy.pk]),
            reverse("placement:employer-create"),
            reverse("placement:employer-edit", args=[profile.pk]),
        ],
    }


def all_urls(due_person, records, vacancy, employer):
    pages = directory_pages(vacancy, employer)
    return [
        *[reverse(n) for n in LISTS],
        *person_reads(due_person),
        *person_writes(due_person),
        *record_writes(records),
        reverse("placement:placement", args=[records["placement"].pk]),
        *pages["reads"],
        *pages["writes"],
    ]


class TestLadder:
    def test_anonymous_is_sent_to_login(self, client_for, due_person, records, vacancy, employer):
        for url in all_urls(due_person, records, vacancy, employer):
            response = client_for(None).get(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url

    def test_partner_staff_of_a_blk_get_403_everywhere(self, client_for, users, due_person, records, vacancy, employer):
        for url in all_urls(due_person, records, vacancy, employer):
            assert client_for(users.partner).get(url).status_code == 403, url

    def test_a_viewer_reads_but_cannot_write(self, client_for, users, due_person, records, vacancy, employer):
        client = client_for(users.regional)
        pages = directory_pages(vacancy, employer)
        reads = [
            *[reverse(n) for n in LISTS],
            *person_reads(due_person),
            *pages["reads"],
            reverse("placement:placement", args=[records["placement"].pk]),
        ]
        for url in reads:
            assert client.get(url).status_code == 200, url
        for url in [*person_writes(due_person), *record_writes(records), *pages["writes"]]:
            assert client.get(url).status_code == 403, url

    def test_another_units_records_are_404(self, client_for, users, due_person, records, vacancy, employer):
        client = client_for(users.other_officer)
        for url in [
            *person_reads(due_person),
            *person_writes(due_person),
            *record_writes(records),
            reverse("placement:placement", args=[records["placement"].pk]),
        ]:
            assert client.get(url).status_code == 404, url

    def test_the_right_role_gets_200(self, client_for, users, due_person, records, vacancy, employer):
        for url in all_urls(due_person, records, vacancy, employer):
            assert client_for(users.officer).get(url).status_code == 200, url

    def test_an_employers_staff_see_their_vacancies_and_names_only(
        self, client_for, employer_staff, due_person, records, vacancy, employer, other_employer
    ):
        client = client_for(employer_staff)
        foreign = Vacancy.objects.create(employer=other_employer, title="Lain", region_id="18.71")
        assert client.get(reverse("placement:vacancies")).status_code == 200
        body = client.get(reverse("placement:vacancy", args=[vacancy.pk])).content.decode()
        assert due_person.full_name in body and due_person.nik not in body and due_person.nik_masked not in body
        assert client.get(reverse("placement:vacancy", args=[foreign.pk])).status_code == 404
        assert client.get(reverse("placement:employer", args=[employer.employer_profile.pk])).status_code == 200
        assert client.get(reverse("placement:employer", args=[other_employer.employer_profile.pk])).status_code == 404
        for url in [*person_reads(due_person), *person_writes(due_person), reverse("placement:due")]:
            assert client.get(url).status_code == 403, url


class TestLists:
    def test_the_vacancy_list_shows_only_the_employers_own_to_its_staff(
        self, client_for, employer_staff, users, vacancy, other_employer
    ):
        Vacancy.objects.create(employer=other_employer, title="Sawit Lampung", region_id="18.71")
        body = client_for(employer_staff).get(reverse("placement:vacancies")).content.decode()
        assert "Tukang kayu" in body and "Sawit Lampung" not in body
        body = client_for(users.officer).get(reverse("placement:vacancies")).content.decode()
        assert "Tukang kayu" in body and "Sawit Lampung" in body

    @pytest.mark.parametrize("name", LISTS)
    def test_the_query_count_does_not_grow_with_the_rows(
        self, name, client_for, users, world, make_person, employer, today, regions
    ):
        client = client_for(users.officer)

        def add(i):
            person = make_person(
                world.martapura,
                full_name=f"Orang {i}",
                birth_date=date(1980, 1, i + 1),
                admission_date=today - timedelta(500),
            )
            if i % 2:
                CustodyPeriod.objects.filter(person=person).update(expected_release_date=today + timedelta(10 + i))
            else:
                CustodyPeriod.objects.filter(person=person).update(
                    release_date=today - timedelta(50), release_reason="served"
                )
                services.placement_create(
                    actor=users.officer,
                    person=person,
                    kind="employed",
                    start_date=today - timedelta(40),
                    employer=employer,
                )
            Vacancy.objects.create(employer=employer, title=f"Lowongan {i}", region_id="16.08")
            services.employer_create(
                actor=users.officer, name=f"UMKM {i}", kind="umkm", region=regions["16.08"], sector="x"
            )

        add(0)
        add(1)
        url = reverse(name)
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for i in range(2, 12):
            add(i)
        with CaptureQueriesContext(connection) as many:
            client.get(url)
        assert len(many) == len(few) <= 14, [q["sql"] for q in many.captured_queries]


class TestForms:
    def test_recording_readiness_through_the_page(self, client_for, users, due_person, today):
        url = reverse("placement:readiness", args=[due_person.pk])
        response = client_for(users.officer).post(url, {"status": "declined", "assessed_on": today.isoformat()})
        assert response.status_code == 200 and not WorkReadiness.objects.exists()
        response = client_for(users.officer).post(url, {"status": "ready", "assessed_on": today.isoformat()})
        assert response.status_code == 302 and WorkReadiness.objects.get().status == "ready"

    def test_the_checklist_saves_only_what_changed(self, client_for, users, due_person, today):
        data = {
            f"status_{code}": "open"
            for code in ["ktp", "bank_account", "cv", "skck", "bpjs_tk", "work_clothes", "transport"]
        }
        data |= {"status_ktp": "done", "status_cv": "in_progress"}
        response = client_for(users.officer).post(reverse("placement:todos", args=[due_person.pk]), data)
        assert response.status_code == 302
        assert dict(PreReleaseToDo.objects.values_list("kind__code", "status")) == {"ktp": "done", "cv": "in_progress"}

    def test_refer_then_hire_then_place_through_the_pages(self, client_for, users, released_person, vacancy, today):
        client = client_for(users.officer)
        response = client.post(reverse("placement:referral-create", args=[released_person.pk]), {"vacancy": vacancy.pk})
        assert response.status_code == 302
        referral = Referral.objects.get()
        for status in ["interview", "offered", "hired"]:
            response = client.post(reverse("placement:referral", args=[referral.pk]), {"status": status, "on": today})
            assert response.status_code == 302, response.content.decode()
        url = reverse("placement:placement-create", args=[released_person.pk]) + f"?referral={referral.pk}"
        page = client.get(url).content.decode()
        assert "Tukang kayu" in page
        response = client.post(
            url,
            {
                "kind": "employed",
                "start_date": today.isoformat(),
                "employer": vacancy.employer_id,
                "position": "Tukang",
            },
        )
        assert response.status_code == 302
        placement = Placement.objects.get()
        assert placement.referral == referral and placement.follow_ups.count() == 4

    def test_an_internship_too_early_comes_back_with_the_date(self, client_for, users, due_person, employer, today):
        start = due_person.custody_periods.get().assimilation_date - timedelta(5)
        response = client_for(users.officer).post(
            reverse("placement:internship-create", args=[due_person.pk]),
            {"employer": employer.pk, "start_date": start, "end_date": today, "supervisor": "x", "outcome": "ongoing"},
        )
        assert response.status_code == 200 and str(start) in response.content.decode()
        assert not Internship.objects.exists()

    def test_ending_a_placement_on_its_page(self, client_for, users, records, today):
        placement = records["placement"]
        response = client_for(users.officer).post(
            reverse("placement:placement", args=[placement.pk]), {"ended_on": today, "end_reason": "resigned"}
        )
        assert response.status_code == 302
        placement.refresh_from_db()
        assert placement.ended_on == today

    def test_a_vacancy_and_an_employer_through_the_pages(self, client_for, users, regions, today):
        client = client_for(users.officer)
        response = client.post(
            reverse("placement:employer-create"),
            {
                "name": "Warung Kopi",
                "kind": "umkm",
                "region": "16.08",
                "sector": "Kuliner",
                "partner_status": "prospect",
            },
        )
        assert response.status_code == 302
        employer = Vacancy.employer.field.related_model.objects.get(name="Warung Kopi")
        response = client.post(
            reverse("placement:vacancy-create"),
            {
                "employer": employer.pk,
                "title": "Barista",
                "positions": 1,
                "region": "16.08",
                "excluded_offences": ["sexual"],
                "open_to": "everyone",
            },
        )
        assert response.status_code == 302
        assert Vacancy.objects.get().excluded_offences == ["sexual"]


def test_home_shows_the_readiness_and_follow_up_panels(client_for, users, due_person, records):
    body = client_for(users.officer).get(reverse("home:home")).content.decode()
    assert 'id="panel-readiness"' in body and due_person.full_name in body
    assert 'id="panel-follow-ups"' in body
    body = client_for(users.partner).get(reverse("home:home")).content.decode()
    assert "panel-readiness" not in body
