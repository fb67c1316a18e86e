"""BNSP exchange: the candidate list in BNSP's template (its order, its codes, real dates) and the certificate list
BNSP sends back, matched to the assessment's candidates, dry run first, then the numbers filled in; the ladder on
the new page and endpoint."""

import io
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from bekal.accounts.models import Role
from bekal.certification import bnsp
from bekal.certification import services as cert
from bekal.certification.bnsp_template import EDUCATION_CODES, TEMPLATE, region_codes
from bekal.certification.models import AssessmentEvent, Certificate
from bekal.jobs.models import Job
from bekal.jobs.testing import job_file, job_of
from bekal.people.models import Person
from bekal.training import services as training
from bekal.training.tests.conftest import END, mark_all


def _enrol(nominate, users, name, **kwargs):
    enrollment = nominate(name, **kwargs)
    training.enrollment_decide(actor=users.officer, enrollment=enrollment, selected=True, reason="Berminat")
    return training.enrollment_enrol(actor=users.officer, enrollment=enrollment)


@pytest.fixture
def decided(nominate, users, open_batch, lsp, programme):
    """Two candidates assessed: Andi Kompeten, Siti Belum Kompeten."""
    andi = _enrol(nominate, users, "Andi Saputra")
    siti = _enrol(nominate, users, "Siti Aminah", sex="F", birth_date=date(1992, 1, 2))
    event = cert.assessment_create(
        actor=users.officer,
        batch=open_batch,
        lsp=lsp,
        assessor="Asesor Satu",
        assessor_number="MET.000.001 2020",
        test_site="ad_hoc",
        date=END,
    )
    for enrollment, verdict in ((andi, "K"), (siti, "BK")):
        mark_all(open_batch, enrollment, users.officer)
        done = training.enrollment_complete(actor=users.officer, enrollment=enrollment)
        units = {u.id: verdict for u in programme.units.all()}
        cert.results_record(actor=users.officer, event=event, enrollment=done, verdicts=units)
        cert.decision_record(actor=users.officer, event=event, enrollment=done, verdict=verdict, on=END)
    return event, andi, siti


