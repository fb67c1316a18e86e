"""A new batch through the page and the API is one service (issue 15 item 3, issue 17 item 8): a provider whose
service area (the regencies its in-force agreements cover) leaves out an organising unit's regency needs a reason,
kept on the batch and audited; the FMD dates and the agreement confirmation are taken by both."""

import json
from datetime import date

import pytest
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.organizations.models import Region
from bekal.rules.models import RuleValue
from bekal.training import services
from bekal.training.models import Agreement, AgreementStatus, Batch, DayKind
from bekal.training.tests.conftest import END, START


@pytest.fixture
def covered(agreement):
    """The BLK's agreement covers Musi Rawas Utara only, so Lapas Martapura (OKU Timur, 16.08) is outside its area."""
    agreement.regions.set(Region.objects.filter(code="16.13"))
    return agreement


def page_post(client, programme, world, **extra):
    data = {
        "name": "Barista II",
        "programme": programme.pk,
        "units": [world.martapura.pk],
        "venue": "blk",
        "start_date": START.isoformat(),
        "end_date": END.isoformat(),
    } | extra
    return client.post(reverse("training:batch-create"), data)


def api_post(client, programme, world, **extra):
    body = {
        "name": "Barista II",
        "programme": programme.pk,
        "units": [world.martapura.pk],
        "start_date": START.isoformat(),
        "end_date": END.isoformat(),
    } | extra
    return client.post("/api/v1/batches", json.dumps(body), content_type="application/json")


class TestServiceArea:
    def test_no_recorded_area_checks_nothing(self, users, world, programme, agreement):
        assert services.units_outside_area(provider=world.blk, units=[world.martapura], on=START) == []

    def test_the_area_is_the_covered_regencies_and_the_providers_own(self, world, covered):
        assert services.provider_service_area(provider=world.blk, on=START) == {"16.13", "16.73"}
        assert services.units_outside_area(provider=world.blk, units=[world.martapura, world.muratara], on=START) == [
            world.martapura
        ]

    def test_the_organisations_own_covered_regencies_count_without_an_agreement(self, world):
        # The partner's administrator records the regencies it covers on the organisation (organisations page).
        world.blk.covered_regions.set(Region.objects.filter(code="16.13"))
        assert services.provider_service_area(provider=world.blk, on=START) == {"16.13", "16.73"}
        assert services.units_outside_area(provider=world.blk, units=[world.martapura, world.muratara], on=START) == [
            world.martapura
        ]

    def test_an_agreement_not_in_force_draws_no_area(self, world, covered):
        Agreement.objects.filter(pk=covered.pk).update(status=AgreementStatus.DRAFT)
        assert services.provider_service_area(provider=world.blk, on=START) == set()

    def test_a_unit_outside_the_area_needs_a_reason_kept_and_audited(self, users, world, programme, covered):
        with pytest.raises(Exception) as error:
            services.batch_create(
                actor=users.officer,
                programme=programme,
                units=[world.martapura],
                name="B",
                start_date=START,
                end_date=END,
            )
        message = error.value.message_dict["area_override_reason"][0]  # type: ignore[attr-defined]
        assert "UPTD BLK Lubuklinggau" in message and "Lapas Kelas IIB Martapura" in message
        batch = services.batch_create(
            actor=users.officer,
            programme=programme,
            units=[world.martapura],
            name="B",
            start_date=START,
            end_date=END,
            area_override_reason="BLK mengirim instruktur ke Lapas (MTU)",
        )
        assert batch.area_override_reason.startswith("BLK mengirim")
        event = AuditEvent.objects.get(code="training.batch.created", object_id=str(batch.pk))
        assert event.changes["area_override_reason"] == [None, "BLK mengirim instruktur ke Lapas (MTU)"]

    def test_the_rule_turns_the_check_off(self, users, world, programme, covered):
        RuleValue.objects.create(
            code="training.batch.service_area.check", value="0", valid_from=date(2020, 1, 1), source="test"
        )
        batch = services.batch_create(
            actor=users.officer, programme=programme, units=[world.martapura], name="B", start_date=START, end_date=END
        )
        assert batch.area_override_reason == ""

    def test_page_and_api_refuse_alike_and_accept_the_reason(self, client_for, users, world, programme, covered):
        client = client_for(users.officer)
        page = page_post(client, programme, world)
        api = api_post(client, programme, world)
        assert page.status_code == 200 and api.status_code == 422
        assert "UPTD BLK Lubuklinggau" in page.content.decode() and "UPTD BLK Lubuklinggau" in api.content.decode()
        assert not Batch.objects.filter(name="Barista II").exists()
        assert page_post(client, programme, world, area_override_reason="MTU").status_code == 302
        created = api_post(client, programme, world, name="Barista III", area_override_reason="MTU")
        assert created.status_code == 201 and created.json()["area_override_reason"] == "MTU"


