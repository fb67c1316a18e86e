"""Writes to the training budget: allocations (DIPA) and realisation lines tied to batches."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record
from bekal.core.formats import readable
from bekal.organizations.models import Organization
from bekal.training.models import Batch, BudgetAllocation, BudgetRealisation
from bekal.training.services._common import check_unit_in_scope


@transaction.atomic
def allocation_create(
    *, actor: Any, unit: Organization | None, year: int, amount: Decimal, dipa_number: str = ""
) -> BudgetAllocation:
    """Record a unit's training budget for a year; one allocation per unit and year."""
    require(actor, Capability.BUDGET_EDIT)
    unit = check_unit_in_scope(actor, unit)
    errors: dict[str, str] = {}
    if amount <= 0:
        errors["amount"] = _("Amount %(amount)s must be more than zero") % {"amount": amount}
    if BudgetAllocation.objects.filter(unit=unit, year=year).exists():
        errors["year"] = _("%(unit)s already has a budget for %(year)s") % {"unit": unit.name, "year": year}
    if errors:
        raise ValidationError(errors)
    allocation = BudgetAllocation.objects.create(unit=unit, year=year, amount=amount, dipa_number=dipa_number)
    audit_record(
        code="training.budget.allocated",
        actor=actor,
        unit=unit,
        obj=allocation,
        changes={"year": [None, year], "amount": [None, amount]},
    )
    return allocation


@transaction.atomic
def realisation_add(
    *, actor: Any, allocation: BudgetAllocation, batch: Batch, date: date, description: str, amount: Decimal
) -> BudgetRealisation:
    """Record money spent on a batch of the allocation's unit, in its year, within what is left."""
    require(actor, Capability.BUDGET_EDIT)
    allocation = BudgetAllocation.objects.select_for_update().select_related("unit").get(pk=allocation.pk)
    check_unit_in_scope(actor, allocation.unit)
    errors: dict[str, str] = {}
    if not batch.units.filter(pk=allocation.unit_id).exists():
        errors["batch"] = _("Batch %(batch)s is not organised by %(unit)s") % {
            "batch": batch.name,
            "unit": allocation.unit.name,
        }
    if date.year != allocation.year:
        errors["date"] = _("%(date)s is outside the budget year %(year)s") % readable(
            {"date": date, "year": allocation.year}
        )
    if amount <= 0:
        errors["amount"] = _("Amount %(amount)s must be more than zero") % {"amount": amount}
    realised = allocation.realisations.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if realised + amount > allocation.amount:
        errors["amount"] = _("Rp%(amount)s exceeds what is left of the budget: Rp%(left)s") % {
            "amount": amount,
            "left": allocation.amount - realised,
        }
    if not description.strip():
        errors["description"] = _("Describe the spending")
    if errors:
        raise ValidationError(errors)
    line = BudgetRealisation.objects.create(
        allocation=allocation, batch=batch, date=date, description=description, amount=amount
    )
    audit_record(
        code="training.budget.realised",
        actor=actor,
        unit=allocation.unit,
        obj=line,
        changes={"batch": [None, batch.pk], "amount": [None, amount]},
    )
    return line