def certificate_list(*rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["No", "NIK", "Nama", "Nomor Sertifikat", "Tanggal Terbit"])
    for i, row in enumerate(rows, start=1):
        sheet.append([i, *row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_candidate_list_follows_bnsps_template_with_its_codes_and_real_dates(decided, users, programme):
    event, andi, siti = decided
    programme.scheme_code = "KKNI.II.BARISTA"
    programme.save()
    Person.objects.filter(pk=siti.person_id).update(education="smk", home_region_id="16.08", phone="0812345")
    Person.objects.filter(pk=andi.person_id).update(education="none", home_region_id="16")
    event = AssessmentEvent.objects.select_related("batch__programme").get(pk=event.pk)
    book = load_workbook(cert.bnsp_report(actor=users.officer, event=event))
    sheet = book["Daftar Asesi"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == TEMPLATE and book.sheetnames[0] == "Daftar Asesi"
    # The order LSP systems fill BNSP's template in (see bnsp_template's sources), pinned column by column.
    assert (rows[0][1], rows[0][2], rows[0][5], rows[0][11], rows[0][13], rows[0][14], rows[0][18]) == (
        "NAMA ASESI",
        "NIK",
        "JENIS KELAMIN (L/P)",
        "KODE PENDIDIKAN",
        "KODE JADWAL",
        "TANGGAL UJI (hh/bb/yyyy)",
        "K/BK",
    )
    by_name = {r[1]: dict(zip(TEMPLATE, r, strict=True)) for r in rows[1:]}
    andi_row, siti_row = by_name["Andi Saputra"], by_name["Siti Aminah"]
    assert (andi_row["JENIS KELAMIN (L/P)"], siti_row["JENIS KELAMIN (L/P)"]) == ("L", "P")
    assert siti_row["TANGGAL LAHIR (dd/mm/yyyy)"] == datetime(1992, 1, 2)  # a date cell, not text
    assert andi_row["TANGGAL UJI (hh/bb/yyyy)"] == datetime(2025, 3, 28)
    assert sheet["E2"].number_format == "DD/MM/YYYY" and sheet["O2"].number_format == "DD/MM/YYYY"
    assert (siti_row["KODE PENDIDIKAN"], andi_row["KODE PENDIDIKAN"]) == ("04", None)  # no code for no schooling
    assert (siti_row["KODE KOTA"], siti_row["KODE PROVINSI"], siti_row["TELP"]) == ("1608", "16", "0812345")
    assert (andi_row["KODE KOTA"], andi_row["KODE PROVINSI"]) == (None, "16")  # a province only
    assert andi_row["NOMOR REGISTRASI ASESOR"] == "MET.000.001 2020"
    assert (andi_row["K/BK"], siti_row["K/BK"]) == ("K", "BK")
    assert andi_row["NIK"] == andi.person.nik and andi_row["No"] in (1, 2)
    info = list(book["Keterangan"].iter_rows(values_only=True))
    assert dict(zip(info[0], info[1], strict=True)) == {
        "Kode Skema": "KKNI.II.BARISTA",
        "Nama Skema": "Skema Barista",
        "TUK": "TUK sewaktu",  # the test site as Bekal shows it (Bahasa Indonesia)
        "Nama Asesor": "Asesor Satu",
        "Nomor Registrasi Asesor": "MET.000.001 2020",
        "Tanggal Uji": datetime(2025, 3, 28),
    }


def test_region_codes_are_kemendagris_without_the_dot():
    assert region_codes("16.08") == ("1608", "16")
    assert region_codes("16") == ("", "16")
    assert region_codes(None) == ("", "")
    assert EDUCATION_CODES["s1"] == "06" and EDUCATION_CODES["d3"] == "05" and EDUCATION_CODES["s2"] == "08"


def test_the_certificate_list_dry_runs_then_fills_the_numbers(decided, users):
    event, andi, siti = decided
    content = certificate_list(
        [andi.person.nik, "Andi Saputra", "BNSP-2025-0001", date(2025, 4, 2)],
        [siti.person.nik, "Siti Aminah", "BNSP-2025-0002", "02-04-2025"],  # Belum Kompeten: refused
        ["9999999999999999", "Orang Lain", "BNSP-2025-0003", "02-04-2025"],  # not a candidate
    )
    plan = bnsp.certificates_plan(actor=users.officer, event=event, filename="bnsp.xlsx", content=content)
    assert [r.action for r in plan] == ["create", "refused", "refused"] and not Certificate.objects.exists()
    assert "Belum Kompeten" in plan[1].reasons[0] and "NIK" in plan[2].reasons[0]
    rows = bnsp.certificates_import(actor=users.officer, event=event, filename="bnsp.xlsx", content=content)
    certificate = Certificate.objects.get()
    assert (certificate.number, certificate.issued_on, certificate.enrollment_id) == (
        "BNSP-2025-0001",
        date(2025, 4, 2),
        andi.pk,
    )
    assert [r.action for r in rows] == ["create", "refused", "refused"]
    again = bnsp.certificates_import(actor=users.officer, event=event, filename="bnsp.xlsx", content=content)
    assert again[0].action == "unchanged" and Certificate.objects.count() == 1


def test_the_page_checks_then_imports_as_jobs(decided, users, client_for, django_capture_on_commit_callbacks):
    event, andi, _siti = decided
    client = client_for(users.officer)
    url = reverse("certification:bnsp-certificates", args=[event.pk])
    upload = SimpleUploadedFile("bnsp.xlsx", certificate_list([andi.person.nik, "Andi", "BNSP-9", date(2025, 4, 2)]))
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(url, {"file": upload})
    assert started.status_code == 302 and not Certificate.objects.exists()
    check = Job.objects.get(kind="certification.bnsp_certificates_check")
    assert started.url == reverse("certification:bnsp-certificates-check", args=[event.pk, check.pk])
    page = client.get(started.url)
    html = page.content.decode()
    assert page.status_code == 200 and "BNSP-9" in html and "dibuat" in html and 'id="bnsp-apply"' in html
    assert andi.person.nik not in html  # shown masked
    assert client_for(users.head).post(started.url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        imported = client.post(started.url)
    assert Certificate.objects.get().number == "BNSP-9"
    lines = job_file(client, imported).decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and "BNSP-9" in lines[1] and andi.person.nik not in lines[1]


def test_the_api_dry_runs_then_issues_as_jobs(decided, users, client_for, django_capture_on_commit_callbacks):
    event, andi, _siti = decided
    client = client_for(users.officer)
    url = f"/api/v1/assessments/{event.pk}/bnsp-certificates"
    content = certificate_list([andi.person.nik, "Andi", "BNSP-7", date(2025, 4, 2)])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}/check", {"file": SimpleUploadedFile("b.xlsx", content)})
    assert response.status_code == 202 and not Certificate.objects.exists()
    check = job_of(response)
    assert "dibuat" in job_file(client, response).decode("utf-8-sig")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"check": check.pk}, content_type="application/json")
    assert response.status_code == 202 and Certificate.objects.get().number == "BNSP-7"
    assert job_of(response).summary[0].startswith("1 ")


def test_ladder(decided, users, client_for, make_user, django_capture_on_commit_callbacks):
    event, andi, _siti = decided
    url = reverse("certification:bnsp-certificates", args=[event.pk])
    api = f"/api/v1/assessments/{event.pk}/bnsp-certificates"
    content = certificate_list([andi.person.nik, "Andi", "BNSP-1", date(2025, 4, 2)])
    assert client_for(None).get(url).status_code == 302
    assert client_for(None).post(f"{api}/check", {"file": SimpleUploadedFile("b.xlsx", content)}).status_code == 401
    assert client_for(users.head).get(url).status_code == 403
    regional = client_for(users.regional).post(f"{api}/check", {"file": SimpleUploadedFile("b.xlsx", content)})
    assert regional.status_code == 403
    assert client_for(users.other_officer).get(url).status_code == 404
    other = client_for(users.other_officer).post(f"{api}/check", {"file": SimpleUploadedFile("b.xlsx", content)})
    assert other.status_code == 404 and not Job.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        mine = client_for(users.officer).post(f"{api}/check", {"file": SimpleUploadedFile("b.xlsx", content)})
    check = job_of(mine)
    page = reverse("certification:bnsp-certificates-check", args=[event.pk, check.pk])
    assert client_for(users.other_officer).get(page).status_code == 404  # another unit's assessment
    colleague = make_user(users.officer.organization, Role.TRAINING_OFFICER, username="colleague")
    assert client_for(colleague).get(page).status_code == 404  # another user's dry run
    taken = client_for(users.other_officer).post(api, {"check": check.pk}, content_type="application/json")
    assert taken.status_code == 404 and not Certificate.objects.exists()
    assert client_for(users.officer).get(url).status_code == 200
    assert client_for(users.officer).get(page).status_code == 200
