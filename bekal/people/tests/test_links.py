"""A unit's people list reads the person links (``people.links``): they follow every record that places a person
at a unit, and the list they give is the list the records give, page by page."""

from datetime import date

import pytest
from django.test import override_settings

from bekal.core.keyset import keyset_page
from bekal.organizations.scope import UnitScope
from bekal.people import links, selectors
from bekal.people.models import CustodyPeriod, HandOver, Person, PersonLink, SupervisionPeriod, ids_in_units
from bekal.people.services import person_update

TODAY = date(2026, 11, 23)


def names(client, **params):
    response = client.get("/people/", params)
    assert response.status_code == 200
    return [row["person"].full_name for row in response.context["rows"]]


def linked(unit):
    return sorted(PersonLink.objects.filter(unit=unit).values_list("person__full_name", flat=True))


def test_the_links_follow_each_record_that_places_a_person_at_a_unit(world, users, make_person, client_for):
    budi = make_person(world.martapura, full_name="Budi Santoso")
    andi = make_person(world.martapura, full_name="Andi Wijaya")
    elsewhere = make_person(world.bandar_lampung, full_name="Citra Lestari")
    officer = client_for(users.officer)
    assert names(officer) == ["Andi Wijaya", "Budi Santoso"]  # in name order, the other Lapas's inmate not in it

    person_update(actor=users.unit_admin, person=andi, full_name="Zainal Abidin")  # a name change moves the row
    assert names(officer) == ["Budi Santoso", "Zainal Abidin"]
    assert names(officer, q="zainal") == ["Zainal Abidin"]

    # A transfer in: a custody period at the Lapas places the other Lapas's inmate in its list.
    moved = CustodyPeriod.objects.create(
        person=elsewhere, unit=world.martapura, admission_date=date(2026, 3, 2), offence_category="theft"
    )
    assert linked(world.martapura) == ["Budi Santoso", "Citra Lestari", "Zainal Abidin"]
    assert linked(world.bandar_lampung) == ["Citra Lestari"]  # still registered there
    moved.delete()
    assert "Citra Lestari" not in linked(world.martapura)

    # A hand-over to the Bapas, and a supervision period there, place the inmate in the Bapas's list.
    period = CustodyPeriod.objects.get(person=budi)
    handover = HandOver.objects.create(
        custody_period=period,
        person=budi,
        kind="pb",
        bapas=world.muratara,
        integration_date=date(2026, 12, 1),
        proposed_on=date(2026, 11, 2),
    )
    assert names(client_for(users.pk)) == ["Budi Santoso"]
    handover.delete()
    assert linked(world.muratara) == []
    SupervisionPeriod.objects.create(person=budi, unit=world.muratara, kind="pb", start_date=date(2026, 12, 1))
    assert linked(world.muratara) == ["Budi Santoso"]
    assert links.differences() == []
    # The people a scope holds, counted from the links (the total beside a Kanwil's list), are its records' people.
    for units in ([world.martapura.pk], [world.martapura.pk, world.muratara.pk, world.bandar_lampung.pk]):
        scope = UnitScope(everything=False, unit_ids=frozenset(units))
        assert selectors.visible_count(scope) == ids_in_units(scope.unit_ids).count()
        # One person read by id (the person page) is tested against their own links: the same people.
        by_id = set(Person.objects.linked_to(scope.unit_ids).values_list("pk", flat=True))
        assert by_id == set(Person.objects.in_units(scope.unit_ids).values_list("pk", flat=True))
        assert by_id
    assert selectors.visible_count(UnitScope(everything=False, unit_ids=frozenset([world.martapura.pk]))) == 2


def test_a_save_naming_only_fields_no_link_reads_rewrites_nothing(world, make_person, django_assert_num_queries):
    person = make_person(world.martapura, full_name="Budi Santoso")
    person.phone = "08123"
    with django_assert_num_queries(1):  # the person's own UPDATE
        person.save(update_fields=["phone"])
    period = CustodyPeriod.objects.get(person=person)
    period.expected_release_date = date(2027, 1, 4)
    with django_assert_num_queries(1):
        period.save(update_fields=["expected_release_date"])


def test_a_links_gone_wrong_are_found(world, make_person):
    person = make_person(world.martapura, full_name="Budi Santoso")
    PersonLink.objects.filter(person=person).update(full_name="Nama Lama")
    assert links.differences()
    links.refresh([person.pk])
    assert links.differences() == []


@pytest.mark.parametrize("status", ["", "in_custody", "released"])
def test_a_unit_s_list_from_its_links_is_the_list_its_records_give_page_by_page(world, users, make_person, status):
    for n, name in enumerate(["Eka", "Ahmad", "Dewi", "Ahmad", "Bayu", "Fitri", "Citra"]):
        person = make_person(world.martapura, full_name=name, nik=None)
        if n % 3 == 0:  # some released, some re-admitted elsewhere
            period = CustodyPeriod.objects.get(person=person)
            period.release_date, period.release_reason = date(2026, 2, 2), "served"
            period.save()
    make_person(world.bandar_lampung, full_name="Ahmad", nik=None)
    expected = list(
        Person.objects.in_units(frozenset({world.martapura.pk}))
        .filter(pk__in=selectors.person_list(user=users.national, today=TODAY, status=status).values("pk"))
        .order_by("full_name", "id")
        .values_list("pk", flat=True)
    )
    for user, unit_id in ((users.officer, None), (users.national, world.martapura.pk)):
        people = selectors.person_list(user=user, today=TODAY, status=status, unit_id=unit_id)
        seen, cursor = [], None
        with override_settings(BEKAL_PAGE_SIZE=2):
            while True:
                page = keyset_page(people, cursor, 2)
                seen += [p.pk for p in page]
                if page.is_last:
                    break
                cursor = page.next_cursor
        assert seen == expected and len(seen) >= 2
    # Another unit's officer asking for this unit's list gets nothing.
    assert not selectors.person_list(user=users.other_officer, today=TODAY, unit_id=world.martapura.pk).exists()
