"""Registering people from a file: each row under the registration rules, refused rows listed with their reasons,
no silent merge, the good rows saved together with one audit event, through the page and the API."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from bekal.audit.models import AuditEvent
from bekal.conftest import valid_nik
from bekal.jobs.testing import job_file
from bekal.people.imports import people_import
from bekal.people.models import Person
from bekal.people.nik_store import nik_digest

HEADER = "full_name,nik,birth_date,sex,education,home_region,phone\n"


def csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


@pytest.fixture
def niks():
    return valid_nik(birth=date(1990, 5, 17), female=False), valid_nik(birth=date(1992, 1, 2), female=True)


def test_good_rows_are_saved_and_bad_rows_listed_with_their_reasons(users, world, regions, niks, make_person):
    man, woman = niks
    make_person(world.martapura, full_name="Sudah Ada", birth_date=date(1980, 1, 1), nik=None)
    content = csv(
        f"Andi Saputra,{man},1990-05-17,L,sma,16.08,0812",  # L = laki-laki
        f"Siti Aminah,{woman},02-01-1992,P,,,",  # DD-MM-YYYY, P = perempuan
        "Tanpa Tanggal,,,M,,,",
        f"Kembar NIK,{man},1990-05-17,M,,,",  # the same NIK as row 2
        "Salah Daerah,,1985-01-01,M,,16.00,",  # a province, not a regency
        "Sudah Ada,,1980-01-01,M,,,",  # same name and birth date as someone registered
        "Tahun Depan,,2999-01-01,F,,,",
    )
    report = people_import(actor=users.officer, unit=world.martapura, filename="register.csv", content=content)
    assert report.created == 2
    andi = Person.objects.get(full_name="Andi Saputra")
    assert (andi.sex, andi.education, andi.home_region_id, andi.registered_unit) == (
        "M",
        "sma",
        "16.08",
        world.martapura,
    )
    assert Person.objects.get(full_name="Siti Aminah").birth_date == date(1992, 1, 2)
    errors = dict(report.errors)
    assert sorted(errors) == [4, 5, 6, 7, 8]
    assert "birth_date" in errors[4][0]
    assert "2" in errors[5][0] and man in errors[5][0]
    assert "16.00" in errors[6][0]
    assert "Sudah Ada" in errors[7][0]
    assert "2999" in errors[8][0]
    event = AuditEvent.objects.get(code="people.import.completed")
    assert event.changes["created"] == [None, 2] and event.changes["refused_rows"] == [None, [4, 5, 6, 7, 8]]
    assert event.changes["refused"] == [None, 5]
    assert event.changes["ids"][1] == [report.first_id, report.last_id]


def test_a_nik_already_registered_is_refused_never_merged(users, world, niks, make_person):
    man, _woman = niks
    make_person(world.martapura, full_name="Orang Lama", nik=man)
    report = people_import(
        actor=users.officer, unit=world.martapura, filename="r.csv", content=csv(f"Orang Baru,{man},1990-05-17,M,,,")
    )
    assert report.created == 0 and man in report.errors[0][1][0]
    assert Person.objects.filter(nik_hash=nik_digest(man)).count() == 1


def test_an_xlsx_file_and_a_missing_column(users, world):
    book = Workbook()
    sheet = book.active
    sheet.append(["full_name", "birth_date", "sex"])
    sheet.append(["Dari Excel", date(1988, 8, 8), "M"])
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    report = people_import(actor=users.officer, unit=world.martapura, filename="r.xlsx", content=buffer.getvalue())
    assert report.created == 1 and Person.objects.get(full_name="Dari Excel").birth_date == date(1988, 8, 8)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="sex"):
        people_import(
            actor=users.officer, unit=world.martapura, filename="r.csv", content=b"full_name,birth_date\nA,1990-01-01\n"
        )


def test_only_a_unit_of_ones_own(users, world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        people_import(
            actor=users.officer, unit=world.bandar_lampung, filename="r.csv", content=csv("A,,1990-01-01,M,,,")
        )
    assert Person.objects.count() == 0


def test_the_page_and_the_api_climb_the_ladder(client_for, users, world, django_capture_on_commit_callbacks):
    url = reverse("people:import")

    def upload(user, target="page"):
        body = {
            "registered_unit": world.martapura.pk,
            "file": SimpleUploadedFile("r.csv", csv("Dari Halaman,,1990-01-01,M,,,")),
        }
        return client_for(user).post(url if target == "page" else "/api/v1/people/import", body)

    assert client_for(None).get(url).status_code == 302
    form = client_for(users.officer).get(url).content.decode()
    assert f'<option value="{world.martapura.pk}" selected>' in form  # their own unit, ready to import
    assert client_for(users.regional).get(url).status_code == 403
    assert upload(users.partner, "api").status_code == 403
    assert upload(users.other_officer, "api").status_code == 422  # Martapura is not their unit
    client = client_for(users.officer)
    with django_capture_on_commit_callbacks(execute=True):
        page = upload(users.officer)
    assert job_file(client, page).decode("utf-8-sig").splitlines() == ["Baris,Alasan"]  # no row refused
    summary = client.get(page["Location"]).content.decode()
    assert 'id="job-summary"' in summary and "1 orang terdaftar" in summary
    Person.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(users.officer, "api")
    assert response.status_code == 202 and response.json()["url"] == f"/api/v1/jobs/{response.json()['id']}"
    job = client.get(response.json()["url"]).json()
    assert job["status"] == "done" and Person.objects.filter(full_name="Dari Halaman").count() == 1


def test_an_unreadable_file_is_refused_with_its_reason(users, world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        people_import(actor=users.officer, unit=world.martapura, filename="r.xlsx", content=b"not a workbook")
    assert "file" in refused.value.message_dict and Person.objects.count() == 0
