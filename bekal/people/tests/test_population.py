"""The people in custody and under supervision today, by unit (the national and Kanwil home pages): counted from
the open periods' own index and the periods ending after today, equal to each period asked whether it is open."""

from collections import Counter
from datetime import date

from bekal.organizations.scope import UnitScope
from bekal.people import selectors
from bekal.people.models import CustodyPeriod, SupervisionPeriod

TODAY = date(2026, 3, 2)


def test_open_periods_are_counted_by_unit_whenever_they_end(world, make_person):
    cases = [  # (unit, admitted, released): open, released after today, released today, admitted after today
        (world.martapura, date(2025, 1, 10), None),
        (world.martapura, date(2025, 2, 10), date(2026, 4, 1)),
        (world.martapura, date(2025, 3, 10), TODAY),
        (world.martapura, date(2026, 3, 3), None),
        (world.bandar_lampung, date(2024, 5, 1), None),
        (world.bandar_lampung, date(2024, 5, 1), date(2025, 5, 1)),
    ]
    for i, (unit, admitted, released) in enumerate(cases):
        person = make_person(unit, full_name=f"Warga {i}", custody=True, admission_date=admitted)
        CustodyPeriod.objects.filter(person=person).update(
            release_date=released, release_reason="served" if released else ""
        )
    supervised = [(date(2025, 6, 1), None), (date(2025, 6, 1), date(2026, 5, 1)), (date(2025, 6, 1), date(2026, 1, 5))]
    for i, (start, ended) in enumerate(supervised):
        make_person(world.muratara, full_name=f"Klien {i}", supervision="parole")
        SupervisionPeriod.objects.filter(person__full_name=f"Klien {i}").update(start_date=start, ended_on=ended)

    found = selectors.population_by_unit(scope=UnitScope(everything=True, unit_ids=frozenset()), today=TODAY)
    custody = Counter(p.unit_id for p in CustodyPeriod.objects.all() if p.is_open_on(TODAY))
    supervision = Counter(p.unit_id for p in SupervisionPeriod.objects.all() if p.is_open_on(TODAY))
    assert {u: n["custody"] for u, n in found.items() if n["custody"]} == custody
    assert {u: n["supervision"] for u, n in found.items() if n["supervision"]} == supervision
    assert custody[world.martapura.pk] == 2 and custody[world.bandar_lampung.pk] == 1
    assert supervision[world.muratara.pk] == 2
    narrow = selectors.population_by_unit(
        scope=UnitScope(everything=False, unit_ids=frozenset([world.martapura.pk])), today=TODAY
    )
    assert narrow == {world.martapura.pk: {"custody": 2, "supervision": 0}}
