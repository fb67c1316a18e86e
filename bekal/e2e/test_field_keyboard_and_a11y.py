"""Attendance with the keyboard alone (focus stays on the mark, the count is announced, Enter never marks everyone),
a void through the confirmation page, and axe-core over the field pages: no serious or critical violation."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bekal.audit.models import AuditEvent
from bekal.community_service.models import OrderStatus, WorkSession
from bekal.e2e.conftest import SCREENSHOTS
from bekal.e2e.test_field_offline import NAMES, day  # noqa: F401 - the fixture, used by name
from bekal.training.models import Attendance


def test_a_whole_day_marked_with_the_keyboard_alone(page, login, live_server, users, day):  # noqa: F811
    login("officer")
    page.goto(f"{live_server.url}/training/days/{day.pk}/attendance/")
    page.wait_for_selector("html[data-queue=ready]", state="attached")
    first = page.locator("fieldset.attendance-row input[type=radio]").first
    first.focus()
    # Space checks the focused radio ("Hadir", the first); focus stays where it was, the count is announced.
    page.keyboard.press("Space")
    expect(page.locator("fieldset.attendance-row").nth(0).locator(".sync-state")).to_have_attribute(
        "data-state", "saved"
    )
    expect(first).to_be_focused()
    expect(page.locator("#present-count")).to_have_attribute("aria-live", "polite")
    expect(page.locator("#present-count")).to_contain_text("1")
    # Enter in a radio submits the form with its first button: saving the day, never "everyone else present".
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert Attendance.objects.filter(day=day).count() == 1
    # Tab leaves the group for the next participant's; the arrow keys choose within it.
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # Hadir
    page.keyboard.press("ArrowRight")  # Sakit: an arrow moves and checks
    expect(page.locator("fieldset.attendance-row").nth(1).get_by_label("Sakit")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    for i in range(3):
        expect(page.locator("fieldset.attendance-row").nth(i).locator(".sync-state")).to_have_attribute(
            "data-state", "saved"
        )
    expect(page.locator("#sync-status")).not_to_be_empty()
    page.screenshot(path=str(SCREENSHOTS / "field-attendance-keyboard.png"), full_page=True)
    marks = dict(Attendance.objects.filter(day=day).values_list("enrollment__person__full_name", "reason__code"))
    assert marks == {NAMES[0]: "present", NAMES[1]: "sick", NAMES[2]: "present"}


def test_the_attendance_page_passes_axe(page, login, live_server, users, day, axe):  # noqa: F811
    login("officer")
    page.goto(f"{live_server.url}/training/days/{day.pk}/attendance/")
    assert axe(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("fieldset.attendance-row").first.get_by_label("Hadir").check()
    assert axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "field-attendance-phone.png"), full_page=True)


@pytest.fixture
def demo(live_server):
    from bekal.e2e.demo_copy import demo_for

    return demo_for(timezone.localdate())


def test_a_void_with_a_reason_takes_the_hours_off_and_is_audited(page, login, live_server, demo, axe):
    from bekal.home.demo import DEMO_PASSWORD

    pk = demo["muratara.pk"]
    session = (
        WorkSession.objects.filter(
            order__period__unit=pk.organization, order__status=OrderStatus.ACTIVE, minutes_credited__gt=0
        )
        .select_related("order__period__person")
        .order_by("-date")
        .first()
    )
    order = session.order
    login("muratara.pk", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/community-service/{order.pk}/")
    before = page.locator("#hours .figure").nth(1).inner_text()
    page.locator(f"#session-{session.pk} a").click()
    expect(page.locator("#check-answers")).to_contain_text(order.period.person.full_name)
    assert axe(page) == []
    page.locator("#void-form button[type=submit]").click()  # no reason: refused, summarised at the top
    expect(page.locator("#error-summary")).to_be_visible()
    assert axe(page) == []
    page.fill("#id_reason", "Dicatat dua kali oleh pengawas")
    page.locator("#void-form button[type=submit]").click()
    expect(page.locator(f"#session-{session.pk}")).to_contain_text("Dicatat dua kali oleh pengawas")
    after = page.locator("#hours .figure").nth(1).inner_text()
    assert before != after
    page.screenshot(path=str(SCREENSHOTS / "field-session-voided.png"), full_page=True)
    session.refresh_from_db()
    assert session.voided_at and session.minutes_credited == 0
    assert AuditEvent.objects.filter(code="community_service.session.voided", object_id=str(session.pk)).exists()


def test_the_site_day_passes_axe(page, login, live_server, demo, axe):
    from bekal.home.demo import DEMO_PASSWORD

    site = demo["tks.rsudrupit"].organization.work_site
    login("tks.rsudrupit", DEMO_PASSWORD)
    on = timezone.localdate() - timedelta(days=0)
    page.goto(f"{live_server.url}/community-service/sites/{site.pk}/day/?date={on.isoformat()}")
    assert axe(page) == []
    form = page.locator("form.site-row").first
    form.locator("input[name$='-start']").fill("05:00")
    form.locator("input[name$='-end']").fill("06:00")
    form.locator("button[type=submit]").click()
    expect(page.locator("form.site-row").first.locator(".errorlist").first).to_be_visible()
    assert axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "field-site-day-refused.png"), full_page=True)


def test_on_a_phone_the_menu_folds_behind_one_button(page, login, live_server, users, day):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 844})
    login("officer")
    page.goto(f"{live_server.url}/training/days/{day.pk}/attendance/")
    header = page.locator("header.top")
    assert header.bounding_box()["height"] < 844 * 0.12
    expect(page.locator("#main-nav")).to_be_hidden()
    toggle = page.locator(".menu-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#main-nav")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "field-phone-menu-open.png"))
    page.set_viewport_size({"width": 1100, "height": 900})
    expect(page.locator(".menu-toggle")).to_be_hidden()
    expect(page.locator("#main-nav")).to_be_visible()
