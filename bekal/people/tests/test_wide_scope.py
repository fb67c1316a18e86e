"""A wide scope (a Kanwil's units) finds its people by testing each person (EXISTS per table) instead of building
the union of their ids first: the same people either way."""

from datetime import date

from bekal.organizations.models import Organization, OrganizationKind
from bekal.people.models import WIDE_SCOPE_UNITS, CustodyPeriod, Person, SupervisionPeriod, ids_in_units


def test_the_wide_form_finds_exactly_the_people_of_the_union(world, make_person):
    units = [world.martapura, world.bandar_lampung] + [
        Organization.objects.create(name=f"Lapas Uji {i}", kind=OrganizationKind.LAPAS, parent=world.kanwil_sumsel)
        for i in range(WIDE_SCOPE_UNITS)
    ]
    outside = Organization.objects.create(name="Lapas Luar", kind=OrganizationKind.LAPAS, parent=world.kanwil_lampung)
    make_person(units[0], full_name="Terdaftar Di Sini", custody=False)  # registered only
    came = make_person(outside, full_name="Ditahan Di Sini", custody=False)  # registered outside, custody inside
    CustodyPeriod.objects.create(person=came, unit=units[3], admission_date=date(2025, 2, 2), offence_category="theft")
    client = make_person(outside, full_name="Klien Di Sini", custody=False)  # supervised inside
    SupervisionPeriod.objects.create(person=client, unit=units[4], kind="pb", start_date=date(2025, 3, 3))
    make_person(outside, full_name="Orang Luar", custody=True)  # nothing inside
    wide = frozenset(u.pk for u in units)
    assert len(wide) >= WIDE_SCOPE_UNITS
    found = set(Person.objects.in_units(wide).values_list("full_name", flat=True))
    assert found == set(Person.objects.filter(id__in=ids_in_units(wide)).values_list("full_name", flat=True))
    assert found == {"Terdaftar Di Sini", "Ditahan Di Sini", "Klien Di Sini"}
    narrow = frozenset({units[3].pk})
    assert set(Person.objects.in_units(narrow).values_list("full_name", flat=True)) == {"Ditahan Di Sini"}
