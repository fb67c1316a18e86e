"""Agreements (issue 15 item 3): the signing date is entered, partners, programmes and covered regencies change
through one audited service from the page and the API, further PDF documents are kept and served only to those who
may see the agreement, and those ending within the notice period are listed (page, API, head of unit's worklist)."""

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bekal.audit.models import AuditEvent
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.training import services
from bekal.training.models import Agreement, AgreementStatus
from bekal.training.worklist import worklist

PDF = b"%PDF-1.4 test"


@pytest.fixture
def draft(world, users):
    return services.agreement_create(
        actor=users.officer,
        unit=world.martapura,
        partners=[world.blk],
        kind="pks",
        number="PKS/7/2026",
        title="Kerja sama pelatihan",
        start_date=date(2026, 2, 1),
    )


@pytest.fixture
def no_role(make_user, world):
    return make_user(world.martapura)


@pytest.fixture
def disnaker(world):
    return Organization.objects.create(name="Disnaker OKU Timur", kind=OrganizationKind.DISNAKER, region_id="16.08")


def _propose(agreement, users):
    return services.agreement_move(
        actor=users.officer, agreement=agreement, status=AgreementStatus.PROPOSED, on=date(2026, 1, 5)
    )


class TestSigningDate:
    def test_activation_needs_a_signing_date_and_never_records_today(self, draft, users):
        _propose(draft, users)
        with pytest.raises(ValidationError) as error:
            services.agreement_move(
                actor=users.head, agreement=draft, status=AgreementStatus.ACTIVE, on=date(2026, 1, 20)
            )
        assert "signing_date" in error.value.message_dict
        draft.refresh_from_db()
        assert draft.status == AgreementStatus.PROPOSED and draft.signing_date is None

    def test_a_signing_date_after_the_units_today_is_refused(self, draft, users):
        _propose(draft, users)
        with pytest.raises(ValidationError) as error:
            services.agreement_move(
                actor=users.head,
                agreement=draft,
                status=AgreementStatus.ACTIVE,
                on=date(2026, 1, 20),
                signing_date=date(2026, 1, 21),
            )
        assert "21" in error.value.message_dict["signing_date"][0]

    def test_a_signing_date_recorded_earlier_serves_the_activation(self, draft, users):
        services.agreement_update(actor=users.officer, agreement=draft, signing_date=date(2025, 12, 12))
        _propose(draft, users)
        services.agreement_move(actor=users.head, agreement=draft, status=AgreementStatus.ACTIVE, on=date(2026, 1, 20))
        draft.refresh_from_db()
        assert draft.status == AgreementStatus.ACTIVE and draft.signing_date == date(2025, 12, 12)

    def test_a_future_signing_date_is_refused_when_recorded(self, world, users):
        tomorrow = timezone.localdate() + timedelta(days=2)
        with pytest.raises(ValidationError) as error:
            services.agreement_create(
                actor=users.officer,
                unit=world.martapura,
                partners=[world.blk],
                kind="mou",
                number="MOU/FUT",
                title="Belum ditandatangani",
                start_date=date(2026, 1, 1),
                end_date=date(2026, 12, 31),
                signing_date=tomorrow,
            )
        assert "signing_date" in error.value.message_dict

    def test_the_page_asks_with_the_signing_date_then_activates(self, client_for, draft, users):
        _propose(draft, users)
        client = client_for(users.head)
        detail = client.get(reverse("training:agreement-detail", args=[draft.pk])).content.decode()
        assert 'name="signing_date"' in detail and 'id="move-active"' in detail
        url = reverse("training:agreement-move", args=[draft.pk])
        asked = client.post(url, {"status": "active", "signing_date": "12/01/2026"})
        assert asked.status_code == 200 and 'value="12/01/2026"' in asked.content.decode()
        client.post(url, {"status": "active", "signing_date": "12/01/2026", "confirm": "1"})
        draft.refresh_from_db()
        assert draft.status == AgreementStatus.ACTIVE and draft.signing_date == date(2026, 1, 12)

    def test_the_api_activates_with_the_signing_date(self, client_for, draft, users):
        _propose(draft, users)
        client = client_for(users.head)
        url = f"/api/v1/agreements/{draft.pk}/status"
        refused = client.post(url, {"status": "active"}, content_type="application/json")
        assert refused.status_code == 422
        body = client.post(url, {"status": "active", "signing_date": "2026-01-12"}, content_type="application/json")
        assert body.status_code == 200 and body.json()["signing_date"] == "2026-01-12"


