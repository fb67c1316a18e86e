"""The Karirhub export: vacancies and placements in the fields of the portal's vacancy (WLLP) and placement reports,
in that order, with the forms' labels (after an unofficial prototype: README "Karirhub"); real dates; the fields Bekal
does not keep left empty; the placements (jobs only) of people the user may see, never for an employer's staff;
every text cell safe from formulas; the export audited; the ladder."""

import io
import zipfile
from datetime import date, datetime

import openpyxl
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bekal.audit.models import AuditEvent
from bekal.jobs.testing import job_file, job_of
from bekal.organizations.models import Organization, OrganizationKind
from bekal.people.models import Person
from bekal.placement import karirhub
from bekal.placement.karirhub import PLACEMENT_COLUMNS, VACANCY_COLUMNS
from bekal.placement.models import EmployerProfile, Placement, Vacancy

# The prototype's fields in its order, as its forms label them (README "Karirhub").
VACANCY_HEADER = [
    "Unit/Perusahaan",
    "Jabatan",
    "Jumlah Kebutuhan",
    "Jenis Kelamin",
    "Usia Min",
    "Usia Max",
    "Pendidikan Minimal",
    "Deskripsi Pekerjaan",
    "Keterampilan Utama",
    "Pengalaman Minimal (tahun)",
    "Rentang Gaji",
    "Kode KBJI",
    "Provinsi",
    "Kota",
    "Kecamatan",
    "Kelurahan",
    "Bidang Pekerjaan",
    "Industri / Sektor",
    "Status Pernikahan",
    "Masa Berlaku Mulai",
    "Masa Berlaku Sampai",
    "Alamat URL Postingan Loker",
    "Catatan",
]
PLACEMENT_HEADER = [
    "Jabatan",
    "Unit/Perusahaan",
    "NIK",
    "Nama Lengkap",
    "Pendidikan",
    "Jenis Kelamin",
    "Tempat Lahir",
    "Tanggal Lahir",
    "Alamat",
    "Status Disabilitas",
    "Tanggal Mulai Kerja",
    "Email",
    "Nomor Hp",
]


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
    EmployerProfile.objects.create(organization=employer, sector="Kuliner", kbli="I")
    Vacancy.objects.create(
        employer=employer,
        title="Barista",
        positions=2,
        skills="Espresso, latte art",
        wanted_programmes="Barista Muda",
        region_id="16.08",
        kbji="5",
        closing_date=date(2027, 2, 5),
    )
    mine = make_person(world.martapura, full_name="Andi Saputra", custody=False)
    Person.objects.filter(pk=mine.pk).update(education="smk", phone="081234567890")
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


def test_the_columns_are_the_prototypes_fields_in_its_order():
    assert VACANCY_COLUMNS == VACANCY_HEADER and PLACEMENT_COLUMNS == PLACEMENT_HEADER


def test_the_export_fills_what_bekal_keeps_and_only_my_peoples_jobs(
    users, world, make_person, client_for, django_capture_on_commit_callbacks
):
    _employer, mine = setup_records(world, make_person)
    Placement.objects.create(  # self-employment fills no employer's vacancy: not a Karirhub placement
        person=mine,
        kind="self_employed",
        business_name="Warung Andi",
        business_type="food",
        start_date=date(2026, 1, 5),
    )
    client = client_for(users.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("placement:karirhub"))
    assert response.status_code == 302  # the page starts a job and shows it
    book = sheets(job_file(client, response))
    assert book["Lowongan:header"] == VACANCY_HEADER and book["Penempatan:header"] == PLACEMENT_HEADER
    recorded = timezone.localtime(Vacancy.objects.get().created_at).date()
    assert book["Lowongan"] == [
        {
            "Unit/Perusahaan": "Kopi Rupit",
            "Jabatan": "Barista",
            "Jumlah Kebutuhan": 2,
            "Jenis Kelamin": None,
            "Usia Min": None,
            "Usia Max": None,
            "Pendidikan Minimal": None,
            "Deskripsi Pekerjaan": None,
            "Keterampilan Utama": "Espresso, latte art; Sertifikasi: Barista Muda",
            "Pengalaman Minimal (tahun)": None,
            "Rentang Gaji": None,
            "Kode KBJI": "5",
            "Provinsi": "Sumatera Selatan",
            "Kota": "Kabupaten Ogan Komering Ulu Timur",
            "Kecamatan": None,
            "Kelurahan": None,
            "Bidang Pekerjaan": "Tenaga usaha jasa dan tenaga penjualan",
            "Industri / Sektor": "I · Penyediaan akomodasi dan makan minum",  # the employer's KBLI, in Indonesian
            "Status Pernikahan": None,
            "Masa Berlaku Mulai": datetime(recorded.year, recorded.month, recorded.day),
            "Masa Berlaku Sampai": datetime(2027, 2, 5),
            "Alamat URL Postingan Loker": None,
            "Catatan": "Terbuka untuk: Mantan WBP/Klien",
        }
    ]
    assert book["Penempatan"] == [  # not Bandar Lampung's, and not the self-employment
        {
            "Jabatan": "Barista",
            "Unit/Perusahaan": "Kopi Rupit",
            "NIK": mine.nik,
            "Nama Lengkap": "Andi Saputra",
            "Pendidikan": "SMK",
            "Jenis Kelamin": "Laki-laki",
            "Tempat Lahir": None,
            "Tanggal Lahir": datetime(1990, 5, 17),
            "Alamat": None,
            "Status Disabilitas": None,
            "Tanggal Mulai Kerja": datetime(2026, 3, 2),
            "Email": None,
            "Nomor Hp": "081234567890",
        }
    ]
    event = AuditEvent.objects.get(code="placement.karirhub.exported")
    assert event.changes["placements"] == [None, 1]
    assert job_of(response).summary == ["1 lowongan", "1 penempatan"]  # in the language of the request


