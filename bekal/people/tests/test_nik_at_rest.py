"""The NIK at rest: encrypted in the table, found only by its keyed hash, re-encrypted under a new key, and the
migration that encrypts the NIKs stored in clear before it."""

import importlib
from datetime import date

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from bekal.conftest import valid_nik
from bekal.people.models import Person
from bekal.people.nik_store import nik_decrypt, nik_digest
from bekal.people.services import person_create, person_find_duplicates

BORN = date(1990, 5, 17)


def _raw(person):
    with connection.cursor() as cursor:
        cursor.execute("SELECT nik, nik_hash FROM people_person WHERE id = %s", [person.pk])
        return cursor.fetchone()


@pytest.fixture
def person(users, world):
    nik = valid_nik(birth=BORN, female=False)
    return person_create(actor=users.officer, unit=world.martapura, full_name="Andi", birth_date=BORN, sex="M", nik=nik)


def test_the_table_holds_a_token_and_a_keyed_hash_never_the_nik(person):
    stored, digest = _raw(person)
    assert person.nik not in stored and nik_decrypt(stored) == person.nik
    assert digest == nik_digest(person.nik) and person.nik not in digest
    assert Person.objects.get(pk=person.pk).nik == person.nik


def test_a_nik_is_found_by_its_hash_and_a_lookup_on_the_nik_itself_fails_loudly(person):
    assert person_find_duplicates(full_name="Lain", birth_date=date(1980, 1, 1), nik=person.nik) == ([person], True)
    with pytest.raises(FieldError, match="nik_hash"):
        Person.objects.filter(nik=person.nik).count()
    assert Person.objects.filter(nik__isnull=False).count() == 1


def test_rotation_re_encrypts_under_the_new_key_so_the_old_one_can_go(person, settings):
    old = settings.NIK_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.NIK_ENCRYPTION_KEYS = [new, old]
    call_command("nik_rotate")
    settings.NIK_ENCRYPTION_KEYS = [new]
    assert Person.objects.get(pk=person.pk).nik == person.nik
    assert Fernet(new.encode()).decrypt(_raw(person)[0].encode()).decode() == person.nik


def test_a_new_hash_key_rehashes_every_nik(person, settings):
    settings.NIK_HASH_KEY = "another-hash-key"
    call_command("nik_rotate")
    assert _raw(person)[1] == nik_digest(person.nik)
    assert person_find_duplicates(full_name="Lain", birth_date=date(1980, 1, 1), nik=person.nik)[1] is True


def test_the_migration_encrypts_the_niks_stored_in_clear(person):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE people_person SET nik = %s, nik_hash = NULL WHERE id = %s", [person.nik, person.pk])
    migration = importlib.import_module("bekal.people.migrations.0005_nik_encrypted")
    migration.encrypt_existing(None, connection.schema_editor())
    stored, digest = _raw(person)
    assert stored != person.nik and nik_decrypt(stored) == person.nik and digest == nik_digest(person.nik)
