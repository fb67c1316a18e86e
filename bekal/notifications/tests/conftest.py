from datetime import date

import pytest

from bekal.notifications.models import NoticeKind
from bekal.notifications.services import notify

TODAY = date(2026, 11, 23)


@pytest.fixture
def tell(world):
    """Return a function that tells of an agreement-like record of Lapas Martapura (the notice's object is the unit
    itself, any model will do) and returns the notices created."""

    def make(*, kind=NoticeKind.AGREEMENT_EXPIRING, unit=None, obj=None, key="expiring", users=None, today=TODAY):
        unit = unit or world.martapura
        return notify(
            kind=kind,
            unit=unit,
            obj=obj or unit,
            key=key,
            users=users,
            today=today,
            link="/training/agreements/1/",
            context={
                "agreement": "PKS 12/2024",
                "title": "Pelatihan las",
                "unit": unit.name,
                "end_date": date(2027, 1, 31),
                "days_left": 69,
            },
        )

    return make
