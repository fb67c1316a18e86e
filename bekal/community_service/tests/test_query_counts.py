"""Community-service lists and endpoints do not run a query per row (see `bekal.core.testing`)."""

import itertools
from datetime import date, time, timedelta

import pytest
from django.urls import reverse

from bekal.community_service.models import Outcome, SiteType
from bekal.community_service.services import ledger as ledger_services
from bekal.community_service.services import litmas as litmas_services
from bekal.community_service.services import sites as site_services
from bekal.community_service.services import supervision as supervision_services
from bekal.community_service.tests.conftest import START
from bekal.community_service.tests.test_supervision_sentence import data as sentence_data
from bekal.core.testing import assert_flat_queries, covers

_n = itertools.count()


def _weekdays(start, count):
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


@pytest.fixture
def big_site(users):
    return site_services.work_site_create(
        actor=users.sysadmin,
        name="Taman Kota",
        region=None,
        site_type=SiteType.PUBLIC_FACILITY,
        capacity=50,
        days=[0, 1, 2, 3, 4],
        opens_at=time(7, 0),
        closes_at=time(17, 0),
    )


@pytest.fixture
def grow_orders(make_order, users, big_site):
    """Orders of Bapas Muratara, each placed at a site and with a session, so every column has data."""

    def grow(n):
        names = []
        for _ in range(n):
            name = f"Klien {next(_n)}"
            order = make_order(name=name, officer=users.pk)
            site_services.placement_create(
                actor=users.sysadmin,
                order=order,
                site=big_site,
                start_date=START,
                days=[0, 1, 2, 3, 4],
                hours_per_day=8,
            )
            ledger_services.session_record(
                actor=users.pk,
                order=order,
                date=START,
                start=time(8, 0),
                end=time(10, 0),
                outcome=Outcome.ATTENDED_COMPLIED,
            )
            names.append(name)
        return names

    return grow


@pytest.fixture
def grow_sentences(world, users, cs, make_person):
    def grow(n):
        names = []
        for _ in range(n):
            name = f"Terpidana {next(_n)}"
            person = make_person(world.muratara, full_name=name, custody=False, nik=None)
            sentence = supervision_services.sentence_create(
                actor=users.sysadmin, person=person, unit=world.muratara, officer=None, **sentence_data(cs)
            )
            supervision_services.monthly_report_record(
                actor=users.pk, sentence=sentence, month=date(2026, 2, 1), reported_on=date(2026, 2, 20)
            )
            names.append(name)
        return names

    return grow


@pytest.fixture
def grow_sites(users):
    def grow(n):
        names = []
        for _ in range(n):
            site = site_services.work_site_create(
                actor=users.sysadmin,
                name=f"Sekolah {next(_n)}",
                region=None,
                site_type=SiteType.SCHOOL,
                capacity=2,
                days=[0],
                opens_at=time(8, 0),
                closes_at=time(12, 0),
            )
            names.append(site.organization.name)
        return names

    return grow


@covers("community_service:list")
@pytest.mark.parametrize("role", ["pk", "national"])
def test_the_order_list(client_for, users, grow_orders, role):
    assert_flat_queries(client_for(getattr(users, role)), reverse("community_service:list"), grow_orders, ceiling=14)


@covers("GET /api/v1/community-service/orders")
def test_the_order_endpoint(client_for, users, grow_orders):
    assert_flat_queries(client_for(users.pk), "/api/v1/community-service/orders", grow_orders, ceiling=10)


@pytest.mark.parametrize("url", [reverse("community_service:list"), "/api/v1/community-service/orders"])
def test_the_orders_for_the_prosecutor_and_the_site(client_for, cs, big_site, make_user, grow_orders, url):
    from bekal.accounts.models import Role

    site_user = make_user(big_site.organization, Role.SITE_SUPERVISOR)
    for user in (cs.prosecutor_user, site_user):
        assert_flat_queries(client_for(user), url, grow_orders, ceiling=14)


