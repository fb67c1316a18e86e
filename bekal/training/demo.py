"""Training demo data from the three source stories (DOMAIN.md), written through the services.

- Bapas Muratara and UPTD BLK Lubuklinggau: a 20-day 2026 barista batch with two FMD days with Kodim 0406, community
  service clients and their escorts, under an MoU still being prepared (so the batch carries the agreement warning).
- Lapas Martapura and Disnaker OKU Timur, 2025: carpentry and agriculture batches with 25 completers (the certification
  demo then certifies 18 of them: 72%).
- Lapas Narkotika Bandar Lampung and BLK Bandar Lampung, 2021: a welding batch with its budget and realisation,
  against the year's approved training plan (the Ditjenpas mandatory programme).
- Every programme carries its KBLI section and KBJI major group; BLK Lubuklinggau's instructors are registered with
  their own certificates.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.test import override_settings

from bekal.accounts.models import User
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.people import services as people
from bekal.people.models import Education, Person, ReleaseReason, SupervisionKind
from bekal.training import services
from bekal.training.classifications import Kbji, Kbli
from bekal.training.models import Agreement, AgreementStatus, Batch, BatchStatus, Programme, TrainingDay

K = OrganizationKind
MARTAPURA_COMPLETERS = 25


def _org(name: str) -> Organization:
    return Organization.objects.get(name=name)


def _end_after(start: date, days: int) -> date:
    """Return the date on which the given number of working days from start is reached."""
    end = start
    while len(services.plan_days(start, end)) < days:
        end += timedelta(days=1)
    return end


def _units(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return pairs


def _agreement(
    actor: User,
    *,
    unit: Organization,
    partner: Organization,
    kind: str,
    number: str,
    title: str,
    start: date,
    status: str,
    regions: list[Region] | None = None,
    programmes: list[Programme] | None = None,
    end: date | None = None,
) -> Agreement:
    agreement = services.agreement_create(
        actor=actor,
        unit=unit,
        partners=[partner],
        kind=kind,
        number=number,
        title=title,
        start_date=start,
        end_date=end,
        proposal_date=start - timedelta(days=30),
        regions=regions or [],
        programmes=programmes or [],
    )
    paths: dict[str, list[str]] = {
        AgreementStatus.PROPOSED: [AgreementStatus.PROPOSED],
        AgreementStatus.ACTIVE: [AgreementStatus.PROPOSED, AgreementStatus.ACTIVE],
    }
    path = paths[status]
    for step in path:
        agreement = services.agreement_move(
            actor=actor,
            agreement=agreement,
            status=step,
            on=start - timedelta(days=5),
            signing_date=start - timedelta(days=5) if step == AgreementStatus.ACTIVE else None,
        )
    return agreement


def _new_inmates(
    actor: User,
    *,
    unit: Organization,
    home: Region,
    count: int,
    prefix: str,
    admission: date,
    first_names: list[str],
    family: str,
) -> list[Person]:
    out = []
    for i in range(count):
        person = people.person_create(
            actor=actor,
            unit=unit,
            confirm_new=True,
            full_name=f"{first_names[i % len(first_names)]} {family} {i + 1}",
            birth_date=date(1985 + i % 15, 1 + i % 12, 1 + i % 28),
            sex="M",
            nik=None,
            education=Education.SMP,
            home_region=home,
        )
        people.custody_period_create(
            actor=actor,
            person=person,
            unit=unit,
            register_number=f"{prefix}/{i + 1:04d}",
            register_class="B.I",
            admission_date=admission,
            offence_category="theft",
            sentence_years=6,
            sentence_months=0,
            sentence_days=0,
        )
        out.append(person)
    return out


def _run_batch(
    actor: User, batch: Batch, persons: list[Person], *, today: date, complete: int | None = None
) -> list[Any]:
    """Nominate, select and enrol; mark the days up to today; complete the first ``complete`` participants."""
    enrollments = []
    for person in persons:
        enrollment = services.enrollment_nominate(
            actor=actor, batch=batch, person=person, interest_statement_on=batch.start_date - timedelta(days=14)
        )
        enrollment = services.enrollment_decide(
            actor=actor, enrollment=enrollment, selected=True, reason="Berminat, disiplin dan siap"
        )
        enrollments.append(services.enrollment_enrol(actor=actor, enrollment=enrollment))
    if batch.start_date <= today:
        batch = services.batch_move(actor=actor, batch=batch, status=BatchStatus.RUNNING, today=today)
    days = list(TrainingDay.objects.filter(batch=batch, date__lte=today).order_by("date"))
    for day in days:
        marks = {e.id: "present" for e in enrollments[: complete if complete is not None else len(enrollments)]}
        marks |= {e.id: "absent" for e in enrollments[len(marks) :]}
        services.attendance_record(actor=actor, day=day, marks=marks, today=today)
    if complete is not None:
        for i, enrollment in enumerate(enrollments):
            if i < complete:
                done = services.enrollment_complete(actor=actor, enrollment=enrollment, today=today)
                # Issued on the batch's last day, so the public check (/verifikasi/<token>/) has certificates to show.
                services.certificate_issue(actor=actor, enrollment=done, today=min(batch.end_date, today))
            else:
                services.enrollment_end(
                    actor=actor, enrollment=enrollment, status="not_completed", reason="Kehadiran di bawah 80%"
                )
        services.batch_move(actor=actor, batch=batch, status=BatchStatus.FINISHED, today=today)
    return enrollments


def _lubuklinggau_programmes(actor: User, blk: Organization) -> Programme:
    """Create three of the BLK's programmes (it offers 90, DOMAIN.md story 1) and return the barista one."""
    barista = services.programme_create(
        actor=actor,
        provider=blk,
        name="Barista",
        kbli=Kbli.I,
        kbji=Kbji.SERVICE_SALES,
        field="Pariwisata",
        total_jp=160,
        training_days=20,
        scheme="Skema Barista (KKNI II)",
        scheme_code="KKNI.II.BARISTA",
        units=[
            ("I.563000.001.01", "Menyiapkan peralatan kopi"),
            ("I.563000.002.01", "Membuat espresso"),
            ("I.563000.003.01", "Melayani pelanggan"),
        ],
    )
    services.programme_create(
        actor=actor,
        provider=blk,
        name="Hidroponik",
        kbli=Kbli.A,
        kbji=Kbji.AGRICULTURE,
        field="Pertanian",
        total_jp=160,
        training_days=20,
        scheme="Skema Budidaya Tanaman Hidroponik",
        units=[("A.011300.001.01", "Menyiapkan media tanam"), ("A.011300.002.01", "Merawat tanaman")],
    )
    services.programme_create(
        actor=actor,
        provider=blk,
        name="Pertukangan Kayu",
        kbli=Kbli.F,
        kbji=Kbji.CRAFT,
        field="Konstruksi",
        total_jp=200,
        training_days=25,
        units=[("F.439100.001.01", "Mengukur dan memotong kayu")],
    )
    return barista


