"""Community service (pidana kerja sosial, KUHP Pasal 85): orders, work sites, placements, the hours ledger in
minutes, and the compliance ladder of warning letters up to the report to the prosecutor."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bekal.core.formats import date_short


class SiteType(models.TextChoices):
    HOSPITAL = "hospital", _("Hospital or health centre")
    ORPHANAGE = "orphanage", _("Orphanage")
    ELDERLY_HOME = "elderly_home", _("Elderly home")
    SCHOOL = "school", _("School")
    WORSHIP = "worship", _("House of worship")
    PUBLIC_FACILITY = "public_facility", _("Public facility")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class WorkSite(models.Model):
    """What a work-site organisation offers community service: its type, capacity, days and hours."""

    organization = models.OneToOneField(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="work_site"
    )
    site_type = models.CharField(_("site type"), max_length=20, choices=SiteType.choices)
    capacity = models.PositiveSmallIntegerField(_("capacity per day"))
    days = models.JSONField(_("days open"), default=list, help_text=_("Weekdays, 0 = Monday"))
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    supervisor_name = models.CharField(_("supervisor"), max_length=120, blank=True)
    supervisor_phone = models.CharField(_("supervisor phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("work site")
        verbose_name_plural = _("work sites")
        ordering = ["organization__name"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="work_site_capacity_positive"),
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="work_site_hours_order"),
        ]

    def __str__(self) -> str:
        return str(self.organization)


class Sanction(models.TextChoices):
    """What applies when the work is not done without a valid reason (KUHP Pasal 85 ayat (7))."""

    REPEAT = "repeat", _("Repeat all or part of the work")
    SERVE_PRISON = "serve_prison", _("Serve the replaced prison term")
    PAY_FINE = "pay_fine", _("Pay the replaced fine")


class OrderStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ENFORCED = "enforced", _("Sanction applied")


class CommunityServiceOrder(models.Model):
    """A court's community-service sentence, carried by a supervision period of kind ``kerja_sosial``."""

    period = models.OneToOneField("people.SupervisionPeriod", on_delete=models.PROTECT, related_name="community_order")
    court = models.ForeignKey(
        "organizations.Organization", verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )
    decision_number = models.CharField(_("decision number"), max_length=80)
    decision_date = models.DateField(_("decision date"))
    offence = models.CharField(_("offence"), max_length=200)
    threatened_prison_months = models.PositiveSmallIntegerField(_("threatened prison term (months)"))
    hours_ordered = models.PositiveSmallIntegerField(_("hours ordered"))
    replaced_prison_months = models.PositiveSmallIntegerField(_("replaced prison term (months)"), null=True, blank=True)
    replaced_fine = models.PositiveBigIntegerField(_("replaced fine (Rp)"), null=True, blank=True)
    hours_per_day = models.PositiveSmallIntegerField(_("hours allowed per day"), default=8)
    complete_by = models.DateField(_("complete by"))
    sanction = models.CharField(_("sanction if not done"), max_length=14, choices=Sanction.choices)
    prosecutor_office = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("prosecutor's office"),
        on_delete=models.PROTECT,
        related_name="supervised_orders",
    )
    consent_recorded = models.BooleanField(_("consent recorded"), default=False)
    exception_reason = models.TextField(
        _("reason the court departed from the rules"),
        blank=True,
        help_text=_("Only when the court decided outside the limits of Pasal 85"),
    )
    exceptions = models.JSONField(_("rules departed from"), default=list, blank=True)
    training_counts = models.BooleanField(_("training days count toward service hours"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.ACTIVE)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("community-service order")
        verbose_name_plural = _("community-service orders")
        ordering = ["complete_by", "id"]
        # The list is read by keyset in (complete_by, id) order, mostly for one status; "every status" reads the
        # second index (a national reader's first page sorted 40,000 orders without it: 59 ms of its 78).
        indexes = [
            models.Index(fields=["status", "complete_by", "id"], name="cs_order_status_due_id"),
            models.Index(fields=["complete_by", "id"], name="cs_order_due_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(replaced_prison_months__isnull=False) | Q(replaced_fine__isnull=False),
                name="cs_order_replaces_something",
            ),
            models.CheckConstraint(
                condition=Q(exceptions=[]) | ~Q(exception_reason=""), name="cs_order_exception_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.period.person})"

    @property
    def is_flagged(self) -> bool:
        """Return True when the order was saved outside the rules on the court's stated reason."""
        return bool(self.exceptions)

    @property
    def minutes_ordered(self) -> int:
        """Return the order's hours in minutes, the unit of the ledger."""
        return self.hours_ordered * 60


class Placement(models.Model):
    """A client placed at a work site with a plan: which weekdays and how many hours a day."""

    order = models.ForeignKey(CommunityServiceOrder, on_delete=models.PROTECT, related_name="placements")
    site = models.ForeignKey(WorkSite, verbose_name=_("work site"), on_delete=models.PROTECT, related_name="placements")
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    days = models.JSONField(_("days"), default=list, help_text=_("Weekdays, 0 = Monday"))
    hours_per_day = models.PositiveSmallIntegerField(_("hours a day"))
    # Ended or moved with a reason; the row stays as history. A move ends this placement the day before the new one
    # (``moved_to``) begins. The hours stay with the order, whatever the site.
    end_reason = models.CharField(_("reason for the end"), max_length=300, blank=True)
    moved_to = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="moved_from", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="cs_placement_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order.period.person} @ {self.site}"

    def is_open_on(self, on: date) -> bool:
        """Return True when the placement runs on the date."""
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)


class Outcome(models.TextChoices):
    """Attendance outcomes; ``OUTCOME_FLAGS`` says whether each counts toward the hours and is enforceable."""

    ATTENDED_COMPLIED = "attended_complied", _("Attended and complied")
    ATTENDED_FAILED = "attended_failed", _("Attended but failed to comply")
    SENT_HOME = "sent_home", _("Sent home")
    ACCEPTABLE_ABSENCE = "acceptable_absence", _("Acceptable absence")
    UNACCEPTABLE_ABSENCE = "unacceptable_absence", _("Unacceptable absence")


# (counts toward the hours, enforceable): an enforceable outcome climbs the warning ladder.
OUTCOME_FLAGS: dict[str, tuple[bool, bool]] = {
    Outcome.ATTENDED_COMPLIED: (True, False),
    Outcome.ATTENDED_FAILED: (False, True),
    Outcome.SENT_HOME: (True, True),
    Outcome.ACCEPTABLE_ABSENCE: (False, False),
    Outcome.UNACCEPTABLE_ABSENCE: (False, True),
}


class Rating(models.IntegerChoices):
    POOR = 1, _("Poor")
    FAIR = 2, _("Fair")
    GOOD = 3, _("Good")
    EXCELLENT = 4, _("Excellent")


class WorkSession(models.Model):
    """One attendance on one day: the ledger entry, with minutes credited."""

    order = models.ForeignKey(CommunityServiceOrder, on_delete=models.PROTECT, related_name="sessions")
    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    date = models.DateField(_("date"))
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    minutes_credited = models.PositiveIntegerField(_("minutes credited"))
    outcome = models.CharField(_("outcome"), max_length=22, choices=Outcome.choices)
    absence_reason = models.CharField(_("absence reason"), max_length=200, blank=True)
    work_quality = models.PositiveSmallIntegerField(_("work quality"), choices=Rating.choices, null=True, blank=True)
    behaviour = models.PositiveSmallIntegerField(_("behaviour"), choices=Rating.choices, null=True, blank=True)
    supervised_by = models.CharField(_("supervised by"), max_length=120, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    site_exception = models.BooleanField(
        _("outside the site's days or hours"),
        default=False,
        help_text=_("Recorded by the PK when the work was done, by arrangement, outside the site's opening"),
    )
    site_exception_reason = models.CharField(_("reason for the exception"), max_length=300, blank=True)
    training_day = models.ForeignKey(
        "training.TrainingDay",
        verbose_name=_("training day"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="community_sessions",
        help_text=_("Set when the session is a training day credited to an order that lets training count"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A session recorded by mistake is voided, never deleted: it stays with who voided it, when and why, credits
    # nothing from then on (its minutes move to voided_minutes), and every total and overlap check skips it.
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    void_reason = models.CharField(_("reason for the void"), max_length=300, blank=True, editable=False)
    voided_minutes = models.PositiveIntegerField(_("minutes voided"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("work session")
        verbose_name_plural = _("work sessions")
        ordering = ["-date", "-start", "-id"]
        indexes = [models.Index(fields=["order", "date"], name="cs_session_order_date")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="cs_session_end_after_start"),
            models.CheckConstraint(
                condition=Q(site_exception=False) | ~Q(site_exception_reason=""), name="cs_session_exception_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | (~Q(void_reason="") & Q(minutes_credited=0)),
                name="cs_session_void_has_reason_and_no_credit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order.period.person} {date_short(self.date)} {self.start:%H:%M}-{self.end:%H:%M}"

    @property
    def counts(self) -> bool:
        """Return True when the outcome counts toward the hours."""
        return OUTCOME_FLAGS[self.outcome][0]

    @property
    def enforceable(self) -> bool:
        """Return True when the outcome climbs the warning ladder."""
        return OUTCOME_FLAGS[self.outcome][1]


class Adjustment(models.Model):
    """Minutes added to or taken off an order by an authorised role, with the reason."""

    order = models.ForeignKey(CommunityServiceOrder, on_delete=models.PROTECT, related_name="adjustments")
    date = models.DateField(_("date"))
    minutes = models.IntegerField(_("minutes (+/-)"))
    reason = models.CharField(_("reason"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["-date", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(minutes=0), name="cs_adjustment_not_zero")]

    def __str__(self) -> str:
        return f"{self.order} {self.minutes:+d}"


class StepKind(models.TextChoices):
    WARNING = "warning", _("Warning letter")
    REPORT = "report", _("Report to the prosecutor")
    COMPLETION = "completion", _("Completion report")


class Decision(models.TextChoices):
    """What the prosecutor or court decided on a report (KUHP Pasal 85 ayat (7))."""

    CONTINUE = "continue", _("Continue the order")
    REPEAT = "repeat", _("Repeat all or part of the work")
    SERVE_PRISON = "serve_prison", _("Serve the replaced prison term")
    PAY_FINE = "pay_fine", _("Pay the replaced fine")


class ComplianceStep(models.Model):
    """One letter of an order: a warning, the report to the prosecutor, or the completion report."""

    order = models.ForeignKey(CommunityServiceOrder, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("kind"), max_length=10, choices=StepKind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    issued_on = models.DateField(_("issued on"))
    session = models.ForeignKey(
        WorkSession, null=True, blank=True, on_delete=models.PROTECT, related_name="steps", verbose_name=_("session")
    )
    decision = models.CharField(_("decision"), max_length=14, choices=Decision.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)
    # From the Bapas's register (``organizations.documents.next_number``); empty on letters issued before it existed.
    letter_number = models.CharField(_("letter number"), max_length=120, blank=True)
    signatory = models.ForeignKey(
        "organizations.Official",
        verbose_name=_("signatory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("compliance step")
        verbose_name_plural = _("compliance steps")
        ordering = ["order", "number"]
        constraints = [models.UniqueConstraint(fields=["order", "number"], name="cs_step_number_once")]
        # The Bapas home page lists the reports still waiting for a decision: a handful among every letter.
        indexes = [
            models.Index(fields=["issued_on"], condition=Q(kind="report", decision=""), name="cs_step_report_open")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}: {self.order}"


class SupervisionSentence(models.Model):
    """A supervision sentence (pidana pengawasan, KUHP Pasal 75-77), carried by a supervision period of kind
    ``pengawasan``: the general condition (no new offence) always applies; special conditions are the court's."""

    period = models.OneToOneField(
        "people.SupervisionPeriod", on_delete=models.PROTECT, related_name="supervision_sentence"
    )
    court = models.ForeignKey(
        "organizations.Organization", verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )
    decision_number = models.CharField(_("decision number"), max_length=80)
    decision_date = models.DateField(_("decision date"))
    offence = models.CharField(_("offence"), max_length=200)
    threatened_prison_months = models.PositiveSmallIntegerField(_("threatened prison term (months)"))
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    prosecutor_office = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("prosecutor's office"),
        on_delete=models.PROTECT,
        related_name="supervised_sentences",
    )
    special_conditions = models.TextField(
        _("special conditions"), blank=True, help_text=_("E.g. compensate the victim; do or refrain from a stated act")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supervision sentence")
        verbose_name_plural = _("supervision sentences")
        ordering = ["-decision_date", "-id"]
        constraints = [models.CheckConstraint(condition=Q(term_months__gte=1), name="sentence_term_positive")]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.period.person})"


class MonthlyReport(models.Model):
    """The client's monthly report to the PK (wajib lapor) for one month."""

    sentence = models.ForeignKey(SupervisionSentence, on_delete=models.PROTECT, related_name="reports")
    month = models.DateField(_("month"), help_text=_("The first day of the month reported for"))
    reported_on = models.DateField(_("reported on"))
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["sentence", "month"], name="monthly_report_once")]

    def __str__(self) -> str:
        return f"{self.sentence} {self.month:%Y-%m}"


class BreachStage(models.TextChoices):
    PK_ADVICE = "pk_advice", _("PK advice")
    PROSECUTOR_PROPOSAL = "proposal", _("Prosecutor's proposal")
    COURT_DECISION = "decision", _("Court decision")


class BreachOutcome(models.TextChoices):
    EXTEND = "extend", _("Extend the supervision")
    OTHER = "other", _("Other decision")


class BreachCase(models.Model):
    """A breach of a special condition, from the PK's advice to the court's decision."""

    sentence = models.ForeignKey(SupervisionSentence, on_delete=models.PROTECT, related_name="breaches")
    condition = models.CharField(_("condition breached"), max_length=300)
    stage = models.CharField(_("stage"), max_length=10, choices=BreachStage.choices, default=BreachStage.PK_ADVICE)
    advised_on = models.DateField(_("PK advice on"))
    advice = models.TextField(_("PK advice"))
    proposed_on = models.DateField(_("proposal on"), null=True, blank=True)
    proposal = models.TextField(_("prosecutor's proposal"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome = models.CharField(_("court decision"), max_length=8, choices=BreachOutcome.choices, blank=True)
    extension_months = models.PositiveSmallIntegerField(_("extension (months)"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("breach")
        verbose_name_plural = _("breaches")
        ordering = ["-advised_on", "-id"]

    def __str__(self) -> str:
        return f"{self.sentence}: {self.condition}"


class LitmasPurpose(models.TextChoices):
    PRE_SENTENCE = "pre_sentence", _("Pre-sentence (for the court)")
    PLACEMENT = "placement", _("Work placement")
    SUPERVISION = "supervision", _("Supervision review")
    OTHER = "other", _("Other")


class LitmasReport(models.Model):
    """A social inquiry report (litmas) a PK wrote about a person, with its recommendation and the signed PDF."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="litmas_reports")
    unit = models.ForeignKey(
        "organizations.Organization", verbose_name=_("Bapas"), on_delete=models.PROTECT, related_name="+"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("probation officer (PK)"),
        on_delete=models.PROTECT,
        related_name="litmas_reports",
    )
    date = models.DateField(_("date"))
    purpose = models.CharField(_("purpose"), max_length=14, choices=LitmasPurpose.choices)
    recommendation = models.TextField(_("recommendation"))
    document = models.FileField(_("document (PDF)"), upload_to="litmas/%Y/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("litmas report")
        verbose_name_plural = _("litmas reports")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"Litmas {self.person} ({date_short(self.date)})"
