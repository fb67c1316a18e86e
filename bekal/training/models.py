"""Training partnerships: programmes, agreements, batches and their days, enrolments, attendance, escorts,
discipline and budget. Status moves are tables of allowed transitions (``transitions.py``), not free assignment."""

import re
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bekal.core.formats import date_short
from bekal.people.models import Education
from bekal.training.classifications import Kbji, Kbli

SKKNI_CODE = re.compile(r"^[A-Z]\.\d{6}\.\d{3}\.\d{2}$")


class Programme(models.Model):
    """A training programme a provider offers, with the figures its batches must meet."""

    provider = models.ForeignKey(
        "organizations.Organization", verbose_name=_("provider"), on_delete=models.PROTECT, related_name="programmes"
    )
    name = models.CharField(_("name"), max_length=150)
    field = models.CharField(_("vocational field"), max_length=100, blank=True)
    total_jp = models.PositiveIntegerField(_("total lesson hours (JP)"))
    training_days = models.PositiveSmallIntegerField(_("training days"))
    min_days = models.PositiveSmallIntegerField(_("minimum days"))
    max_jp_per_day = models.PositiveSmallIntegerField(_("most JP per day"))
    fmd_days = models.PositiveSmallIntegerField(_("FMD days"))
    quota = models.PositiveSmallIntegerField(_("quota per batch"))
    min_attendance_percent = models.PositiveSmallIntegerField(_("minimum attendance (%)"))
    scheme = models.CharField(_("certification scheme"), max_length=200, blank=True)
    # The scheme's code in BNSP's list, written in the candidate list BNSP's upload takes (certification/bnsp.py).
    scheme_code = models.CharField(_("BNSP scheme code"), max_length=60, blank=True)
    min_education = models.CharField(_("minimum education"), max_length=8, choices=Education.choices, blank=True)
    min_days_before_release = models.PositiveSmallIntegerField(_("minimum days left before release"), default=0)
    # What the programme trains for (issue 17, industry demand): the KBLI section and the KBJI major group.
    kbli = models.CharField(_("sector (KBLI)"), max_length=1, choices=Kbli.choices, blank=True)
    kbji = models.CharField(_("occupation (KBJI)"), max_length=1, choices=Kbji.choices, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="programme_name_per_provider"),
            models.CheckConstraint(
                condition=Q(min_attendance_percent__lte=100), name="programme_attendance_percent_max_100"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CompetencyUnit(models.Model):
    """An SKKNI competency unit a programme teaches, as the LSP assesses it."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="units")
    code = models.CharField(_("SKKNI code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("competency unit")
        verbose_name_plural = _("competency units")
        ordering = ["programme", "code"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="competency_unit_once")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class AgreementKind(models.TextChoices):
    MOU = "mou", _("MoU")
    PKS = "pks", _("Cooperation agreement (PKS)")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    EXPIRING = "expiring", _("Expiring")
    EXPIRED = "expired", _("Expired")
    RENEWED = "renewed", _("Renewed")
    TERMINATED = "terminated", _("Terminated")


class Agreement(models.Model):
    """An MoU or PKS between a correctional unit (or a Kanwil) and one or more partners."""

    kind = models.CharField(_("kind"), max_length=4, choices=AgreementKind.choices)
    number = models.CharField(_("number"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=250)
    unit = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="agreements"
    )
    partners = models.ManyToManyField(
        "organizations.Organization", verbose_name=_("partners"), related_name="partner_agreements"
    )
    programmes = models.ManyToManyField(Programme, verbose_name=_("programmes"), blank=True)
    regions = models.ManyToManyField("organizations.Region", verbose_name=_("regencies covered"), blank=True)
    proposal_date = models.DateField(_("proposal date"), null=True, blank=True)
    signing_date = models.DateField(_("signing date"), null=True, blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    document = models.FileField(_("signed document (PDF)"), upload_to="agreements/%Y/", blank=True)
    status = models.CharField(_("status"), max_length=12, choices=AgreementStatus.choices, default="draft")
    renewal_of = models.ForeignKey(
        "self", verbose_name=_("renews"), null=True, blank=True, on_delete=models.PROTECT, related_name="renewals"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="agreement_end_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class AgreementAttachment(models.Model):
    """A further document of an agreement beside the signed one (annex, berita acara, amendment): PDF only."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file (PDF)"), upload_to="agreements/attachments/%Y/")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("agreement attachment")
        verbose_name_plural = _("agreement attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


class HolidayKind(models.TextChoices):
    HOLIDAY = "holiday", _("National holiday")
    JOINT_LEAVE = "joint_leave", _("Joint leave (cuti bersama)")


class Holiday(models.Model):
    """A national holiday (or joint leave day) on which no training day is planned by default.

    National, not per region: the SKB of the three ministers sets one list for the whole country (regional days off
    are decided by each unit on its batch's days, batch_day_set)."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=HolidayKind.choices, default=HolidayKind.HOLIDAY)
    # A date estimated before the decree (a lunar holiday, joint leave not yet decided): planning skips it all the
    # same, and the holidays page lists it as to be confirmed.
    to_confirm = models.BooleanField(_("to be confirmed"), default=False)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{date_short(self.date)} {self.name}"


class Venue(models.TextChoices):
    BLK = "blk", _("At the training centre")
    INSIDE = "inside", _("Inside the unit")
    MOBILE = "mobile", _("Mobile training unit")


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for nominations")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Batch(models.Model):
    """One training batch (angkatan) of a programme, organised by one or more correctional units."""

    name = models.CharField(_("name"), max_length=200)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="batches"
    )
    provider = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="provided_batches",
    )
    units = models.ManyToManyField(
        "organizations.Organization", verbose_name=_("organising units"), related_name="organised_batches"
    )
    lsp = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("certification body (LSP)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessed_batches",
    )
    venue = models.CharField(_("venue"), max_length=8, choices=Venue.choices, default=Venue.BLK)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    jp_per_day = models.PositiveSmallIntegerField(_("JP per day"))
    quota = models.PositiveSmallIntegerField(_("quota"))
    status = models.CharField(_("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.DRAFT)
    agreement_warning = models.CharField(_("agreement warning"), max_length=300, blank=True)
    quota_override_reason = models.CharField(_("reason for a quota above the rule"), max_length=300, blank=True)
    area_override_reason = models.CharField(
        _("reason for a provider outside its service area"), max_length=300, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="batch_end_after_start")
        ]
        # The list is read by keyset in this order (core/keyset.py), filtered by status or not.
        indexes = [
            models.Index(fields=["-start_date", "-id"], name="batch_start_order"),
            models.Index(fields=["status", "-start_date", "-id"], name="batch_status_start"),
        ]

    def __str__(self) -> str:
        return self.name


class DayKind(models.TextChoices):
    TRAINING = "training", _("Training")
    FMD = "fmd", _("FMD")


class TrainingDay(models.Model):
    """A day in a batch's calendar: an ordinary training day or an FMD day with Kodim."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=8, choices=DayKind.choices, default=DayKind.TRAINING)
    jp = models.PositiveSmallIntegerField(_("JP"))
    partner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("run with"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("training day")
        verbose_name_plural = _("training days")
        ordering = ["batch", "date"]
        constraints = [models.UniqueConstraint(fields=["batch", "date"], name="training_day_once")]

    def __str__(self) -> str:
        return f"{self.batch} {date_short(self.date)}"

    @property
    def label(self) -> str:
        """Return the day's kind as shown: the configured FMD label for FMD days."""
        return settings.BEKAL_FMD_LABEL if self.kind == DayKind.FMD else str(self.get_kind_display())


class Instructor(models.Model):
    """An instructor in a provider's registry, with the competency certificates they hold."""

    provider = models.ForeignKey(
        "organizations.Organization", verbose_name=_("provider"), on_delete=models.PROTECT, related_name="instructors"
    )
    name = models.CharField(_("name"), max_length=150)
    # What the old per-batch record said of the certification, kept as written when the registry was made.
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("instructor")
        verbose_name_plural = _("instructors")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["provider", "name"], name="instructor_provider_name")]

    def __str__(self) -> str:
        return self.name


