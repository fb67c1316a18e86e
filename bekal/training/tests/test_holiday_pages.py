"""The holidays pages and API (issue 15 item 2): a year's list, adding and removing with a reason, importing a year
from CSV or XLSX after a dry run. Holidays are national: no unit owns one, so "another unit's record" does not
arise; an unknown holiday answers 404."""

import io
import json
from datetime import date
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from bekal.audit.models import AuditEvent
from bekal.training.models import Holiday

SHIPPED_2027 = Path(__file__).resolve().parents[1] / "data" / "holidays_2027.csv"
CSV_2031 = (
    "tanggal,nama,jenis,belum_pasti\n"
    "2031-01-01,Tahun Baru 2031 Masehi,libur,tidak\n"
    "02/01/2031,Cuti bersama Tahun Baru,cuti bersama,ya\n"
)


def csv_file(text: str, name: str = "libur.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def post_json(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


class TestPages:
    def test_anonymous_goes_to_login(self, client_for, db):
        for url in [reverse("training:holiday-year", args=[2027]), reverse("training:holiday-import")]:
            response = client_for(None).get(url)
            assert response.status_code == 302 and "login" in response["Location"]

    def test_another_role_gets_403(self, client_for, users):
        holiday = Holiday.objects.get(date=date(2027, 1, 1))
        for user in [users.unit_admin, users.officer, users.national]:
            client = client_for(user)
            assert client.get(reverse("training:holiday-year", args=[2027])).status_code == 403
            assert (
                client.post(reverse("training:holiday-remove", args=[holiday.pk]), {"reason": "x"}).status_code == 403
            )
        assert Holiday.objects.filter(pk=holiday.pk).exists()

    def test_an_unknown_holiday_or_year_is_404(self, client_for, users):
        client = client_for(users.sysadmin)
        assert client.post(reverse("training:holiday-remove", args=[999999]), {"reason": "x"}).status_code == 404
        assert client.get(reverse("training:holiday-year", args=[1800])).status_code == 404

    def test_the_year_page_lists_adds_and_removes_with_a_reason(self, client_for, users):
        client = client_for(users.sysadmin)
        page = client.get(reverse("training:holiday-year", args=[2027])).content.decode()
        assert "Tahun Baru 2027 Masehi" in page and "belum pasti" in page.lower()
        assert reverse("training:holiday-list") in page  # the admin's menu links to it
        url = reverse("training:holiday-year", args=[2027])
        data = {"day": "18/08/2027", "name": "Cuti bersama Kemerdekaan", "kind": "joint_leave", "reason": "SKB"}
        assert client.post(url, data).status_code == 302
        added = Holiday.objects.get(date=date(2027, 8, 18))
        assert added.kind == "joint_leave"
        refused = client.post(url, data)
        assert refused.status_code == 200 and "Cuti bersama Kemerdekaan" in refused.content.decode()
        assert client.post(reverse("training:holiday-remove", args=[added.pk]), {"reason": ""}).status_code == 302
        assert Holiday.objects.filter(pk=added.pk).exists()  # no reason, nothing removed
        client.post(reverse("training:holiday-remove", args=[added.pk]), {"reason": "SKB dicabut"})
        assert not Holiday.objects.filter(pk=added.pk).exists()
        assert AuditEvent.objects.get(code="training.holiday.deleted").changes["reason"] == "SKB dicabut"

    def test_an_import_shows_a_dry_run_then_applies_it(self, client_for, users):
        client = client_for(users.sysadmin)
        Holiday.objects.create(date=date(2031, 3, 1), name="Salah ketik")
        url = reverse("training:holiday-import")
        dry = client.post(url, {"year": "2031", "reason": "SKB 2031", "file": csv_file(CSV_2031)})
        page = dry.content.decode()
        assert dry.status_code == 200 and "Tahun Baru 2031 Masehi" in page and "Salah ketik" in page
        assert Holiday.objects.filter(date__year=2031).count() == 1  # nothing written by the dry run
        token = dry.context["token"]
        assert client.post(url, {"plan": token}).status_code == 302
        assert sorted(Holiday.objects.filter(date__year=2031).values_list("name", "kind", "to_confirm")) == [
            ("Cuti bersama Tahun Baru", "joint_leave", True),
            ("Tahun Baru 2031 Masehi", "holiday", False),
        ]
        imported = AuditEvent.objects.get(code="training.holiday.imported")
        assert imported.changes == {"year": 2031, "added": 2, "changed": 0, "removed": 1, "reason": "SKB 2031"}
        assert client.post(url, {"plan": token + "x"}).status_code == 302  # a changed token applies nothing

    def test_a_bad_file_is_refused_with_each_row_named(self, client_for, users):
        client = client_for(users.sysadmin)
        bad = "date,name\n2031-01-01,Tahun Baru\n2030-12-31,Malam\nnot a date,X\n"
        response = client.post(
            reverse("training:holiday-import"), {"year": "2031", "reason": "x", "file": csv_file(bad)}
        )
        page = response.content.decode()
        assert response.status_code == 200 and "3" in page and "4" in page and "not a date" in page
        assert not Holiday.objects.filter(date__year=2031).exists()

    def test_the_shipped_2027_file_matches_the_shipped_data(self, client_for, users):
        content = SHIPPED_2027.read_bytes()
        response = client_for(users.sysadmin).post(
            reverse("training:holiday-import"),
            {"year": "2027", "reason": "x", "file": SimpleUploadedFile("holidays_2027.csv", content)},
        )
        plan = response.context["plan"]
        assert not plan.has_changes and plan.unchanged == Holiday.objects.filter(date__year=2027).count()


class TestApi:
    def test_anonymous_gets_401(self, client_for, db):
        client = client_for(None)
        assert client.get("/api/v1/holidays?year=2027").status_code == 401
        assert post_json(client, "/api/v1/holidays", {}).status_code == 401

    def test_every_signed_in_user_reads_the_list_but_only_the_administrator_writes(self, client_for, users):
        client = client_for(users.officer)
        listed = client.get("/api/v1/holidays?year=2027")
        assert listed.status_code == 200 and listed.json()[0]["date"] == "2027-01-01"
        body = {"date": "2027-08-18", "name": "Cuti bersama", "reason": "SKB"}
        assert post_json(client, "/api/v1/holidays", body).status_code == 403
        holiday = Holiday.objects.get(date=date(2027, 1, 1))
        assert post_json(client, f"/api/v1/holidays/{holiday.pk}/remove", {"reason": "x"}).status_code == 403
        upload = client.post("/api/v1/holidays/import", {"year": 2031, "reason": "x", "file": csv_file(CSV_2031)})
        assert upload.status_code == 403

    def test_an_unknown_holiday_is_404(self, client_for, users):
        response = post_json(client_for(users.sysadmin), "/api/v1/holidays/999999/remove", {"reason": "x"})
        assert response.status_code == 404

    def test_the_administrator_adds_removes_and_imports(self, client_for, users):
        client = client_for(users.sysadmin)
        body = {"date": "2027-08-18", "name": "Cuti bersama", "kind": "joint_leave", "reason": "SKB"}
        created = post_json(client, "/api/v1/holidays", body)
        assert created.status_code == 201 and created.json()["kind"] == "joint_leave"
        assert post_json(client, "/api/v1/holidays", body).status_code == 422
        removed = post_json(client, f"/api/v1/holidays/{created.json()['id']}/remove", {"reason": "dicabut"})
        assert removed.status_code == 204
        no_reason = client.post("/api/v1/holidays/import", {"year": 2031, "file": csv_file(CSV_2031)})
        assert no_reason.status_code == 422 and "reason" in no_reason.json()["detail"]
        dry = client.post("/api/v1/holidays/import", {"year": 2031, "reason": "x", "file": csv_file(CSV_2031)})
        assert dry.status_code == 200 and dry.json()["applied"] is False and len(dry.json()["added"]) == 2
        assert not Holiday.objects.filter(date__year=2031).exists()
        book = Workbook()
        sheet = book.active
        sheet.append(["date", "name"])
        sheet.append([date(2031, 1, 1), "Tahun Baru 2031 Masehi"])
        buffer = io.BytesIO()
        book.save(buffer)
        xlsx = SimpleUploadedFile("libur.xlsx", buffer.getvalue())
        applied = client.post("/api/v1/holidays/import", {"year": 2031, "reason": "x", "file": xlsx, "apply": True})
        assert applied.status_code == 200 and applied.json()["applied"] is True
        assert list(Holiday.objects.filter(date__year=2031).values_list("name", flat=True)) == [
            "Tahun Baru 2031 Masehi"
        ]
