"""Field work with no connection: a training officer marks a batch day and a site supervisor records a client's
hours while offline, reloads the page (the service worker keeps it), goes back online, and every entry is saved
once, each with its own client-made key."""

import threading
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.test.testcases import QuietWSGIRequestHandler
from django.utils import timezone
from playwright.sync_api import Page, Route, expect

from bekal.audit.models import AuditEvent
from bekal.community_service.models import WorkSession
from bekal.e2e.conftest import SCREENSHOTS
from bekal.ops.models import IdempotencyKey
from bekal.organizations.models import Organization, OrganizationKind
from bekal.training import services
from bekal.training.models import Agreement, Attendance, BatchStatus, TrainingDay

START = date(2025, 3, 3)
NAMES = ["Andi Saputra", "Budi Santoso", "Citra Lestari"]


@pytest.fixture
def day(users, world, make_person) -> TrainingDay:
    """The first day of a running batch at Lapas Martapura with three participants enrolled."""
    programme = services.programme_create(
        actor=users.sysadmin,
        provider=world.blk,
        name="Barista",
        total_jp=160,
        training_days=20,
        scheme="Skema Barista",
        units=[("I.563000.001.01", "Membuat espresso")],
    )
    agreement = Agreement.objects.create(
        kind="pks",
        number="PKS/OFF",
        title="E2E",
        unit=world.kanwil_sumsel,
        start_date=date(2025, 1, 1),
        end_date=date(2026, 12, 31),
        status="active",
    )
    agreement.partners.set([world.blk])
    batch = services.batch_create(
        actor=users.officer,
        programme=programme,
        units=[world.martapura],
        name="Barista Angkatan I",
        start_date=START,
        end_date=date(2025, 3, 28),
        lsp=Organization.objects.create(name="LSP Barista", kind=OrganizationKind.LSP),
    )
    batch = services.batch_move(actor=users.officer, batch=batch, status=BatchStatus.OPEN)
    for name in NAMES:
        person = make_person(world.martapura, full_name=name)
        enrollment = services.enrollment_nominate(
            actor=users.officer, batch=batch, person=person, interest_statement_on=START
        )
        services.enrollment_decide(actor=users.officer, enrollment=enrollment, selected=True, reason="Berminat")
        services.enrollment_enrol(actor=users.officer, enrollment=enrollment)
    return batch.days.order_by("date")[0]


def work_day() -> date:
    """Return the demo's "today" for the site supervisor's tests: the latest Monday to Friday before today. The
    demo's client works at RSUD Rupit Monday to Friday and the site is closed on Sundays, so a session recorded on
    a weekend day is refused (rightly); a session today is refused until it is over (08:00-12:00 at 06:00); and the
    suite must pass whatever day and hour it runs."""
    day = timezone.localdate() - timedelta(days=1)
    return day - timedelta(days=max(0, day.weekday() - 4))


def _no_connection(route: Route) -> None:
    route.abort("internetdisconnected")


_CUT = threading.Event()


class _DoorHandler(QuietWSGIRequestHandler):
    """The live server's request handler, which drops a write's connection with no answer while the test is
    offline: what a write sent with no network meets, whichever way the browser sent it."""

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if _CUT.is_set() and self.command != "GET":
            self.close_connection = True
            return False
        return True


@pytest.fixture(autouse=True)
def _server_door(live_server: Any) -> Iterator[None]:
    server = live_server.thread.httpd
    before = server.RequestHandlerClass
    server.RequestHandlerClass = _DoorHandler
    yield
    _CUT.clear()
    server.RequestHandlerClass = before


def offline(page: Page, on: bool) -> None:
    """Take the browser off the network, or put it back. Playwright's offline mode does not always reach a request
    that a page under a service worker sends (microsoft/playwright#2311: now and then a queued entry was saved while
    "offline"), so the writes are also refused at the browser's door and cut at the server's while offline."""
    if on:
        _CUT.set()
        page.context.route("**/*", _no_connection)
        page.context.set_offline(True)
    else:  # the doors first: the page resends its queue the moment it is told it is online
        page.context.unroute("**/*", _no_connection)
        _CUT.clear()
        page.context.set_offline(False)


