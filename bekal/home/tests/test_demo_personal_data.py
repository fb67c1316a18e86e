"""Personal data over the whole demo: the retention job leaves every KPI fact as it was, and a demo person's
subject export holds every record Bekal keeps on them.

Over the demo the suite shares (`demo` in bekal/home/tests/conftest.py, loaded for 2026-11-23).
"""

from datetime import date

from django.apps import apps

from bekal.certification.models import Certificate, Decision, UnitResult
from bekal.kpis import facts
from bekal.kpis.models import EnrolmentFact, ReleaseFact
from bekal.people.models import CustodyPeriod, Person
from bekal.people.retention import people_retention_apply
from bekal.people.subject import subject_data
from bekal.placement.models import Placement, Referral
from bekal.training.models import Attendance, Enrollment


def _facts():
    return (
        sorted(EnrolmentFact.objects.values_list(*facts.ENROLMENT_COLUMNS)),
        sorted(ReleaseFact.objects.values_list(*facts.RELEASE_COLUMNS, "back_key", "repeat_in_year")),
    )


def test_the_retention_job_anonymises_and_every_kpi_fact_stays_exact(demo):
    before = _facts()
    changed = people_retention_apply(today=date(2040, 1, 1))
    assert changed > 0 and Person.objects.filter(anonymised_at__isnull=False).count() > 0
    assert _facts() == before
    assert facts.differences() == []


def _pk(table):
    return apps.get_model(table)._meta.pk.attname if table != "audit.auditevent" else "at"


def test_a_demo_persons_subject_export_holds_every_record_on_them(demo):
    person = Person.objects.filter(placements__isnull=False, enrollments__certificates__isnull=False).first()
    assert person is not None
    data = subject_data(person)
    held = {s["table"]: {row.get(_pk(s["table"])) for row in s["rows"]} for s in data["sections"] if "." in s["table"]}
    enrolments = Enrollment.objects.filter(person=person)
    expected = {
        "people.custodyperiod": CustodyPeriod.objects.filter(person=person),
        "training.enrollment": enrolments,
        "training.attendance": Attendance.objects.filter(enrollment__in=enrolments),
        "certification.unitresult": UnitResult.objects.filter(enrollment__in=enrolments),
        "certification.decision": Decision.objects.filter(enrollment__in=enrolments),
        "certification.certificate": Certificate.objects.filter(enrollment__in=enrolments),
        "placement.placement": Placement.objects.filter(person=person),
        "placement.referral": Referral.objects.filter(person=person),
        "kpis.enrolmentfact": EnrolmentFact.objects.filter(person=person),
    }
    some = {"people.custodyperiod", "training.attendance", "certification.certificate", "placement.placement"}
    for table, rows in expected.items():
        ids = set(rows.values_list("pk", flat=True))
        assert held.get(table, set()) >= ids, table
        assert ids or table not in some, table  # the person chosen has records of every main kind
    assert data["sections"][0]["rows"][0]["full_name"] == person.full_name
