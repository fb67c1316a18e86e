"""The KPI pages, downloads, API and command: the scope ladder, drill-down lists, exports and the audit of names."""

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from bekal.audit.models import AuditEvent
from bekal.jobs.testing import job_file
from bekal.placement.models import PlacementKind

pytestmark = pytest.mark.django_db
URL = reverse("kpis:dashboard")


@pytest.fixture
def data(kpi, world):
    batch = kpi.batch(kpi.programme(), units=[world.martapura, world.bandar_lampung])
    kpi.enrol(batch, certified=True, released=date(2025, 8, 1), working=PlacementKind.EMPLOYED)
    kpi.enrol(batch, certified=True)
    kpi.enrol(batch)
    foreign = kpi.enrol(batch, unit=world.bandar_lampung, certified=True)
    return {"batch": batch, "foreign": foreign}


class TestLadder:
    def test_anonymous_goes_to_the_login_page(self, client_for):
        response = client_for(None).get(URL)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]

    def test_anonymous_api_is_401(self, client_for):
        assert client_for(None).get("/api/v1/kpis/figures").status_code == 401

    def test_partner_staff_get_403(self, client_for, users):
        assert client_for(users.partner).get(URL).status_code == 403
        assert client_for(users.partner).get("/api/v1/kpis/figures").status_code == 403

    def test_another_units_figures_are_404(self, client_for, users, world):
        client = client_for(users.officer)
        assert client.get(URL, {"unit": world.bandar_lampung.pk}).status_code == 404
        assert (
            client.get(
                reverse("kpis:people"), {"unit": world.bandar_lampung.pk, "kpi": "certification", "part": "numerator"}
            ).status_code
            == 404
        )
        assert client.get("/api/v1/kpis/figures", {"unit": world.bandar_lampung.pk}).status_code == 404
        pdf = reverse("kpis:quarterly-pdf", args=[world.bandar_lampung.pk, 2025, 4])
        assert client.get(pdf).status_code == 404
        assert client_for(users.regional).get(URL, {"kanwil": world.kanwil_lampung.pk}).status_code == 404

    def test_the_right_role_sees_its_figures_with_definitions(self, client_for, users, data):
        body = client_for(users.officer).get(URL, {"year": 2025}).content.decode()
        assert 'id="kpi-certification"' in body and "67%" in body  # 2 certified of 3 completers at Martapura
        assert "Participants who obtained a competency certificate" in body or "sertifikat kompetensi" in body
        assert body.split("<main")[1].count("<svg") == 3  # the three charts (the header holds the bell's icon)


def test_each_breakdown_has_its_table(client_for, users, data):
    client = client_for(users.regional)
    for by in ("unit", "kanwil", "programme", "provider", "year"):
        response = client.get(URL, {"by": by})
        assert response.status_code == 200 and 'id="kpi-breakdown"' in response.content.decode()
    assert client.get(URL, {"by": "nik"}).status_code == 404


def test_drill_down_lists_the_people_in_scope_with_masked_nik(client_for, users, data):
    response = client_for(users.national).get(reverse("kpis:people"), {"kpi": "certification", "part": "numerator"})
    body = response.content.decode()
    assert response.status_code == 200 and "3 " in body  # two at Martapura and one at Bandar Lampung
    response = client_for(users.officer).get(reverse("kpis:people"), {"kpi": "certification", "part": "numerator"})
    assert data["foreign"].person.full_name not in response.content.decode()
    steps = client_for(users.officer).get(reverse("kpis:people"), {"step": "working"}).content.decode()
    assert "1 " in steps


def test_the_drill_down_list_takes_a_fixed_number_of_queries(client_for, users, kpi, django_assert_max_num_queries):
    batch = kpi.batch(kpi.programme())
    for _ in range(8):
        kpi.enrol(batch, certified=True)
    client = client_for(users.officer)
    with django_assert_max_num_queries(12):
        client.get(reverse("kpis:people"), {"kpi": "certification", "part": "numerator"})


def test_xlsx_of_a_table_is_figures_only_and_not_audited(client_for, users, data, django_capture_on_commit_callbacks):
    before = AuditEvent.objects.filter(code__startswith="kpis.").count()
    client = client_for(users.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("kpis:table-xlsx"), {"by": "programme", "year": 2025})
    sheet = load_workbook(io.BytesIO(job_file(client, response))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:4] == ("Certification rate", 2, 3, 66.7) or rows[2][1:4] == (2, 3, 66.7)
    assert AuditEvent.objects.filter(code__startswith="kpis.").count() == before  # the job's own events aside


def test_xlsx_of_people_is_audited(client_for, users, data, django_capture_on_commit_callbacks):
    client = client_for(users.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("kpis:people-xlsx"), {"kpi": "absorption", "part": "numerator"})
    sheet = load_workbook(io.BytesIO(job_file(client, response))).worksheets[0]
    assert sheet.max_row == 2
    birth = sheet.cell(row=2, column=3)
    assert birth.is_date and birth.number_format == "dd/mm/yyyy"  # a date cell, day first; never ISO text
    event = AuditEvent.objects.get(code="kpis.people.exported")
    assert event.actor == users.officer and event.changes["rows"] == 1


