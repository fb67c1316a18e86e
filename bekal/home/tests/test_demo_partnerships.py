"""The partnership stories of the demo (issue 17 item 11): the Muratara-Lubuklinggau audience of 12 December 2025
with its follow-ups, the pipeline and the Sumatera Selatan forum; the Martapura award of 24 June 2025 with its
berita acara; each seen by the people who should see it, and by nobody else."""

from datetime import date

from django.urls import reverse

from bekal.core.registry import collect_worklist
from bekal.partnerships.models import Award, Forum, Meeting, Partnership

from .conftest import DEMO_TODAY


def test_the_muratara_audience_with_its_attendees_and_follow_ups(demo, client):
    meeting = Meeting.objects.get(date=date(2025, 12, 12), unit__name="Bapas Kelas II Musi Rawas Utara")
    assert meeting.kind == "audience" and [p.name for p in meeting.partners.all()] == ["UPTD BLK Lubuklinggau"]
    positions = [a.position for a in meeting.attendees.all()]
    assert "Kepala Bapas Kelas II Musi Rawas Utara" in positions and "Kasubsi Bimbingan Klien Dewasa" in positions
    assert "Kepala UPTD BLK Lubuklinggau" in positions
    assert {a.description: a.status for a in meeting.actions.all()} == {
        "Menyusun proposal dan MoU dengan BLK Lubuklinggau": "done",
        "Menyiapkan PKS dua tahun dengan BLK Lubuklinggau": "open",
        "Mengusulkan Forum Komunikasi Tenaga Kerja Provinsi Sumatera Selatan": "done",
        "Memperluas layanan pelatihan ke Musi Rawas Utara dan Empat Lawang": "open",
    }
    for who in ("muratara.kabapas", "blk.lubuklinggau", "kanwil.sumsel"):
        client.force_login(demo[who])
        page = client.get(reverse("partnerships:meeting", args=[meeting.pk]))
        assert page.status_code == 200 and "Kasubsi BKD Muratara" in page.content.decode(), who
    client.force_login(demo["martapura.bimker"])
    assert client.get(reverse("partnerships:meeting", args=[meeting.pk])).status_code == 404
    client.force_login(demo["muratara.kabapas"])
    minutes = client.get(reverse("partnerships:meeting-minutes", args=[meeting.pk]))
    assert minutes.status_code == 200 and minutes.content.startswith(b"%PDF")


def test_the_kabapas_sees_the_pipeline_overdue_and_the_pks_in_the_worklist(demo, client):
    partnership = Partnership.objects.get(unit__name="Bapas Kelas II Musi Rawas Utara")
    assert partnership.stage == "proposal"
    client.force_login(demo["muratara.kabapas"])
    page = client.get(reverse("partnerships:pipeline")).content.decode()
    assert partnership.title in page and "Proposal" in page
    labels = {i.label: i.count for i in collect_worklist(demo["muratara.kabapas"], DEMO_TODAY)}
    assert labels["Tindak lanjut jatuh tempo"] == 1  # the two-year PKS, owned by the Kabapas in person
    assert labels["Tahap kemitraan terlambat"] == 2  # the MoU awaiting signature, the PKS
    client.force_login(demo["kanwil.sumsel"])
    kanwil = client.get(reverse("partnerships:pipeline")).content.decode()
    assert partnership.title in kanwil and "Lapas Martapura" in kanwil
    client.force_login(demo["kanwil.lampung"])
    assert partnership.title not in client.get(reverse("partnerships:pipeline")).content.decode()


def test_the_sumatera_selatan_forum_on_one_page(demo, client):
    forum = Forum.objects.get(name="Forum Komunikasi Tenaga Kerja Provinsi Sumatera Selatan")
    assert forum.region_id == "16" and forum.members.count() == 6
    client.force_login(demo["disnaker.okutimur"])
    page = client.get(reverse("partnerships:forum", args=[forum.pk])).content.decode()
    assert "BLK Lubuklinggau membuka angkatan barista" in page and "Disnaker OKU Timur menyalurkan" in page
    assert "Kodim 0406/Lubuklinggau" in page


def test_the_martapura_award_on_the_partners_page_with_its_berita_acara(demo, client):
    award = Award.objects.get(partner__name="Dinas Tenaga Kerja Kabupaten Ogan Komering Ulu Timur")
    assert award.date == date(2025, 6, 24) and award.given_by.name == "Kanwil Ditjenpas Sumatera Selatan"
    assert award.meeting is not None and award.meeting.date == award.date
    client.force_login(demo["disnaker.okutimur"])
    page = client.get(reverse("partnerships:partner", args=[award.partner_id])).content.decode()
    assert award.title in page and reverse("partnerships:meeting-minutes", args=[award.meeting_id]) in page
    assert client.get(reverse("partnerships:award-document", args=[award.pk])).content.startswith(b"%PDF")
    mine = client.get(reverse("partnerships:mine")).content.decode()
    assert "PKS/LAPAS-MTP/DISNAKER-OKUT/2025" in mine and award.title in mine


def test_the_blk_home_shows_its_partnership_and_its_follow_up(demo, client):
    client.force_login(demo["blk.lubuklinggau"])
    home = client.get("/").content.decode()
    assert 'id="panel-partnership"' in home and reverse("partnerships:mine") in home
    labels = {i.label: i.count for i in collect_worklist(demo["blk.lubuklinggau"], DEMO_TODAY)}
    assert labels["Komitmen forum terbuka"] == 1  # the barista batches for Bapas Muratara's clients
    mine = client.get(reverse("partnerships:mine")).content.decode()
    assert "Memperluas layanan pelatihan" in mine and "Forum Komunikasi Tenaga Kerja Provinsi Sumatera Selatan" in mine
    assert "MoU/BAPAS-MURATARA/BLK-LLG/2026" in mine and "Barista Klien Bapas Muratara 2026" in mine
