"""One way for the API to turn an id from a payload into a row: an unknown id is refused naming the field and the id."""

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


def object_or_invalid(model: type[M], key: Any, *, field: str) -> M | None:
    """Return the row of ``model`` with this primary key, or None when no key was given; an unknown key raises a
    ValidationError on ``field`` that names it (422 in the API), so the caller never passes on a silent None."""
    if not key:
        return None
    obj = model._default_manager.filter(pk=key).first()
    if obj is None:
        thing = capfirst(str(model._meta.verbose_name))
        raise ValidationError({field: _("%(thing)s %(key)s does not exist") % {"thing": thing, "key": key}})
    return obj
