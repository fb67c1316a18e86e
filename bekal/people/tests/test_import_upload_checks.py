"""Issue 16, item 2: an import's file is checked before a job is started: by its first bytes (a PDF renamed .csv, a
text file renamed .xlsx are refused) and by the size limit for tables, with a message naming the limit."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bekal.jobs.models import Job

HEADER = b"full_name,nik,birth_date,sex,education,home_region,phone\n"


def _post(client, world, name, content, target="page"):
    url = reverse("people:import") if target == "page" else "/api/v1/people/import"
    return client.post(url, {"registered_unit": world.martapura.pk, "file": SimpleUploadedFile(name, content)})


def test_a_file_of_the_wrong_kind_is_refused_by_its_content(client_for, users, world):
    client = client_for(users.officer)
    page = _post(client, world, "register.csv", b"%PDF-1.4 not a table")
    assert page.status_code == 200 and "register.csv bukan tabel CSV atau XLSX yang diterima" in page.content.decode()
    api = _post(client, world, "register.xlsx", HEADER + b"Budi,,1990-01-01,M,,,\n", "api")
    assert api.status_code == 422 and "register.xlsx" in api.json()["detail"]["file"][0]
    assert not Job.objects.exists()


def test_an_oversize_table_is_refused_naming_the_limit(client_for, users, world, settings):
    settings.BEKAL_UPLOAD_MAX_MB = {"document": 10, "table": 1}
    content = HEADER + b"Budi,,1990-01-01,M,,,\n" * 60_000  # 1,2 MB
    response = _post(client_for(users.officer), world, "register.csv", content, "api")
    assert response.status_code == 422
    message = response.json()["detail"]["file"][0]
    assert "register.csv berukuran 1,2 MB" in message and "maksimal untuk tabel CSV atau XLSX 1 MB" in message
    assert not Job.objects.exists()
    # Within the limit, the same kind of file goes through.
    assert _post(client_for(users.officer), world, "register.csv", HEADER, "api").status_code == 202
