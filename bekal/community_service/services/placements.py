"""A placement at a work site ended, or moved to another site, with its reason. The history stays: the old placement
is ended on a date and the new one begins the day after; the hours belong to the order, whatever the site."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record
from bekal.community_service.models import OrderStatus, Placement, WorkSession, WorkSite
from bekal.community_service.services._common import require_order_reach
from bekal.community_service.services.sites import placement_create
from bekal.core.formats import readable


def _lock(placement: Placement) -> Placement:
    return (
        Placement.objects.select_for_update(of=("self",))
        .select_related("order__period__unit", "site__organization")
        .get(pk=placement.pk)
    )


def _end_errors(placement: Placement, end_date: date, reason: str) -> dict[str, str]:
    """Return why the placement cannot end on this date: no reason, ended already, a closed order, a date outside
    it, or work already recorded at it after the date."""
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Give the reason")
    if placement.end_reason or placement.moved_to_id:
        errors["end_date"] = _("The placement at %(site)s already ended on %(date)s") % readable(
            {"site": placement.site, "date": placement.end_date}
        )
    elif placement.order.status != OrderStatus.ACTIVE:
        errors["end_date"] = _("The order is %(status)s; its placements no longer change") % {
            "status": placement.order.get_status_display()
        }
    elif end_date < placement.start_date:
        errors["end_date"] = _("End %(end)s is before the placement's start %(start)s") % readable(
            {"end": end_date, "start": placement.start_date}
        )
    elif placement.end_date is not None and end_date > placement.end_date:
        errors["end_date"] = _("End %(end)s is after the placement's planned end %(planned)s") % readable(
            {"end": end_date, "planned": placement.end_date}
        )
    else:
        later = WorkSession.objects.filter(placement=placement, date__gt=end_date).order_by("date").first()
        if later is not None:
            errors["end_date"] = _("Work at %(site)s is recorded on %(date)s, after %(end)s") % readable(
                {"site": placement.site, "date": later.date, "end": end_date}
            )
    return errors


@transaction.atomic
def placement_end(*, actor: Any, placement: Placement, end_date: date, reason: str) -> Placement:
    """End a client's placement at a work site on a date, with the reason; the order and its hours go on."""
    require(actor, Capability.COMMUNITY_EDIT)
    require_order_reach(actor, placement.order)
    placement = _lock(placement)
    errors = _end_errors(placement, end_date, reason)
    if errors:
        raise ValidationError(errors)
    old_end = placement.end_date
    placement.end_date, placement.end_reason = end_date, reason.strip()
    placement.save(update_fields=["end_date", "end_reason"])
    audit_record(
        code="community_service.placement.ended",
        actor=actor,
        unit=placement.order.period.unit,
        obj=placement,
        changes={"end_date": [old_end, end_date], "end_reason": [None, placement.end_reason]},
    )
    return placement


@transaction.atomic
def placement_move(
    *,
    actor: Any,
    placement: Placement,
    site: WorkSite,
    on: date,
    reason: str,
    days: list[int] | None = None,
    hours_per_day: int | None = None,
) -> Placement:
    """Move the client to another work site from ``on``: the old placement ends the day before with the reason, the
    new one begins on ``on`` (same weekdays and hours unless given, the old planned end kept); the capacity and the
    order's window are checked as for any placement. Return the new placement."""
    require(actor, Capability.COMMUNITY_EDIT)
    require_order_reach(actor, placement.order)
    placement = _lock(placement)
    errors = _end_errors(placement, on - timedelta(days=1), reason)
    if on <= placement.start_date and not (placement.end_reason or placement.moved_to_id):
        errors["end_date"] = _("The move on %(on)s is not after the placement's start %(start)s") % readable(
            {"on": on, "start": placement.start_date}
        )
    if "end_date" in errors:
        errors["on"] = errors.pop("end_date")
    if site.pk == placement.site_id:
        errors["site"] = _("The client is already placed at %(site)s; choose another site") % {"site": site}
    if errors:
        raise ValidationError(errors)
    new = placement_create(
        actor=actor,
        order=placement.order,
        site=site,
        start_date=on,
        end_date=placement.end_date,
        days=days if days else list(placement.days),
        hours_per_day=hours_per_day or placement.hours_per_day,
    )
    old_end = placement.end_date
    placement.end_date, placement.end_reason, placement.moved_to = on - timedelta(days=1), reason.strip(), new
    placement.save(update_fields=["end_date", "end_reason", "moved_to"])
    audit_record(
        code="community_service.placement.moved",
        actor=actor,
        unit=placement.order.period.unit,
        obj=placement,
        changes={
            "site": [placement.site_id, site.pk],
            "end_date": [old_end, placement.end_date],
            "end_reason": [None, placement.end_reason],
            "moved_to": [None, new.pk],
        },
    )
    return new
