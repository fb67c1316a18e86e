from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from bekal.core.formats import date_short
from bekal.people.fields import EncryptedNikField, NikHashField
from bekal.people.nik import nik_mask


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Education(models.TextChoices):
    NONE = "none", _("No schooling")
    SD = "sd", _("Primary school (SD)")
    SMP = "smp", _("Junior secondary (SMP)")
    SMA = "sma", _("Senior secondary (SMA)")
    SMK = "smk", _("Vocational secondary (SMK)")
    D3 = "d3", _("Diploma (D1-D3)")
    S1 = "s1", _("Bachelor (S1/D4)")
    S2 = "s2", _("Postgraduate (S2/S3)")

    @classmethod
    def rank(cls, value: str) -> int:
        """Return the level's position, lowest first, so requirements can compare levels."""
        return [c.value for c in cls].index(value)


class OffenceCategory(models.TextChoices):
    NARCOTICS = "narcotics", _("Narcotics")
    THEFT = "theft", _("Theft")
    FRAUD = "fraud", _("Fraud or embezzlement")
    ASSAULT = "assault", _("Assault")
    HOMICIDE = "homicide", _("Homicide")
    SEXUAL = "sexual", _("Sexual offence")
    CORRUPTION = "corruption", _("Corruption")
    GAMBLING = "gambling", _("Gambling")
    TRAFFIC = "traffic", _("Traffic offence")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    OTHER = "other", _("Other")


# From this many units (a Kanwil's), the people of a scope are found by testing each person read in the list's order
# against the scope's person links (``PersonLink``: one row per unit and person, kept equal to the records that
# place a person at a unit; its index read for the scope's units alone and hashed once) rather than by first
# building the union of every id in the scope: measured at national scale, a Kanwil's last page 18-20 ms through
# the four records (each table's rows of the scope hashed) and ~5 ms through the links, 105-110 ms through the
# union; a single unit's (a few hundred people among 400,000) stays far cheaper through the union (4-6 ms).
WIDE_SCOPE_UNITS = 5


class PersonQuerySet(models.QuerySet["Person"]):
    def in_units(self, unit_ids: frozenset[int]) -> "PersonQuerySet":
        """Return people registered at, or with a custody or supervision period at, or handed over to, any of the
        units (the same people as ``ids_in_units``)."""
        if len(unit_ids) < WIDE_SCOPE_UNITS:
            return self.filter(id__in=ids_in_units(unit_ids))
        return self.filter(id__in=linked_ids(unit_ids))

    def linked_to(self, unit_ids: frozenset[int]) -> "PersonQuerySet":
        """Return the same people as ``in_units``, each tested against their own links (``PersonLink``: a probe of
        the unique (unit, person) index per unit), for a read of a few people by id: one person's page is not
        filtered by the union of a scope's four records, which cost it four subqueries to build and plan."""
        return self.filter(Exists(PersonLink.objects.filter(person_id=OuterRef("pk"), unit_id__in=unit_ids)))


def placements(
    *, person_ids: Iterable[int] | None = None, unit_ids: Iterable[int] | None = None, keep: tuple[str, ...]
) -> models.QuerySet[Any, Any]:
    """Return the ``keep`` columns ("person", "unit") of every record that places a person at a unit, whose staff
    then see them: their registration, their custody and supervision periods, and their hand-overs (a Bapas sees
    the inmates handed over to it, to write their litmas before release); narrowed to these people and units, each
    row once. One UNION of indexed lookups: an OR of the conditions would make PostgreSQL scan every person. The one
    definition of who is at a unit (``ids_in_units``, ``unit_ids_of_person``, the person links)."""
    records = (
        (Person, "id", "registered_unit_id"),
        (CustodyPeriod, "person_id", "unit_id"),
        (SupervisionPeriod, "person_id", "unit_id"),
        (HandOver, "person_id", "bapas_id"),
    )
    parts = []
    for model, person, unit in records:
        rows = model.objects.all()
        if model is Person:  # a person registered at no unit is at none by registration
            rows = rows.exclude(**{unit: None})
        if person_ids is not None:
            rows = rows.filter(**{f"{person}__in": person_ids})
        if unit_ids is not None:
            rows = rows.filter(**{f"{unit}__in": unit_ids})
        parts.append(rows.order_by().values_list(*(person if k == "person" else unit for k in keep)))
    first, *others = parts
    return first.union(*others)


