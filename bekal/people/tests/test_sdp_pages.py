"""The SDP import's pages and endpoints: upload, the dry run row by row, then the import as a job; and the ladder on
each (anonymous, wrong role, another unit or another user's dry run, right role)."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bekal.conftest import valid_nik
from bekal.jobs.models import Job, JobStatus
from bekal.jobs.testing import job_file, job_of
from bekal.people.models import CustodyPeriod, Person

HEADER = ["No. Registrasi", "Nama", "NIK", "Tanggal Lahir", "Jenis Kelamin", "Tanggal Masuk", "Jenis Kejahatan"]


def export(n: int = 3) -> bytes:
    out = io.StringIO()
    rows = [HEADER]
    for i in range(n):
        born = date(1980, 1, 1 + i)
        rows.append(
            [
                f"B.I-{i}/2025",
                f"Orang {i}",
                valid_nik(birth=born, female=False),
                born.strftime("%d-%m-%Y"),
                "L",
                "02-01-2025",
                "Narkotika",
            ]
        )
    rows.append(["B.I-99/2025", "Tanpa Lahir", "", "", "L", "02-01-2025", "Narkotika"])
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue().encode("cp1252")


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("sdp.csv", content, content_type="text/csv")


@pytest.fixture
def checked(users, world, client_for, django_capture_on_commit_callbacks):
    client = client_for(users.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:sdp-import"), {"registered_unit": world.martapura.pk, "file": upload(export())}
        )
    assert response.status_code == 302
    return client, Job.objects.get(kind="people.sdp_check")


def test_the_page_dry_runs_then_imports_and_offers_the_refused_rows(checked, django_capture_on_commit_callbacks):
    client, check = checked
    page = client.get(reverse("people:sdp-check", args=[check.pk]))
    assert page.status_code == 200 and Person.objects.count() == 0
    html = page.content.decode()
    assert "Orang 0" in html and "dibuat" in html and "ditolak" in html and "Tanggal Lahir" in html
    assert 'id="sdp-apply"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:sdp-check", args=[check.pk]))
    refused = job_file(client, response).decode("utf-8-sig").splitlines()
    assert refused[0].endswith(";Alasan") and refused[1].startswith("B.I-99/2025;") and len(refused) == 2
    assert Person.objects.count() == CustodyPeriod.objects.count() == 3


def test_the_api_dry_runs_then_imports(users, world, client_for, django_capture_on_commit_callbacks):
    client = client_for(users.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/people/sdp-import/check", {"unit": world.martapura.pk, "file": upload(export())}
        )
    assert response.status_code == 202
    plan = job_file(client, response).decode("utf-8-sig").splitlines()
    assert len(plan) == 5 and plan[1].startswith("2;dibuat;Orang 0;") and plan[4].startswith("5;ditolak;")
    check = job_of(response)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/people/sdp-import", {"check": check.pk}, content_type="application/json")
    assert response.status_code == 202 and job_of(response).status == JobStatus.DONE
    assert Person.objects.count() == 3


def test_ladder_anonymous(world, client_for):
    client = client_for(None)
    assert client.get(reverse("people:sdp-import")).status_code == 302
    assert client.get(reverse("people:sdp-check", args=[1])).status_code == 302
    assert (
        client.post("/api/v1/people/sdp-import/check", {"unit": world.martapura.pk, "file": upload(b"x")}).status_code
        == 401
    )
    assert client.post("/api/v1/people/sdp-import", {"check": 1}, content_type="application/json").status_code == 401


@pytest.mark.parametrize("role", ["head", "partner", "regional"])
def test_ladder_wrong_role(users, world, client_for, role):
    client = client_for(getattr(users, role))
    assert client.get(reverse("people:sdp-import")).status_code == 403
    response = client.post("/api/v1/people/sdp-import/check", {"unit": world.martapura.pk, "file": upload(export())})
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_ladder_another_unit_is_refused(users, world, client_for):
    client = client_for(users.other_officer)
    response = client.post("/api/v1/people/sdp-import/check", {"unit": world.martapura.pk, "file": upload(export())})
    assert response.status_code == 422 and "Martapura" in str(response.json()["detail"])
    page = client.post(reverse("people:sdp-import"), {"registered_unit": world.martapura.pk, "file": upload(export())})
    assert page.status_code == 200 and not Job.objects.exists()


def test_ladder_another_users_dry_run_is_a_404(checked, users, client_for):
    _client, check = checked
    other = client_for(users.unit_admin)  # the same unit, the same rights: still not their dry run
    assert other.get(reverse("people:sdp-check", args=[check.pk])).status_code == 404
    assert other.post(reverse("people:sdp-check", args=[check.pk])).status_code == 404
    response = other.post("/api/v1/people/sdp-import", {"check": check.pk}, content_type="application/json")
    assert response.status_code == 404
    assert Person.objects.count() == 0


def test_ladder_right_role_sees_the_upload_page_with_the_column_mapping(users, client_for):
    page = client_for(users.unit_admin).get(reverse("people:sdp-import"))
    assert page.status_code == 200
    assert "No. Registrasi" in page.content.decode() and "register_number" in page.content.decode()