def _muratara_clients(actor: User, users: dict[str, User], bapas: Organization) -> list[Person]:
    """Register six community-service clients of Bapas Muratara, supervised by its PK from January 2026."""
    clients = []
    for i, name in enumerate(["Rahmat", "Joko", "Fajar", "Dedi", "Hendra", "Irwan"]):
        person = people.person_create(
            actor=actor,
            unit=bapas,
            confirm_new=True,
            full_name=f"{name} Muratara",
            sex="M",
            nik=None,
            birth_date=date(1990 + i, 3, 10 + i),
            education=Education.SMA,
            home_region=Region.objects.get(code="16.13"),
        )
        people.supervision_period_create(
            actor=actor,
            person=person,
            unit=bapas,
            kind=SupervisionKind.COMMUNITY_SERVICE,
            officer=users["muratara.pk"],
            start_date=date(2026, 1, 5),
            expected_end_date=date(2026, 7, 4),
        )
        clients.append(person)
    return clients


def _instructors(actor: User, blk: Organization, batch: Batch, *, today: date) -> None:
    """Register the BLK's certified instructors (DOMAIN.md, story 1): the barista instructor teaches the batch; the
    hydroponics instructor's certificate ends within the notice window, so it shows on the BLK's worklist."""
    barista = services.instructor_create(actor=actor, provider=blk, name="Dedi Kurniawan")
    services.instructor_certificate_add(
        actor=actor,
        instructor=barista,
        scheme="Skema Barista (KKNI II)",
        scheme_code="KKNI.II.BARISTA",
        number="INS.5630.00123.2024",
        issuer="LSP Pariwisata Indonesia",
        valid_from=date(2024, 6, 3),
        valid_until=date(2027, 6, 2),
    )
    hydroponics = services.instructor_create(actor=actor, provider=blk, name="Sri Wahyuni")
    services.instructor_certificate_add(
        actor=actor,
        instructor=hydroponics,
        scheme="Skema Budidaya Tanaman Hidroponik",
        number="INS.0113.00456.2023",
        issuer="LSP Pertanian",
        valid_from=today - timedelta(days=3 * 365 - 40),
        valid_until=today + timedelta(days=40),
    )
    services.batch_instructor_add(actor=actor, batch=batch, instructor=barista)