@covers("community_service:detail", "GET /api/v1/community-service/orders/{order_id}")
@pytest.mark.parametrize("api", [False, True])
def test_an_order_with_its_ledger_letters_and_adjustments(client_for, users, order, cs, api):
    from bekal.community_service.models import ComplianceStep

    def grow(n):
        marks = []
        for _ in range(n):
            i = next(_n)
            session = ledger_services.session_record(
                actor=users.pk,
                order=order,
                date=_weekdays(START, 60)[i % 60],
                start=time(8, 0),
                end=time(9, 0),
                outcome=Outcome.ATTENDED_COMPLIED,
                supervised_by=f"Mandor {i}",
            )
            step = ComplianceStep.objects.create(
                order=order, kind="report", number=100 + i, issued_on=session.date, session=session
            )
            ledger_services.adjustment_create(actor=users.sysadmin, order=order, minutes=1, reason=f"Koreksi {i}")
            if api:
                marks.append(f'"number": {step.number}')
            else:
                marks += [f"Mandor {i}", f"Koreksi {i}", reverse("community_service:letter", args=[step.pk])]
        return marks

    url = (
        f"/api/v1/community-service/orders/{order.pk}" if api else reverse("community_service:detail", args=[order.pk])
    )
    assert_flat_queries(client_for(users.pk), url, grow, ceiling=20)


@covers("GET /api/v1/community-service/orders/{order_id}/sessions")
def test_the_ledger_endpoint(client_for, users, order):
    def grow(n):
        dates = []
        for _ in range(n):
            on = _weekdays(START, 60)[next(_n) % 60]
            ledger_services.session_record(
                actor=users.pk,
                order=order,
                date=on,
                start=time(8, 0),
                end=time(9, 0),
                outcome=Outcome.ATTENDED_COMPLIED,
            )
            dates.append(on.isoformat())
        return dates

    url = f"/api/v1/community-service/orders/{order.pk}/sessions"
    assert_flat_queries(client_for(users.pk), url, grow, ceiling=10)


@covers("community_service:sites")
def test_the_site_list(client_for, users, grow_sites):
    assert_flat_queries(client_for(users.pk), reverse("community_service:sites"), grow_sites, ceiling=12)


@covers("GET /api/v1/community-service/work-sites")
def test_the_site_endpoint(client_for, users, grow_sites):
    assert_flat_queries(client_for(users.pk), "/api/v1/community-service/work-sites", grow_sites, ceiling=10)


@covers("community_service:site-day")
@pytest.mark.parametrize("role", ["pk", "site"])
def test_a_sites_day(client_for, users, big_site, make_user, grow_orders, role):
    user = make_user(big_site.organization, "site_supervisor") if role == "site" else users.pk
    url = reverse("community_service:site-day", args=[big_site.pk])
    assert_flat_queries(client_for(user), url, grow_orders, params={"date": START.isoformat()}, ceiling=14)


@covers("community_service:sentences")
@pytest.mark.parametrize("role", ["pk", "prosecutor", "national"])
def test_the_sentence_list(client_for, users, cs, grow_sentences, role):
    user = cs.prosecutor_user if role == "prosecutor" else getattr(users, role)
    assert_flat_queries(client_for(user), reverse("community_service:sentences"), grow_sentences, ceiling=12)


@covers("GET /api/v1/community-service/supervision-sentences")
def test_the_sentence_endpoint(client_for, users, grow_sentences):
    url = "/api/v1/community-service/supervision-sentences"
    assert_flat_queries(client_for(users.pk), url, grow_sentences, ceiling=10)


@covers("community_service:sentence-detail")
def test_a_sentence_with_reports_and_breaches(client_for, users, grow_sentences):
    from bekal.community_service.models import SupervisionSentence

    grow_sentences(1)
    sentence = SupervisionSentence.objects.get()
    months = iter([date(2026, m, 1) for m in range(3, 12)])

    def grow(n):
        marks = []
        for _ in range(n):
            i = next(_n)
            month = next(months, None)
            if month is not None:
                supervision_services.monthly_report_record(
                    actor=users.pk,
                    sentence=sentence,
                    month=month,
                    reported_on=month + timedelta(days=5),
                    notes=f"Lapor {i}",
                )
                marks.append(f"Lapor {i}")
            supervision_services.breach_open(
                actor=users.pk,
                sentence=sentence,
                condition=f"Syarat {i}",
                advised_on=date(2026, 4, 1),
                advice="Teguran",
            )
            marks.append(f"Syarat {i}")
        return marks

    url = reverse("community_service:sentence-detail", args=[sentence.pk])
    assert_flat_queries(client_for(users.pk), url, grow, ceiling=16)