def wait_until_kept(page: Page) -> None:
    """Wait until the service worker runs and the page is in its cache (what a reload with no connection needs)."""
    page.wait_for_function(
        "navigator.serviceWorker.controller !== null || navigator.serviceWorker.ready.then(() => true)"
    )
    page.wait_for_function("caches.open('bekal-field-v1').then(c => c.match(location.href)).then(r => !!r)")
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_selector("html[data-queue=ready]", state="attached")  # the page's script is listening


def row(page: Page, name: str):
    return page.locator("fieldset.attendance-row", has_text=name)


def test_attendance_marked_offline_survives_a_reload_and_is_saved_once(page, login, live_server, users, day):
    login("officer")
    page.goto(f"{live_server.url}/training/days/{day.pk}/attendance/")
    wait_until_kept(page)
    page.reload()  # now served through the service worker, which keeps its own copy
    wait_until_kept(page)

    offline(page, True)
    row(page, NAMES[0]).get_by_label("Hadir").check()
    row(page, NAMES[1]).get_by_label("Sakit").check()
    row(page, NAMES[2]).get_by_label("Hadir").check()
    for name in NAMES:
        expect(row(page, name).locator(".sync-state")).to_have_attribute("data-state", "pending")
    expect(page.locator("#sync-status")).to_contain_text("3")
    assert not Attendance.objects.filter(day=day).exists()

    page.reload()
    for name in NAMES:
        expect(row(page, name).locator(".sync-state")).to_have_attribute("data-state", "pending")
    expect(row(page, NAMES[1]).get_by_label("Sakit")).to_be_checked()
    expect(page.locator("#present-count")).to_contain_text("2")
    page.screenshot(path=str(SCREENSHOTS / "field-attendance-offline.png"), full_page=True)

    offline(page, False)
    for name in NAMES:
        expect(row(page, name).locator(".sync-state")).to_have_attribute("data-state", "saved")
    page.screenshot(path=str(SCREENSHOTS / "field-attendance-back-online.png"), full_page=True)
    marks = dict(Attendance.objects.filter(day=day).values_list("enrollment__person__full_name", "reason__code"))
    assert marks == {NAMES[0]: "present", NAMES[1]: "sick", NAMES[2]: "present"}
    assert IdempotencyKey.objects.filter(scope="training.attendance").count() == 3
    assert AuditEvent.objects.filter(code="training.attendance.recorded").count() == 3

    page.reload()  # online again: nothing left to send, nothing sent twice
    expect(page.locator("#present-count")).to_contain_text("2")
    assert Attendance.objects.filter(day=day).count() == 3
    assert AuditEvent.objects.filter(code="training.attendance.recorded").count() == 3


def test_a_mark_that_fails_while_the_browser_says_online_is_sent_again(page, login, live_server, users, day):
    # A weak signal: the browser believes it is online, but the write does not reach the server. No "online" event
    # will come, so the queue tries again by itself, and the mark is saved once the connection carries it.
    login("officer")
    page.goto(f"{live_server.url}/training/days/{day.pk}/attendance/")
    wait_until_kept(page)
    page.context.route("**/*", _no_connection)
    row(page, NAMES[0]).get_by_label("Hadir").check()
    expect(row(page, NAMES[0]).locator(".sync-state")).to_have_attribute("data-state", "pending")
    assert not Attendance.objects.filter(day=day).exists()

    page.context.unroute("**/*", _no_connection)
    expect(row(page, NAMES[0]).locator(".sync-state")).to_have_attribute("data-state", "saved", timeout=15_000)
    assert Attendance.objects.filter(day=day).count() == 1
    assert IdempotencyKey.objects.filter(scope="training.attendance").count() == 1


