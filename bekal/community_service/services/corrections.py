"""Corrections of the ledger: a session recorded by mistake is voided with its reason, never deleted."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record
from bekal.community_service.models import CommunityServiceOrder, OrderStatus, WorkSession
from bekal.community_service.services._common import require_order_reach


@transaction.atomic
def session_void(*, actor: Any, session: WorkSession, reason: str) -> WorkSession:
    """Void a session: it stays in the ledger with who voided it, when and why, and credits nothing from then on
    (its minutes are kept in ``voided_minutes``). Refused without a reason, twice, or once the order has closed
    (a completed order's hours went to the prosecutor; an authorised officer adjusts them instead)."""
    require(actor, Capability.COMMUNITY_EDIT)
    require_order_reach(actor, session.order)
    order = (
        CommunityServiceOrder.objects.select_for_update(of=("self",))
        .select_related("period__unit__region__parent")
        .get(pk=session.order_id)
    )
    session = WorkSession.objects.select_for_update().get(pk=session.pk)
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Give the reason for voiding the session")
    if session.voided_at is not None:
        errors["reason"] = _("The session of %(date)s was already voided on %(when)s") % {
            "date": session.date,
            "when": timezone.localtime(session.voided_at).date(),
        }
    elif order.status != OrderStatus.ACTIVE:
        errors["reason"] = _("The order is %(status)s; its sessions can no longer be voided") % {
            "status": order.get_status_display()
        }
    if errors:
        raise ValidationError(errors)
    minutes = session.minutes_credited
    session.voided_minutes = minutes
    session.minutes_credited = 0
    session.voided_at = timezone.now()
    session.voided_by = actor
    session.void_reason = reason.strip()
    session.save(update_fields=["voided_minutes", "minutes_credited", "voided_at", "voided_by", "void_reason"])
    audit_record(
        code="community_service.session.voided",
        actor=actor,
        unit=order.period.unit,
        obj=session,
        changes={
            "minutes_credited": [minutes, 0],
            "reason": [None, session.void_reason],
        },
    )
    return session
