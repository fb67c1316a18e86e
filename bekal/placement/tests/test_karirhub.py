"""The Karirhub export: vacancies and placements in the portal's columns, real dates, the codes Kemnaker reads; the
placements only of people the user may see, never for an employer's staff; the export audited; the ladder."""

import io
from datetime import date, datetime

from django.urls import reverse
from openpyxl import load_workbook

from bekal.audit.models import AuditEvent
from bekal.organizations.models import Organization, OrganizationKind
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


def test_the_export_has_karirhubs_columns_codes_and_dates_and_only_my_people(users, world, make_person, client_for):
    _employer, mine = setup_records(world, make_person)
    response = client_for(users.officer).get(reverse("placement:karirhub"))
    assert response.status_code == 200
    book = sheets(b"".join([response.content]))
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


def test_an_employers_staff_gets_their_vacancies_and_no_placements(users, world, make_person, make_user, client_for):
    employer, _mine = setup_records(world, make_person)
    staff = make_user(employer, "partner_staff")
    book = sheets(client_for(staff).get("/api/v1/placement/karirhub.xlsx").content)
    assert [v["Judul Lowongan"] for v in book["Lowongan"]] == ["Barista"] and "Penempatan" not in book


def test_ladder(users, world, client_for):
    url = reverse("placement:karirhub")
    assert client_for(None).get(url).status_code == 302
    assert client_for(None).get("/api/v1/placement/karirhub.xlsx").status_code == 401
    assert client_for(users.partner).get(url).status_code == 403  # a BLK's staff: no vacancy of theirs
    assert client_for(users.partner).get("/api/v1/placement/karirhub.xlsx").status_code == 403
    assert client_for(users.officer).get(url).status_code == 200
