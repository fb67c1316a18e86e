"""Writes of work sites and of the placements of clients at them (capacity per weekday)."""

from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record
from bekal.community_service.models import CommunityServiceOrder, OrderStatus, Placement, SiteType, Weekday, WorkSite
from bekal.community_service.services._common import require_order_reach
from bekal.core.formats import number, readable
from bekal.organizations.models import Organization, OrganizationKind, Region


@transaction.atomic
def work_site_create(
    *,
    actor: Any,
    name: str,
    region: Region | None,
    site_type: str,
    capacity: int,
    days: list[int],
    opens_at: time,
    closes_at: time,
    address: str = "",
    supervisor_name: str = "",
    supervisor_phone: str = "",
) -> WorkSite:
    """Register a work site: an organisation of kind work site and what it offers community service."""
    require(actor, Capability.COMMUNITY_SITE_EDIT)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Name is required")
    elif Organization.objects.filter(name=name.strip(), kind=OrganizationKind.WORK_SITE).exists():
        errors["name"] = _("A work site named %(name)s already exists") % {"name": name}
    if site_type not in SiteType.values:
        # KUHP Pasal 85: the work is not commercialised; only public and social places take community service.
        errors["site_type"] = _(
            "KUHP Pasal 85: community service is unpaid work at a public or social place; site type %(value)s is "
            "not one of: %(types)s"
        ) % {"value": site_type, "types": ", ".join(str(t.label) for t in SiteType)}
    if not 1 <= capacity <= CAPACITY_MAX:
        errors["capacity"] = _capacity_error(capacity)
    if not days or any(d not in range(7) for d in days):
        errors["days"] = _("Choose the weekdays the site takes people")
    if closes_at <= opens_at:
        errors["closes_at"] = _("Closing time %(end)s is not after opening time %(start)s") % readable(
            {
                "end": closes_at,
                "start": opens_at,
            }
        )
    if region is not None and region.level != Region.Level.REGENCY:
        errors["region"] = _("%(region)s is a province; choose a regency or city") % {"region": region.name}
    if errors:
        raise ValidationError(errors)
    org = Organization.objects.create(
        name=name.strip(), kind=OrganizationKind.WORK_SITE, region=region, address=address, phone=supervisor_phone
    )
    site = WorkSite.objects.create(
        organization=org,
        site_type=site_type,
        capacity=capacity,
        days=sorted(set(days)),
        opens_at=opens_at,
        closes_at=closes_at,
        supervisor_name=supervisor_name,
        supervisor_phone=supervisor_phone,
    )
    audit_record(
        code="community_service.site.created",
        actor=actor,
        unit=actor.organization,
        obj=site,
        changes={
            "name": [None, org.name],
            "site_type": [None, site_type],
            "capacity": [None, capacity],
            "days": [None, site.days],
        },
    )
    return site


# A site's capacity is a small integer in the database (PostgreSQL smallint): past it the database would refuse
# the row with an error instead of a message.
CAPACITY_MAX = 32_767


def _capacity_error(value: int) -> str:
    return _("Capacity %(value)s must be between 1 and %(max)s") % {"value": number(value), "max": number(CAPACITY_MAX)}


SITE_FIELDS = ["capacity", "days", "opens_at", "closes_at", "supervisor_name", "supervisor_phone"]