class TestPartnersAndRegions:
    def test_partners_and_regencies_change_and_are_audited(self, draft, users, disnaker):
        services.agreement_update(
            actor=users.officer,
            agreement=draft,
            partners=[draft.partners.get(), disnaker],
            regions=list(Region.objects.filter(code__in=["16.13", "16.08"])),
        )
        assert set(draft.partners.all()) == {disnaker, Organization.objects.get(name="UPTD BLK Lubuklinggau")}
        assert sorted(draft.regions.values_list("code", flat=True)) == ["16.08", "16.13"]
        event = AuditEvent.objects.get(code="training.agreement.updated", object_id=str(draft.pk))
        assert event.changes["regions"] == [[], ["16.08", "16.13"]]

    def test_a_correctional_unit_is_not_a_partner(self, draft, users, world):
        with pytest.raises(ValidationError) as error:
            services.agreement_update(actor=users.officer, agreement=draft, partners=[world.bandar_lampung])
        assert "partners" in error.value.message_dict

    def test_a_lapas_officer_sees_but_does_not_change_its_kanwils_agreement(self, agreement, users):
        with pytest.raises(PermissionDenied):
            services.agreement_update(actor=users.officer, agreement=agreement, title="Lain")

    def test_an_ended_agreement_stays_as_signed(self, draft, users):
        Agreement.objects.filter(pk=draft.pk).update(status=AgreementStatus.TERMINATED)
        draft.refresh_from_db()
        with pytest.raises(ValidationError):
            services.agreement_update(actor=users.officer, agreement=draft, title="Lain")


class TestEditPage:
    def test_the_ladder(self, client_for, users, draft, no_role):
        url = reverse("training:agreement-edit", args=[draft.pk])
        anonymous = client_for(None).get(url)
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
        assert client_for(users.regional).get(url).status_code == 403
        assert client_for(users.other_officer).get(url).status_code == 404
        assert client_for(users.officer).get(url).status_code == 200

    def test_the_officer_changes_the_regencies(self, client_for, users, draft, disnaker):
        response = client_for(users.officer).post(
            reverse("training:agreement-edit", args=[draft.pk]),
            {
                "title": "Kerja sama pelatihan dan pemagangan",
                "partners": [draft.partners.get().pk, disnaker.pk],
                "regions": ["16.13"],
                "signing_date": "15/01/2026",
            },
        )
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.title.endswith("pemagangan") and draft.signing_date == date(2026, 1, 15)
        assert list(draft.regions.values_list("code", flat=True)) == ["16.13"] and draft.partners.count() == 2
        detail = client_for(users.officer).get(reverse("training:agreement-detail", args=[draft.pk])).content.decode()
        assert "Musi Rawas Utara" in detail and "Disnaker OKU Timur" in detail


class TestEditApi:
    def patch(self, client, pk, body):
        return client.patch(f"/api/v1/agreements/{pk}", json.dumps(body), content_type="application/json")

    def test_the_ladder(self, client_for, users, draft):
        assert self.patch(client_for(None), draft.pk, {"title": "X"}).status_code == 401
        assert self.patch(client_for(users.regional), draft.pk, {"title": "X"}).status_code == 403
        assert self.patch(client_for(users.other_officer), draft.pk, {"title": "X"}).status_code == 404
        response = self.patch(client_for(users.officer), draft.pk, {"regions": ["16.13", "16.08"]})
        assert response.status_code == 200
        assert response.json()["regions"] == ["16.08", "16.13"] and response.json()["partners"] == [
            draft.partners.get().pk
        ]

    def test_a_refusal_is_a_422_naming_the_date(self, client_for, users, draft):
        future = (timezone.localdate() + timedelta(days=3)).isoformat()
        response = self.patch(client_for(users.officer), draft.pk, {"signing_date": future})
        assert response.status_code == 422


