from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bekal.audit import events


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_units(self, units: models.QuerySet) -> "AuditEventQuerySet":
        """Return events recorded at any of the units."""
        return self.filter(unit__in=units)


class AuditEvent(models.Model):
    """One write, or one reveal of sensitive data, by one actor. Rows are only ever added."""

    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("event"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            # The trail is read by keyset (core/keyset.py) in this order: a unit's, and the whole table's.
            models.Index(fields=["unit", "-at", "-id"], name="audit_unit_at_id"),
            models.Index(fields=["-at", "-id"], name="audit_at_id"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.code} {self.object_repr}"

    @property
    def label(self) -> str:
        """Return what happened in words (the registered label of the code), in the active language."""
        return events.label(self.code)
