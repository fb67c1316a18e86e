"""The Karirhub export: vacancies and placements in the portal's columns, real dates, the codes Kemnaker reads; the
placements only of people the user may see, never for an employer's staff; the export audited; the ladder."""

import io
import zipfile
from datetime import date, datetime

import openpyxl
from django.urls import reverse
from openpyxl import load_workbook

from bekal.audit.models import AuditEvent
from bekal.jobs.testing import job_file, job_of
from bekal.organizations.models import Organization, OrganizationKind
from bekal.placement import karirhub
from bekal.placement.karirhub import PLACEMENT_COLUMNS, VACANCY_COLUMNS
from bekal.placement.models import EmployerProfile, Placement, Vacancy


def sheets(content: bytes) -> dict[str, list[dict]]:
    book = load_workbook(io.BytesIO(content))
    out = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        out[sheet.title] = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
        out[sheet.title + ":header"] = list(rows[0])
    return out


def setup_records(world, make_person):
    employer = Organization.objects.create(name="Kopi Rupit", kind=OrganizationKind.EMPLOYER, region_id="16.08")
    EmployerProfile.objects.create(organization=employer, sector="Kuliner")
    Vacancy.objects.create(
        employer=employer, title="Barista", positions=2, region_id="16.08", closing_date=date(2027, 2, 5)
    )
    mine = make_person(world.martapura, full_name="Andi Saputra", custody=False)
    theirs = make_person(world.bandar_lampung, full_name="Orang Lampung", custody=False)
    for person in (mine, theirs):
        Placement.objects.create(
            person=person,
            kind="employed",
            employer=employer,
            position="Barista",
            contract_type="pkwt",
            wage_band="minimum",
            start_date=date(2026, 3, 2),
        )
    return employer, mine


def test_the_export_has_karirhubs_columns_codes_and_dates_and_only_my_people(
    users, world, make_person, client_for, django_capture_on_commit_callbacks
):
    _employer, mine = setup_records(world, make_person)
    client = client_for(users.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("placement:karirhub"))
    assert response.status_code == 302  # the page starts a job and shows it
    book = sheets(job_file(client, response))
    assert book["Lowongan:header"] == VACANCY_COLUMNS and book["Penempatan:header"] == PLACEMENT_COLUMNS
    vacancy = book["Lowongan"][0]
    assert (vacancy["Judul Lowongan"], vacancy["Sektor Usaha"], vacancy["Jumlah Kebutuhan"]) == (
        "Barista",
        "Kuliner",
        2,
    )
    assert vacancy["Batas Akhir Lamaran"] == datetime(2027, 2, 5) and vacancy["Terbuka Untuk"] == "Mantan WBP/Klien"
    assert [p["Nama"] for p in book["Penempatan"]] == ["Andi Saputra"]  # not Bandar Lampung's
    placement = book["Penempatan"][0]
    assert (placement["NIK"], placement["Jenis Kelamin"], placement["Jenis Hubungan Kerja"]) == (mine.nik, "L", "PKWT")
    assert placement["Tanggal Mulai Bekerja"] == datetime(2026, 3, 2) and placement["Kisaran Upah"] == "Setara UMK"
    event = AuditEvent.objects.get(code="placement.karirhub.exported")
    assert event.changes["placements"] == [None, 1]
    assert job_of(response).summary == ["1 lowongan", "1 penempatan"]  # in the language of the request


def test_an_employers_staff_gets_their_vacancies_and_no_placements(
    users, world, make_person, make_user, client_for, django_capture_on_commit_callbacks
):
    employer, _mine = setup_records(world, make_person)
    staff = client_for(make_user(employer, "partner_staff"))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post("/api/v1/placement/karirhub-export")
    assert response.status_code == 202
    book = sheets(job_file(staff, response))
    assert [v["Judul Lowongan"] for v in book["Lowongan"]] == ["Barista"] and "Penempatan" not in book


def test_text_that_reads_as_a_formula_stays_text(
    users, world, make_person, client_for, django_capture_on_commit_callbacks
):
    employer, _mine = setup_records(world, make_person)
    Vacancy.objects.filter(employer=employer).update(title='=HYPERLINK("http://x","klik")', skills="@SUM(1)")
    client = client_for(users.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/placement/karirhub-export")
    content = job_file(client, response)
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "<f " not in xml
    vacancy = sheets(content)["Lowongan"][0]
    assert vacancy["Judul Lowongan"] == '=HYPERLINK("http://x","klik")' and vacancy["Keterampilan"] == "@SUM(1)"


def test_the_export_streams_into_a_write_only_workbook(users, world, make_person, monkeypatch):
    setup_records(world, make_person)
    made = []
    real = openpyxl.Workbook

    def spy(*args, **kwargs):
        made.append(kwargs.get("write_only", False))
        return real(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "Workbook", spy)
    out = karirhub.karirhub_export(actor=users.officer)
    assert made == [True] and out.placements == 1 and out.file.read(2) == b"PK"


def test_ladder(users, world, client_for):
    url = reverse("placement:karirhub")
    api = "/api/v1/placement/karirhub-export"
    assert client_for(None).get(url).status_code == 302
    assert client_for(None).post(api).status_code == 401
    assert client_for(users.partner).get(url).status_code == 403  # a BLK's staff: no vacancy of theirs
    assert client_for(users.partner).post(api).status_code == 403
    response = client_for(users.officer).get(url)
    assert response.status_code == 302 and job_of(response).kind == "placement.karirhub_xlsx"
    assert client_for(users.officer).post(api).status_code == 202
