"""Today's work on the home page: each role of the demo sees its items with counts, each one tap from the form that
does it, and what to do when there is none; the day is the day of the user's unit."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bekal.accounts.models import Role
from bekal.core import registry
from bekal.home.tests.conftest import DEMO_TODAY
from bekal.organizations.models import Organization, OrganizationKind

NOON = datetime(DEMO_TODAY.year, DEMO_TODAY.month, DEMO_TODAY.day, 5, 0, tzinfo=ZoneInfo("UTC"))  # 12:00 WIB


def _home(client_for, user) -> str:
    with time_machine.travel(NOON, tick=False):
        response = client_for(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


def _card(html: str, label: str) -> str:
    """Return the worklist card holding the label (each card runs to the next one, the last to the section's end)."""
    section = html.split('<section class="worklist"', 1)[1].split("</section>", 1)[0]
    matches = [card for card in section.split('class="card work-item')[1:] if label in card]
    assert matches, f"no card {label!r}"
    return matches[0]


def _count(card: str) -> int:
    found = re.search(r'<div class="figure">(?:<a [^>]*>)?(\d+)', card)
    assert found, card
    return int(found.group(1))


@pytest.mark.parametrize(
    ("username", "label", "link"),
    [
        ("martapura.bimker", "Pemantauan lanjutan yang jatuh tempo", "/placement/follow-ups/"),
        ("bdl.bimker", "Hasil uji kompetensi yang perlu dicatat", "/training/batches/"),
        ("bdl.bimker", "Bebas dalam 90 hari ke depan tanpa penilaian kesiapan kerja", "/readiness/"),
        ("muratara.pk", "Klien yang dijadwalkan di tempat kerja sosial hari ini", "/community-service/"),
        ("muratara.pk", "Putusan kerja sosial yang terancam tidak selesai tepat waktu", "/community-service/"),
        ("muratara.pk", "Laporan bulanan pidana pengawasan yang terlewat", "/community-service/supervision/"),
        ("muratara.kabapas", "Perjanjian yang menunggu persetujuan Anda", "/training/agreements/"),
        ("blk.lubuklinggau", "Hasil uji kompetensi yang perlu dicatat", "/training/batches/"),
        ("tks.rsudrupit", "Klien yang dijadwalkan di tempat kerja sosial hari ini", "/day/"),
    ],
)
def test_each_role_sees_its_work_with_a_count_and_a_link(demo, client_for, username, label, link):
    card = _card(_home(client_for, demo[username]), label)
    assert _count(card) > 0
    assert re.search(rf'<li><a href="[^"]*{re.escape(link)}[^"]*">', card), card


@pytest.mark.parametrize(
    ("username", "label", "hint"),
    [
        ("kejari.lubuklinggau", "Laporan yang menunggu keputusan jaksa", "Tidak ada laporan yang menunggu keputusan."),
        ("kanwil.sumsel", "Unit yang penyerapan anggarannya tertinggal", "Setiap unit sudah menyerap anggaran"),
        ("disnaker.okutimur", "Angkatan yang berjalan hari ini", "Tidak ada angkatan yang berjalan hari ini."),
    ],
)
def test_an_empty_item_says_what_to_do_instead(demo, client_for, username, label, hint):
    card = _card(_home(client_for, demo[username]), label)
    assert _count(card) == 0 and hint in card


def test_the_counts_match_the_lists_they_link_to(demo, client_for):
    user = demo["muratara.pk"]
    items = {i.label: i for i in registry.collect_worklist(user, DEMO_TODAY)}
    at_risk = items["Putusan kerja sosial yang terancam tidak selesai tepat waktu"]
    with time_machine.travel(NOON, tick=False):
        listing = client_for(user).get(at_risk.url).content.decode()
    assert listing.count('href="/community-service/') >= at_risk.count


def test_the_worklist_is_read_in_the_day_of_the_users_unit(demo, client_for, make_user, monkeypatch):
    seen: list[date] = []
    monkeypatch.setattr(registry, "worklist_sources", [lambda user, today: seen.append(today) or []])
    makassar = Organization.objects.create(name="Bapas Makassar", kind=OrganizationKind.BAPAS, region_id="73.71")
    jakarta = Organization.objects.create(name="Bapas Jakarta Pusat", kind=OrganizationKind.BAPAS, region_id="31.71")
    late_evening = datetime(2026, 12, 5, 16, 30, tzinfo=ZoneInfo("UTC"))  # 23:30 WIB, 00:30 WITA
    for unit in (jakarta, makassar):
        with time_machine.travel(late_evening, tick=False):
            client_for(make_user(unit, Role.PROBATION_OFFICER)).get("/")
    assert seen == [date(2026, 12, 5), date(2026, 12, 6)]