def _lubuklinggau(actor: User, users: dict[str, User], *, today: date) -> None:
    blk, bapas, kodim = (
        _org("UPTD BLK Lubuklinggau"),
        _org("Bapas Kelas II Musi Rawas Utara"),
        _org("Kodim 0406/Lubuklinggau"),
    )
    barista = _lubuklinggau_programmes(actor, blk)
    regions = list(Region.objects.filter(code__in=["16.13", "16.11"]))
    _agreement(
        actor,
        unit=bapas,
        partner=blk,
        kind="mou",
        number="MoU/BAPAS-MURATARA/BLK-LLG/2026",
        title="Pelatihan vokasi klien pemasyarakatan (pidana kerja sosial)",
        start=date(2026, 3, 2),
        end=date(2028, 3, 1),
        status=AgreementStatus.PROPOSED,
        regions=regions,
        programmes=[barista],
    )
    clients = _muratara_clients(actor, users, bapas)
    start = date(2026, 2, 2)
    # The MoU is still being prepared (DOMAIN.md, story 1): the batch is accepted with the agreement warning.
    with override_settings(BEKAL_AGREEMENT_REQUIRED=False):
        batch = services.batch_create(
            actor=actor,
            programme=barista,
            units=[bapas],
            name="Barista Klien Bapas Muratara 2026",
            start_date=start,
            end_date=_end_after(start, 20),
            fmd_partner=kodim,
            confirm_without_agreement=True,
        )
    _instructors(actor, blk, batch, today=today)
    batch = services.batch_move(actor=actor, batch=batch, status=BatchStatus.OPEN)
    officers = [users["muratara.pk"], users["muratara.pk2"]]
    days = list(batch.days.order_by("date"))
    for i, day in enumerate(days[:-1]):
        services.escort_assign(actor=actor, day=day, officer=officers[i % 2])
    # The last day the Bapas's security staff escort: not Bekal users, recorded by name and NIP.
    services.escort_assign(actor=actor, day=days[-1], officer_name="Joko Susilo", officer_nip="198003152006041002")
    _run_batch(actor, batch, clients, today=today, complete=len(clients) if batch.end_date < today else None)


def _martapura(actor: User, *, today: date) -> None:
    lapas, disnaker = _org("Lapas Kelas IIB Martapura"), _org("Dinas Tenaga Kerja Kabupaten Ogan Komering Ulu Timur")
    lsp = Organization.objects.get_or_create(name="LSP Konstruksi dan Pertanian Sumatera Selatan", kind=K.LSP)[0]
    carpentry = services.programme_create(
        actor=actor,
        provider=disnaker,
        name="Pertukangan Kayu WBP",
        kbli=Kbli.C,
        kbji=Kbji.CRAFT,
        field="Konstruksi",
        total_jp=160,
        training_days=20,
        scheme="Skema Tukang Kayu",
        units=[("F.439100.001.01", "Mengukur dan memotong kayu"), ("F.439100.002.01", "Merakit perabot")],
    )
    farming = services.programme_create(
        actor=actor,
        provider=disnaker,
        name="Pertanian Hortikultura",
        kbli=Kbli.A,
        kbji=Kbji.AGRICULTURE,
        field="Pertanian",
        total_jp=160,
        training_days=20,
        scheme="Skema Budidaya Sayuran",
        units=[("A.011300.003.01", "Menyemai benih"), ("A.011300.004.01", "Memanen")],
    )
    services.programme_create(
        actor=actor,
        provider=disnaker,
        name="Teknisi Pendingin",
        kbli=Kbli.S,
        kbji=Kbji.TECHNICIANS,
        field="Teknik",
        total_jp=160,
        training_days=20,
        units=[("C.331200.001.01", "Merawat mesin pendingin")],
    )
    _agreement(
        actor,
        unit=lapas,
        partner=disnaker,
        kind="pks",
        number="PKS/LAPAS-MTP/DISNAKER-OKUT/2025",
        title="Pelatihan, sertifikasi dan pendampingan kerja WBP",
        start=date(2025, 1, 2),
        status=AgreementStatus.ACTIVE,
        programmes=[carpentry, farming],
    )
    inmates = _new_inmates(
        actor,
        unit=lapas,
        home=Region.objects.get(code="16.08"),
        count=MARTAPURA_COMPLETERS + 2,
        prefix="BI.MTP.2024",
        admission=date(2024, 6, 3),
        first_names=["Agus", "Bayu", "Dimas", "Rudi", "Slamet", "Taufik", "Wahyu", "Yoga"],
        family="Martapura",
    )
    plans = [(carpentry, date(2025, 6, 2), inmates[:14], 13), (farming, date(2025, 8, 4), inmates[14:], 12)]
    for number, (programme, start, persons, complete) in enumerate(plans, start=1):
        batch = services.batch_create(
            actor=actor,
            programme=programme,
            units=[lapas],
            name=f"{programme.name} Angkatan {number} 2025",
            start_date=start,
            end_date=_end_after(start, 20),
            lsp=lsp,
            venue="inside",
        )
        batch = services.batch_move(actor=actor, batch=batch, status=BatchStatus.OPEN)
        # Assessed, certified and closed by the certification demo (bekal.certification.demo), which runs next.
        _run_batch(actor, batch, persons, today=today, complete=complete)