def ids_in_units(unit_ids: frozenset[int]) -> models.QuerySet[Any, Any]:
    """Return the ids of the people at any of the units (``placements``), each once. Its ``count()`` counts those
    people without reading them (half the time, for a Kanwil's 30,000)."""
    return placements(unit_ids=unit_ids, keep=("person",))


def linked_ids(unit_ids: frozenset[int]) -> models.QuerySet[Any, Any]:
    """Return the ids of the people at any of the units read from their person links (``PersonLink``, kept equal
    to ``placements`` by ``people.links``): one row per unit and person, an index range per unit."""
    return PersonLink.objects.filter(unit_id__in=unit_ids).values("person_id")


def unit_ids_of_person(person_id: int) -> set[int]:
    """Return the units whose staff see the person (the converse of ``ids_in_units``)."""
    return {unit for (unit,) in placements(person_ids=[person_id], keep=("unit",))}


class Person(models.Model):
    """An inmate or a client: anyone Bekal follows along the path from custody to work."""

    full_name = models.CharField(_("full name"), max_length=150)
    other_names = models.CharField(
        _("other names"), max_length=200, blank=True, help_text=_("Aliases, separated by commas")
    )
    search_name = models.CharField(max_length=360, editable=False, db_index=True)
    # Encrypted at rest, found by its keyed hash (nik_store.py): filter on nik_hash=nik_digest(nik), never on nik.
    nik = EncryptedNikField(_("NIK"), null=True, blank=True)
    nik_hash = NikHashField()
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    education = models.CharField(_("highest education"), max_length=8, choices=Education.choices, blank=True)
    home_region = models.ForeignKey(
        "organizations.Region", verbose_name=_("home regency/city"), null=True, blank=True, on_delete=models.PROTECT
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    registered_unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("registered at"),
        on_delete=models.PROTECT,
        related_name="registered_people",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the retention rule anonymised the person's identity (retention.py): no longer editable.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nik_hash"], condition=Q(nik_hash__isnull=False), name="person_nik_hash_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["birth_date", "search_name"], name="person_birth_name"),
            # Lists are ordered by name: the national list reads its first page from here instead of sorting
            # 400,000 people (issue 6).
            models.Index(fields=["full_name", "id"], name="person_name_order"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def nik_masked(self) -> str:
        """Return the NIK as any role may see it."""
        return nik_mask(self.nik or "")


def normalise_name(*names: str) -> str:
    """Return the names lower-cased with single spaces, the form searches and duplicate checks compare."""
    return " | ".join(" ".join(n.lower().split()) for n in names if n and n.strip())


class RegisterClass(models.TextChoices):
    """Ditjenpas register classes (LEGAL.md, "Identity")."""

    AI = "A.I", "A.I"
    AII = "A.II", "A.II"
    AIII = "A.III", "A.III"
    AIV = "A.IV", "A.IV"
    AV = "A.V", "A.V"
    BI = "B.I", _("B.I (over 1 year)")
    BIIA = "B.IIa", _("B.IIa (over 3 months to 1 year)")
    BIIB = "B.IIb", _("B.IIb (up to 3 months)")
    BIII = "B.III", _("B.III (substitute for a fine)")


class ReleaseReason(models.TextChoices):
    SENTENCE_SERVED = "served", _("Sentence served (bebas murni)")
    PAROLE = "pb", _("Parole (PB)")
    CONDITIONAL_LEAVE = "cb", _("Conditional leave (CB)")
    LEAVE_BEFORE_RELEASE = "cmb", _("Leave before release (CMB)")
    COURT_ORDER = "court", _("Court order")
    TRANSFER = "transfer", _("Transfer to another unit")
    DEATH = "death", _("Death")
    OTHER = "other", _("Other")


class CustodyPeriodQuerySet(models.QuerySet["CustodyPeriod"]):
    def current(self, on: date) -> "CustodyPeriodQuerySet":
        """Return periods open on the date."""
        return self.filter(admission_date__lte=on).filter(Q(release_date__isnull=True) | Q(release_date__gt=on))


class CustodyPeriod(models.Model):
    """A stay in a Lapas, Rutan or LPKA, from admission to release, with its integration dates."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="custody_periods")
    unit = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="custody_periods"
    )
    register_number = models.CharField(_("register number"), max_length=40, blank=True)
    register_class = models.CharField(_("register class"), max_length=6, choices=RegisterClass.choices, blank=True)
    admission_date = models.DateField(_("admission date"))
    offence_category = models.CharField(_("offence category"), max_length=20, choices=OffenceCategory.choices)
    sentence_years = models.PositiveSmallIntegerField(_("sentence: years"), default=0)
    sentence_months = models.PositiveSmallIntegerField(_("sentence: months"), default=0)
    sentence_days = models.PositiveSmallIntegerField(_("sentence: days"), default=0)
    expected_release_date = models.DateField(_("expected release date"), null=True, blank=True)
    parole_date = models.DateField(_("earliest parole (PB)"), null=True, blank=True, editable=False)
    leave_date = models.DateField(_("earliest conditional leave (CB)"), null=True, blank=True, editable=False)
    assimilation_date = models.DateField(_("earliest assimilation"), null=True, blank=True, editable=False)
    release_date = models.DateField(_("release date"), null=True, blank=True)
    release_reason = models.CharField(_("release reason"), max_length=10, choices=ReleaseReason.choices, blank=True)
    release_decree = models.CharField(
        _("release decree number"),
        max_length=80,
        blank=True,
        help_text=_("The decree (SK) that allows a release before the eligibility date"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CustodyPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("custody period")
        verbose_name_plural = _("custody periods")
        ordering = ["-admission_date", "-id"]
        indexes = [
            models.Index(fields=["unit", "release_date"], name="custody_unit_release"),
            models.Index(fields=["person", "admission_date"], name="custody_person_admission"),
            # The people in custody today by unit (the national home): the open periods counted from their own
            # index alone, and the few released after today (a release recorded ahead) from theirs.
            models.Index(
                fields=["unit", "admission_date"], condition=Q(release_date__isnull=True), name="custody_open_unit"
            ),
            models.Index(fields=["release_date"], condition=Q(release_date__isnull=False), name="custody_released_on"),
            # Searched case-insensitively (iexact compares upper cases), so the index is on the upper case.
            models.Index(Upper("register_number"), name="custody_register_number_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(release_date__isnull=True) | Q(release_date__gte=models.F("admission_date")),
                name="custody_release_after_admission",
            ),
            models.CheckConstraint(
                condition=Q(release_date__isnull=True) | ~Q(release_reason=""),
                name="custody_release_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.unit} ({date_short(self.admission_date)})"

    @property
    def earliest_integration_date(self) -> date | None:
        """Return the earliest parole, leave or assimilation date the inmate is eligible for (LEGAL.md)."""
        dates = [d for d in (self.parole_date, self.leave_date, self.assimilation_date) if d]
        return min(dates) if dates else None

    def is_open_on(self, on: date) -> bool:
        """Return True when the person is in custody on the date."""
        return self.admission_date <= on and (self.release_date is None or self.release_date > on)


class SupervisionKind(models.TextChoices):
    PAROLE = "pb", _("Parole (PB)")
    CONDITIONAL_LEAVE = "cb", _("Conditional leave (CB)")
    LEAVE_BEFORE_RELEASE = "cmb", _("Leave before release (CMB)")
    ASSIMILATION = "asimilasi", _("Assimilation")
    COMMUNITY_SERVICE = "kerja_sosial", _("Community service (pidana kerja sosial)")
    SUPERVISION_SENTENCE = "pengawasan", _("Supervision sentence (pidana pengawasan)")
    DIVERSION = "diversi", _("Juvenile diversion")


class SupervisionEndReason(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    REVOKED = "revoked", _("Revoked")
    NEW_OFFENCE = "new_offence", _("New offence")
    TRANSFERRED = "transferred", _("Transferred to another Bapas")
    DEATH = "death", _("Death")
    OTHER = "other", _("Other")


class SupervisionPeriodQuerySet(models.QuerySet["SupervisionPeriod"]):
    def current(self, on: date) -> "SupervisionPeriodQuerySet":
        """Return periods open on the date."""
        return self.filter(start_date__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))


class SupervisionPeriod(models.Model):
    """Guidance by a Bapas: parole, leave, assimilation, community service, a supervision sentence or diversion."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="supervision_periods")
    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Bapas"),
        on_delete=models.PROTECT,
        related_name="supervision_periods",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SupervisionKind.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("probation officer (PK)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_periods",
    )
    start_date = models.DateField(_("start"))
    expected_end_date = models.DateField(_("expected end"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=12, choices=SupervisionEndReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SupervisionPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision period")
        verbose_name_plural = _("supervision periods")
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["unit", "ended_on"], name="supervision_unit_end"),
            models.Index(
                fields=["unit", "start_date"], condition=Q(ended_on__isnull=True), name="supervision_open_unit"
            ),
            models.Index(fields=["ended_on"], condition=Q(ended_on__isnull=False), name="supervision_ended_on"),
            models.Index(fields=["person", "start_date"], name="supervision_person_start"),
            models.Index(fields=["officer", "ended_on"], name="supervision_officer_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_end_date__isnull=True) | Q(expected_end_date__gte=models.F("start_date")),
                name="supervision_expected_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("start_date")),
                name="supervision_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} @ {self.unit} ({date_short(self.start_date)})"

    def is_open_on(self, on: date) -> bool:
        """Return True when the supervision runs on the date."""
        return self.start_date <= on and (self.ended_on is None or self.ended_on > on)


class HandOverStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by the Lapas")
    ACCEPTED = "accepted", _("Accepted by the Bapas (PK assigned)")
    RELEASED = "released", _("Released: supervision opened")
    CANCELLED = "cancelled", _("Cancelled")


# The integration programmes a Lapas hands over to a Bapas, with the custody period's date that makes one eligible.
HANDOVER_KINDS = {
    SupervisionKind.PAROLE: "parole_date",
    SupervisionKind.CONDITIONAL_LEAVE: "leave_date",
    SupervisionKind.LEAVE_BEFORE_RELEASE: "expected_release_date",
    SupervisionKind.ASSIMILATION: "assimilation_date",
}


class HandOver(models.Model):
    """A Lapas hands an inmate over to the Bapas of their home for parole (PB), conditional leave (CB), leave
    before release (CMB) or assimilation: the Bapas takes it in its queue, assigns a PK who writes the litmas, and
    the supervision period opens by itself on release."""

    custody_period = models.ForeignKey(CustodyPeriod, on_delete=models.PROTECT, related_name="handovers")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="handovers")
    kind = models.CharField(_("programme"), max_length=16, choices=SupervisionKind.choices)
    bapas = models.ForeignKey(
        "organizations.Organization", verbose_name=_("Bapas"), on_delete=models.PROTECT, related_name="handovers_in"
    )
    integration_date = models.DateField(_("integration date"))
    litmas_requested = models.BooleanField(_("litmas requested"), default=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    conditions = models.TextField(_("conditions of supervision"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=HandOverStatus.choices, default=HandOverStatus.PROPOSED
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("probation officer (PK)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handovers_assigned",
    )
    supervision_period = models.OneToOneField(
        SupervisionPeriod, null=True, blank=True, on_delete=models.PROTECT, related_name="handover"
    )
    proposed_on = models.DateField(_("proposed on"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hand-over to a Bapas")
        verbose_name_plural = _("hand-overs to a Bapas")
        ordering = ["integration_date", "id"]
        indexes = [models.Index(fields=["bapas", "status"], name="handover_bapas_status")]
        constraints = [
            # One live hand-over per custody period: a second proposal is refused, not doubled.
            models.UniqueConstraint(
                fields=["custody_period"],
                condition=Q(status__in=["proposed", "accepted"]),
                name="handover_one_open_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} -> {self.bapas} ({self.get_kind_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in (HandOverStatus.PROPOSED, HandOverStatus.ACCEPTED)


class PersonLink(models.Model):
    """A unit whose staff see a person (``ids_in_units``: registered there, a custody or supervision period there,
    handed over to it), one row per unit and person, with the person's names for the order of the unit's list and
    its search. Derived: kept by ``people.links`` on every save of the records it comes from, never written by
    hand. A unit's people list reads one range of its index in name order, whatever the unit's size (issue 18)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="unit_links")
    # (No index of its own: the unique constraint and the order's index both lead with the unit.)
    unit = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    full_name = models.CharField(max_length=150)
    search_name = models.CharField(max_length=360)  # the person's, for a search within the unit

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "person"], name="person_link_unique")]
        # The list reads a range of it in order; a search (and its count) tests the names carried in it without
        # reading a row (PostgreSQL: an index-only scan, 0.6 ms against 12 ms through the people at scale 1).
        indexes = [
            models.Index(fields=["unit", "full_name", "person"], include=["search_name"], name="person_link_order")
        ]
        # The person's own index (person, unit) comes with the foreign key: a refresh deletes by person.