class InstructorCertificate(models.Model):
    """An instructor's own competency certificate: its scheme, number and validity."""

    instructor = models.ForeignKey(Instructor, on_delete=models.CASCADE, related_name="certificates")
    scheme = models.CharField(_("certification scheme"), max_length=200)
    scheme_code = models.CharField(_("BNSP scheme code"), max_length=60, blank=True)
    number = models.CharField(_("certificate number"), max_length=80)
    issuer = models.CharField(_("issued by"), max_length=150, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("instructor certificate")
        verbose_name_plural = _("instructor certificates")
        ordering = ["-valid_until", "id"]
        constraints = [
            models.UniqueConstraint(fields=["instructor", "number"], name="instructor_certificate_once"),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")), name="instructor_certificate_until_after_from"
            ),
        ]
        indexes = [models.Index(fields=["valid_until"], name="instructor_cert_valid_until")]

    def __str__(self) -> str:
        return f"{self.scheme} {self.number}"

    def covers(self, programme: Programme, start: date, end: date) -> bool:
        """Return True when the certificate is for the programme's scheme and valid from start to end."""
        if not self.valid_from <= start or not end <= self.valid_until:
            return False
        if programme.scheme_code and self.scheme_code:
            return programme.scheme_code.strip().lower() == self.scheme_code.strip().lower()
        return bool(programme.scheme) and programme.scheme.strip().lower() == self.scheme.strip().lower()


