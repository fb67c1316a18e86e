"""Enforceable failures climb the warning ladder to the report to the prosecutor (KUHP Pasal 85 ayat (7)); the last
hour closes the order with its completion report; each letter is a PDF."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from bekal.community_service.models import Decision, OrderStatus, Outcome, StepKind
from bekal.community_service.services import ledger as ledger_services
from bekal.community_service.services import noncompliance as noncompliance_services
from bekal.people.models import SupervisionEndReason
from bekal.rules.models import RuleValue


def absent(actor, order, day):
    return ledger_services.session_record(
        actor=actor,
        order=order,
        date=date(2026, 3, day),
        start=time(8, 0),
        end=time(12, 0),
        outcome=Outcome.UNACCEPTABLE_ABSENCE,
    )


def kinds(order):
    return [s.kind for s in order.steps.order_by("number")]


def test_unacceptable_absences_give_two_warnings_then_a_report(users, order):
    for day in (2, 3, 4):
        absent(users.pk, order, day)
    assert kinds(order) == [StepKind.WARNING, StepKind.WARNING, StepKind.REPORT]
    absent(users.pk, order, 5)  # a report waits for its decision: no second one
    assert kinds(order) == [StepKind.WARNING, StepKind.WARNING, StepKind.REPORT]


def test_the_ladder_length_is_configurable(users, order):
    RuleValue.objects.create(
        code="community_service.warnings_before_report", value="1", valid_from=date(2026, 1, 1), source="test"
    )
    absent(users.pk, order, 2)
    absent(users.pk, order, 3)
    assert kinds(order) == [StepKind.WARNING, StepKind.REPORT]


def test_an_acceptable_absence_does_not_climb_the_ladder(users, order):
    ledger_services.session_record(
        actor=users.pk,
        order=order,
        date=date(2026, 3, 2),
        start=time(8, 0),
        end=time(12, 0),
        outcome=Outcome.ACCEPTABLE_ABSENCE,
        absence_reason="Sakit",
    )
    assert kinds(order) == []


def test_pasal_85_the_decision_to_serve_the_replaced_prison_term_ends_the_order(users, order):
    for day in (2, 3, 4):
        absent(users.pk, order, day)
    report = order.steps.get(kind=StepKind.REPORT)
    with pytest.raises(ValidationError):
        noncompliance_services.step_decide(actor=users.pk, step=report, decision="jail", decided_on=date(2026, 3, 20))
    noncompliance_services.step_decide(
        actor=users.pk, step=report, decision=Decision.SERVE_PRISON, decided_on=date(2026, 3, 20)
    )
    order.refresh_from_db()
    order.period.refresh_from_db()
    assert order.status == OrderStatus.ENFORCED
    assert order.period.ended_on == date(2026, 3, 20) and order.period.end_reason == SupervisionEndReason.REVOKED


def test_pasal_85_a_decision_to_repeat_keeps_the_order_running(users, order):
    for day in (2, 3, 4):
        absent(users.pk, order, day)
    report = order.steps.get(kind=StepKind.REPORT)
    noncompliance_services.step_decide(
        actor=users.pk, step=report, decision=Decision.REPEAT, decided_on=date(2026, 3, 20)
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.ACTIVE
    with pytest.raises(ValidationError):
        noncompliance_services.step_decide(
            actor=users.pk, step=report, decision=Decision.PAY_FINE, decided_on=date(2026, 3, 21)
        )


def test_the_last_hour_closes_the_order_with_a_completion_report(users, order):
    for day in range(2, 7):
        ledger_services.session_record(
            actor=users.pk,
            order=order,
            date=date(2026, 3, day),
            start=time(8, 0),
            end=time(16, 0),
            outcome=Outcome.ATTENDED_COMPLIED,
        )
    order.refresh_from_db()
    order.period.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED and order.completed_on == date(2026, 3, 6)
    assert order.period.ended_on == date(2026, 3, 6) and order.period.end_reason == SupervisionEndReason.COMPLETED
    assert kinds(order) == [StepKind.COMPLETION]
    with pytest.raises(ValidationError):
        ledger_services.session_record(
            actor=users.pk,
            order=order,
            date=date(2026, 3, 9),
            start=time(8, 0),
            end=time(9, 0),
            outcome=Outcome.ATTENDED_COMPLIED,
        )


def test_each_letter_is_a_pdf(client_for, users, cs, order):
    for day in (2, 3, 4):
        absent(users.pk, order, day)
    for step in order.steps.all():
        for user in [users.pk, cs.prosecutor_user]:
            response = client_for(user).get(f"/community-service/letters/{step.pk}.pdf")
            assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
            assert response.content.startswith(b"%PDF")
