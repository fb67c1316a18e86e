"""The partnership part of the demo, from the source stories (DOMAIN.md): the Muratara-Lubuklinggau audience of
12 December 2025 with its follow-ups (proposal and MoU early in 2026, a two-year PKS, the Forum Komunikasi Tenaga
Kerja of Sumatera Selatan), and the Piagam Penghargaan the Kanwil gave Disnaker OKU Timur at Lapas Martapura on
24 June 2025 with its berita acara. Written through the services; idempotent."""

from datetime import date
from typing import Any

from bekal.accounts.models import User
from bekal.organizations.models import Organization, Region
from bekal.partnerships import forums, services
from bekal.partnerships.models import ActionStatus, Meeting, MeetingKind, Stage
from bekal.training.models import Agreement, Programme

AUDIENCE_DAY = date(2025, 12, 12)
AWARD_DAY = date(2025, 6, 24)


def _org(name: str) -> Organization:
    return Organization.objects.get(name=name)


def _people(org: Organization, rows: list[tuple[str, str]]) -> list[dict[str, Any]]:
    return [{"organization": org, "official": None, "name": name, "position": position} for name, position in rows]


def _audience(actor: User, users: dict[str, User], bapas: Organization, blk: Organization) -> Meeting:
    meeting = services.meeting_create(
        actor=actor,
        unit=bapas,
        partners=[blk],
        kind=MeetingKind.AUDIENCE,
        date=AUDIENCE_DAY,
        place="UPTD BLK Lubuklinggau",
        agenda=(
            "Audiensi Bapas Kelas II Musi Rawas Utara ke UPTD BLK Lubuklinggau: persiapan pelatihan vokasi bagi klien "
            "pidana kerja sosial tahun 2026."
        ),
        outcome=(
            "BLK membuka 90 program pelatihan berbasis kebutuhan industri dengan instruktur bersertifikat, dan "
            "memperluas layanan ke Musi Rawas Utara dan Empat Lawang. Pelatihan 2026 paling sedikit 20 hari, "
            "termasuk dua hari Forum Motivasi Dasar bersama Kodim; peserta diuji tim asesor sebelum sertifikat "
            "BNSP. Petugas Bapas mendampingi klien selama pelatihan. Tindak lanjut: proposal dan MoU awal 2026, "
            "PKS dua tahun, Forum Komunikasi Tenaga Kerja Provinsi Sumatera Selatan."
        ),
        attendees=[
            *_people(
                bapas,
                [
                    ("Kabapas Muratara", "Kepala Bapas Kelas II Musi Rawas Utara"),
                    ("Kasubsi BKD Muratara", "Kasubsi Bimbingan Klien Dewasa"),
                    ("Yusuf PK Muratara", "Pembimbing Kemasyarakatan"),
                    ("Sari PK Muratara", "Pembimbing Kemasyarakatan"),
                ],
            ),
            *_people(blk, [("Kepala UPTD BLK Lubuklinggau", "Kepala UPTD BLK Lubuklinggau")]),
        ],
    )
    follow_ups = [
        ("Menyusun proposal dan MoU dengan BLK Lubuklinggau", None, bapas, date(2026, 1, 31), date(2026, 1, 20)),
        ("Menyiapkan PKS dua tahun dengan BLK Lubuklinggau", users["muratara.kabapas"], None, date(2026, 6, 30), None),
        (
            "Mengusulkan Forum Komunikasi Tenaga Kerja Provinsi Sumatera Selatan",
            None,
            bapas,
            date(2026, 3, 31),
            date(2026, 3, 10),
        ),
        ("Memperluas layanan pelatihan ke Musi Rawas Utara dan Empat Lawang", None, blk, date(2026, 12, 31), None),
    ]
    for description, owner_user, owner_org, due, done in follow_ups:
        action = services.action_create(
            actor=actor,
            meeting=meeting,
            description=description,
            due_date=due,
            owner_user=owner_user,
            owner_org=owner_org,
        )
        if done is not None:
            services.action_set_status(actor=actor, action=action, status=ActionStatus.DONE, on=done)
    return meeting


def _muratara_pipeline(actor: User, meeting: Meeting, bapas: Organization, blk: Organization) -> None:
    partnership = services.partnership_create(
        actor=actor,
        unit=bapas,
        partners=[blk],
        title="Pelatihan vokasi klien pemasyarakatan Bapas Muratara dan BLK Lubuklinggau",
        idea_on=date(2025, 11, 17),
    )
    services.step_record(
        actor=actor, partnership=partnership, kind=Stage.MEETING, done_on=AUDIENCE_DAY, meeting=meeting
    )
    services.step_record(
        actor=actor,
        partnership=partnership,
        kind=Stage.PROPOSAL,
        due_date=date(2026, 1, 31),
        done_on=date(2026, 1, 20),
        programmes=list(Programme.objects.filter(provider=blk, name__icontains="barista")),
        participants=16,
        note="Proposal pelatihan barista dan hidroponik untuk klien pidana kerja sosial 2026",
    )
    mou = Agreement.objects.filter(number="MoU/BAPAS-MURATARA/BLK-LLG/2026").first()
    services.step_record(
        actor=actor,
        partnership=partnership,
        kind=Stage.MOU,
        due_date=date(2026, 3, 2),
        agreement=mou,
        note="MoU diajukan; menunggu penandatanganan",
    )
    services.step_record(
        actor=actor, partnership=partnership, kind=Stage.PKS, due_date=date(2026, 6, 30), note="PKS dua tahun"
    )