class BatchInstructor(models.Model):
    """A registered instructor teaching a batch; one not certified for the scheme needs a recorded reason."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="instructors")
    instructor = models.ForeignKey(
        Instructor, verbose_name=_("instructor"), on_delete=models.PROTECT, related_name="assignments"
    )
    uncertified_reason = models.CharField(_("reason for an instructor not certified"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("batch instructor")
        verbose_name_plural = _("batch instructors")
        ordering = ["batch", "instructor__name"]
        constraints = [models.UniqueConstraint(fields=["batch", "instructor"], name="batch_instructor_once")]

    def __str__(self) -> str:
        return self.instructor.name

    @property
    def name(self) -> str:
        """Return the instructor's name (the attendance sheet and summary print it)."""
        return self.instructor.name


class EnrollmentStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    SELECTED = "selected", _("Selected")
    WAITLISTED = "waitlisted", _("Waiting list")
    NOT_SELECTED = "not_selected", _("Not selected")
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    NOT_COMPLETED = "not_completed", _("Not completed")


class Enrollment(models.Model):
    """A person nominated for a batch by a Lapas (inmate) or a Bapas (client), through to the outcome."""

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="enrollments")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="enrollments")
    unit = models.ForeignKey(
        "organizations.Organization", verbose_name=_("nominated by"), on_delete=models.PROTECT, related_name="+"
    )
    custody_period = models.ForeignKey(
        "people.CustodyPeriod", null=True, blank=True, on_delete=models.PROTECT, related_name="enrollments"
    )
    supervision_period = models.ForeignKey(
        "people.SupervisionPeriod", null=True, blank=True, on_delete=models.PROTECT, related_name="enrollments"
    )
    status = models.CharField(
        _("status"), max_length=14, choices=EnrollmentStatus.choices, default=EnrollmentStatus.NOMINATED
    )
    interest_statement_on = models.DateField(_("interest statement signed on"), null=True, blank=True)
    decision_reason = models.CharField(_("decision reason"), max_length=300, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["batch", "person__full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "person"], name="enrollment_once_per_batch"),
            models.CheckConstraint(
                condition=Q(custody_period__isnull=False) | Q(supervision_period__isnull=False),
                name="enrollment_has_a_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.batch}"

    @property
    def from_custody(self) -> bool:
        """Return True for an inmate, who must be escorted."""
        return self.custody_period_id is not None


# The shipped reasons (migration 0002): their stored Indonesian label, and the label in the interface's language. A
# label a system administrator has changed is shown as typed.
SHIPPED_REASON_LABELS = {
    "present": ("Hadir", _("Present")),
    "sick": ("Sakit", _("Sick")),
    "leave": ("Izin", _("On leave")),
    "absent": ("Tanpa keterangan", _("Absent without notice")),
    "removed": ("Dikeluarkan", _("Removed from the batch")),
}


class AttendanceReason(models.Model):
    """A reason code for a day's attendance, with the flags that decide how it counts."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    label = models.CharField(_("label"), max_length=80)
    counts_as_attended = models.BooleanField(_("counts as attended"))
    excused = models.BooleanField(_("excused"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("attendance reason")
        verbose_name_plural = _("attendance reasons")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        shipped = SHIPPED_REASON_LABELS.get(self.code)
        return str(shipped[1]) if shipped and shipped[0] == self.label else self.label


class Attendance(models.Model):
    """One participant on one training day."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendances")
    day = models.ForeignKey(TrainingDay, on_delete=models.CASCADE, related_name="attendances")
    reason = models.ForeignKey(AttendanceReason, on_delete=models.PROTECT)
    # A mark made by mistake is voided, never deleted: it stays with who voided it, when and why, and no count,
    # rate or KPI reads it; the participant may then be marked again.
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    void_reason = models.CharField(_("reason for the void"), max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "day"], condition=Q(voided_at__isnull=True), name="attendance_once_per_day"
            ),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""), name="attendance_void_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} {date_short(self.day.date)}: {self.reason}"


