from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from bekal.rules.registry import DEFINITIONS, parse


class RuleValue(models.Model):
    """A figure of law or standard in force from a date, overriding the registry default."""

    # Checked against the registry in clean(), not as field choices: a new rule is code, not a schema change.
    code = models.CharField(_("rule"), max_length=80)
    value = models.CharField(_("value"), max_length=40)
    valid_from = models.DateField(_("valid from"))
    source = models.CharField(_("source"), max_length=300, help_text=_("Article or regulation that sets this figure"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rule value")
        verbose_name_plural = _("rule values")
        ordering = ["code", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="rule_value_once_per_date")]

    def __str__(self) -> str:
        return f"{self.code} = {self.value} ({self.valid_from})"

    def clean(self) -> None:
        definition = DEFINITIONS.get(self.code)
        if definition is None:
            raise ValidationError({"code": _("Unknown rule %(code)s") % {"code": self.code}})
        try:
            parse(definition.kind, self.value)
        except ValueError as exc:
            raise ValidationError({"value": str(exc)}) from exc


def in_force(code: str, on: date | None = None) -> RuleValue | None:
    """Return the row in force for the code on the date, or None when the default applies."""
    rows = RuleValue.objects.filter(code=code)
    if on is not None:
        rows = rows.filter(valid_from__lte=on)
    return rows.order_by("-valid_from").first()
