"""Every training page climbs the ladder: anonymous -> login, wrong role -> 403, another unit's record -> 404,
right role -> 200. List pages assert a query count that does not grow with the rows."""

import re
import time
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bekal.training import services
from bekal.training.tests.conftest import END, START, TODAY, mark_all


@pytest.fixture
def foreign_batch(world, make_user, programme, agreement):
    from bekal.training.models import Agreement

    other = make_user(world.bandar_lampung, "training_officer")
    pks = Agreement.objects.create(
        kind="pks",
        number="PKS/L",
        title="L",
        unit=world.bandar_lampung,
        start_date=date(2025, 1, 1),
        end_date=date(2026, 12, 31),
        status="active",
    )
    pks.partners.set([world.blk])
    return services.batch_create(
        actor=other, programme=programme, units=[world.bandar_lampung], name="Lampung", start_date=START, end_date=END
    )


def batch_pages(batch):
    day = batch.days.first()
    return [
        reverse("training:batch-detail", args=[batch.pk]),
        reverse("training:attendance-day", args=[day.pk]),
    ]


def officer_pages(batch):
    day = batch.days.first()
    return [
        reverse("training:batch-nominate", args=[batch.pk]),
        reverse("training:escort-assign", args=[day.pk]),
    ]


LISTS = ["training:batch-list", "training:programme-list", "training:agreement-list", "certification:certificate-list"]


class TestLadder:
    def test_anonymous_is_sent_to_login(self, client_for, open_batch):
        urls = [reverse(n) for n in LISTS] + batch_pages(open_batch) + officer_pages(open_batch)
        for url in [*urls, reverse("training:budget"), reverse("training:batch-create")]:
            response = client_for(None).get(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url

    def test_a_viewer_may_not_plan_nominate_or_escort(self, client_for, users, open_batch):
        client = client_for(users.regional)
        assert client.get(reverse("training:batch-detail", args=[open_batch.pk])).status_code == 200
        for url in [reverse("training:batch-create"), reverse("training:programme-create"), *officer_pages(open_batch)]:
            assert client.get(url).status_code == 403, url

    def test_partner_staff_may_not_see_the_budget_or_nominate(self, client_for, users, open_batch):
        client = client_for(users.partner)
        assert client.get(reverse("training:budget")).status_code == 403
        for url in officer_pages(open_batch):
            assert client.get(url).status_code == 403, url

    def test_another_units_batch_is_404(self, client_for, users, foreign_batch):
        for url in batch_pages(foreign_batch) + officer_pages(foreign_batch):
            assert client_for(users.officer).get(url).status_code == 404, url

    def test_the_right_role_gets_200(self, client_for, users, open_batch, programme, agreement):
        urls = [reverse(n) for n in LISTS] + batch_pages(open_batch) + officer_pages(open_batch)
        urls += [
            reverse("training:batch-create"),
            reverse("training:programme-create"),
            reverse("training:programme-import"),
            reverse("training:programme-detail", args=[programme.pk]),
            reverse("training:budget"),
        ]
        for url in urls:
            assert client_for(users.officer).get(url).status_code == 200, url

    def test_the_kanwil_agreement_is_seen_by_its_units_head(self, client_for, users, agreement):
        assert client_for(users.head).get(reverse("training:agreement-detail", args=[agreement.pk])).status_code == 200
        assert (
            client_for(users.other_officer).get(reverse("training:agreement-detail", args=[agreement.pk])).status_code
            == 404
        )


class TestPartner:
    def test_the_provider_sees_names_but_no_nik(self, client_for, users, enrolled, open_batch):
        body = client_for(users.partner).get(reverse("training:batch-detail", args=[open_batch.pk])).content.decode()
        assert enrolled.person.full_name in body
        assert enrolled.person.nik not in body and enrolled.person.nik_masked not in body

    def test_another_partner_gets_404(self, client_for, make_user, open_batch):
        from bekal.organizations.models import Organization

        stranger = make_user(Organization.objects.create(name="BLK Lain", kind="blk"), "partner_staff")
        assert client_for(stranger).get(reverse("training:batch-detail", args=[open_batch.pk])).status_code == 404

    def test_the_lsp_of_the_batch_sees_it(self, client_for, make_user, open_batch, lsp):
        staff = make_user(lsp, "partner_staff")
        assert client_for(staff).get(reverse("training:batch-detail", args=[open_batch.pk])).status_code == 200


class TestFlow:
    def test_the_batch_page_flags_days_without_escort(self, client_for, users, enrolled, open_batch):
        body = client_for(users.officer).get(reverse("training:batch-detail", args=[open_batch.pk])).content.decode()
        assert 'id="escort-gaps"' in body

    def test_the_home_page_lists_escort_gaps_of_the_unit(self, client_for, users, enrolled, open_batch, time_machine):
        time_machine.move_to(START)
        body = client_for(users.officer).get(reverse("home:home")).content.decode()
        assert "Barista Angkatan I" in body

    def test_the_home_page_lists_expiring_agreements_for_the_head(self, client_for, users, agreement, time_machine):
        time_machine.move_to(date(2026, 11, 1))
        body = client_for(users.head).get(reverse("home:home")).content.decode()
        assert "PKS/01/2025" in body

    def test_an_htmx_tap_saves_one_mark(self, client_for, users, enrolled, open_batch, time_machine):
        time_machine.move_to(TODAY)
        day = open_batch.days.first()
        response = client_for(users.officer).post(
            reverse("training:attendance-day", args=[day.pk]),
            {f"mark_{enrolled.pk}": "present"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200 and re.search(r"5[.,]00%", response.content.decode())
        assert enrolled.attendances.get().reason.code == "present"

    def test_the_training_certificate_is_a_pdf_for_completers_only(self, client_for, users, enrolled, open_batch):
        url = reverse("training:training-certificate", args=[enrolled.pk])
        assert client_for(users.officer).get(url).status_code == 404
        mark_all(open_batch, enrolled, users.officer)
        services.enrollment_complete(actor=users.officer, enrollment=enrolled)
        response = client_for(users.officer).get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")


class TestQueryCounts:
    def test_the_batch_list_does_not_grow_with_rows(self, client_for, users, world, programme, agreement):
        client = client_for(users.officer)
        services.batch_create(
            actor=users.officer, programme=programme, units=[world.martapura], name="B0", start_date=START, end_date=END
        )
        client.get(reverse("training:batch-list"))
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("training:batch-list"))
        for i in range(5):
            services.batch_create(
                actor=users.officer,
                programme=programme,
                units=[world.martapura],
                name=f"B{i + 1}",
                start_date=START,
                end_date=END,
            )
        with CaptureQueriesContext(connection) as many:
            client.get(reverse("training:batch-list"))
        assert len(many) == len(few)

    def test_the_programme_list_does_not_grow_with_rows(self, client_for, users, world, programme):
        client = client_for(users.officer)
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("training:programme-list"))
        for i in range(5):
            services.programme_create(
                actor=users.sysadmin, provider=world.blk, name=f"P{i}", total_jp=160, training_days=20
            )
        with CaptureQueriesContext(connection) as many:
            client.get(reverse("training:programme-list"))
        assert len(many) == len(few)

    def test_the_batch_page_does_not_grow_with_participants(self, client_for, users, nominate, open_batch):
        client = client_for(users.officer)
        nominate("Satu")
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("training:batch-detail", args=[open_batch.pk]))
        for i in range(4):
            nominate(f"Orang {i}", birth_date=date(1980, 1, i + 1), interest=False)
        start = time.monotonic()
        with CaptureQueriesContext(connection) as many:
            client.get(reverse("training:batch-detail", args=[open_batch.pk]))
        assert time.monotonic() - start < 5
        # Every nominee is screened for eligibility, all of them in the same queries.
        assert len(many) == len(few)


