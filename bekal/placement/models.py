"""Work readiness, pre-release to-dos, employers and vacancies, referrals, internships, placements and follow-ups."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bekal.core.formats import date_short
from bekal.core.transitions import Transitions
from bekal.organizations.models import OrganizationKind
from bekal.people.models import OffenceCategory
from bekal.training.classifications import Kbji, Kbli

EMPLOYER_KINDS = [OrganizationKind.EMPLOYER, OrganizationKind.UMKM]


class ReadinessStatus(models.TextChoices):
    READY = "ready", _("Ready to work")
    NEEDS_SUPPORT = "needs_support", _("Needs support")
    DECLINED = "declined", _("Declined support")
    UNABLE = "unable", _("Not able to work")


class WorkReadiness(models.Model):
    """A person's readiness for work before release, as their officer last assessed it."""

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="work_readiness")
    status = models.CharField(_("readiness"), max_length=16, choices=ReadinessStatus.choices)
    declined_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    assessed_on = models.DateField(_("assessed on"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("work readiness")
        verbose_name_plural = _("work readiness")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(declined_reason=""), name="readiness_declined_has_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


# The shipped kinds (todo_kinds.py): their stored Indonesian name, and the name in the interface's language. A name a
# system administrator has changed, or a kind a unit added, is shown as typed.
SHIPPED_TODO_NAMES = {
    "ktp": ("Kartu Tanda Penduduk (KTP)", _("Identity card (KTP)")),
    "bank_account": ("Rekening bank", _("Bank account")),
    "cv": ("Daftar riwayat hidup (CV)", _("Curriculum vitae (CV)")),
    "skck": ("Surat Keterangan Catatan Kepolisian (SKCK)", _("Police clearance certificate (SKCK)")),
    "bpjs_tk": ("BPJS Ketenagakerjaan", _("Employment social security (BPJS Ketenagakerjaan)")),
    "work_clothes": ("Pakaian kerja", _("Work clothes")),
    "transport": ("Transportasi ke tempat kerja", _("Transport to the workplace")),
}


class ToDoKind(models.Model):
    """A kind of pre-release to-do (identity card, bank account, CV, SKCK...): data, so a unit can add more."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120)
    # The label on English pages; the Indonesian name stands in when empty.
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # A retired kind is offered for no new to-do; the to-dos recorded with it stay (people's history).
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("to-do kind")
        verbose_name_plural = _("to-do kinds")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        shipped = SHIPPED_TODO_NAMES.get(self.code)
        return str(shipped[1]) if shipped and shipped[0] == self.name else self.name


class ToDoStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_NEEDED = "not_needed", _("Not needed")

    @classmethod
    def closed(cls) -> list[str]:
        """Return the statuses that need nothing more."""
        return [cls.DONE, cls.NOT_NEEDED]


class PreReleaseToDo(models.Model):
    """One item of a person's pre-release list, with its status and the date it reached it."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="pre_release_todos")
    kind = models.ForeignKey(ToDoKind, verbose_name=_("item"), on_delete=models.PROTECT, related_name="todos")
    status = models.CharField(_("status"), max_length=12, choices=ToDoStatus.choices, default=ToDoStatus.OPEN)
    status_date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pre-release to-do")
        verbose_name_plural = _("pre-release to-dos")
        ordering = ["kind__order", "kind__code"]
        constraints = [models.UniqueConstraint(fields=["person", "kind"], name="todo_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.person}: {self.kind} ({self.get_status_display()})"


class PartnerStatus(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    PARTNER = "partner", _("Partner (agreement in force)")
    FORMER = "former", _("Former partner")


class EmployerProfile(models.Model):
    """What placement needs to know of an employer or UMKM beyond the organisation directory."""

    organization = models.OneToOneField(
        "organizations.Organization", on_delete=models.PROTECT, related_name="employer_profile"
    )
    sector = models.CharField(_("sector"), max_length=120)
    partner_status = models.CharField(
        _("partner status"), max_length=10, choices=PartnerStatus.choices, default=PartnerStatus.PROSPECT
    )
    # Text until the agreements module lands; then a link to the MoU/PKS record.
    agreement_reference = models.CharField(_("agreement reference"), max_length=120, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # What the employer does and mostly hires for (issue 17, industry demand), as KBLI section and KBJI major group.
    kbli = models.CharField(_("sector (KBLI)"), max_length=1, choices=Kbli.choices, blank=True)
    kbji = models.CharField(_("occupation asked for (KBJI)"), max_length=1, choices=Kbji.choices, blank=True)

    class Meta:
        verbose_name = _("employer profile")
        verbose_name_plural = _("employer profiles")

    def __str__(self) -> str:
        return str(self.organization)


class OpenTo(models.TextChoices):
    FORMER_ONLY = "former", _("Former inmates and clients only")
    EVERYONE = "everyone", _("Everyone")


class VacancyQuerySet(models.QuerySet["Vacancy"]):
    def open_on(self, day: date) -> "VacancyQuerySet":
        """Return vacancies still taking applications on the date."""
        return self.filter(Q(closing_date__isnull=True) | Q(closing_date__gte=day))


class Vacancy(models.Model):
    """A job an employer offers, with the offence categories it cannot take."""

    employer = models.ForeignKey(
        "organizations.Organization", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="vacancies"
    )
    title = models.CharField(_("title"), max_length=150)
    positions = models.PositiveSmallIntegerField(_("number of positions"), default=1)
    skills = models.CharField(_("wanted skills"), max_length=300, blank=True, help_text=_("Separated by commas"))
    programmes = models.ManyToManyField(
        "training.Programme", verbose_name=_("wanted training programmes"), blank=True, related_name="vacancies"
    )
    wanted_programmes = models.CharField(
        _("wanted certification schemes"),
        max_length=300,
        blank=True,
        help_text=_("Separated by commas; matched with the scheme of a valid competency certificate"),
    )
    region = models.ForeignKey(
        "organizations.Region", verbose_name=_("regency/city"), on_delete=models.PROTECT, related_name="vacancies"
    )
    closing_date = models.DateField(_("closing date"), null=True, blank=True)
    kbli = models.CharField(_("sector (KBLI)"), max_length=1, choices=Kbli.choices, blank=True)
    kbji = models.CharField(_("occupation (KBJI)"), max_length=1, choices=Kbji.choices, blank=True)
    excluded_offences = models.JSONField(_("excluded offence categories"), default=list, blank=True)
    open_to = models.CharField(_("open to"), max_length=10, choices=OpenTo.choices, default=OpenTo.FORMER_ONLY)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["closing_date", "title", "id"]
        constraints = [models.CheckConstraint(condition=Q(positions__gte=1), name="vacancy_positions_positive")]

    def __str__(self) -> str:
        return f"{self.title} · {self.employer}"

    @property
    def skill_tags(self) -> list[str]:
        """Return the wanted skills as lower-case tags."""
        return [s.strip().lower() for s in self.skills.split(",") if s.strip()]

    @property
    def scheme_tags(self) -> list[str]:
        """Return the wanted certification schemes as lower-case tags."""
        return [s.strip().lower() for s in self.wanted_programmes.split(",") if s.strip()]

    @property
    def excluded_offence_labels(self) -> list[str]:
        """Return the excluded offence categories as their labels."""
        labels = dict(OffenceCategory.choices)
        return [str(labels.get(code, code)) for code in self.excluded_offences]

    def excludes(self, offence_category: str) -> bool:
        """Return True when the vacancy cannot take someone convicted of the category."""
        return offence_category in self.excluded_offences


class ReferralStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    INTERVIEW = "interview", _("Interview")
    OFFERED = "offered", _("Offered")
    HIRED = "hired", _("Hired")
    NOT_HIRED = "not_hired", _("Not hired")


# The moves a referral may make (as in hmpps-jobs-board-api's application pipeline); anything else is refused.
REFERRAL_TRANSITIONS = Transitions(
    ReferralStatus,
    {
        ReferralStatus.REFERRED: {ReferralStatus.INTERVIEW, ReferralStatus.NOT_HIRED},
        ReferralStatus.INTERVIEW: {ReferralStatus.OFFERED, ReferralStatus.NOT_HIRED},
        ReferralStatus.OFFERED: {ReferralStatus.HIRED, ReferralStatus.NOT_HIRED},
        ReferralStatus.HIRED: set(),
        ReferralStatus.NOT_HIRED: set(),
    },
)


class Referral(models.Model):
    """A person put forward for a vacancy, and how far they got."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    vacancy = models.ForeignKey(Vacancy, verbose_name=_("vacancy"), on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.REFERRED
    )
    status_date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-status_date", "-id"]
        constraints = [models.UniqueConstraint(fields=["person", "vacancy"], name="referral_once_per_vacancy")]

    def __str__(self) -> str:
        return f"{self.person} -> {self.vacancy}"

    def allowed_next(self) -> list[str]:
        """Return the statuses this referral may move to, in the order of the choices."""
        allowed = REFERRAL_TRANSITIONS.allowed(self.status)
        return [s for s in ReferralStatus.values if s in allowed]


class InternshipOutcome(models.TextChoices):
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped early")
    JOB_OFFERED = "job_offered", _("Completed with a job offer")


class Internship(models.Model):
    """An internship (magang) with an employer before release, under assimilation."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="internships")
    employer = models.ForeignKey(
        "organizations.Organization", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="internships"
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    supervisor = models.CharField(_("supervisor at the employer"), max_length=120)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=InternshipOutcome.choices, default=InternshipOutcome.ONGOING
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("internship")
        verbose_name_plural = _("internships")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="internship_end_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.employer} ({date_short(self.start_date)})"


class PlacementKind(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    NOT_WORKING = "not_working", _("Not working")


class WageBand(models.TextChoices):
    BELOW_MINIMUM = "below_min", _("Below the regional minimum wage")
    MINIMUM = "minimum", _("Around the regional minimum wage")
    ABOVE_MINIMUM = "above_min", _("Above the regional minimum wage")
    UNKNOWN = "unknown", _("Not known")


class ContractType(models.TextChoices):
    PERMANENT = "pkwtt", _("Permanent (PKWTT)")
    FIXED_TERM = "pkwt", _("Fixed term (PKWT)")
    DAILY = "daily", _("Daily or casual")
    INFORMAL = "informal", _("No written contract")


class BusinessType(models.TextChoices):
    TRADE = "trade", _("Trade (shop, stall)")
    FOOD = "food", _("Food and drink")
    SERVICES = "services", _("Services")
    CRAFT = "craft", _("Workshop, crafts and repairs")
    AGRICULTURE = "agriculture", _("Farming, livestock and fishing")
    OTHER = "other", _("Other")


class AidKind(models.TextChoices):
    NONE = "none", _("None")
    STARTER_KIT = "starter_kit", _("Starter kit")
    CAPITAL = "capital", _("Capital aid")
    BOTH = "both", _("Starter kit and capital aid")


class PlacementEndReason(models.TextChoices):
    RESIGNED = "resigned", _("Resigned")
    DISMISSED = "dismissed", _("Dismissed")
    CONTRACT_ENDED = "contract_ended", _("Contract ended")
    BUSINESS_CLOSED = "business_closed", _("Business closed")
    FOUND_WORK = "found_work", _("Found work (no longer not working)")
    RE_ADMITTED = "re_admitted", _("Returned to custody")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    OTHER = "other", _("Other")


class Placement(models.Model):
    """Where a person stands after release: employed, self-employed or not working; followed up over a year."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="placements")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer following up"),
        null=True,
        on_delete=models.PROTECT,
        related_name="placements_followed",
    )
    kind = models.CharField(_("situation"), max_length=14, choices=PlacementKind.choices)
    employer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
    )
    position = models.CharField(_("position"), max_length=120, blank=True)
    wage_band = models.CharField(_("wage band"), max_length=10, choices=WageBand.choices, blank=True)
    contract_type = models.CharField(_("contract type"), max_length=10, choices=ContractType.choices, blank=True)
    # Self-employment (kemandirian usaha, issue 17): the business, its start, the aid that started it and the UMKM or
    # cooperative it works with.
    business_name = models.CharField(_("business"), max_length=120, blank=True)
    business_type = models.CharField(_("type of business"), max_length=12, choices=BusinessType.choices, blank=True)
    business_sector = models.CharField(_("sector (KBLI)"), max_length=1, choices=Kbli.choices, blank=True)
    business_started_on = models.DateField(_("business started on"), null=True, blank=True)
    aid_kind = models.CharField(_("starter kit or capital aid"), max_length=12, choices=AidKind.choices, blank=True)
    aid_from = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("aid from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aided_placements",
    )
    aid_value = models.DecimalField(_("aid value (Rp)"), max_digits=15, decimal_places=2, null=True, blank=True)
    business_partner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("partner UMKM or cooperative"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partnered_placements",
    )
    referral = models.ForeignKey(
        Referral, verbose_name=_("referral"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start_date = models.DateField(_("start"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=16, choices=PlacementEndReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="employed") | Q(employer__isnull=False), name="placement_employed_has_employer"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("start_date")),
                name="placement_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | ~Q(end_reason=""), name="placement_end_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(aid_value__isnull=True) | Q(aid_value__gte=0), name="placement_aid_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} ({date_short(self.start_date)})"


class FollowUp(models.Model):
    """A check on a placement, due a set number of months after it started."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="follow_ups")
    month = models.PositiveSmallIntegerField(_("month"))
    due_date = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    still_working = models.BooleanField(_("still working"), null=True)
    # A self-employed person's income at the follow-up, in the same bands as a wage.
    income_band = models.CharField(_("income band"), max_length=10, choices=WageBand.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_date", "id"]
        constraints = [models.UniqueConstraint(fields=["placement", "month"], name="follow_up_once_per_month")]
        # The due list is read by keyset in (due_date, id) order among the open ones.
        indexes = [models.Index(fields=["done_on", "due_date", "id"], name="follow_up_open_due_id")]

    def __str__(self) -> str:
        return f"{self.placement.person}: {self.month} ({date_short(self.due_date)})"
