"""Community service's daily jobs that tell people what needs doing (registered in
``apps.CommunityServiceConfig.ready``): orders at risk or past their deadline, supervision reports missed."""

from datetime import date

from django.urls import reverse

from bekal.community_service.models import CommunityServiceOrder, OrderStatus, SupervisionSentence
from bekal.community_service.selectors.ledger import progress_of, with_ledger
from bekal.community_service.selectors.supervision import missed_report_rows_among
from bekal.notifications.models import NoticeKind
from bekal.notifications.services import notify


def orders_notify(*, today: date) -> int:
    """Tell each active order's PK when, at the pace so far, it will not be done by its deadline (the ledger's
    forecast, once per order), and when the deadline has passed with hours open (once more); return the number of
    notices created."""
    told = 0
    for order in with_ledger(CommunityServiceOrder.objects.filter(status=OrderStatus.ACTIVE)):
        progress = progress_of(order, today=today)
        if progress.remaining == 0:
            continue
        if today > order.complete_by:
            kind, key = NoticeKind.ORDER_OVERDUE, "overdue"
        elif progress.at_risk:
            kind, key = NoticeKind.ORDER_AT_RISK, "at_risk"
        else:
            continue
        period = order.period
        told += len(
            notify(
                kind=kind,
                unit=period.unit,
                obj=order,
                key=key,
                users=[period.officer] if period.officer else [],
                today=today,
                link=reverse("community_service:detail", args=[order.pk]),
                context={
                    "person": period.person.full_name,
                    "order": order.decision_number,
                    "hours_left": f"{progress.remaining / 60:g}",
                    "days_left": (order.complete_by - today).days,
                    "complete_by": order.complete_by,
                },
            )
        )
    return told


def reports_notify(*, today: date) -> int:
    """Tell the PK of each open, unsuspended supervision sentence with a monthly report missing; once per latest
    missed month, so a month missed later tells again. Return the number of notices created."""
    sentences = SupervisionSentence.objects.select_related("period__unit", "period__officer")
    told = 0
    for row in missed_report_rows_among(sentences, today=today):
        sentence, months = row["sentence"], row["missed"]
        period = sentence.period
        told += len(
            notify(
                kind=NoticeKind.REPORT_MISSED,
                unit=period.unit,
                obj=sentence,
                key=f"{months[-1]:%Y-%m}",
                users=[period.officer] if period.officer else [],
                today=today,
                link=reverse("community_service:sentence-detail", args=[sentence.pk]),
                context={"person": period.person.full_name, "months": months},
            )
        )
    return told