class TestMoreLadders:
    def test_agreement_pages(self, client_for, users, world, agreement):
        create = reverse("training:agreement-create")
        assert client_for(None).get(create).status_code == 302
        assert client_for(users.partner).get(create).status_code == 403
        assert client_for(users.officer).get(create).status_code == 200
        assert (
            client_for(users.other_officer).get(reverse("training:agreement-detail", args=[agreement.pk])).status_code
            == 404
        )

    def test_an_agreement_is_created_with_its_pdf_through_the_page(self, client_for, users, world):
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = client_for(users.officer).post(
            reverse("training:agreement-create"),
            {
                "kind": "pks",
                "number": "PKS/PAGE/1",
                "title": "Uji",
                "unit": world.martapura.pk,
                "partners": [world.blk.pk],
                "start_date": "2026-01-05",
                "document": SimpleUploadedFile("pks.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
            },
        )
        assert response.status_code == 302
        from bekal.training.models import Agreement

        agreement = Agreement.objects.get(number="PKS/PAGE/1")
        assert agreement.end_date == date(2028, 1, 4)
        download = client_for(users.officer).get(reverse("training:agreement-download", args=[agreement.pk]))
        assert download.status_code == 200

    def test_allocation_pages(self, client_for, users, world, batch):
        from decimal import Decimal

        allocation = services.allocation_create(
            actor=users.officer, unit=world.martapura, year=2025, amount=Decimal("100")
        )
        url = reverse("training:allocation-detail", args=[allocation.pk])
        assert client_for(None).get(url).status_code == 302
        assert client_for(users.partner).get(url).status_code == 403
        assert client_for(users.other_officer).get(url).status_code == 404
        assert client_for(users.officer).get(url).status_code == 200

    def test_a_partner_sees_only_its_own_programmes(self, client_for, users, lsp, programme):
        from bekal.organizations.models import Organization

        other = Organization.objects.create(name="BLK Lain", kind="blk")
        foreign = services.programme_create(
            actor=users.sysadmin, provider=other, name="Las", total_jp=160, training_days=20
        )
        client = client_for(users.partner)
        assert client.get(reverse("training:programme-detail", args=[programme.pk])).status_code == 200
        assert client.get(reverse("training:programme-detail", args=[foreign.pk])).status_code == 404

    def test_the_import_page_reports_bad_rows(self, client_for, users, world, django_capture_on_commit_callbacks):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from bekal.jobs.testing import job_file, job_of

        upload = SimpleUploadedFile("k.csv", b"name,total_jp,training_days\nBarista,160,20\nLas,x,20\n")
        client = client_for(users.officer)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("training:programme-import"), {"provider": world.blk.pk, "file": upload})
        refused = job_file(client, response).decode("utf-8-sig")
        assert refused.splitlines()[1].startswith("3,") and "x bukan angka" in refused
        page = client.get(reverse("jobs:detail", args=[job_of(response).pk])).content.decode()
        assert "1 program ditambahkan" in page and "1 baris ditolak" in page


