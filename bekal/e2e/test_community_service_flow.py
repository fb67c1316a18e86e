"""A PK records 8 hours of community service for a client, then is refused a ninth hour on the same day with a
message that names the rule (KUHP Pasal 85)."""

from datetime import time, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import expect

from bekal.community_service.models import Sanction
from bekal.community_service.services import orders as order_services
from bekal.organizations.models import Organization, OrganizationKind


def test_a_pk_records_8_hours_and_is_refused_a_ninth_on_the_same_day(
    page, login, live_server, users, world, make_person
):
    court = Organization.objects.create(name="Pengadilan Negeri Lubuklinggau", kind=OrganizationKind.COURT)
    prosecutor = Organization.objects.create(name="Kejaksaan Negeri Lubuklinggau", kind=OrganizationKind.PROSECUTOR)
    person = make_person(world.muratara, full_name="Rizky Pratama", custody=False, nik=None)
    today = timezone.localdate()
    # The sessions are yesterday's: a session is recorded once it is over, and the suite runs at any hour.
    worked = today - timedelta(days=1)
    order = order_services.order_create(
        actor=users.pk,
        person=person,
        unit=world.muratara,
        officer=users.pk,
        start_date=today - timedelta(days=7),
        court=court,
        decision_number="12/Pid.C/2026/PN Llg",
        decision_date=today - timedelta(days=7),
        offence="Pencurian ringan",
        threatened_prison_months=48,
        hours_ordered=40,
        replaced_prison_months=3,
        hours_per_day=8,
        complete_by=today + relativedelta(months=1),
        sanction=Sanction.REPEAT,
        prosecutor_office=prosecutor,
        consent_recorded=True,
    )
    assert order.pk

    login("pk")
    page.locator("nav a[href='/community-service/']").click()
    page.get_by_role("link", name="Rizky Pratama").click()
    form = page.locator("#session-form")
    form.locator("#id_date").fill(worked.isoformat())
    form.locator("#id_start").fill(time(8, 0).strftime("%H:%M"))
    form.locator("#id_end").fill("16:00")
    form.locator("button[type=submit]").click()
    expect(page.locator("#session-form")).to_contain_text("8 jam diakui")

    form = page.locator("#session-form")
    form.locator("#id_start").fill("16:00")
    form.locator("#id_end").fill("17:00")
    form.locator("button[type=submit]").click()
    expect(page.locator("#session-form .errorlist")).to_contain_text("Pasal 85")
    expect(page.locator("#session-form .errorlist")).to_contain_text("8")
    page.reload()
    expect(page.locator("#hours")).to_contain_text("8 jam")


def test_a_site_supervisor_records_a_whole_site_day_on_a_phone(page, login, live_server):
    from bekal.e2e.demo_copy import demo_for
    from bekal.e2e.test_field_offline import work_day
    from bekal.home.demo import DEMO_PASSWORD

    today = work_day()  # the demo's client works at RSUD Rupit Monday to Friday
    users = demo_for(today)
    site = users["tks.rsudrupit"].organization.work_site
    page.set_viewport_size({"width": 390, "height": 844})
    login("tks.rsudrupit", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/community-service/sites/{site.pk}/day/?date={today.isoformat()}")
    row = page.locator("form.site-row").first
    expect(row).to_contain_text("Rizky Pratama")
    row.locator("input[name$='-start']").fill("08:00")
    row.locator("input[name$='-end']").fill("12:00")
    row.locator("button[type=submit]").click()
    expect(page.locator("form.site-row").first.locator("[role=status]")).to_contain_text("4 jam diakui")


def test_the_bapas_home_page_shows_the_at_risk_order(page, login, live_server):
    from bekal.e2e.demo_copy import demo_for
    from bekal.home.demo import DEMO_PASSWORD

    demo_for(timezone.localdate())
    login("muratara.pk", DEMO_PASSWORD)
    expect(page.locator("#at-risk")).to_contain_text("Hendri Saputra")
    expect(page.locator("#missed-reports")).to_contain_text("Dedi Harahap")
    page.locator("nav a[href='/community-service/']").click()
    expect(page.locator("#orders")).to_contain_text("Hendri Saputra")


def test_an_absence_that_issues_a_warning_letter_is_checked_before_it_is_recorded(
    page, login, live_server, users, world, make_person
):
    from bekal.community_service.models import ComplianceStep, StepKind, WorkSession

    court = Organization.objects.create(name="Pengadilan Negeri Lubuklinggau", kind=OrganizationKind.COURT)
    prosecutor = Organization.objects.create(name="Kejaksaan Negeri Lubuklinggau", kind=OrganizationKind.PROSECUTOR)
    person = make_person(world.muratara, full_name="Rizky Pratama", custody=False, nik=None)
    today = timezone.localdate()
    # The sessions are yesterday's: a session is recorded once it is over, and the suite runs at any hour.
    worked = today - timedelta(days=1)
    order = order_services.order_create(
        actor=users.pk,
        person=person,
        unit=world.muratara,
        officer=users.pk,
        start_date=today - timedelta(days=7),
        court=court,
        decision_number="12/Pid.S/2026/PN Llg",
        decision_date=today - timedelta(days=7),
        offence="Pencurian ringan",
        threatened_prison_months=48,
        hours_ordered=40,
        replaced_prison_months=3,
        hours_per_day=8,
        complete_by=today + relativedelta(months=1),
        sanction=Sanction.REPEAT,
        prosecutor_office=prosecutor,
        consent_recorded=True,
    )
    login("pk")
    page.goto(f"{live_server.url}/community-service/{order.pk}/")
    form = page.locator("#session-form")
    form.locator("#id_date").fill(worked.isoformat())
    form.locator("#id_start").fill("08:00")
    form.locator("#id_end").fill("12:00")
    form.locator("#id_outcome").select_option("unacceptable_absence")
    form.locator("button[type=submit]").click()  # htmx: the check replaces the page, nothing is written yet
    expect(page.locator("#check-answers")).to_contain_text("Surat peringatan")
    assert not WorkSession.objects.filter(order=order).exists()
    page.locator("#confirm").click()
    page.wait_for_url(f"{live_server.url}/community-service/{order.pk}/")
    assert list(ComplianceStep.objects.filter(order=order).values_list("kind", flat=True)) == [StepKind.WARNING]
    assert WorkSession.objects.filter(order=order).count() == 1
