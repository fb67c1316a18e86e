"""The demo tells story 2's figures: Lapas Martapura, 2025, 72% certified and 58% of the certified releasees working.

Over the demo the suite shares (`demo` in bekal/conftest.py, loaded for 2026-11-23).
"""

import csv
import io
from datetime import date

import time_machine
from django.core.management import call_command

from bekal.kpis import facts
from bekal.organizations.models import Organization
from bekal.people import links


def test_martapura_2025_prints_72_and_58_percent_and_the_dashboard_shows_the_same(demo, client_for):
    users = demo
    # Every record of the demo went in through the services (and their signals): the facts are exact.
    assert facts.differences() == []
    assert links.differences() == []  # and so are the people's unit links
    with time_machine.travel(date(2026, 11, 23), tick=False):
        out = io.StringIO()
        call_command("kpis", "--unit", "Lapas Kelas IIB Martapura", "--year", "2025", stdout=out)
        lines = out.getvalue().splitlines()
        # 18 of 25 completers certified = 72.0%; 7 of 12 certified releasees working = 58.3%, printed whole: 58%
        certification = next(line for line in lines if "18 / 25" in line)
        absorption = next(line for line in lines if "7 / 12" in line)
        assert " 72% " in certification and " 58% " in absorption
        csv_out = io.StringIO()
        call_command("kpis", "--unit", "Lapas Kelas IIB Martapura", "--year", "2025", "--format", "csv", stdout=csv_out)
        rows = {row[0]: row[2:] for row in csv.reader(io.StringIO(csv_out.getvalue()))}
        assert rows["certification"] == ["18", "25", "72.0", "72%"]
        assert rows["absorption"] == ["7", "12", "58.3", "58%"]
        unit = Organization.objects.get(name="Lapas Kelas IIB Martapura")
        body = client_for(users["kanwil.sumsel"]).get("/kpis/", {"unit": unit.pk, "year": 2025}).content.decode()
        summary = body.split('id="kpi-summary"')[1].split("</table>")[0]
        assert ">72%</a>" in summary and ">58%</a>" in summary
        # Re-admissions exist: a recidivism curve is drawn for the cohorts with follow-up years.
        recidivism = body.split('id="chart-recidivism"')[1].split("</figure>")[0]
        assert "<path" in recidivism and "2022" in recidivism