def test_one_tap_marks_everyone_else_present(client_for, users, nominate, open_batch, time_machine):
    first, second = nominate("Satu"), nominate("Dua", birth_date=date(1981, 2, 2))
    for enrollment in (first, second):
        services.enrollment_decide(actor=users.officer, enrollment=enrollment, selected=True, reason="ok")
        services.enrollment_enrol(actor=users.officer, enrollment=enrollment)
    time_machine.move_to(TODAY)
    day = open_batch.days.first()
    client_for(users.officer).post(
        reverse("training:attendance-day", args=[day.pk]), {f"mark_{first.pk}": "sick", "all_present": "1"}
    )
    assert dict(day.attendances.values_list("enrollment_id", "reason__code")) == {
        first.pk: "sick",
        second.pk: "present",
    }


def test_the_agreement_list_does_not_grow_with_rows(client_for, users, world):
    client = client_for(users.officer)

    def add(n):
        services.agreement_create(
            actor=users.officer,
            unit=world.martapura,
            partners=[world.blk],
            kind="pks",
            number=f"PKS/{n}",
            title="x",
            start_date=date(2026, 1, 1),
        )

    add(0)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("training:agreement-list"))
    for n in range(1, 6):
        add(n)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("training:agreement-list"))
    assert len(many) == len(few)


def test_calendar_and_renewal_pages(client_for, users, batch, world):
    client = client_for(users.officer)
    url = reverse("training:batch-day", args=[batch.pk])
    assert client_for(users.regional).post(url, {"date": "2025-03-31", "kind": "training"}).status_code == 403
    assert client_for(users.other_officer).post(url, {"date": "2025-03-31", "kind": "training"}).status_code == 404
    assert client.post(url, {"date": "2025-03-31", "kind": "training"}).status_code == 302
    assert batch.days.count() == 21
    agreement = services.agreement_create(
        actor=users.officer,
        unit=world.martapura,
        partners=[world.blk],
        kind="pks",
        number="PKS/R",
        title="x",
        start_date=date(2025, 1, 1),
    )
    agreement.status = "expiring"
    agreement.save()
    renew = reverse("training:agreement-renew", args=[agreement.pk])
    assert (
        client_for(users.other_officer).post(renew, {"number": "PKS/R2", "start_date": "2027-01-01"}).status_code == 404
    )
    response = client.post(renew, {"number": "PKS/R2", "start_date": "2027-01-01"})
    assert response.status_code == 302 and "PKS/R2" in client.get(response["Location"]).content.decode()


class TestClosedOrganisations:
    """A closed organisation (organisations page) keeps its history but is offered for nothing new."""

    @staticmethod
    def offered(html, field):
        return re.search(rf'<select name="{field}".*?</select>', html, re.S).group(0)

    def test_a_closed_blk_is_no_partner_of_a_new_agreement_nor_provider_of_a_new_programme(
        self, client_for, users, world
    ):
        from bekal.organizations.models import Organization

        def pickers():
            agreement = client_for(users.officer).get(reverse("training:agreement-create")).content.decode()
            programme = client_for(users.sysadmin).get(reverse("training:programme-create")).content.decode()
            return self.offered(agreement, "partners"), self.offered(programme, "provider")

        assert all(world.blk.name in picker for picker in pickers())
        Organization.objects.filter(pk=world.blk.pk).update(is_active=False)
        assert not any(world.blk.name in picker for picker in pickers())
