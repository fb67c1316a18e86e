"""Community-service demo data: Bapas Muratara clients with 2026 orders of 40, 120 and 240 hours at work sites in
Musi Rawas Utara (16.13) and Empat Lawang (16.11): one on track, one at risk, one with a second warning, one
completed. Dates count back from ``today`` so the demo looks alive whenever it is loaded. Idempotent.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from bekal.accounts.demo import DEMO_PASSWORD
from bekal.accounts.models import Role, User, UserRole
from bekal.community_service.models import CommunityServiceOrder, Outcome, Sanction, SiteType, WorkSite
from bekal.community_service.services import ledger as ledger_services
from bekal.community_service.services import orders as order_services
from bekal.community_service.services import sites as site_services
from bekal.community_service.services import supervision as supervision_services
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.people import services as people_services

K = OrganizationKind
BAPAS = "Bapas Kelas II Musi Rawas Utara"
COURT = "Pengadilan Negeri Lubuklinggau"
PROSECUTOR = "Kejaksaan Negeri Lubuklinggau"
SITES = [
    ("RSUD Rupit", SiteType.HOSPITAL, "16.13", 3, "Rupit, Musi Rawas Utara", "dr. Hasanah", "081200000101"),
    ("Panti Asuhan Al-Ikhlas Muara Rupit", SiteType.ORPHANAGE, "16.13", 2, "Muara Rupit", "Ibu Salmah", "081200000102"),
    (
        "Masjid Agung Tebing Tinggi",
        SiteType.WORSHIP,
        "16.11",
        2,
        "Tebing Tinggi, Empat Lawang",
        "H. Darmawi",
        "081200000103",
    ),
    (
        "SD Negeri 1 Tebing Tinggi",
        SiteType.SCHOOL,
        "16.11",
        2,
        "Tebing Tinggi, Empat Lawang",
        "Pak Rusdi",
        "081200000104",
    ),
]


@dataclass(frozen=True)
class DemoOrder:
    name: str
    birth: date
    hours: int
    started_days_ago: int
    site: int
    worked: int  # sessions of ``session_hours`` each, every third day from the start (the next day the site opens)
    session_hours: int
    absences: int  # unacceptable absences: each climbs the warning ladder


ORDERS = [
    DemoOrder("Rizky Pratama", date(1998, 4, 12), 120, 40, 0, 10, 4, 0),  # on track
    DemoOrder("Hendri Saputra", date(1991, 9, 3), 240, 60, 2, 4, 4, 0),  # at risk
    DemoOrder("Feri Kurniawan", date(2001, 1, 22), 120, 30, 3, 7, 4, 2),  # second warning
    DemoOrder("Agus Lubis", date(1987, 6, 30), 40, 50, 1, 5, 8, 0),  # completed
]


def _org(name: str, kind: str, region: str, address: str = "") -> Organization:
    org, _created = Organization.objects.get_or_create(
        name=name, kind=kind, defaults={"region_id": region, "address": address}
    )
    return org


def _user(username: str, first: str, last: str, org: Organization, role: str) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "organization": org}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    UserRole.objects.get_or_create(user=user, role=role)
    user.__dict__.pop("roles", None)
    return user


def load(*, today: date, users: dict[str, Any]) -> None:
    """Create the courts, work sites, users and orders of the community-service demo."""
    bapas = Organization.objects.get(name=BAPAS, kind=K.BAPAS)
    court = _org(COURT, K.COURT, "16.73", "Lubuklinggau")
    prosecutor = _org(PROSECUTOR, K.PROSECUTOR, "16.73", "Lubuklinggau")
    admin, pk = users["admin"], users["muratara.pk"]
    sites = _sites(admin)
    users["kejari.lubuklinggau"] = _user(
        "kejari.lubuklinggau", "Jaksa", "Kejari Lubuklinggau", prosecutor, Role.PROSECUTOR_STAFF
    )
    users["tks.rsudrupit"] = _user(
        "tks.rsudrupit", "Pengawas", "RSUD Rupit", sites[0].organization, Role.SITE_SUPERVISOR
    )
    if CommunityServiceOrder.objects.filter(period__unit=bapas).exists():
        return
    _supervision_sentence(today=today, bapas=bapas, court=court, prosecutor=prosecutor, admin=admin, pk=pk)
    for i, spec in enumerate(ORDERS):
        _order(i, spec, today=today, bapas=bapas, court=court, prosecutor=prosecutor, admin=admin, pk=pk, sites=sites)


def _sites(admin: User) -> list[WorkSite]:
    """Return the demo's work sites, registered when missing."""
    sites = []
    for name, kind, region, capacity, address, supervisor, phone in SITES:
        site = WorkSite.objects.filter(organization__name=name).first() or site_services.work_site_create(
            actor=admin,
            name=name,
            region=Region.objects.get(code=region),
            site_type=kind,
            capacity=capacity,
            days=[0, 1, 2, 3, 4, 5],
            opens_at=time(8, 0),
            closes_at=time(16, 0),
            address=address,
            supervisor_name=supervisor,
            supervisor_phone=phone,
        )
        sites.append(site)
    return sites