class Escort(models.Model):
    """An officer escorting participants on a training day."""

    day = models.ForeignKey(TrainingDay, on_delete=models.CASCADE, related_name="escorts")
    # A Bekal user, or security staff who are not users, recorded by name and NIP (never both).
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="escorts"
    )
    officer_name = models.CharField(_("officer's name"), max_length=120, blank=True)
    officer_nip = models.CharField(_("NIP"), max_length=18, blank=True)
    # Copied from the day so that "one officer, one place a day" is a database constraint, not only a check.
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("escort")
        verbose_name_plural = _("escorts")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["officer", "date"], name="escort_one_place_a_day"),
            models.UniqueConstraint(
                fields=["officer_nip", "date"], condition=Q(officer__isnull=True), name="escort_nip_one_place_a_day"
            ),
            models.CheckConstraint(
                condition=(Q(officer__isnull=False) & Q(officer_name="") & Q(officer_nip=""))
                | (Q(officer__isnull=True) & ~Q(officer_name="") & ~Q(officer_nip="")),
                name="escort_user_or_name_and_nip",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer_label} {date_short(self.date)}"

    @property
    def officer_display_name(self) -> str:
        """Return the escorting officer's name alone: a user's full name, or the staff member's name."""
        if self.officer is not None:
            return self.officer.get_full_name() or self.officer.username
        return self.officer_name

    @property
    def officer_label(self) -> str:
        """Return the escorting officer's name as shown: a user's full name, or the staff member's name and NIP."""
        if self.officer is not None:
            return self.officer.get_full_name() or self.officer.username
        return f"{self.officer_name} (NIP {self.officer_nip})"


class Severity(models.TextChoices):
    LOW = "low", _("Minor")
    MEDIUM = "medium", _("Moderate")
    HIGH = "high", _("Serious")


class IncidentAction(models.TextChoices):
    WARNING = "warning", _("Warning")
    REMOVAL = "removal", _("Removal from the batch")


