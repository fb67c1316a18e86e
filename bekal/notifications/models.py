"""The inbox: notices to one person each, who is told of what (rules as data), and each person's email choice."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bekal.accounts.models import Role


class NoticeKind(models.TextChoices):
    """What a notice is about; each has its message template, ``notifications/email/<kind>.txt``."""

    AGREEMENT_EXPIRING = "agreement_expiring", _("Agreement expiring")
    AGREEMENT_EXPIRED = "agreement_expired", _("Agreement expired")
    CERTIFICATE_EXPIRING = "certificate_expiring", _("Certificate expiring")
    FOLLOW_UP_DUE = "follow_up_due", _("Placement follow-up due")
    ORDER_AT_RISK = "order_at_risk", _("Community-service order at risk")
    ORDER_OVERDUE = "order_overdue", _("Community-service order past its deadline")
    REPORT_MISSED = "report_missed", _("Supervision report missed")
    HOLIDAYS_MISSING = "holidays_missing", _("Next year's holidays not entered")
    LETTER_ISSUED = "letter_issued", _("Letter issued")
    ACTION_DUE = "action_due", _("Partnership follow-up action due")


class Relation(models.TextChoices):
    """Where the people told stand with respect to the record."""

    UNIT = "unit", _("At the record's unit")
    PARENT = "parent", _("At the regional office above the unit")
    NAMED = "named", _("Named on the record (e.g. the order's PK)")
    ANYWHERE = "anywhere", _("Anywhere")


class NotificationRule(models.Model):
    """Holders of ``role`` standing in ``relation`` to a record are told of notices of ``kind``."""

    kind = models.CharField(_("kind"), max_length=30, choices=NoticeKind.choices)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    relation = models.CharField(_("who"), max_length=10, choices=Relation.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("notification rule")
        verbose_name_plural = _("notification rules")
        ordering = ["kind", "relation", "role"]
        constraints = [models.UniqueConstraint(fields=["kind", "role", "relation"], name="notification_rule_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_role_display()} ({self.get_relation_display()})"


class Notice(models.Model):
    """One thing one person should know or do, in their inbox and (unless they switched it off) their email."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NoticeKind.choices)
    # The day or the state that caused the notice ("expiring", "2026-10", "2026-11-23"): with the recipient, kind and
    # object it identifies the notice, so a job run twice tells nobody twice.
    key = models.CharField(_("cause"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    object_type = models.CharField(_("record type"), max_length=100, blank=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The bell on every page counts these: a partial index holds only the unread rows.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notice_unread"),
            models.Index(fields=["recipient", "-created_at", "-id"], name="notice_inbox"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "object_type", "object_id", "key"], name="notice_once_per_cause"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        """Return True until the recipient opens the notice or marks it read."""
        return self.read_at is None


class NotificationPreference(models.Model):
    """How a person wants to be told; a person without a row gets emails in Indonesian."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_enabled = models.BooleanField(_("send me notices by email"), default=True)
    language = models.CharField(
        _("language of notices"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)
