"""The community-service app's part of a person's path: orders with their hours and letters, supervision sentences
with their reports and breaches, and litmas."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can
from bekal.community_service.models import ComplianceStep
from bekal.community_service.selectors.ledger import progress_of, with_ledger
from bekal.community_service.selectors.litmas import litmas_visible_to
from bekal.community_service.selectors.orders import orders_visible_to, sees_sentence
from bekal.community_service.selectors.supervision import sentences_visible_to
from bekal.core.formats import duration
from bekal.core.registry import TimelineEntry


def _order_entries(user: Any, person: Any) -> list[TimelineEntry]:
    today = timezone.localdate()
    orders = list(with_ledger(orders_visible_to(user).filter(period__person=person)))
    entries = []
    for order in orders:
        progress = progress_of(order, today=today)
        url = reverse("community_service:detail", args=[order.pk])
        entries.append(
            TimelineEntry(
                on=order.decision_date,
                end=order.completed_on,
                stage="community",
                title=_("Community-service order %(number)s") % {"number": order.decision_number},
                detail=_("%(done)s of %(ordered)s done · %(status)s")
                % {
                    "done": duration(progress.completed + progress.adjusted),
                    "ordered": duration(progress.ordered),
                    "status": order.get_status_display(),
                },
                url=url,
            )
        )
    if orders and sees_sentence(user):
        steps = ComplianceStep.objects.filter(order__in=[o.pk for o in orders]).order_by("issued_on", "pk")
        for step in steps:
            entries.append(
                TimelineEntry(
                    on=step.issued_on,
                    stage="community",
                    title=f"{step.get_kind_display()} {step.number}",
                    detail=step.get_decision_display() if step.decision else _("awaiting a decision"),
                    url=reverse("community_service:letter", args=[step.pk]),
                )
            )
    return entries


def _sentence_entries(user: Any, person: Any) -> list[TimelineEntry]:
    entries = []
    sentences = sentences_visible_to(user).filter(period__person=person).prefetch_related("breaches")
    for sentence in sentences:
        url = reverse("community_service:sentence-detail", args=[sentence.pk])
        entries.append(
            TimelineEntry(
                on=sentence.decision_date,
                end=sentence.period.ended_on,
                stage="community",
                title=_("Supervision sentence %(number)s") % {"number": sentence.decision_number},
                detail=_("%(months)s months · %(reports)s monthly reports")
                % {"months": sentence.term_months, "reports": len(sentence.reports.all())},
                url=url,
            )
        )
        for breach in sentence.breaches.all():
            entries.append(
                TimelineEntry(
                    on=breach.advised_on,
                    end=breach.decided_on,
                    stage="community",
                    title=_("Breach: %(stage)s") % {"stage": breach.get_stage_display()},
                    detail=breach.condition,
                    url=url,
                )
            )
    return entries


def _litmas_entries(user: Any, person: Any) -> list[TimelineEntry]:
    if not can(user, Capability.PEOPLE_VIEW):
        return []
    url = reverse("community_service:litmas", args=[person.pk])
    return [
        TimelineEntry(
            on=report.date,
            stage="community",
            title=_("Litmas: %(purpose)s") % {"purpose": report.get_purpose_display()},
            detail=_("by %(officer)s, %(unit)s") % {"officer": report.officer or "–", "unit": report.unit},
            url=url,
        )
        for report in litmas_visible_to(user).filter(person=person)
    ]


def person_timeline(user: Any, person: Any) -> list[TimelineEntry]:
    """Orders, letters, supervision sentences and litmas the user may see (community-service roles only)."""
    if not can(user, Capability.COMMUNITY_VIEW):
        return []
    return _order_entries(user, person) + _sentence_entries(user, person) + _litmas_entries(user, person)