def _bandar_lampung(actor: User, *, today: date) -> None:
    lapas, blk = _org("Lapas Narkotika Kelas IIA Bandar Lampung"), _org("UPTD BLK Bandar Lampung")
    welding = services.programme_create(
        actor=actor,
        provider=blk,
        name="Las Listrik",
        kbli=Kbli.C,
        kbji=Kbji.CRAFT,
        field="Manufaktur",
        total_jp=160,
        training_days=20,
        units=[("C.251100.001.01", "Mengelas dengan proses las busur manual")],
    )
    _agreement(
        actor,
        unit=lapas,
        partner=blk,
        kind="pks",
        number="PKS/LPN-BDL/BLK-BDL/2020",
        title="Pelatihan keterampilan kerja WBP",
        start=date(2020, 12, 1),
        end=date(2022, 11, 30),
        status=AgreementStatus.ACTIVE,
    )
    inmates = _new_inmates(
        actor,
        unit=lapas,
        home=Region.objects.get(code="18.71"),
        count=10,
        prefix="BI.NBL.2020",
        admission=date(2020, 3, 2),
        first_names=["Arif", "Heri", "Iwan", "Feri", "Sandi"],
        family="Lampung",
    )
    start = date(2021, 2, 1)
    batch = services.batch_create(
        actor=actor,
        programme=welding,
        units=[lapas],
        name="Las Listrik Angkatan 1 2021",
        start_date=start,
        end_date=_end_after(start, 20),
        venue="inside",
    )
    batch = services.batch_move(actor=actor, batch=batch, status=BatchStatus.OPEN)
    _run_batch(actor, batch, inmates, today=today, complete=len(inmates))
    allocation = services.allocation_create(
        actor=actor, unit=lapas, year=2021, amount=Decimal("150000000"), dipa_number="DIPA-013.05.2.xxxxxx/2021"
    )
    for day, text, amount in [
        (date(2021, 2, 1), "Bahan praktik las", Decimal("82500000")),
        (date(2021, 2, 26), "Honor instruktur BLK", Decimal("45000000")),
        (date(2021, 3, 5), "Konsumsi dan perlengkapan peserta", Decimal("15000000")),
    ]:
        services.realisation_add(
            actor=actor, allocation=allocation, batch=batch, date=day, description=text, amount=amount
        )
    _bandar_lampung_plan(actor, lapas, welding)
    _bandar_lampung_releases(actor, inmates, today=today)


def _bandar_lampung_releases(actor: User, inmates: list[Person], *, today: date) -> None:
    """The 2021 welders served their six years (admitted 2 March 2020): whoever's expected release has passed by the
    demo's today has been released on it, so nobody stays recorded in custody past their release."""
    for person in inmates:
        period = person.custody_periods.get(release_date__isnull=True)
        if period.expected_release_date is not None and period.expected_release_date < today:
            people.custody_period_release(
                actor=actor,
                period=period,
                release_date=period.expected_release_date,
                release_reason=ReleaseReason.SENTENCE_SERVED,
            )


def _bandar_lampung_plan(actor: User, lapas: Organization, welding: Programme) -> None:
    """The 2021 annual plan (DOMAIN.md, story 3): the Ditjenpas mandatory programme, one welding package of 16 at the
    BLK's standard, the year's budget of Rp 150,000,000, approved in January. The year realised one batch of 10
    participants and absorbed Rp 142,500,000 (95%): the gap is 6 participants and Rp 7,500,000."""
    plan = services.plan_create(
        actor=actor, unit=lapas, year=2021, note="Program wajib tahunan Ditjenpas: pelatihan keterampilan WBP"
    )
    services.plan_line_set(
        actor=actor,
        plan=plan,
        programme=welding,
        batches=1,
        participants=16,
        budget=Decimal("150000000"),
        mandatory=True,
    )
    services.plan_approve(actor=actor, plan=plan, today=date(2021, 1, 15))


def load(*, today: date, users: dict[str, User]) -> None:
    """Create the training demo once; a second run changes nothing."""
    if Programme.objects.filter(name="Barista", provider__name="UPTD BLK Lubuklinggau").exists():
        return
    actor = users["admin"]
    _lubuklinggau(actor, users, today=today)
    _martapura(actor, today=today)
    _bandar_lampung(actor, today=today)
    services.agreements_refresh(actor=actor, today=today)
