"""Every national export runs as a job that streams its rows into a write-only workbook (never a workbook built whole
in memory): the KPI people list, the Karirhub export, the BNSP candidate list and the audit trail. Memory is measured
by ``manage.py export_bench`` (docs/performance.md); here, untimed, the shape that keeps it flat."""

import pytest
from openpyxl.workbook import workbook as openpyxl_workbook

from bekal.certification.models import AssessmentEvent
from bekal.jobs.models import Job, JobStatus
from bekal.jobs.services import job_start


@pytest.fixture
def workbooks(monkeypatch):
    """Record, for every workbook made, whether it is write-only."""
    made: list[bool] = []
    real = openpyxl_workbook.Workbook.__init__

    def spy(self, write_only=False, iso_dates=False):
        made.append(write_only)
        real(self, write_only=write_only, iso_dates=iso_dates)

    monkeypatch.setattr(openpyxl_workbook.Workbook, "__init__", spy)
    return made


def _run(actor, kind, params, capture) -> Job:
    with capture(execute=True):
        job = job_start(actor=actor, kind=kind, params=params)
    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.DONE, job.error
    assert job.result_name.endswith(".xlsx")
    return job


def test_every_national_export_is_a_job_writing_a_write_only_workbook(
    demo, workbooks, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    national, officer = demo["ditjenpas"], demo["martapura.bimker"]
    _run(national, "kpis.people_xlsx", {"kpi": "certification", "part": "denominator"}, capture)
    _run(officer, "placement.karirhub_xlsx", {}, capture)
    event = (
        AssessmentEvent.objects.filter(batch__units=officer.organization, decisions__isnull=False).distinct().first()
    )
    _run(officer, "certification.bnsp_xlsx", {"event": event.pk}, capture)
    _run(demo["admin"], "accounts.audit_export", {"format": "xlsx"}, capture)
    assert workbooks == [True, True, True, True]