def test_a_vacancy_without_codes_takes_the_employers_sector_and_leaves_the_codes_empty(users, world, make_person):
    employer, _mine = setup_records(world, make_person)
    EmployerProfile.objects.filter(organization=employer).update(kbli="")
    Vacancy.objects.update(kbji="", open_to="everyone", skills="", wanted_programmes="")
    out = karirhub.karirhub_export(actor=users.officer)
    vacancy = sheets(out.file.read())["Lowongan"][0]
    assert (vacancy["Industri / Sektor"], vacancy["Kode KBJI"], vacancy["Bidang Pekerjaan"]) == ("Kuliner", None, None)
    assert vacancy["Keterampilan Utama"] is None and vacancy["Catatan"] == "Terbuka untuk: Umum"


def test_an_employers_staff_gets_their_vacancies_and_no_placements(
    users, world, make_person, make_user, client_for, django_capture_on_commit_callbacks
):
    employer, _mine = setup_records(world, make_person)
    staff = client_for(make_user(employer, "partner_staff"))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post("/api/v1/placement/karirhub-export")
    assert response.status_code == 202
    book = sheets(job_file(staff, response))
    assert [v["Jabatan"] for v in book["Lowongan"]] == ["Barista"] and "Penempatan" not in book


def test_text_that_reads_as_a_formula_stays_text_in_every_column(
    users, world, make_person, client_for, django_capture_on_commit_callbacks
):
    employer, mine = setup_records(world, make_person)
    Organization.objects.filter(pk=employer.pk).update(name="-Kopi Rupit")
    EmployerProfile.objects.filter(organization=employer).update(kbli="", sector="+Kuliner")
    Vacancy.objects.filter(employer=employer).update(title='=HYPERLINK("http://x","klik")', skills="@SUM(1)")
    Person.objects.filter(pk=mine.pk).update(full_name="=1+1", phone="+6281234567890")
    Placement.objects.filter(person=mine).update(position="\tBarista")
    client = client_for(users.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/placement/karirhub-export")
    content = job_file(client, response)
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "<f " not in xml
    book = sheets(content)
    vacancy, placement = book["Lowongan"][0], book["Penempatan"][0]
    assert (vacancy["Unit/Perusahaan"], vacancy["Jabatan"], vacancy["Industri / Sektor"]) == (
        "-Kopi Rupit",
        '=HYPERLINK("http://x","klik")',
        "+Kuliner",
    )
    assert vacancy["Keterampilan Utama"] == "@SUM(1); Sertifikasi: Barista Muda"
    assert (placement["Jabatan"], placement["Unit/Perusahaan"]) == ("\tBarista", "-Kopi Rupit")
    assert (placement["Nama Lengkap"], placement["Nomor Hp"]) == ("=1+1", "+6281234567890")


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


def test_the_queries_do_not_grow_with_the_rows(users, world, make_person):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _employer, mine = setup_records(world, make_person)
    karirhub.karirhub_export(actor=users.officer)  # the user's roles are read once, then kept on the user
    with CaptureQueriesContext(connection) as few:
        karirhub.karirhub_export(actor=users.officer)
    other = Organization.objects.create(name="Bengkel Jaya", kind=OrganizationKind.EMPLOYER, region_id="16.13")
    for i in range(3):
        Vacancy.objects.create(employer=other, title=f"Montir {i}", region_id="16.13", kbji="7", kbli="G")
        Placement.objects.create(person=mine, kind="employed", employer=other, start_date=date(2026, 4, i + 1))
    with CaptureQueriesContext(connection) as many:
        out = karirhub.karirhub_export(actor=users.officer)
    assert (out.vacancies, out.placements) == (4, 4) and len(many) == len(few)


def test_a_viewer_who_may_not_reveal_a_nik_gets_it_masked(users, world, make_person):
    """README "Who sees a full NIK": regional and national viewers never see one, in this export neither."""
    _employer, mine = setup_records(world, make_person)
    full = sheets(karirhub.karirhub_export(actor=users.officer).file.read())["Penempatan"]
    masked = sheets(karirhub.karirhub_export(actor=users.national).file.read())["Penempatan"]
    assert [r["NIK"] for r in full] == [mine.nik]
    niks = {r["Nama Lengkap"]: r["NIK"] for r in masked}
    assert niks["Andi Saputra"] != mine.nik and niks["Andi Saputra"].endswith(mine.nik[-4:])
    assert not any(str(r["NIK"]).isdigit() for r in masked)
