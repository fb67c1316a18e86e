"""Partnerships beyond the agreement itself: the coordination log (meetings, attendees, follow-up actions), the
pipeline from an idea to a PKS and its renewal, the Forum Komunikasi Tenaga Kerja and the awards given to partners."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    AUDIENCE = "audience", _("Audience (audiensi)")
    COORDINATION = "coordination", _("Coordination meeting")
    MONITORING = "monitoring", _("Monitoring visit")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Forum(models.Model):
    """A Forum Komunikasi Tenaga Kerja of a province (or a regency): its convener and member organisations."""

    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "organizations.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="forums"
    )
    convener = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("convener"),
        on_delete=models.PROTECT,
        related_name="convened_forums",
    )
    members = models.ManyToManyField(
        "organizations.Organization", verbose_name=_("member organisations"), related_name="forums"
    )
    founded_on = models.DateField(_("founded on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("labour communication forum")
        verbose_name_plural = _("labour communication forums")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["name"], name="forum_name_unique")]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    """A meeting or visit between a unit (or a Kanwil) and partners: who came, what was discussed and agreed."""

    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="partnership_meetings",
    )
    partners = models.ManyToManyField(
        "organizations.Organization", verbose_name=_("partners"), related_name="partner_meetings"
    )
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=14, choices=MeetingKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.HELD)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    agenda = models.TextField(_("agenda"))
    outcome = models.TextField(_("outcome"), blank=True)
    minutes = models.FileField(_("minutes (berita acara, PDF)"), upload_to="meetings/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["unit", "-date"], name="meeting_unit_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class Attendee(models.Model):
    """One person at a meeting, by name and position, for one side (the unit or a partner)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    official = models.ForeignKey(
        "organizations.Official",
        verbose_name=_("official"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=200)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class FollowUpAction(models.Model):
    """What a meeting agreed someone would do by a date: owned by a person or an organisation."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner (person)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partnership_actions",
    )
    owner_org = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("owner (organisation)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partnership_actions",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="action_status_due"),
            models.Index(fields=["owner_org", "status"], name="action_owner_org"),
            models.Index(fields=["owner_user", "status"], name="action_owner_user"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_user__isnull=False) | Q(owner_org__isnull=False), name="action_has_an_owner"
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def owner_name(self) -> str:
        """Return who owns the action, as printed."""
        if self.owner_user_id:
            return self.owner_user.get_full_name() or self.owner_user.username  # type: ignore[union-attr]
        return str(self.owner_org)


class Stage(models.TextChoices):
    """The steps of a partnership, in order."""

    IDEA = "idea", _("Idea")
    MEETING = "meeting", _("Meeting")
    PROPOSAL = "proposal", _("Proposal")
    MOU = "mou", _("MoU")
    PKS = "pks", _("Cooperation agreement (PKS)")
    RENEWAL = "renewal", _("Renewal")


STAGE_ORDER = {stage: index for index, stage in enumerate(Stage.values)}


class Partnership(models.Model):
    """A unit's partnership with one or more partners, followed from the idea to the PKS and its renewal."""

    unit = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="partnerships"
    )
    partners = models.ManyToManyField(
        "organizations.Organization", verbose_name=_("partners"), related_name="partner_partnerships"
    )
    title = models.CharField(_("title"), max_length=250)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.IDEA)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["unit", "stage"], name="partnership_unit_stage")]

    def __str__(self) -> str:
        return self.title


class PartnershipStep(models.Model):
    """One step of a partnership: when it is due and when it was done, with what it links to."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=10, choices=Stage.choices)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.PROTECT, related_name="steps"
    )
    agreement = models.ForeignKey(
        "training.Agreement",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partnership_steps",
    )
    document = models.FileField(_("document (PDF)"), upload_to="partnerships/%Y/", blank=True)
    programmes = models.ManyToManyField(
        "training.Programme", verbose_name=_("requested programmes"), blank=True, related_name="+"
    )
    participants = models.PositiveIntegerField(_("requested participants"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("partnership step")
        verbose_name_plural = _("partnership steps")
        ordering = ["partnership", "id"]
        indexes = [models.Index(fields=["done_on", "due_date"], name="step_done_due")]
        constraints = [models.UniqueConstraint(fields=["partnership", "kind"], name="step_once_per_partnership")]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.get_kind_display()}"


class CommitmentKind(models.TextChoices):
    DECISION = "decision", _("Decision")
    COMMITMENT = "commitment", _("Commitment")


class Commitment(models.Model):
    """A forum's decision, or a member's commitment ("PT X takes 5 graduates of the welding batch")."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="commitments")
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CommitmentKind.choices)
    text = models.CharField(_("text"), max_length=300)
    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("owner organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forum_commitments",
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)

    class Meta:
        verbose_name = _("forum commitment")
        verbose_name_plural = _("forum commitments")
        ordering = ["forum", "id"]
        indexes = [models.Index(fields=["owner", "status"], name="commitment_owner_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="decision") | Q(owner__isnull=False), name="commitment_has_an_owner"
            )
        ]

    def __str__(self) -> str:
        return self.text


class Award(models.Model):
    """A recognition (piagam penghargaan) given to a partner by a Kanwil or a unit."""

    partner = models.ForeignKey(
        "organizations.Organization", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="awards"
    )
    given_by = models.ForeignKey(
        "organizations.Organization", verbose_name=_("given by"), on_delete=models.PROTECT, related_name="awards_given"
    )
    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("handed over at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards_handed",
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("for"), max_length=250)
    number = models.CharField(_("number"), max_length=80, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("handover meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="awards",
        help_text=_("The meeting whose minutes (berita acara) record the handover"),
    )
    document = models.FileField(_("document (PDF)"), upload_to="awards/%Y/", blank=True)
    minutes = models.FileField(_("minutes (berita acara, PDF)"), upload_to="awards/%Y/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["partner", "-date"], name="award_partner_date")]

    def __str__(self) -> str:
        return self.title
