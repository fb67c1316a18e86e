"""Training days toward the hours: the attendance listener that credits (or withdraws) a training day."""

from datetime import time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.audit.services import audit_record, snapshot
from bekal.community_service.models import CommunityServiceOrder, OrderStatus, Outcome, WorkSession
from bekal.community_service.services.ledger import SESSION_FIELDS, write_session
from bekal.core.formats import readable
from bekal.rules.selectors import rule_int


def _training_session_notes(day: Any) -> str:
    return _("Training: %(batch)s (%(kind)s)") % {"batch": day.batch.name, "kind": day.get_kind_display()}


@transaction.atomic
def training_attendance_credit(*, actor: Any, day: Any, attended: list[Any], withdrawn: list[Any]) -> list[str]:
    """Credit a training day to the active community-service order of each participant newly marked attended, when
    the order lets training count (off by default); withdraw the credit when attendance is corrected to absent.

    The attendance itself is the authorised act (the caller may record attendance, not the ledger): every ledger
    rule still applies (8 hours a day, the window, no overlap, no credit beyond the hours ordered), and a refusal
    is returned as a warning instead of undoing the attendance."""
    warnings: list[str] = []
    orders = {
        o.period.person_id: o
        for o in CommunityServiceOrder.objects.filter(
            period__person_id__in=[e.person_id for e in attended], status=OrderStatus.ACTIVE, training_counts=True
        ).select_related("period__person", "period__unit")
    }
    minutes = day.jp * rule_int("training.jp.minutes", on=day.date)
    start_hour = rule_int("community_service.training_session_start_hour", on=day.date)
    end_minutes = start_hour * 60 + minutes
    already = set(
        WorkSession.objects.filter(training_day=day, order__in=orders.values()).values_list("order_id", flat=True)
    )
    instructor = (
        day.batch.instructors.select_related("instructor").order_by("instructor__name").first() if orders else None
    )
    for enrollment in attended:
        order = orders.get(enrollment.person_id)
        if order is None or order.pk in already or minutes <= 0:
            continue
        if end_minutes >= 24 * 60:
            warnings.append(
                _("%(person)s: %(jp)s JP from %(hour)s:00 run past midnight; not credited")
                % {"person": order.period.person, "jp": day.jp, "hour": start_hour}
            )
            continue
        try:
            write_session(
                actor=actor,
                order=order,
                date=day.date,
                start=time(start_hour, 0),
                end=time(end_minutes // 60, end_minutes % 60),
                outcome=Outcome.ATTENDED_COMPLIED,
                supervised_by=instructor.name if instructor else day.batch.programme.provider.name,
                notes=_training_session_notes(day),
                training_day=day,
                # The attendance service has refused a day in its unit's future: the day is the "today" here.
                today=day.date,
            )
        except ValidationError as error:
            warnings.append(
                _("%(person)s: the training day of %(date)s was not credited to the community-service order: %(why)s")
                % readable({"person": order.period.person, "date": day.date, "why": " ".join(error.messages)})
            )
    credited = WorkSession.objects.filter(
        training_day=day, order__period__person_id__in=[e.person_id for e in withdrawn]
    ).select_related("order__period__person", "order__period__unit")
    for session in credited:
        order = session.order
        if order.status != OrderStatus.ACTIVE:
            warnings.append(
                _(
                    "%(person)s: the training day of %(date)s stays credited because the order is %(status)s; "
                    "an authorised officer may adjust the hours"
                )
                % readable({"person": order.period.person, "date": day.date, "status": order.get_status_display()})
            )
            continue
        audit_record(
            code="community_service.session.withdrawn",
            actor=actor,
            unit=order.period.unit,
            obj=order,
            changes={"session": [snapshot(session, SESSION_FIELDS), None]},
        )
        session.delete()
    return warnings
