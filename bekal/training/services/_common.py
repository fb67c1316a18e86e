"""Helpers the training services share."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from bekal.organizations.models import Organization
from bekal.organizations.scope import unit_scope
from bekal.training import selectors
from bekal.training.models import Batch


def check_unit_in_scope(actor: Any, unit: Organization | None, *, field: str = "unit") -> Organization:
    """Return the unit when the actor may act for it; otherwise a validation error naming it."""
    if unit is None:
        raise ValidationError({field: _("Choose a unit")})
    if not unit_scope(actor).contains(unit.id):
        raise ValidationError({field: _("%(unit)s is not one of your units") % {"unit": unit.name}})
    return unit


def check_provider_staff(actor: Any, batch: Batch) -> None:
    """Refuse partner staff other than the provider's (an LSP's staff see the batch but do not run it)."""
    if selectors.is_partner(actor) and batch.provider_id != actor.organization_id:
        raise ValidationError(
            {"batch": _("Only the provider's staff may record this for %(batch)s") % {"batch": batch.name}}
        )


def check_batch_reach(actor: Any, batch: Batch) -> None:
    """Refuse a write on a batch the actor cannot see (a partner's other batches, another unit's)."""
    if not selectors.batches_visible_to(actor).filter(pk=batch.pk).exists():
        raise ValidationError({"batch": _("Batch %(batch)s is not one of yours") % {"batch": batch.name}})