@covers("community_service:litmas")
def test_a_persons_litmas(client_for, users, world, make_person):
    person = make_person(world.muratara, custody=False, nik=None)

    def grow(n):
        marks = []
        for _ in range(n):
            text = f"Rekomendasi {next(_n)}"
            litmas_services.litmas_create(
                actor=users.pk,
                person=person,
                unit=world.muratara,
                officer=users.pk,
                date=date(2026, 2, 10),
                purpose="pre_sentence",
                recommendation=text,
            )
            marks.append(text)
        return marks

    url = reverse("community_service:litmas", args=[person.pk])
    assert_flat_queries(client_for(users.pk), url, grow, ceiling=14)


@covers("home:home")
def test_the_bapas_home_page_blocks(client_for, users, cs, make_order, grow_sentences):
    """The PK's home: orders at risk (no session two weeks after the start), missed monthly reports."""

    def grow(n):
        names = []
        for _ in range(n):
            name = f"Lambat {next(_n)}"
            make_order(name=name, officer=users.pk)
            names.append(name)
        return names + grow_sentences(n)

    # 32: the worklist also reads the partnership follow-up actions and the expiring agreements (one query each).
    assert_flat_queries(client_for(users.pk), reverse("home:home"), grow, ceiling=32)


@covers("community_service:client-search")
def test_the_client_search(client_for, users, world, make_person):
    def grow(n):
        names = []
        for _ in range(n):
            i = next(_n)
            make_person(world.muratara, full_name=f"Klien Cari {i}", custody=False, supervision="pb", nik=None)
            names.append(f"Klien Cari {i}")
        return names

    url = reverse("community_service:client-search")
    assert_flat_queries(client_for(users.pk), url, grow, params={"q": "Klien Cari"}, ceiling=12)


@covers("GET /api/v1/community-service/periods-awaiting-order")
def test_periods_awaiting_an_order(client_for, users, world, make_person):
    def grow(n):
        names = []
        for _ in range(n):
            i = next(_n)
            name = f"Menunggu Putusan {i}"
            make_person(
                world.muratara,
                full_name=name,
                birth_date=date(1980, 1, 1) + timedelta(days=i),
                custody=False,
                nik=None,
                supervision="kerja_sosial",
            )
            names.append(name)
        return names

    assert_flat_queries(client_for(users.pk), "/api/v1/community-service/periods-awaiting-order", grow, ceiling=8)


@covers("GET /api/v1/community-service/people/{person_id}/litmas")
def test_a_persons_litmas_endpoint(client_for, users, world, make_person):
    person = make_person(world.muratara, full_name="Rizky Pratama", custody=False, nik=None)

    def grow(n):
        marks = []
        for _ in range(n):
            text = f"Rekomendasi {next(_n)}"
            litmas_services.litmas_create(
                actor=users.pk,
                person=person,
                unit=world.muratara,
                officer=users.pk,
                date=date(2026, 2, 10),
                purpose="pre_sentence",
                recommendation=text,
            )
            marks.append(text)
        return marks

    url = f"/api/v1/community-service/people/{person.pk}/litmas"
    assert_flat_queries(client_for(users.pk), url, grow, ceiling=10)


@covers("GET /api/v1/community-service/supervision-sentences/{sentence_id}/breaches")
def test_a_sentences_breaches_endpoint(client_for, users, world, cs, make_person):
    person = make_person(world.muratara, full_name="Dedi Harahap", custody=False, nik=None)
    sentence = supervision_services.sentence_create(
        actor=users.sysadmin, person=person, unit=world.muratara, officer=None, **sentence_data(cs)
    )

    def grow(n):
        marks = []
        for _ in range(n):
            condition = f"Syarat {next(_n)}"
            supervision_services.breach_open(
                actor=users.pk, sentence=sentence, condition=condition, advised_on=date(2026, 3, 2), advice="Teguran"
            )
            marks.append(condition)
        return marks

    url = f"/api/v1/community-service/supervision-sentences/{sentence.pk}/breaches"
    assert_flat_queries(client_for(users.pk), url, grow, ceiling=10)


@covers("GET /api/v1/community-service/orders/{order_id}/placements")
def test_the_placement_history_endpoint(client_for, users, order, big_site):
    from bekal.community_service.models import Placement

    def grow(n):
        reasons = []
        for _ in range(n):
            i = next(_n)
            Placement.objects.create(
                order=order,
                site=big_site,
                start_date=START,
                end_date=START,
                days=[0],
                hours_per_day=1,
                end_reason=f"Pindah {i}",
            )
            reasons.append(f"Pindah {i}")
        return reasons

    url = f"/api/v1/community-service/orders/{order.pk}/placements"
    assert_flat_queries(client_for(users.pk), url, grow, ceiling=10)