def test_quarterly_pdf_for_the_kanwil(client_for, users, data, world, django_capture_on_commit_callbacks):
    client = client_for(users.regional)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("kpis:quarterly-pdf", args=[world.martapura.pk, 2025, 4]))
    assert job_file(client, response).startswith(b"%PDF")


def test_api_figures_breakdown_and_people(client_for, users, data):
    client = client_for(users.officer)
    figures = {f["kpi"]: f for f in client.get("/api/v1/kpis/figures", {"year": 2025}).json()["figures"]}
    assert figures["certification"]["numerator"] == "2" and figures["certification"]["percent"] == "66.7"
    assert figures["absorption"]["display"] == "100%"
    rows = client.get("/api/v1/kpis/breakdown/unit").json()
    assert [r["label"] for r in rows] == ["Lapas Kelas IIB Martapura"]
    people = client.get("/api/v1/kpis/people", {"kpi": "certification", "part": "denominator"}).json()
    assert people["count"] == 3 and all("nik" not in p for p in people["items"])


def test_the_command_prints_the_same_figures_as_a_table_and_as_csv(data):
    out = io.StringIO()
    call_command("kpis", "--unit", "Lapas Kelas IIB Martapura", "--year", "2025", stdout=out)
    assert "67%" in out.getvalue() and "2 / 3" in out.getvalue()
    out = io.StringIO()
    call_command("kpis", "--unit", "Lapas Kelas IIB Martapura", "--year", "2025", "--format", "csv", stdout=out)
    rows = {r["kpi"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert rows["certification"]["percent"] == "66.7" and rows["certification"]["display"] == "67%"


def test_the_command_names_an_unknown_unit(db):
    with pytest.raises(CommandError, match="Lapas Tidak Ada"):
        call_command("kpis", "--unit", "Lapas Tidak Ada", "--year", "2025")


def test_recidivism_page_splits_trained_and_certified(client_for, users, data):
    body = client_for(users.officer).get(reverse("outcomes:recidivism")).content.decode()
    assert 'id="cohorts-trained"' in body and 'id="cohorts-certified"' in body


def test_the_dashboard_query_count_does_not_grow_with_the_people(client_for, users, kpi):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    batch = kpi.batch(kpi.programme())
    client = client_for(users.regional)

    def add(n):
        for i in range(n):
            kpi.enrol(
                batch, certified=i % 2 == 0, released=date(2025, 8, 1), working=PlacementKind.EMPLOYED, days=(1, 2)
            )

    add(1)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    add(10)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few) <= 60


def test_a_chart_is_drawn_once_for_the_same_figures_and_again_for_new_ones(monkeypatch):
    from django.core.cache import cache

    from bekal.kpis import charts
    from bekal.outcomes.selectors import CohortRow, Rate

    cache.clear()
    drawn = []
    real = charts.PlotFigure

    def counting(*args, **kwargs):
        drawn.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(charts, "PlotFigure", counting)
    rows = [CohortRow(year=2022, released=4, within={1: Rate(1, 4), 2: Rate(2, 4), 3: None})]
    first = charts.recidivism(rows)
    assert charts.recidivism(rows) == first and len(drawn) == 1
    changed = [CohortRow(year=2022, released=4, within={1: Rate(2, 4), 2: Rate(2, 4), 3: None})]
    assert charts.recidivism(changed) != first and len(drawn) == 2


def test_the_kpi_facts_are_rebuilt_and_checked_as_jobs_by_system_administrators(
    client_for, users, data, django_capture_on_commit_callbacks
):
    from bekal.kpis.models import EnrolmentFact

    officer, admin = client_for(users.officer), client_for(users.sysadmin)
    assert officer.post(reverse("kpis:facts-job", args=["rebuild"])).status_code == 403
    body = {"kind": "kpis.facts_check"}
    assert officer.post("/api/v1/jobs", body, content_type="application/json").status_code == 403
    assert 'id="kpi-facts"' in admin.get(reverse("kpis:dashboard")).content.decode()
    EnrolmentFact.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        checked = admin.post("/api/v1/jobs", body, content_type="application/json")
    assert checked.status_code == 202
    report = job_file(admin, checked).decode().splitlines()
    assert report[0].startswith("4 ") and len(report) == 5 and all("enrolment fact missing" in r for r in report[1:])
    with django_capture_on_commit_callbacks(execute=True):
        rebuilt = admin.post(reverse("kpis:facts-job", args=["rebuild"]))
    assert job_file(admin, rebuilt).decode() == "Fakta KPI ditulis ulang: 4 pendaftaran pelatihan, 1 pembebasan\n"
    assert EnrolmentFact.objects.count() == 4
    with django_capture_on_commit_callbacks(execute=True):
        again = admin.post("/api/v1/jobs", body, content_type="application/json")
    assert job_file(admin, again).decode().splitlines() == ["Fakta KPI sesuai dengan catatan."]
