"""Every people page climbs the ladder: anonymous -> login, wrong role -> 403, another unit's record -> 404,
right role -> 200. List pages assert a query count that does not grow with the rows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.conftest import valid_nik
from bekal.people.models import CustodyPeriod, Person, SupervisionPeriod


@pytest.fixture
def own(world, make_person):
    return make_person(world.martapura, full_name="Andi Martapura")


@pytest.fixture
def foreign(world, make_person):
    return make_person(world.bandar_lampung, full_name="Rudi Lampung", birth_date=date(1985, 2, 2))


def person_pages(person):
    period = person.custody_periods.first()
    return [
        reverse("people:detail", args=[person.pk]),
        reverse("people:edit", args=[person.pk]),
        reverse("people:custody-create", args=[person.pk]),
        reverse("people:custody-edit", args=[period.pk]),
        reverse("people:custody-release", args=[period.pk]),
    ]


class TestLadder:
    def test_anonymous_is_sent_to_login(self, client_for, own):
        for url in [reverse("people:list"), reverse("people:create"), *person_pages(own)]:
            response = client_for(None).get(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url

    def test_partner_staff_get_403_everywhere(self, client_for, users, own):
        for url in [reverse("people:list"), reverse("people:create"), *person_pages(own)]:
            assert client_for(users.partner).get(url).status_code == 403, url

    def test_a_viewer_may_read_but_not_write(self, client_for, users, own):
        client = client_for(users.regional)
        assert client.get(reverse("people:detail", args=[own.pk])).status_code == 200
        for url in [reverse("people:create"), *person_pages(own)[1:]]:
            assert client.get(url).status_code == 403, url

    def test_another_units_person_is_404(self, client_for, users, foreign):
        for url in person_pages(foreign):
            assert client_for(users.officer).get(url).status_code == 404, url

    def test_the_right_role_gets_200(self, client_for, users, own):
        for url in [reverse("people:list"), reverse("people:create"), *person_pages(own)]:
            assert client_for(users.officer).get(url).status_code == 200, url

    def test_a_supervision_page_of_another_bapas_is_404(self, client_for, users, world, make_person):
        from bekal.organizations.models import Organization

        bapas = Organization.objects.create(name="Bapas Bandar Lampung", kind="bapas", parent=world.kanwil_lampung)
        other = make_person(
            bapas, custody=False, supervision="pb", full_name="Klien Lampung", birth_date=date(1980, 1, 1)
        )
        other_period = other.supervision_periods.get()
        for url in [
            reverse("people:supervision-edit", args=[other_period.pk]),
            reverse("people:supervision-create", args=[other.pk]),
        ]:
            assert client_for(users.pk).get(url).status_code == 404, url
        person = make_person(world.muratara, custody=False, supervision="pb")
        period = person.supervision_periods.get()
        assert client_for(None).get(reverse("people:supervision-edit", args=[period.pk])).status_code == 302
        assert client_for(users.pk).get(reverse("people:supervision-edit", args=[period.pk])).status_code == 200
        assert client_for(users.pk).get(reverse("people:supervision-create", args=[person.pk])).status_code == 200
        assert client_for(users.officer).get(reverse("people:supervision-edit", args=[period.pk])).status_code == 403
        assert client_for(users.sysadmin).get(reverse("people:supervision-edit", args=[period.pk])).status_code == 200

    def test_the_nik_reveal_needs_post_and_the_right_role(self, client_for, users, own, foreign):
        url = reverse("people:nik-reveal", args=[own.pk])
        assert client_for(None).post(url).status_code == 302
        assert client_for(users.regional).post(url).status_code == 403
        assert client_for(users.officer).post(reverse("people:nik-reveal", args=[foreign.pk])).status_code == 404
        response = client_for(users.officer).post(url)
        assert response.status_code == 200 and own.nik in response.content.decode()
        assert AuditEvent.objects.filter(code="people.nik.revealed").count() == 1


class TestList:
    def test_it_lists_only_the_units_people(self, client_for, users, own, foreign):
        body = client_for(users.officer).get(reverse("people:list")).content.decode()
        assert own.full_name in body and foreign.full_name not in body

    def test_the_kanwil_sees_its_province_and_not_the_other(self, client_for, users, own, foreign, world, make_person):
        client_person = make_person(world.muratara, full_name="Sari Muratara", custody=False, supervision="pb")
        body = client_for(users.regional).get(reverse("people:list")).content.decode()
        assert own.full_name in body and client_person.full_name in body and foreign.full_name not in body

    def test_ditjenpas_sees_everyone(self, client_for, users, own, foreign):
        body = client_for(users.national).get(reverse("people:list")).content.decode()
        assert own.full_name in body and foreign.full_name in body

    def test_it_never_shows_a_full_nik(self, client_for, users, own):
        body = client_for(users.officer).get(reverse("people:list")).content.decode()
        assert own.nik not in body and own.nik_masked in body

    def test_it_searches_by_name_nik_and_register_number(self, client_for, users, world, own, make_person):
        other = make_person(world.martapura, full_name="Joko Lain", birth_date=date(1970, 1, 1))
        client = client_for(users.officer)
        register = own.custody_periods.get().register_number
        for query in ["andi mart", own.nik, register, register.lower()]:  # a whole NIK: it is encrypted
            body = client.get(reverse("people:list"), {"q": query}).content.decode()
            assert own.full_name in body and other.full_name not in body, query

    def test_it_filters_by_status(self, client_for, users, world, own, make_person):
        released = make_person(world.martapura, full_name="Eko Bebas", birth_date=date(1980, 1, 1))
        CustodyPeriod.objects.filter(person=released).update(release_date=date(2025, 6, 1), release_reason="served")
        client = client_for(users.officer)
        body = client.get(reverse("people:list"), {"status": "released"}).content.decode()
        assert released.full_name in body and own.full_name not in body
        body = client.get(reverse("people:list"), {"status": "in_custody"}).content.decode()
        assert own.full_name in body and released.full_name not in body

    def test_a_national_viewer_filters_by_any_unit_of_the_nation(self, client_for, users, world, own, foreign):
        client = client_for(users.national)
        body = client.get(reverse("people:list")).content.decode()
        for unit in (world.martapura, world.bandar_lampung, world.muratara):  # every correctional unit, by name
            assert f'<option value="{unit.pk}">{unit.name}</option>' in body
        body = client.get(reverse("people:list"), {"unit": world.bandar_lampung.pk}).content.decode()
        assert foreign.full_name in body and own.full_name not in body
        assert f'<option value="{world.bandar_lampung.pk}" selected>' in body

    def test_its_query_count_does_not_grow_with_the_rows(self, client_for, users, world, make_person):
        client = client_for(users.officer)
        make_person(world.martapura, full_name="Orang Pertama")
        client.get(reverse("people:list"))
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("people:list"))
        for i in range(15):
            make_person(world.martapura, full_name=f"Orang {i}", birth_date=date(1980, 1, i + 1))
        with CaptureQueriesContext(connection) as many:
            client.get(reverse("people:list"))
        assert len(many) == len(few) <= 10


class TestForms:
    def test_registering_through_the_page(self, client_for, users, world, regions):
        data = {
            "full_name": "Hendra Wijaya",
            "birth_date": "1992-04-21",
            "sex": "M",
            "nik": valid_nik(birth=date(1992, 4, 21), female=False),
            "home_region": "16.08",
            "registered_unit": world.martapura.pk,
        }
        response = client_for(users.officer).post(reverse("people:create"), data)
        person = Person.objects.get(full_name="Hendra Wijaya")
        assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[person.pk])

    def test_a_bad_nik_comes_back_in_indonesian_naming_the_value(self, client_for, users, world):
        data = {
            "full_name": "Hendra Wijaya",
            "birth_date": "1992-04-21",
            "sex": "M",
            "nik": "12345",
            "registered_unit": world.martapura.pk,
        }
        response = client_for(users.officer).post(reverse("people:create"), data, HTTP_ACCEPT_LANGUAGE="id")
        body = response.content.decode()
        assert response.status_code == 200 and "12345" in body and "16 digit" in body
        assert not Person.objects.exists()

    def test_a_twin_shows_the_existing_record(self, client_for, users, world, own):
        data = {
            "full_name": own.full_name,
            "birth_date": own.birth_date.isoformat(),
            "sex": "M",
            "registered_unit": world.martapura.pk,
        }
        body = client_for(users.officer).post(reverse("people:create"), data).content.decode()
        assert reverse("people:detail", args=[own.pk]) in body
        assert Person.objects.count() == 1

    def test_a_release_before_admission_is_refused_on_the_page(self, client_for, users, own):
        period = own.custody_periods.get()
        url = reverse("people:custody-release", args=[period.pk])
        body = client_for(users.officer).post(url, {"release_date": "2020-01-01", "release_reason": "pb"})
        assert "2020-01-01" in body.content.decode()
        period.refresh_from_db()
        assert period.release_date is None

    def test_text_where_a_number_goes_is_refused(self, client_for, users, own):
        url = reverse("people:custody-create", args=[own.pk])
        response = client_for(users.officer).post(
            url, {"unit": own.registered_unit_id, "admission_date": "2020-01-01", "sentence_years": "two"}
        )
        assert response.status_code == 200 and CustodyPeriod.objects.count() == 1

    def test_a_pk_adds_a_supervision_period(self, client_for, users, world, make_person):
        person = make_person(world.muratara, custody=False)
        url = reverse("people:supervision-create", args=[person.pk])
        response = client_for(users.pk).post(
            url, {"unit": world.muratara.pk, "kind": "kerja_sosial", "officer": users.pk.pk, "start_date": "2026-02-01"}
        )
        assert response.status_code == 302
        assert SupervisionPeriod.objects.get(person=person).kind == "kerja_sosial"


def test_the_unfiltered_list_counts_each_visible_person_once_and_filters_count_the_rows(
    client_for, users, world, make_person
):
    """The list's total comes from the union of visible ids (registered here, or a period here), each person once."""
    make_person(world.martapura, full_name="Ada Di Sini", custody=True)  # registered here, custody here
    moved = make_person(world.bandar_lampung, full_name="Pindahan", custody=True)  # registered elsewhere; custody here
    CustodyPeriod.objects.create(
        person=moved, unit=world.martapura, admission_date=date(2025, 3, 3), offence_category="theft"
    )
    make_person(world.bandar_lampung, full_name="Orang Lain", custody=True)  # not visible to Martapura
    response = client_for(users.officer).get(reverse("people:list"))
    assert response.context["page_obj"].total.value == 2
    assert [r["person"].full_name for r in response.context["rows"]] == ["Ada Di Sini", "Pindahan"]
    filtered = client_for(users.officer).get(reverse("people:list"), {"q": "pindahan"})
    assert filtered.context["page_obj"].total.value == 1


def test_the_lists_total_is_cached_and_counts_a_person_added_at_once(client_for, users, world, make_person):
    from bekal.organizations import figure_versions

    make_person(world.martapura, full_name="Satu Di Sini", custody=True)
    client = client_for(users.officer)  # signing in saves the user (their unit): before the set-up's commit
    figure_versions.flush()  # the commit of the set-up
    assert client.get(reverse("people:list")).context["page_obj"].total.value == 1
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("people:list")).context["page_obj"].total.value == 1
    counts = [q for q in queries.captured_queries if "COUNT(*)" in q["sql"] and "people_custodyperiod" in q["sql"]]
    assert not counts  # the union of the unit's people is not counted again: the total comes from the cache
    moved = make_person(world.bandar_lampung, full_name="Pindahan", custody=True)
    CustodyPeriod.objects.create(
        person=moved, unit=world.martapura, admission_date=date(2025, 3, 3), offence_category="theft"
    )
    figure_versions.flush()  # the commit of that write
    assert client.get(reverse("people:list")).context["page_obj"].total.value == 2