class TestApiLikeThePage:
    def test_the_api_takes_the_fmd_dates(self, client_for, users, world, programme, agreement):
        fmd = ["2025-03-10", "2025-03-11"]
        response = api_post(client_for(users.officer), programme, world, fmd_dates=fmd)
        assert response.status_code == 201
        batch = Batch.objects.get(pk=response.json()["id"])
        assert [d.isoformat() for d in batch.days.filter(kind=DayKind.FMD).values_list("date", flat=True)] == fmd
        refused = api_post(client_for(users.officer), programme, world, name="X", fmd_dates=["2025-03-08"])
        assert refused.status_code == 422  # a Saturday is no training day of the batch
        twice = api_post(client_for(users.officer), programme, world, name="Y", fmd_dates=["2025-03-10", "2025-03-10"])
        assert twice.status_code == 422  # one FMD day named twice is one day, short of the programme's two

    def test_without_an_agreement_page_and_api_ask_alike(self, client_for, users, world, programme, settings):
        settings.BEKAL_AGREEMENT_REQUIRED = False
        client = client_for(users.officer)
        page = page_post(client, programme, world)
        api = api_post(client, programme, world)
        assert page.status_code == 200 and api.status_code == 422
        assert programme.provider.name in api.content.decode() and programme.provider.name in page.content.decode()
        assert page_post(client, programme, world, confirm_without_agreement="on").status_code == 302
        created = api_post(client, programme, world, name="Barista III", confirm_without_agreement=True)
        assert created.status_code == 201 and created.json()["agreement_warning"]
        assert Batch.objects.get(name="Barista II").agreement_warning == created.json()["agreement_warning"]

    def test_with_the_agreement_required_both_refuse(self, client_for, users, world, programme, settings):
        settings.BEKAL_AGREEMENT_REQUIRED = True
        client = client_for(users.officer)
        assert page_post(client, programme, world, confirm_without_agreement="on").status_code == 200
        assert api_post(client, programme, world, confirm_without_agreement=True).status_code == 422
        assert not Batch.objects.exists()

    def test_the_page_takes_the_fmd_dates_as_the_api_does(self, client_for, users, world, programme, agreement):
        client = client_for(users.officer)
        page = page_post(client, programme, world, fmd_dates="11/03/2025, 10/03/2025")
        api = api_post(client, programme, world, name="Barista III", fmd_dates=["2025-03-10", "2025-03-11"])
        assert page.status_code == 302 and api.status_code == 201
        on_page, by_api = Batch.objects.get(name="Barista II"), Batch.objects.get(name="Barista III")

        def calendar(batch):
            return list(batch.days.order_by("date").values_list("date", "kind", "jp"))

        assert calendar(on_page) == calendar(by_api)
        assert [d.isoformat() for d in on_page.days.filter(kind=DayKind.FMD).values_list("date", flat=True)] == [
            "2025-03-10",
            "2025-03-11",
        ]

    def test_the_page_refuses_fmd_dates_as_the_api_does(self, client_for, users, world, programme, agreement):
        client = client_for(users.officer)
        saturday = page_post(client, programme, world, fmd_dates="08/03/2025")
        api = api_post(client, programme, world, fmd_dates=["2025-03-08"])
        assert saturday.status_code == 200 and api.status_code == 422
        assert "minimal 2 hari FMD" in saturday.content.decode() and "minimal 2 hari FMD" in api.content.decode()
        twice = page_post(client, programme, world, fmd_dates="10/03/2025 10/03/2025")
        assert twice.status_code == 200
        garbled = page_post(client, programme, world, fmd_dates="10/03/2025, 31/02/2025")
        assert garbled.status_code == 200 and "31/02/2025" in garbled.content.decode()
        assert not Batch.objects.filter(name="Barista II").exists()
