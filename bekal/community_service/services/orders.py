"""Writes of community-service orders: recording one against KUHP Pasal 85, the training switch.

The legal figures come from ``bekal.rules`` (KUHP Pasal 85, fine categories of Pasal 79), never from constants here.
"""

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record, created_diff, snapshot
from bekal.community_service.models import CommunityServiceOrder, Sanction
from bekal.community_service.services._common import require_order_reach
from bekal.core.formats import readable
from bekal.organizations.models import Organization, OrganizationKind
from bekal.organizations.scope import unit_scope
from bekal.people import services as people_services
from bekal.people.models import Person, SupervisionKind, SupervisionPeriod
from bekal.rules.selectors import rule_int

ORDER_FIELDS = [
    "court",
    "decision_number",
    "decision_date",
    "offence",
    "threatened_prison_months",
    "hours_ordered",
    "replaced_prison_months",
    "replaced_fine",
    "hours_per_day",
    "complete_by",
    "sanction",
    "prosecutor_office",
    "consent_recorded",
    "exception_reason",
    "exceptions",
    "training_counts",
]


def _rupiah(amount: int) -> str:
    return f"Rp{amount:,}".replace(",", ".")


def order_rule_breaches(order: CommunityServiceOrder, *, start: date) -> dict[str, str]:
    """Return {field: message} for each limit of KUHP Pasal 85 the order goes beyond, figures read on its date."""
    on = order.decision_date
    out: dict[str, str] = {}
    low, high = rule_int("community_service.min_hours", on=on), rule_int("community_service.max_hours", on=on)
    if not low <= order.hours_ordered <= high:
        out["hours_ordered"] = _("KUHP Pasal 85: community service is %(low)s to %(high)s hours; %(value)s ordered") % {
            "low": low,
            "high": high,
            "value": order.hours_ordered,
        }
    per_day = rule_int("community_service.max_hours_per_day", on=on)
    if order.hours_per_day > per_day:
        out["hours_per_day"] = _("KUHP Pasal 85: at most %(max)s hours a day; %(value)s allowed") % {
            "max": per_day,
            "value": order.hours_per_day,
        }
    window = rule_int("community_service.max_window_months", on=on)
    if order.complete_by > start + relativedelta(months=window):
        out["complete_by"] = _(
            "KUHP Pasal 85: the work is done within at most %(months)s months; %(start)s to %(end)s is longer"
        ) % readable({"months": window, "start": start, "end": order.complete_by})
    threat = rule_int("community_service.threat_below_months", on=on)
    if order.threatened_prison_months >= threat:
        out["threatened_prison_months"] = _(
            "KUHP Pasal 85: the offence must carry a prison threat under %(max)s months; it carries %(value)s"
        ) % {"max": threat, "value": order.threatened_prison_months}
    max_prison = rule_int("community_service.max_replaced_prison_months", on=on)
    category = rule_int("community_service.max_replaced_fine_category", on=on)
    max_fine = rule_int(f"fine.category.{category}", on=on)
    if order.replaced_prison_months is not None and order.replaced_prison_months > max_prison:
        out["replaced_prison_months"] = _(
            "KUHP Pasal 85: it may replace at most %(max)s months' prison; %(value)s months replaced"
        ) % {"max": max_prison, "value": order.replaced_prison_months}
    if order.replaced_fine is not None and order.replaced_fine > max_fine:
        out["replaced_fine"] = _(
            "KUHP Pasal 85: it may replace a fine of at most category %(category)s (%(max)s, Pasal 79); "
            "%(value)s replaced"
        ) % {"category": category, "max": _rupiah(max_fine), "value": _rupiah(order.replaced_fine)}
    if not order.consent_recorded:
        out["consent_recorded"] = _("KUHP Pasal 85: the decision weighs the convict's consent; none is recorded")
    return out