class TestAttachments:
    def test_only_a_pdf_is_kept_and_the_upload_is_audited(self, draft, users):
        with pytest.raises(ValidationError):
            services.agreement_attach(
                actor=users.officer, agreement=draft, title="Lampiran", file=SimpleUploadedFile("a.pdf", b"hello")
            )
        attachment = services.agreement_attach(
            actor=users.officer, agreement=draft, title="Berita acara", file=SimpleUploadedFile("ba.pdf", PDF)
        )
        assert attachment.file.name.endswith(".pdf") and attachment.uploaded_by == users.officer
        assert AuditEvent.objects.filter(code="training.agreement.attachment_added", object_id=str(draft.pk)).exists()

    def test_the_page_uploads_and_serves_only_those_who_may_see_it(self, client_for, users, draft, no_role):
        client = client_for(users.officer)
        client.post(
            reverse("training:agreement-attach", args=[draft.pk]),
            {"title": "Lampiran I", "file": SimpleUploadedFile("l.pdf", PDF)},
        )
        attachment = draft.attachments.get()
        url = reverse("training:agreement-attachment", args=[draft.pk, attachment.pk])
        assert client_for(None).get(url).status_code == 302
        assert client_for(no_role).get(url).status_code == 403
        assert client_for(users.other_officer).get(url).status_code == 404
        assert (
            client_for(users.regional)
            .post(reverse("training:agreement-attach", args=[draft.pk]), {"title": "x"})
            .status_code
            == 403
        )
        response = client_for(users.partner).get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF

    def test_the_api_uploads_and_serves(self, client_for, users, draft):
        url = f"/api/v1/agreements/{draft.pk}/attachments"
        upload = {"title": "Lampiran", "file": SimpleUploadedFile("l.pdf", PDF)}
        assert client_for(None).post(url, upload).status_code == 401
        assert client_for(users.regional).post(url, upload).status_code == 403
        assert client_for(users.other_officer).post(url, upload).status_code == 404
        created = client_for(users.officer).post(url, {"title": "Lampiran", "file": SimpleUploadedFile("l.pdf", PDF)})
        assert created.status_code == 201
        listed = client_for(users.officer).get(f"/api/v1/agreements/{draft.pk}").json()["attachments"]
        assert [a["title"] for a in listed] == ["Lampiran"]
        served = client_for(users.officer).get(f"{url}/{created.json()['id']}")
        assert served.status_code == 200
        assert client_for(users.other_officer).get(f"{url}/{created.json()['id']}").status_code == 404


class TestExpiring:
    @pytest.fixture
    def ending(self, world):
        agreement = Agreement.objects.create(
            kind="mou",
            number="MOU/END/1",
            title="Segera berakhir",
            unit=world.martapura,
            start_date=timezone.localdate() - timedelta(days=300),
            end_date=timezone.localdate() + timedelta(days=20),
            status=AgreementStatus.ACTIVE,
        )
        agreement.partners.set([world.blk])
        return agreement

    def test_the_list_page_has_a_section_of_those_ending(self, client_for, users, ending):
        body = client_for(users.officer).get(reverse("training:agreement-list")).content.decode()
        section = body.split('id="expiring"', 1)[1].split("</section>", 1)[0]
        assert "MOU/END/1" in section and "90" in section

    def test_the_head_of_unit_finds_them_in_the_worklist(self, users, ending):
        item = next(i for i in worklist(users.head, timezone.localdate()) if "MOU/END/1" in str(i.links))
        assert item.count == 1
        assert not any("MOU/END/1" in str(i.links) for i in worklist(users.officer, timezone.localdate()))
