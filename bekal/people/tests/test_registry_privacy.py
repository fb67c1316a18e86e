"""Issue 16, item 6: the duplicate check tells an officer of another unit only that a record exists and how to ask
for a transfer (never the unit or the name), audits each such finding and stops after the rule's daily limit; the
import likewise; a masked NIK shows its last 4 digits at most."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.conftest import valid_nik
from bekal.people import privacy
from bekal.people.imports import people_import
from bekal.people.models import Person
from bekal.people.services import DuplicatePersonError, person_create
from bekal.rules.models import RuleValue

BORN = date(1985, 2, 2)


@pytest.fixture
def foreign(world, make_person):
    return make_person(world.bandar_lampung, full_name="Rudi Lampung", birth_date=BORN)


def _register(users, world, **data):
    values = {"full_name": "Nama Lain", "birth_date": BORN, "sex": "M", "nik": None} | data
    return person_create(actor=users.officer, unit=world.martapura, **values)


def _found():
    return list(AuditEvent.objects.filter(code=privacy.OUTSIDE_FOUND).values_list("changes", flat=True))


def test_the_registration_page_says_a_record_exists_and_how_to_ask_for_it(client_for, users, world, foreign):
    page = client_for(users.officer).post(
        reverse("people:create"),
        {
            "full_name": "Siapa Saja",
            "birth_date": BORN.isoformat(),
            "sex": "M",
            "nik": foreign.nik,
            "registered_unit": world.martapura.pk,
        },
    )
    body = page.content.decode()
    assert page.status_code == 200 and 'id="duplicate-outside"' in body
    assert "Kanwil" in body and "memindahkan datanya ke unit Anda" in body  # how to ask for a transfer, in Indonesian
    assert world.bandar_lampung.name not in body and foreign.full_name not in body
    assert not Person.objects.filter(full_name="Siapa Saja").exists()
    assert _found() == [{"records": 1, "by": "nik"}]
    event = AuditEvent.objects.get(code=privacy.OUTSIDE_FOUND)
    assert event.actor == users.officer and event.unit == world.martapura and foreign.nik not in str(event.changes)


def test_a_twin_in_the_officers_own_units_is_shown_in_full_and_not_counted(users, world, make_person):
    own = make_person(world.martapura, full_name="Andi Martapura", birth_date=BORN)
    with pytest.raises(DuplicatePersonError) as caught:
        _register(users, world, nik=own.nik)
    assert caught.value.matches == [own] and caught.value.outside == 0
    assert _found() == []


def test_a_namesake_outside_is_told_as_a_count_and_may_be_confirmed(users, world, foreign):
    with pytest.raises(DuplicatePersonError) as caught:
        _register(users, world, full_name="rudi lampung")
    assert caught.value.matches == [] and caught.value.outside == 1 and not caught.value.by_nik
    assert _register(users, world, full_name="Rudi Lampung", confirm_new=True).registered_unit == world.martapura


def test_the_check_stops_after_the_daily_limit(users, world, foreign, make_person):
    RuleValue.objects.create(code=privacy.LIMIT_RULE, value="2", valid_from=date(2000, 1, 1), source="test")
    other = make_person(world.bandar_lampung, full_name="Lain Lagi", birth_date=BORN)
    for nik in (foreign.nik, other.nik):
        with pytest.raises(DuplicatePersonError):
            _register(users, world, nik=nik)
    # Past the limit, every registration by this user is refused (a new person too), so existence is not probed.
    with pytest.raises(ValidationError) as caught:
        _register(users, world, full_name="Orang Baru", nik=valid_nik(birth=BORN, female=False))
    message = caught.value.message_dict["nik"][0]
    assert "2" in message and privacy.LIMIT_RULE in message
    assert len(_found()) == 2
    # Another officer is not held back by this one's findings.
    assert person_create(
        actor=users.unit_admin, unit=world.martapura, full_name="Orang Baru", birth_date=BORN, sex="M", nik=None
    )


def _csv(*rows: str) -> bytes:
    return ("full_name,nik,birth_date,sex,education,home_region,phone\n" + "\n".join(rows) + "\n").encode()


def test_the_import_tells_only_existence_and_counts_against_the_limit(users, world, foreign, make_person):
    own = make_person(world.martapura, full_name="Andi Martapura", birth_date=BORN)
    content = _csv(
        f"Siapa Saja,{foreign.nik},1985-02-02,M,,,",
        "Rudi Lampung,,1985-02-02,M,,,",
        f"Andi Lagi,{own.nik},1985-02-02,M,,,",
    )
    report = people_import(actor=users.officer, unit=world.martapura, filename="r.csv", content=content)
    reasons = dict(report.errors)
    assert reasons[2] == [str(privacy.HOW_TO_TRANSFER)]
    assert "outside yours" in reasons[3][0] or "di luar" in reasons[3][0]
    assert own.nik in reasons[4][0]  # in the officer's own unit: said plainly
    assert world.bandar_lampung.name not in str(reasons)
    assert _found() == [{"records": 2, "by": "import"}]
    RuleValue.objects.create(code=privacy.LIMIT_RULE, value="3", valid_from=date(2000, 1, 1), source="test")
    with pytest.raises(ValidationError) as caught:
        people_import(actor=users.officer, unit=world.martapura, filename="r.csv", content=content)
    assert privacy.LIMIT_RULE in caught.value.message_dict["file"][0]
