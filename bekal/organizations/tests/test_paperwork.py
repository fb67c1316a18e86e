"""A unit's paperwork: its letterhead and officials (kept by its own administrator), and the register that numbers its
letters, which never gives one number twice, even to two clerks at once."""

import threading
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.organizations import documents
from bekal.organizations.models import LetterCounter, Letterhead, Official

DAY = date(2026, 11, 29)
PATTERN = "W6.PAS.PAS.14-PK.01.05.02-{n}/{year}"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00"
    b"\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_numbers_follow_the_units_pattern_per_year(world, users):
    documents.letterhead_save(actor=users.sysadmin, unit=world.muratara, letter_number_pattern=PATTERN)
    first = documents.next_number(world.muratara, series=documents.LETTERS, day=DAY)
    second = documents.next_number(world.muratara, series=documents.LETTERS, day=DAY)
    next_year = documents.next_number(world.muratara, series=documents.LETTERS, day=date(2027, 1, 2))
    elsewhere = documents.next_number(world.martapura, series=documents.LETTERS, day=DAY)
    assert (first, second) == ("W6.PAS.PAS.14-PK.01.05.02-1/2026", "W6.PAS.PAS.14-PK.01.05.02-2/2026")
    assert next_year == "W6.PAS.PAS.14-PK.01.05.02-1/2027"
    assert elsewhere == "1/2026"  # a unit with no letterhead numbers in the default pattern
    assert documents.format_number("{n}/BPS/{month}/{year}", n=7, day=DAY) == "7/BPS/XI/2026"


def test_a_pattern_without_the_number_or_with_an_unknown_field_is_refused(world, users):
    with pytest.raises(ValidationError) as error:
        documents.letterhead_save(actor=users.unit_admin, unit=world.martapura, letter_number_pattern="PK.01/{year}")
    assert "{n}" in str(error.value)
    with pytest.raises(ValidationError) as error:
        documents.letterhead_save(actor=users.unit_admin, unit=world.martapura, letter_number_pattern="{n}/{tahun}")
    assert "{tahun}" in str(error.value)
    assert not Letterhead.objects.filter(unit=world.martapura).exists()


def test_the_letterhead_prints_the_units_lines_logo_and_place(world, users):
    blank = documents.kop(world.martapura)
    assert blank["lines"][-1] == "KANWIL SUMSEL" and blank["unit_name"] == "LAPAS KELAS IIB MARTAPURA"
    assert documents.place_date(world.muratara, DAY) == "Musi Rawas Utara, 29 November 2026"
    documents.letterhead_save(
        actor=users.unit_admin,
        unit=world.martapura,
        logo=SimpleUploadedFile("logo.png", PNG, content_type="image/png"),
        lines="KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN\nKANWIL SUMATERA SELATAN",
        place="Martapura",
    )
    kop = documents.kop(world.martapura)
    assert kop["lines"] == ["KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN", "KANWIL SUMATERA SELATAN"]
    assert kop["logo"].startswith("data:image/png;base64,")
    assert documents.place_date(world.martapura, DAY) == "Martapura, 29 November 2026"
    assert AuditEvent.objects.filter(code="organizations.letterhead.updated", unit=world.martapura).exists()
    with pytest.raises(ValidationError):
        documents.letterhead_save(
            actor=users.unit_admin, unit=world.martapura, logo=SimpleUploadedFile("logo.gif", b"GIF89a")
        )


def test_only_the_units_own_administrator_keeps_its_paperwork(world, users, make_user):
    with pytest.raises(PermissionDenied):
        documents.official_save(actor=users.officer, unit=world.martapura, name="X", position="Kalapas")
    with pytest.raises(ValidationError):
        documents.official_save(actor=users.unit_admin, unit=world.muratara, name="X", position="Kabapas")
    with pytest.raises(ValidationError) as error:
        documents.official_save(actor=users.unit_admin, unit=world.martapura, name="X", nip="123", position="Kalapas")
    assert "NIP 123" in str(error.value)
    head = documents.official_save(
        actor=users.unit_admin,
        unit=world.martapura,
        name="Agus Priyanto",
        nip="197611072000031001",
        position="Kepala Lapas",
        signs_letters=True,
    )
    deputy = documents.official_save(
        actor=users.unit_admin, unit=world.martapura, name="Budi", position="Kasi", signs_letters=True
    )
    head.refresh_from_db()
    assert not head.signs_letters and documents.signatory_of(world.martapura) == deputy


def test_the_paperwork_page_ladder(client, world, users, make_user):
    url = reverse("organizations:paperwork")
    assert client.get(url).status_code == 302  # anonymous: to the login
    client.force_login(users.officer)
    assert client.get(url).status_code == 403  # wrong role
    client.force_login(users.unit_admin)
    other = client.get(url, {"unit": world.muratara.pk})  # another unit's: the admin still sees only their own
    assert world.martapura.name in other.content.decode() and world.muratara.name not in other.content.decode()
    response = client.post(
        url,
        {
            "form": "official",
            "name": "Agus Priyanto",
            "nip": "197611072000031001",
            "position": "Kepala Lapas",
            "signs_letters": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Official.objects.get(unit=world.martapura).name == "Agus Priyanto"
    response = client.post(
        url, {"form": "letterhead", "letter_number_pattern": "{year}", "certificate_number_pattern": "{n}"}
    )
    assert "tidak memuat {n}" in response.content.decode()
    response = client.post(
        url, {"form": "letterhead", "letter_number_pattern": PATTERN, "certificate_number_pattern": "{n}/S/{year}"}
    )
    assert response.status_code == 302
    assert "W6.PAS.PAS.14-PK.01.05.02-123/" in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_clerks_at_once_get_two_numbers(world):
    """On PostgreSQL the counter row is locked while a number is taken; two threads each take one at the same time."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers anyway")
    barrier = threading.Barrier(2)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def clerk() -> None:
        try:
            barrier.wait()
            numbers.append(documents.next_number(world.muratara, series=documents.LETTERS, day=DAY))
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=clerk) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(numbers) == ["1/2026", "2/2026"]
    assert LetterCounter.objects.get(unit=world.muratara, year=2026, series=documents.LETTERS).last == 2