@transaction.atomic
def work_site_update(*, actor: Any, site: WorkSite, **data: Any) -> WorkSite:
    """Change a site's weekdays, hours, capacity or supervisor; the clients already placed there keep their plans,
    so a day they work on stays open and the capacity stays at least what a day already takes."""
    require(actor, Capability.COMMUNITY_SITE_EDIT)
    site = WorkSite.objects.select_for_update().select_related("organization").get(pk=site.pk)
    before = {name: getattr(site, name) for name in SITE_FIELDS}
    for name in SITE_FIELDS:
        if data.get(name) is not None:
            setattr(site, name, sorted(set(data[name])) if name == "days" else data[name])
    errors: dict[str, str] = {}
    if not 1 <= site.capacity <= CAPACITY_MAX:
        errors["capacity"] = _capacity_error(site.capacity)
    if not site.days or any(d not in range(7) for d in site.days):
        errors["days"] = _("Choose the weekdays the site takes people")
    if site.closes_at <= site.opens_at:
        errors["closes_at"] = _("Closing time %(end)s is not after opening time %(start)s") % readable(
            {"end": site.closes_at, "start": site.opens_at}
        )
    placed = Placement.objects.filter(site=site, order__status=OrderStatus.ACTIVE)
    for day in range(7):
        taken = sum(1 for p in placed if day in p.days)
        if taken and day not in site.days and "days" not in errors:
            errors["days"] = _("%(site)s has %(taken)s people placed on %(day)s; that day stays open") % {
                "site": site,
                "taken": taken,
                "day": Weekday(day).label,
            }
        if taken > site.capacity and "capacity" not in errors:
            errors["capacity"] = _(
                "Capacity %(value)s is fewer than the %(taken)s people already placed on %(day)s"
            ) % {"value": site.capacity, "taken": taken, "day": Weekday(day).label}
    if errors:
        raise ValidationError(errors)
    site.save()
    changes = {
        name: [readable({"v": before[name]})["v"], readable({"v": getattr(site, name)})["v"]]
        for name in SITE_FIELDS
        if before[name] != getattr(site, name)
    }
    if changes:
        audit_record(
            code="community_service.site.updated", actor=actor, unit=actor.organization, obj=site, changes=changes
        )
    return site


def _placements_overlapping(site: WorkSite, start: date, end: date | None) -> list[Placement]:
    placements = Placement.objects.filter(site=site, order__status=OrderStatus.ACTIVE)
    if end is not None:
        placements = placements.filter(start_date__lte=end)
    return [p for p in placements if p.end_date is None or p.end_date >= start]


@transaction.atomic
def placement_create(
    *,
    actor: Any,
    order: CommunityServiceOrder,
    site: WorkSite,
    start_date: date,
    days: list[int],
    hours_per_day: int,
    end_date: date | None = None,
) -> Placement:
    """Place the client at a work site on planned weekdays; a site never takes more people a day than its capacity."""
    require(actor, Capability.COMMUNITY_EDIT)
    require_order_reach(actor, order)
    site = WorkSite.objects.select_for_update().select_related("organization").get(pk=site.pk)
    order = CommunityServiceOrder.objects.select_related("period__unit").get(pk=order.pk)
    errors: dict[str, str] = {}
    days = sorted(set(days))
    closed = [d for d in days if d not in site.days]
    if not days:
        errors["days"] = _("Choose the weekdays of the plan")
    elif closed:
        errors["days"] = _("%(site)s does not take people on weekday(s) %(days)s") % {
            "site": site,
            "days": ", ".join(str(d) for d in closed),
        }
    if not 1 <= hours_per_day <= order.hours_per_day:
        errors["hours_per_day"] = _("Hours a day %(value)s must be between 1 and the order's %(max)s") % {
            "value": hours_per_day,
            "max": order.hours_per_day,
        }
    if start_date < order.period.start_date or start_date > order.complete_by:
        errors["start_date"] = _("Start %(date)s is outside the order's window %(start)s to %(end)s") % readable(
            {
                "date": start_date,
                "start": order.period.start_date,
                "end": order.complete_by,
            }
        )
    if end_date is not None and end_date < start_date:
        errors["end_date"] = _("End %(end)s is before the start %(start)s") % readable(
            {"end": end_date, "start": start_date}
        )
    if not errors:
        others = _placements_overlapping(site, start_date, end_date)
        for day in days:
            taken = sum(1 for p in others if day in p.days)
            if taken >= site.capacity:
                errors["days"] = _(
                    "%(site)s takes at most %(capacity)s people on weekday %(day)s and has %(taken)s already"
                ) % readable({"site": site, "capacity": site.capacity, "day": day, "taken": taken})
                break
    if errors:
        raise ValidationError(errors)
    placement = Placement.objects.create(
        order=order, site=site, start_date=start_date, end_date=end_date, days=days, hours_per_day=hours_per_day
    )
    audit_record(
        code="community_service.placement.created",
        actor=actor,
        unit=order.period.unit,
        obj=placement,
        changes={"site": [None, site.pk], "days": [None, days], "hours_per_day": [None, hours_per_day]},
    )
    return placement