def _forum(actor: User, bapas: Organization, blk: Organization) -> None:
    kanwil = _org("Kanwil Ditjenpas Sumatera Selatan")
    disnaker = _org("Dinas Tenaga Kerja Kabupaten Ogan Komering Ulu Timur")
    kodim = _org("Kodim 0406/Lubuklinggau")
    lapas = _org("Lapas Kelas IIB Martapura")
    founded = date(2026, 3, 10)
    forum = forums.forum_create(
        actor=actor,
        name="Forum Komunikasi Tenaga Kerja Provinsi Sumatera Selatan",
        region=Region.objects.get(code="16"),
        convener=kanwil,
        members=[bapas, lapas, blk, disnaker, kodim],
        founded_on=founded,
    )
    meeting = services.meeting_create(
        actor=actor,
        unit=kanwil,
        partners=[blk, disnaker, kodim],
        forum=forum,
        kind=MeetingKind.COORDINATION,
        date=founded,
        place="Kanwil Ditjenpas Sumatera Selatan, Palembang",
        agenda="Pembentukan Forum Komunikasi Tenaga Kerja Provinsi Sumatera Selatan",
        outcome="Forum dibentuk; anggota menyepakati komitmen pelatihan dan penyaluran kerja 2026.",
        attendees=_people(kanwil, [("Staf Kanwil Sumsel", "Kepala Bidang Pembinaan")])
        + _people(blk, [("Kepala UPTD BLK Lubuklinggau", "Kepala UPTD BLK Lubuklinggau")])
        + _people(disnaker, [("Staf Disnaker OKU Timur", "Kepala Bidang Pelatihan dan Penempatan")]),
    )
    forums.commitment_create(
        actor=actor, forum=forum, meeting=meeting, kind="decision", text="Forum bertemu setiap triwulan"
    )
    forums.commitment_create(
        actor=actor,
        forum=forum,
        meeting=meeting,
        kind="commitment",
        text="BLK Lubuklinggau membuka angkatan barista untuk klien Bapas Muratara",
        owner=blk,
        number=2,
        due_date=date(2026, 12, 31),
    )
    forums.commitment_create(
        actor=actor,
        forum=forum,
        meeting=meeting,
        kind="commitment",
        text="Disnaker OKU Timur menyalurkan lulusan bersertifikat ke UMKM dan perusahaan mitra",
        owner=disnaker,
        number=10,
        due_date=date(2026, 12, 31),
    )


def _martapura(actor: User) -> None:
    lapas = _org("Lapas Kelas IIB Martapura")
    kanwil = _org("Kanwil Ditjenpas Sumatera Selatan")
    disnaker = _org("Dinas Tenaga Kerja Kabupaten Ogan Komering Ulu Timur")
    handover = services.meeting_create(
        actor=actor,
        unit=lapas,
        partners=[disnaker],
        kind=MeetingKind.MONITORING,
        date=AWARD_DAY,
        place="Lapas Kelas IIB Martapura",
        agenda="Penyerahan Piagam Penghargaan dari Kanwil Ditjenpas Sumatera Selatan kepada Disnaker OKU Timur",
        outcome=(
            "72% warga binaan yang dilatih memperoleh sertifikat kompetensi; 58% di antaranya terserap di UMKM dan "
            "perusahaan mitra setelah bebas. Rencana 2026: MoU jangka panjang, melibatkan industri, dan magang bagi "
            "warga binaan menjelang bebas."
        ),
        attendees=_people(lapas, [("Kalapas Martapura", "Kepala Lapas Kelas IIB Martapura")])
        + _people(disnaker, [("Staf Disnaker OKU Timur", "Kepala Dinas Tenaga Kerja Kabupaten OKU Timur")]),
    )
    services.action_create(
        actor=actor,
        meeting=handover,
        description="Menyusun MoU jangka panjang dengan industri dan program magang menjelang bebas",
        due_date=date(2026, 3, 31),
        owner_org=lapas,
    )
    forums.award_create(
        actor=actor,
        partner=disnaker,
        given_by=kanwil,
        unit=lapas,
        date=AWARD_DAY,
        title="Dukungan pelatihan vokasi, sertifikasi kompetensi dan pendampingan kerja warga binaan",
        number="PH/KANWIL-SUMSEL/VI/2025",
        meeting=handover,
    )
    partnership = services.partnership_create(
        actor=actor,
        unit=lapas,
        partners=[disnaker],
        title="Pelatihan, sertifikasi dan pendampingan kerja WBP Lapas Martapura",
        idea_on=date(2024, 10, 1),
    )
    pks = Agreement.objects.filter(number="PKS/LAPAS-MTP/DISNAKER-OKUT/2025").first()
    if pks is not None:
        services.step_record(
            actor=actor,
            partnership=partnership,
            kind=Stage.PKS,
            done_on=pks.signing_date or pks.start_date,
            agreement=pks,
        )
    services.step_record(
        actor=actor,
        partnership=partnership,
        kind=Stage.RENEWAL,
        due_date=date(2026, 12, 1),
        note="MoU jangka panjang dengan industri dan magang (rencana 2026)",
    )


def load(*, today: date, users: dict[str, User]) -> None:
    """Record the stories' meetings, pipeline, forum and award once."""
    actor = users["admin"]
    bapas, blk = _org("Bapas Kelas II Musi Rawas Utara"), _org("UPTD BLK Lubuklinggau")
    if Meeting.objects.filter(unit=bapas, date=AUDIENCE_DAY).exists():
        return
    meeting = _audience(actor, users, bapas, blk)
    _muratara_pipeline(actor, meeting, bapas, blk)
    _forum(actor, bapas, blk)
    _martapura(actor)