class Incident(models.Model):
    """A discipline incident during training."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="incidents")
    date = models.DateField(_("date"))
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    description = models.CharField(_("description"), max_length=500)
    action = models.CharField(_("action"), max_length=8, choices=IncidentAction.choices)
    # A removal applies to its batch only; a ban from later batches only when the incident says so, until this date
    # (the person is eligible again the day after).
    ban_until = models.DateField(_("banned from training until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ban_until__isnull=True) | (Q(action="removal") & Q(ban_until__gt=models.F("date"))),
                name="incident_ban_only_on_removal",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrollment.person} {date_short(self.date)}: {self.get_action_display()}"


class BudgetAllocation(models.Model):
    """A unit's training budget for a year (DIPA)."""

    unit = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    dipa_number = models.CharField(_("DIPA number"), max_length=80, blank=True)
    amount = models.DecimalField(_("amount (Rp)"), max_digits=15, decimal_places=2)

    class Meta:
        verbose_name = _("budget allocation")
        verbose_name_plural = _("budget allocations")
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="budget_once_per_unit_year"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class BudgetRealisation(models.Model):
    """Money spent on a batch, against a unit's allocation."""

    allocation = models.ForeignKey(BudgetAllocation, on_delete=models.PROTECT, related_name="realisations")
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="realisations")
    date = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(_("amount (Rp)"), max_digits=15, decimal_places=2)

    class Meta:
        verbose_name = _("budget realisation")
        verbose_name_plural = _("budget realisations")
        ordering = ["date", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="realisation_amount_positive")]

    def __str__(self) -> str:
        return f"{self.batch} {date_short(self.date)} {self.amount}"


def absorption_percent(allocated: Decimal, realised: Decimal) -> Decimal:
    """Return realised / allocated as a percentage with two decimals, exactly (DOMAIN.md, budget absorption)."""
    if not allocated:
        return Decimal("0.00")
    return (realised * 100 / allocated).quantize(Decimal("0.01"))


def days_between(start: date, end: date) -> int:
    """Return the days from start to end, both counted."""
    return (end - start).days + 1


class TrainingCertificate(models.Model):
    """The training certificate (Sertifikat Pelatihan) of a participant who completed: numbered from the nominating
    unit's register, signed by the provider's head and the unit's, checkable by anyone through its unguessable token
    (the QR code on it) and revocable."""

    enrollment = models.OneToOneField(Enrollment, on_delete=models.PROTECT, related_name="training_certificate")
    number = models.CharField(_("number"), max_length=120, unique=True)
    token = models.CharField(_("verification token"), max_length=40, unique=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    provider_signatory = models.ForeignKey(
        "organizations.Official", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_signatory = models.ForeignKey(
        "organizations.Official", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training certificate")
        verbose_name_plural = _("training certificates")
        ordering = ["-issued_on", "number"]

    def __str__(self) -> str:
        return self.number


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class TrainingPlan(models.Model):
    """A unit's annual training plan: the batches, participants and budget it plans per programme, approved by the
    head of unit; the year is judged against it."""

    unit = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="training_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    note = models.CharField(_("note"), max_length=300, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="training_plan_once_per_unit_year"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_on__isnull=False), name="training_plan_approved_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class PlanLine(models.Model):
    """One programme in an annual plan: batches, participants and budget planned; the Ditjenpas mandatory programme
    is marked."""

    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="lines")
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="plan_lines"
    )
    mandatory = models.BooleanField(_("Ditjenpas mandatory programme"), default=False)
    batches = models.PositiveSmallIntegerField(_("planned batches"))
    participants = models.PositiveIntegerField(_("planned participants"))
    budget = models.DecimalField(_("planned budget (Rp)"), max_digits=15, decimal_places=2)

    class Meta:
        verbose_name = _("plan line")
        verbose_name_plural = _("plan lines")
        ordering = ["plan", "-mandatory", "programme__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "programme"], name="plan_line_once_per_programme"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="plan_line_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.programme}"
