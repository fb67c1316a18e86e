"""The job-absorption split (employed, self-employed; issue 17) in the KPI table workbook and the quarterly report, and
the people export's summary counted with the Indonesian thousands separator."""

import io
from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bekal.jobs.testing import job_file
from bekal.kpis import exports, jobs
from bekal.placement.models import PlacementKind

pytestmark = pytest.mark.django_db
SPLIT = "Bekerja atau berwirausaha setelah bebas: 1 (bekerja 1, berwirausaha 0)"


@pytest.fixture
def data(kpi, world):
    batch = kpi.batch(kpi.programme(), units=[world.martapura])
    kpi.enrol(batch, certified=True, released=date(2025, 8, 1), working=PlacementKind.EMPLOYED)
    kpi.enrol(batch, certified=True)
    return batch


def test_the_table_workbook_summary_carries_the_split(client_for, users, data, django_capture_on_commit_callbacks):
    client = client_for(users.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("kpis:table-xlsx"), {"by": "programme", "year": 2025})
    summary = load_workbook(io.BytesIO(job_file(client, response))).worksheets[0]
    assert [c for c in summary.iter_rows(values_only=True)][-1][0] == SPLIT


def test_the_quarterly_report_carries_the_split(monkeypatch, users, data, world):
    seen = {}
    monkeypatch.setattr(exports, "render_pdf", lambda template, context: seen.update(context) or b"%PDF")
    exports.quarterly_report(user=users.officer, unit=world.martapura, year=2025, quarter=4, today=date(2025, 12, 31))
    assert seen["absorption_split"] == SPLIT


def test_the_people_export_summary_uses_the_thousands_separator(monkeypatch, users):
    monkeypatch.setattr(exports, "people_workbook", lambda **kwargs: (io.BytesIO(), 14175))
    job = SimpleNamespace(user=users.officer, params={"kpi": "absorption", "part": "numerator", "today": "2025-12-31"})
    result = jobs.run_people(job, lambda done, total: None)
    assert "14.175" in " ".join(str(line) for line in result.summary)