def _order(
    i: int,
    spec: DemoOrder,
    *,
    today: date,
    bapas: Organization,
    court: Organization,
    prosecutor: Organization,
    admin: User,
    pk: User,
    sites: list[WorkSite],
) -> None:
    """One demo client with an order, a placement and the sessions of ``spec``: worked days, then absences."""
    person = people_services.person_create(
        actor=admin,
        unit=bapas,
        full_name=spec.name,
        birth_date=spec.birth,
        sex="M",
        nik=None,
        home_region=Region.objects.get(code="16.13" if spec.site < 2 else "16.11"),
    )
    start = today - timedelta(days=spec.started_days_ago)
    order = order_services.order_create(
        actor=admin,
        person=person,
        unit=bapas,
        officer=pk,
        start_date=start,
        court=court,
        decision_number=f"{30 + i}/Pid.B/{start.year}/PN Llg",
        decision_date=start - timedelta(days=7),
        offence="Pencurian ringan" if i % 2 == 0 else "Penganiayaan ringan",
        threatened_prison_months=[48, 30, 36, 24][i],
        hours_ordered=spec.hours,
        replaced_prison_months=[3, 6, 4, 2][i],
        hours_per_day=8,
        complete_by=start + relativedelta(months=6) - timedelta(days=1),
        sanction=Sanction.SERVE_PRISON,
        prosecutor_office=prosecutor,
        consent_recorded=True,
    )
    site_services.placement_create(
        actor=admin, order=order, site=sites[spec.site], start_date=start, days=[0, 1, 2, 3, 4], hours_per_day=8
    )
    site = sites[spec.site]
    day = start
    for _n in range(spec.worked):
        day = _open_day(site, day)
        ledger_services.session_record(
            actor=pk,
            order=order,
            date=day,
            start=time(8, 0),
            end=time(8 + spec.session_hours, 0),
            outcome=Outcome.ATTENDED_COMPLIED,
            work_quality=3,
            behaviour=3,
            supervised_by=site.supervisor_name,
            today=today,
        )
        day += timedelta(days=3)
    for _n in range(spec.absences):
        day = _open_day(site, day)
        ledger_services.session_record(
            actor=pk,
            order=order,
            date=day,
            start=time(8, 0),
            end=time(12, 0),
            outcome=Outcome.UNACCEPTABLE_ABSENCE,
            today=today,
        )
        day += timedelta(days=3)


def _open_day(site: WorkSite, day: date) -> date:
    """Return the day, or the next on which the site takes people (a session on a closed day is refused)."""
    while day.weekday() not in site.days:
        day += timedelta(days=1)
    return day


def _supervision_sentence(
    *, today: date, bapas: Organization, court: Organization, prosecutor: Organization, admin: User, pk: User
) -> None:
    """One supervision sentence (pidana pengawasan) whose client reported every month but the last."""
    person = people_services.person_create(
        actor=admin,
        unit=bapas,
        full_name="Dedi Harahap",
        birth_date=date(1995, 2, 14),
        sex="M",
        nik=None,
        home_region=Region.objects.get(code="16.13"),
    )
    # The KUHP's supervision sentence exists from 2 January 2026; the demo's starts on a month's first day.
    start = max((today - timedelta(days=120)).replace(day=1), date(2026, 2, 1))
    sentence = supervision_services.sentence_create(
        actor=admin,
        person=person,
        unit=bapas,
        officer=pk,
        start_date=start,
        court=court,
        decision_number=f"41/Pid.B/{start.year}/PN Llg",
        decision_date=start - timedelta(days=7),
        offence="Penggelapan",
        threatened_prison_months=48,
        term_months=12,
        prosecutor_office=prosecutor,
        special_conditions="Mengganti kerugian korban Rp2.000.000",
    )
    month = start
    last = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    while month < last:
        supervision_services.monthly_report_record(
            actor=pk, sentence=sentence, month=month, reported_on=month + timedelta(days=4), today=today
        )
        month = (month + timedelta(days=32)).replace(day=1)