def test_a_site_session_recorded_offline_is_saved_once(page, login, live_server):
    from bekal.home.demo import DEMO_PASSWORD, load_demo

    today = work_day()
    demo_users = load_demo(today=today)
    site = demo_users["tks.rsudrupit"].organization.work_site
    before = WorkSession.objects.count()
    page.set_viewport_size({"width": 390, "height": 844})
    login("tks.rsudrupit", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/community-service/sites/{site.pk}/day/?date={today.isoformat()}")
    wait_until_kept(page)
    page.reload()
    wait_until_kept(page)

    offline(page, True)
    form = page.locator("form.site-row").first
    expect(form).to_contain_text("Rizky Pratama")
    form.locator("input[name$='-end']").fill("12:00")
    form.locator("button[type=submit]").click()
    expect(form.locator(".sync-state")).to_have_attribute("data-state", "pending")
    page.reload()
    form = page.locator("form.site-row").first
    expect(form.locator(".sync-state")).to_have_attribute("data-state", "pending")
    expect(form.locator("input[name$='-end']")).to_have_value("12:00")
    page.screenshot(path=str(SCREENSHOTS / "field-site-day-offline.png"), full_page=True)
    assert WorkSession.objects.count() == before

    offline(page, False)
    expect(page.locator("form.site-row").first.locator("[role=status]")).to_contain_text("4 jam diakui")
    page.screenshot(path=str(SCREENSHOTS / "field-site-day-back-online.png"), full_page=True)
    assert WorkSession.objects.count() == before + 1
    assert IdempotencyKey.objects.filter(scope="community_service.session").count() == 1


def test_a_queued_absence_that_issues_a_letter_waits_for_confirmation(page, login, live_server):
    # An unexcused absence recorded offline issues a letter: back online, the server refuses the queued entry
    # (409, nothing written) and the row asks, as the online form does; the letter goes out once confirmed.
    from bekal.community_service.models import ComplianceStep
    from bekal.home.demo import DEMO_PASSWORD, load_demo

    today = work_day()
    site = load_demo(today=today)["tks.rsudrupit"].organization.work_site
    sessions, letters = WorkSession.objects.count(), ComplianceStep.objects.count()
    login("tks.rsudrupit", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/community-service/sites/{site.pk}/day/?date={today.isoformat()}")
    wait_until_kept(page)

    offline(page, True)
    form = page.locator("form.site-row").first
    form.locator("input[name$='-end']").fill("12:00")
    form.locator("select[name$='-outcome']").select_option("unacceptable_absence")
    form.locator("button[type=submit]").click()
    expect(form.locator(".sync-state")).to_have_attribute("data-state", "pending")

    offline(page, False)
    form = page.locator("form.site-row").first
    expect(form.locator(".sync-state")).to_have_attribute("data-state", "confirm")
    expect(form.locator(".row-confirm [role=alert]")).to_contain_text("Rizky Pratama")
    page.screenshot(path=str(SCREENSHOTS / "field-site-day-needs-confirmation.png"), full_page=True)
    assert WorkSession.objects.count() == sessions and ComplianceStep.objects.count() == letters

    form.locator(".row-confirm button").first.click()
    expect(page.locator("form.site-row").first.locator("[role=status]")).to_be_visible()
    assert WorkSession.objects.count() == sessions + 1
    assert ComplianceStep.objects.count() == letters + 1


def test_signing_out_deletes_the_kept_field_page_but_keeps_unsent_entries(page, login, live_server):
    from bekal.home.demo import DEMO_PASSWORD, load_demo

    today = work_day()
    site = load_demo(today=today)["tks.rsudrupit"].organization.work_site
    login("tks.rsudrupit", DEMO_PASSWORD)
    field_page = f"{live_server.url}/community-service/sites/{site.pk}/day/?date={today.isoformat()}"
    page.goto(field_page)
    wait_until_kept(page)
    page.evaluate("localStorage.setItem('bekal-queue-v1', JSON.stringify([{id: 'unsent'}]))")
    with page.expect_response(lambda r: r.url.endswith("/accounts/logout/")) as answer:
        page.locator("form[action='/accounts/logout/'] button").click()
    assert answer.value.all_headers()["clear-site-data"] == '"cache"'
    page.wait_for_url(f"{live_server.url}/accounts/login/**")
    # the page with the clients' names is gone from every cache (static files may be kept again: no names in them)
    page.wait_for_function("url => caches.match(url, {ignoreVary: true}).then(hit => !hit)", arg=field_page)
    assert "unsent" in page.evaluate("localStorage.getItem('bekal-queue-v1')")
