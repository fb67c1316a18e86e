"""The annual training plan (issue 17, item 6): a unit's programmes for a year with batches, participants and budget,
the Ditjenpas mandatory programme marked, approved by the head of unit (draft -> approved, audited)."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.training import services
from bekal.training.models import PlanStatus, TrainingPlan


@pytest.fixture
def plan(users, world):
    return services.plan_create(actor=users.officer, unit=world.martapura, year=2025)


class TestService:
    def test_a_plan_is_drafted_and_approved_by_the_head(self, users, plan, programme):
        services.plan_line_set(
            actor=users.officer,
            plan=plan,
            programme=programme,
            batches=2,
            participants=32,
            budget=Decimal("150000000"),
            mandatory=True,
        )
        with pytest.raises(PermissionDenied):
            services.plan_approve(actor=users.officer, plan=plan, today=plan.created_at.date())
        services.plan_approve(actor=users.head, plan=plan, today=plan.created_at.date())
        plan.refresh_from_db()
        assert plan.status == PlanStatus.APPROVED and plan.approved_by == users.head
        codes = list(
            AuditEvent.objects.filter(code__startswith="training.plan.").order_by("pk").values_list("code", flat=True)
        )
        assert codes == ["training.plan.created", "training.plan.line_set", "training.plan.approved"]

    def test_participants_above_the_quota_per_batch_are_refused(self, users, plan, programme):
        with pytest.raises(ValidationError) as error:
            services.plan_line_set(
                actor=users.officer, plan=plan, programme=programme, batches=1, participants=40, budget=Decimal(0)
            )
        assert "16" in error.value.message_dict["participants"][0]

    def test_an_approved_plan_no_longer_changes(self, users, plan, programme):
        services.plan_line_set(
            actor=users.officer, plan=plan, programme=programme, batches=1, participants=16, budget=Decimal(1)
        )
        services.plan_approve(actor=users.head, plan=plan, today=plan.created_at.date())
        with pytest.raises(ValidationError):
            services.plan_line_set(
                actor=users.officer, plan=plan, programme=programme, batches=2, participants=16, budget=Decimal(1)
            )

    def test_an_empty_plan_is_not_approved(self, users, plan):
        with pytest.raises(ValidationError):
            services.plan_approve(actor=users.head, plan=plan, today=plan.created_at.date())

    def test_one_plan_per_unit_and_year(self, users, plan, world):
        with pytest.raises(ValidationError):
            services.plan_create(actor=users.officer, unit=world.martapura, year=2025)

    def test_another_units_plan_is_refused(self, users, world):
        with pytest.raises(ValidationError):
            services.plan_create(actor=users.officer, unit=world.bandar_lampung, year=2025)


class TestPages:
    def test_the_ladder(self, client_for, users, plan, make_user, world):
        url = reverse("training:plan-detail", args=[plan.pk])
        assert client_for(None).get(url).status_code == 302
        assert client_for(users.partner).get(url).status_code == 403
        assert client_for(users.other_officer).get(url).status_code == 404
        assert client_for(users.officer).get(url).status_code == 200
        assert client_for(users.regional).get(url).status_code == 200

    def test_the_officer_plans_and_the_head_approves_on_the_pages(self, client_for, users, plan, programme):
        url = reverse("training:plan-detail", args=[plan.pk])
        data = {"programme": programme.pk, "mandatory": "on", "batches": 2, "participants": 30, "budget": "1000000"}
        assert client_for(users.officer).post(url, data).status_code == 302
        page = client_for(users.head).get(url).content.decode()
        assert "Barista" in page and 'id="approve"' in page
        assert client_for(users.officer).post(reverse("training:plan-approve", args=[plan.pk])).status_code == 403
        assert client_for(users.head).post(reverse("training:plan-approve", args=[plan.pk])).status_code == 302
        assert TrainingPlan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED


class TestApi:
    def test_the_api_plans_and_approves(self, client_for, users, world, programme):
        officer, head = client_for(users.officer), client_for(users.head)
        made = officer.post(
            "/api/v1/training-plans", json.dumps({"unit": world.martapura.pk, "year": 2026}), "application/json"
        )
        assert made.status_code == 201
        pk = made.json()["id"]
        line = {"batches": 1, "participants": 16, "budget": "5000000", "mandatory": True}
        url = f"/api/v1/training-plans/{pk}/lines/{programme.pk}"
        assert officer.put(url, json.dumps(line), "application/json").json()["lines"][0]["mandatory"] is True
        assert officer.post(f"/api/v1/training-plans/{pk}/approve").status_code == 403
        approved = head.post(f"/api/v1/training-plans/{pk}/approve")
        assert approved.status_code == 200 and approved.json()["status"] == "approved"
        assert officer.delete(url).status_code == 422

    def test_the_api_ladder(self, client_for, users, plan):
        url = f"/api/v1/training-plans/{plan.pk}"
        assert client_for(None).get(url).status_code == 401
        assert client_for(users.partner).get(url).status_code == 403
        assert client_for(users.other_officer).get(url).status_code == 404
        assert client_for(users.officer).get(url).status_code == 200
