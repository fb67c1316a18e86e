"""The demo's community service: the at-risk list is right, and every state the issue asks for is there.

Over the demo the suite shares (`demo` in bekal/conftest.py), loaded here for 2026-04-15, while the orders run;
that loading it twice changes nothing is tested in bekal/core/tests/test_demo.py.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bekal.accounts.models import Role
from bekal.certification.models import Certificate, Decision
from bekal.community_service.models import (
    CommunityServiceOrder,
    LitmasReport,
    MonthlyReport,
    OrderStatus,
    StepKind,
    WorkSession,
)
from bekal.community_service.selectors import ledger as ledger_selectors
from bekal.community_service.selectors import orders as order_selectors
from bekal.community_service.selectors import supervision as supervision_selectors
from bekal.training.models import Attendance, BatchStatus, Enrollment, EnrollmentStatus

TODAY = date(2026, 4, 15)


@pytest.fixture
def demo_today():
    return TODAY


def test_the_at_risk_list_on_the_demo_data_is_the_one_slow_order(demo):
    rows = order_selectors.at_risk_orders(user=demo["muratara.pk"], today=TODAY)
    assert [r["order"].period.person.full_name for r in rows] == ["Hendri Saputra"]
    assert rows[0]["order"].hours_ordered == 240


def test_the_demo_has_an_order_on_track_one_with_a_second_warning_and_one_completed(demo):
    orders = {o.period.person.full_name: o for o in CommunityServiceOrder.objects.select_related("period__person")}
    assert sorted(o.hours_ordered for o in orders.values()) == [40, 120, 120, 240]
    assert orders["Agus Lubis"].status == OrderStatus.COMPLETED
    assert [s.kind for s in orders["Feri Kurniawan"].steps.order_by("number")] == [StepKind.WARNING] * 2
    rizky = order_selectors.get_order_for_user(demo["muratara.pk"], orders["Rizky Pratama"].pk)
    assert not ledger_selectors.progress_of(rizky, today=TODAY).at_risk
    assert all(o.period.start_date.year == 2026 for o in orders.values())


def test_the_demo_prosecutor_and_site_supervisor_see_their_part(demo):
    prosecutor, site = demo["kejari.lubuklinggau"], demo["tks.rsudrupit"]
    assert prosecutor.has_role(Role.PROSECUTOR_STAFF) and site.has_role(Role.SITE_SUPERVISOR)
    assert order_selectors.orders_visible_to(prosecutor).count() == 4
    assert [o.period.person.full_name for o in order_selectors.orders_visible_to(site)] == ["Rizky Pratama"]


def test_the_demo_supervision_sentence_shows_last_months_missed_report(demo):
    rows = supervision_selectors.missed_report_rows(user=demo["muratara.pk"], today=TODAY)
    assert [(r["sentence"].period.person.full_name, r["missed"]) for r in rows] == [
        ("Dedi Harahap", [date(2026, 3, 1)])
    ]


def test_the_bapas_home_page_lists_the_at_risk_order_and_the_missed_report(demo, client):
    client.force_login(demo["muratara.pk"])
    with time_machine.travel(datetime(2026, 4, 15, 10, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False):
        body = client.get("/").content.decode()
    at_risk = body.split('id="at-risk"')[1].split("</ul>")[0]
    assert "Hendri Saputra" in at_risk and "Rizky Pratama" not in at_risk
    assert "Dedi Harahap" in body.split('id="missed-reports"')[1].split("</ul>")[0]


def assert_nothing_after(today: date) -> None:
    """Fail on any dated entry of the demo after its ``today`` or any session outside its site's opening."""
    sessions = list(WorkSession.objects.select_related("placement__site"))
    assert sessions and max(s.date for s in sessions) <= today
    for s in sessions:
        if s.placement is not None:
            site = s.placement.site
            assert s.date.weekday() in site.days and site.opens_at <= s.start and s.end <= site.closes_at, s
    assert all(r.reported_on <= today and r.month <= today for r in MonthlyReport.objects.all())
    assert all(r.date <= today for r in LitmasReport.objects.all())
    assert all(a.day.date <= today for a in Attendance.objects.select_related("day"))
    assert all(d.decided_on <= today for d in Decision.objects.all())
    assert all(c.issued_on <= today for c in Certificate.objects.all())
    for e in Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED).select_related("batch"):
        assert e.batch.end_date <= today
    for e in Enrollment.objects.filter(batch__status__in=[BatchStatus.FINISHED, BatchStatus.CLOSED]):
        assert e.batch.end_date <= today


def test_the_demo_records_nothing_in_its_future_nor_outside_a_sites_opening(demo):
    assert_nothing_after(TODAY)