def _order_errors(order: CommunityServiceOrder) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not order.decision_number.strip():
        errors["decision_number"] = _("Decision number is required")
    if order.court.kind != OrganizationKind.COURT:
        errors["court"] = _("%(org)s is not a court") % {"org": order.court}
    if order.prosecutor_office.kind != OrganizationKind.PROSECUTOR:
        errors["prosecutor_office"] = _("%(org)s is not a prosecutor's office") % {"org": order.prosecutor_office}
    if order.replaced_prison_months is None and order.replaced_fine is None:
        errors["replaced_prison_months"] = _("State the prison term or the fine the community service replaces")
    if order.sanction not in Sanction.values:
        errors["sanction"] = _("Sanction %(value)s is not one of the allowed values") % {"value": order.sanction}
    if order.hours_per_day < 1:
        errors["hours_per_day"] = _("Hours allowed per day must be at least 1")
    return errors


def _apply_rules(order: CommunityServiceOrder, *, start: date) -> None:
    """Refuse an order outside Pasal 85, unless the court's stated reason is given: then save it flagged."""
    errors = _order_errors(order)
    if order.complete_by < start:
        errors["complete_by"] = _("Complete-by date %(end)s is before the start %(start)s") % readable(
            {
                "end": order.complete_by,
                "start": start,
            }
        )
    if errors:
        raise ValidationError(errors)
    breaches = order_rule_breaches(order, start=start)
    order.exception_reason = order.exception_reason.strip()
    if breaches and not order.exception_reason:
        raise ValidationError(
            breaches
            | {
                "exception_reason": _(
                    "Outside the limits of Pasal 85 the order is saved only with the court's stated reason"
                )
            }
        )
    order.exceptions = sorted(breaches)


@transaction.atomic
def order_create(
    *,
    actor: Any,
    person: Person,
    unit: Organization | None,
    officer: Any,
    start_date: date | None,
    period: SupervisionPeriod | None = None,
    **data: Any,
) -> CommunityServiceOrder:
    """Record a community-service order and its supervision period (``kerja_sosial``), or attach it to one."""
    require(actor, Capability.COMMUNITY_EDIT)
    order = CommunityServiceOrder(**data)
    if period is None:
        if start_date is None:
            raise ValidationError({"start_date": _("Give the start date of a new supervision period")})
        start = start_date
    else:
        start = period.start_date
        if period.kind != SupervisionKind.COMMUNITY_SERVICE or period.person_id != person.pk:
            raise ValidationError({"period": _("The supervision period is not this person's community service")})
        if CommunityServiceOrder.objects.filter(period=period).exists():
            raise ValidationError({"period": _("This supervision period already has an order")})
        if not unit_scope(actor).contains(period.unit_id):
            raise ValidationError({"period": _("%(unit)s is not one of your units") % {"unit": period.unit.name}})
    _apply_rules(order, start=start)
    if period is None:
        period = people_services.supervision_period_create(
            actor=actor,
            person=person,
            unit=unit,
            kind=SupervisionKind.COMMUNITY_SERVICE,
            officer=officer,
            start_date=start,
            expected_end_date=order.complete_by,
        )
    order.period = period
    order.save()
    audit_record(
        code="community_service.order.created",
        actor=actor,
        unit=period.unit,
        obj=order,
        changes=created_diff(snapshot(order, ORDER_FIELDS)),
    )
    return order


@transaction.atomic
def order_set_training_counts(*, actor: Any, order: CommunityServiceOrder, value: bool) -> CommunityServiceOrder:
    """Say whether training days count toward the order's hours (off unless set)."""
    require(actor, Capability.COMMUNITY_EDIT)
    require_order_reach(actor, order)
    order = CommunityServiceOrder.objects.select_for_update().select_related("period__unit").get(pk=order.pk)
    if order.training_counts != value:
        order.training_counts = value
        order.save(update_fields=["training_counts"])
        audit_record(
            code="community_service.order.training_counts_changed",
            actor=actor,
            unit=order.period.unit,
            obj=order,
            changes={"training_counts": [not value, value]},
        )
    return order
