"""Decisions on uncertain identity matches. Re-admissions and rates are computed from custody periods, not stored."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class IdentityDecision(models.TextChoices):
    SAME = "same", _("Same person")
    DIFFERENT = "different", _("Different people")


class IdentityReview(models.Model):
    """A reviewer's decision on whether two person records with the same name and birth date are one person.

    Records are never merged: a confirmed pair lets the later record's custody count as the earlier one's
    re-admission; a rejected pair leaves the queue for good.
    """

    earlier_person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    later_person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=10, choices=IdentityDecision.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"))

    class Meta:
        verbose_name = _("identity review")
        verbose_name_plural = _("identity reviews")
        ordering = ["-reviewed_at"]
        constraints = [
            models.UniqueConstraint(fields=["earlier_person", "later_person"], name="identity_review_once"),
            models.CheckConstraint(condition=~Q(earlier_person=models.F("later_person")), name="identity_two_records"),
        ]

    def __str__(self) -> str:
        return f"{self.earlier_person_id} ~ {self.later_person_id}: {self.decision}"
