"""The audit trail through the API and as a file (issue 16, item 9): system administrators read every unit, unit
administrators their own, nobody else."""

import csv
import io

from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook

from bekal.audit.models import AuditEvent
from bekal.audit.services import audit_record


def record(code, unit, obj, actor=None, repr_=""):
    with transaction.atomic():
        return audit_record(code=code, actor=actor, unit=unit, obj=obj, object_repr=repr_)


def test_the_api_ladder_and_filters(users, world, client_for):
    record("accounts.user.created", world.martapura, users.officer, users.sysadmin)
    record("accounts.user.created", world.bandar_lampung, users.other_officer, users.sysadmin)
    assert client_for(None).get("/api/v1/audit").status_code == 401
    assert client_for(users.head).get("/api/v1/audit").status_code == 403
    own = client_for(users.unit_admin).get("/api/v1/audit?code=accounts.user.").json()
    assert [row["object_id"] for row in own["items"]] == [str(users.officer.pk)]
    every = client_for(users.sysadmin).get("/api/v1/audit?code=accounts.user.created").json()
    assert every["count"] == 2 and every["items"][0]["label"] and every["items"][0]["actor"] == "sysadmin"
    one_unit = client_for(users.sysadmin).get(f"/api/v1/audit?code=accounts.user.&unit={world.bandar_lampung.pk}")
    assert [row["unit_id"] for row in one_unit.json()["items"]] == [world.bandar_lampung.pk]
    by_actor = client_for(users.sysadmin).get("/api/v1/audit?code=accounts.user.&actor=nobody").json()
    assert by_actor["count"] == 0
    future = client_for(users.sysadmin).get("/api/v1/audit?since=2999-01-01").json()
    assert future["count"] == 0
    assert client_for(users.sysadmin).get("/api/v1/audit?since=tomorrow").status_code == 422


def test_the_page_downloads_csv_and_xlsx_with_formulas_as_text(
    users, world, client_for, django_capture_on_commit_callbacks
):
    record("accounts.user.created", world.martapura, users.officer, users.sysadmin)
    record("accounts.signin.failed", world.martapura, None, None, '=HYPERLINK("http://evil.example")')
    record("accounts.user.created", world.bandar_lampung, users.other_officer, users.sysadmin)
    client = client_for(users.unit_admin)

    def download(query: str) -> bytes:
        started = client.get(f"/audit/?{query}")
        assert started.status_code == 302  # to the job that writes the file (URLs only: jobs sit above accounts)
        with django_capture_on_commit_callbacks(execute=True):
            job = client.get(started.url)
        assert job.status_code == 302 and job.url.startswith("/jobs/")
        download = client.get(f"{job.url}file/")
        assert download.status_code == 200
        return b"".join(download.streaming_content)

    content = download("code=accounts.user.&format=csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][0] == "Waktu" and len(rows) == 2 and rows[1][1] == "accounts.user.created"
    assert "other_officer" not in content.decode()
    formula = download("code=accounts.signin.failed&format=csv").decode()
    assert "'=HYPERLINK" in formula
    xlsx = download("code=accounts.user.&format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert [c.value for c in sheet[2]][1] == "accounts.user.created" and sheet.max_row == 2
    exported = AuditEvent.objects.filter(code="accounts.audit.exported")
    assert exported.count() == 3 and exported.first().unit == world.martapura
    assert client_for(users.head).get("/audit/?format=csv").status_code == 403


def test_the_audit_export_streams_in_bounded_memory(users, world):
    import tracemalloc

    from bekal.accounts.audit_export import audit_export_file
    from bekal.accounts.selectors import audit_events_for_user

    AuditEvent.objects.bulk_create(
        AuditEvent(
            code="people.person.updated",
            at=timezone.now(),
            actor=users.officer,
            unit=world.martapura,
            object_type="people.person",
            object_id=str(i),
            object_repr=f"Warga Binaan {i}",
            changes={"phone": ["0812", f"0813{i:06d}"]},
        )
        for i in range(6_000)
    )
    events = audit_events_for_user(users.sysadmin)
    for file_format in ("csv", "xlsx"):
        tracemalloc.start()
        out, count = audit_export_file(events, file_format)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert count == 6_000 and out.read(2) in (b"\xef\xbb", b"PK")
        # A workbook built whole holds every cell (54,000 here, several MB); streamed, one chunk of values.
        assert peak < 6 * 2**20, f"{file_format}: {peak / 2**20:.1f} MB"
