"""Imports are bounded in bytes and rows (BEKAL_IMPORT_MAX_BYTES, BEKAL_IMPORT_MAX_ROWS): a file past either is
refused with a message naming the limit before it becomes a job; the audit row holds a summary, not every row."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from bekal.audit.models import AuditEvent
from bekal.jobs.models import Job
from bekal.people.imports import people_import

HEADER = "full_name,nik,birth_date,sex,education,home_region,phone\n"


def csv_rows(n: int) -> bytes:
    return (HEADER + "".join(f"Tanpa Tanggal {i},,,M,,,\n" for i in range(n))).encode()  # each refused: no date


def test_a_file_over_the_byte_limit_is_refused_over_the_api_naming_the_limit(client_for, users, world, settings):
    settings.BEKAL_IMPORT_MAX_BYTES = 2 * 1024 * 1024
    upload = SimpleUploadedFile("big.csv", csv_rows(1) + b"x" * (3 * 1024 * 1024), content_type="text/csv")
    response = client_for(users.officer).post(
        "/api/v1/people/import", {"registered_unit": world.martapura.pk, "file": upload}
    )
    assert response.status_code == 422
    assert "2,0 MB" in response.json()["detail"]["file"][0]
    assert not Job.objects.exists()


def test_a_csv_with_more_rows_than_the_limit_is_refused_on_the_page(client_for, users, world, settings):
    settings.BEKAL_IMPORT_MAX_ROWS = 1000
    upload = SimpleUploadedFile("many.csv", csv_rows(1001), content_type="text/csv")
    response = client_for(users.officer).post(
        reverse("people:import"), {"registered_unit": world.martapura.pk, "file": upload}
    )
    assert response.status_code == 200
    assert "lebih dari 1.000 baris" in response.content.decode()
    assert not Job.objects.exists()


def test_an_xlsx_with_more_rows_than_the_limit_is_refused_as_its_rows_are_read(users, world, settings):
    settings.BEKAL_IMPORT_MAX_ROWS = 5
    book = Workbook()
    sheet = book.active
    sheet.append(["full_name", "birth_date", "sex"])
    for i in range(6):
        sheet.append([f"Orang {i}", "1990-01-01", "M"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ValidationError) as refused:
        people_import(actor=users.officer, unit=world.martapura, filename="p.xlsx", content=buffer.getvalue())
    assert "5" in refused.value.message_dict["file"][0]


def test_the_audit_row_holds_a_summary_not_every_refused_row(users, world):
    report = people_import(actor=users.officer, unit=world.martapura, filename="p.csv", content=csv_rows(3000))
    assert len(report.errors) == 3000
    event = AuditEvent.objects.get(code="people.import.completed")
    assert event.changes["refused"] == [None, 3000] and len(event.changes["refused_rows"][1]) == 20
    assert len(json.dumps(event.changes)) < 1000
