"""Assessment by an LSP and the competency certificates that follow (LEGAL.md, Certification)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bekal.core.formats import date_short


class TestSite(models.TextChoices):
    WORKPLACE = "workplace", _("Workplace TUK")
    AD_HOC = "ad_hoc", _("Ad hoc TUK (sewaktu)")
    STANDING = "standing", _("Standing TUK (mandiri)")


class Verdict(models.TextChoices):
    COMPETENT = "K", _("Competent")
    NOT_YET = "BK", _("Not yet competent")


class AssessmentEvent(models.Model):
    """An assessment of a batch's participants by an LSP's assessor at a test site."""

    batch = models.ForeignKey("training.Batch", on_delete=models.PROTECT, related_name="assessments")
    lsp = models.ForeignKey(
        "organizations.Organization", verbose_name=_("LSP"), on_delete=models.PROTECT, related_name="assessments"
    )
    assessor = models.CharField(_("assessor"), max_length=150)
    assessor_number = models.CharField(_("assessor registration number"), max_length=60, blank=True)
    test_site = models.CharField(_("test site (TUK)"), max_length=10, choices=TestSite.choices)
    date = models.DateField(_("date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-date", "-id"]
        # The assessments booked of a unit's batches (the home page's day's work): read by batch, then date.
        indexes = [models.Index(fields=["batch", "date"], name="assessment_batch_date")]

    def __str__(self) -> str:
        return f"{self.batch} {date_short(self.date)}"


class UnitResult(models.Model):
    """The assessor's recommendation for one participant on one competency unit."""

    event = models.ForeignKey(AssessmentEvent, on_delete=models.CASCADE, related_name="unit_results")
    enrollment = models.ForeignKey("training.Enrollment", on_delete=models.PROTECT, related_name="unit_results")
    unit = models.ForeignKey("training.CompetencyUnit", on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(_("result"), max_length=2, choices=Verdict.choices)

    class Meta:
        verbose_name = _("unit result")
        verbose_name_plural = _("unit results")
        constraints = [models.UniqueConstraint(fields=["event", "enrollment", "unit"], name="unit_result_once")]

    def __str__(self) -> str:
        return f"{self.enrollment} {self.unit.code}: {self.verdict}"


class Decision(models.Model):
    """The LSP's decision for one participant of an assessment."""

    event = models.ForeignKey(AssessmentEvent, on_delete=models.CASCADE, related_name="decisions")
    enrollment = models.ForeignKey("training.Enrollment", on_delete=models.PROTECT, related_name="decisions")
    verdict = models.CharField(_("decision"), max_length=2, choices=Verdict.choices)
    decided_on = models.DateField(_("decided on"))

    class Meta:
        verbose_name = _("LSP decision")
        verbose_name_plural = _("LSP decisions")
        constraints = [models.UniqueConstraint(fields=["event", "enrollment"], name="decision_once")]

    def __str__(self) -> str:
        return f"{self.enrollment}: {self.verdict}"


class Certificate(models.Model):
    """A competency certificate issued on BNSP's behalf after a Kompeten decision."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="certificate")
    enrollment = models.ForeignKey("training.Enrollment", on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField(_("certificate number"), max_length=80, unique=True)
    scheme = models.CharField(_("scheme"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))

    class Meta:
        verbose_name = _("competency certificate")
        verbose_name_plural = _("competency certificates")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("issued_on")), name="certificate_valid_after_issue"
            )
        ]

    def __str__(self) -> str:
        return self.number
