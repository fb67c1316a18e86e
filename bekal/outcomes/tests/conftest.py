"""Hand-made custody histories for the recidivism figures."""

import itertools
from datetime import date

import pytest

from bekal.people.models import CustodyPeriod, Person, normalise_name

_births = itertools.count(1)


@pytest.fixture
def history(db):
    """Return make(unit, name, [(admission, release or None, reason)], nik=None, birth=None) -> Person."""

    def make(unit, name, periods, *, nik=None, birth=None):
        birth = birth or date(1970, 1, 1 + next(_births) % 28)
        person = Person.objects.create(
            full_name=name, search_name=normalise_name(name), birth_date=birth, sex="M", nik=nik, registered_unit=unit
        )
        for admission, release, reason in periods:
            CustodyPeriod.objects.create(
                person=person,
                unit=unit,
                admission_date=admission,
                release_date=release,
                release_reason=reason if release else "",
                offence_category="theft",
            )
        return person

    return make
