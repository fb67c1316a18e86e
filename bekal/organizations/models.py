from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeZone(models.TextChoices):
    """Indonesia's three zones (UU 31/2009, Keppres 41/1987); a province's is data (``data/time_zones.csv``)."""

    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")


class Region(models.Model):
    """A province or regency/city with its Kemendagri code (``16`` Sumatera Selatan, ``16.13`` Musi Rawas Utara)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        REGENCY = "regency", _("Regency/city")

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("province"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=20,
        choices=TimeZone.choices,
        blank=True,
        help_text=_("Provinces only: a regency or city keeps its province's"),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "parent"], name="region_level_parent")]

    def __str__(self) -> str:
        return self.name

    @property
    def nik_prefix(self) -> str:
        """Return the code's digits as they open a NIK (``16.13`` -> ``1613``)."""
        return self.code.replace(".", "")


class OrganizationKind(models.TextChoices):
    DITJENPAS = "ditjenpas", _("Directorate General of Corrections")
    KANWIL = "kanwil", _("Regional office (Kanwil)")
    LAPAS = "lapas", _("Prison (Lapas)")
    RUTAN = "rutan", _("Remand centre (Rutan)")
    LPKA = "lpka", _("Juvenile centre (LPKA)")
    BAPAS = "bapas", _("Probation office (Bapas)")
    BLK = "blk", _("Vocational training centre (BLK)")
    DISNAKER = "disnaker", _("Manpower office (Disnaker)")
    LSP = "lsp", _("Certification body (LSP)")
    KODIM = "kodim", _("Army district command (Kodim)")
    COURT = "court", _("Court")
    PROSECUTOR = "prosecutor", _("Prosecutor's office")
    EMPLOYER = "employer", _("Employer")
    UMKM = "umkm", _("Small business (UMKM)")
    WORK_SITE = "work_site", _("Community-service work site")

    @classmethod
    def custody(cls) -> list[str]:
        """Return the kinds that hold people in custody."""
        return [cls.LAPAS, cls.RUTAN, cls.LPKA]

    @classmethod
    def correctional_units(cls) -> list[str]:
        """Return the kinds of technical unit (UPT) whose staff work with people."""
        return [cls.LAPAS, cls.RUTAN, cls.LPKA, cls.BAPAS]


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def custody_units(self) -> "OrganizationQuerySet":
        """Return Lapas, Rutan and LPKA."""
        return self.filter(kind__in=OrganizationKind.custody())

    def correctional_units(self) -> "OrganizationQuerySet":
        """Return the units whose staff work with people: Lapas, Rutan, LPKA and Bapas."""
        return self.filter(kind__in=OrganizationKind.correctional_units())

    def probation_offices(self) -> "OrganizationQuerySet":
        """Return the Bapas."""
        return self.filter(kind=OrganizationKind.BAPAS)

    def active(self) -> "OrganizationQuerySet":
        """Return organisations still in operation."""
        return self.filter(is_active=True)


class Organization(models.Model):
    """Any body Bekal knows: the ministry's own units and every partner."""

    class UnitClass(models.TextChoices):
        I = "I", _("Class I")  # noqa: E741 - the official class name
        II = "II", _("Class II")
        IIA = "IIA", _("Class IIA")
        IIB = "IIB", _("Class IIB")
        III = "III", _("Class III")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="organizations"
    )
    unit_class = models.CharField(_("class"), max_length=4, choices=UnitClass.choices, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # The regencies/cities a partner (BLK, Disnaker, LSP, employer...) serves: screening offers it to the units there.
    covered_regions = models.ManyToManyField(
        Region, verbose_name=_("regencies covered"), blank=True, related_name="covering_organizations"
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind", "name"], name="org_kind_name"),
            models.Index(fields=["parent", "kind"], name="org_parent_kind"),
        ]
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="org_name_kind_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_custody_unit(self) -> bool:
        """Return True for a Lapas, Rutan or LPKA."""
        return self.kind in OrganizationKind.custody()

    @property
    def is_probation_office(self) -> bool:
        """Return True for a Bapas."""
        return self.kind == OrganizationKind.BAPAS

    @property
    def is_correctional_unit(self) -> bool:
        """Return True for any UPT whose staff work with people."""
        return self.kind in OrganizationKind.correctional_units()


DEFAULT_LETTER_PATTERN = "{n}/{year}"
DEFAULT_CERTIFICATE_PATTERN = "{n}/SERT/{year}"


class Letterhead(models.Model):
    """A unit's letterhead (kop surat) and how its letters are numbered, kept by the unit's administrator; a unit
    without one prints its directory entry under the ministry's lines."""

    unit = models.OneToOneField(
        Organization, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="letterhead", primary_key=True
    )
    lines = models.TextField(
        _("heading lines"), blank=True, help_text=_("One per line, above the unit's name (ministry, directorate)")
    )
    name = models.CharField(_("name on the letterhead"), max_length=200, blank=True)
    address = models.CharField(_("address on the letterhead"), max_length=300, blank=True)
    place = models.CharField(
        _("place of signing"),
        max_length=100,
        blank=True,
        help_text=_("Before the date of a letter; the regency by default"),
    )
    logo = models.FileField(_("logo"), upload_to="letterheads/", blank=True)
    letter_number_pattern = models.CharField(
        _("letter number pattern"),
        max_length=120,
        default=DEFAULT_LETTER_PATTERN,
        help_text=_("{n} is the letter's number in the year, {year} the year, {month} the month in Roman numerals"),
    )
    certificate_number_pattern = models.CharField(
        _("certificate number pattern"), max_length=120, default=DEFAULT_CERTIFICATE_PATTERN
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")

    def __str__(self) -> str:
        return str(self.unit)


class Official(models.Model):
    """An official of a unit who signs its letters or certificates: name, NIP and position as printed."""

    unit = models.ForeignKey(Organization, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="officials")
    name = models.CharField(_("name"), max_length=150)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    position = models.CharField(_("position"), max_length=200)
    signs_letters = models.BooleanField(_("signs letters by default"), default=False)
    signs_certificates = models.BooleanField(_("signs certificates"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["unit", "-signs_letters", "name"]
        indexes = [models.Index(fields=["unit", "is_active"], name="official_unit_active")]

    def __str__(self) -> str:
        return f"{self.name}, {self.position}"


class LetterCounter(models.Model):
    """The last number a unit gave in a year to one series of documents (letters, certificates): a row locked while
    a number is taken, so two clerks at once never get the same one."""

    unit = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=20)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year", "series"], name="letter_counter_once")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}/{self.series}: {self.last}"


class _Version(models.Model):
    unit_id = models.PositiveBigIntegerField(primary_key=True)
    version = models.PositiveBigIntegerField(default=1)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.version}"


class FigureVersion(_Version):
    """How many times the records under one unit have changed: the figure caches (``figure_versions.py``) key each
    cached figure by the versions of the units it is about, so a write makes them read afresh. ``unit_id`` 0 holds
    the epoch, a random number renewed by a bulk load, which retires every cached figure at once."""

    class Meta:
        verbose_name = _("figure version")
        verbose_name_plural = _("figure versions")


class OutcomeVersion(_Version):
    """How many times the KPI facts that decide outcomes under one unit (a release, a re-admission, a completion,
    a certificate, a start of work) have changed: what recidivism and the people counted as released or working
    are keyed on. An attendance mark changes the unit's ``FigureVersion`` but not this, so those figures stay
    cached while the attendance registers fill."""

    class Meta:
        verbose_name = _("outcome version")
        verbose_name_plural = _("outcome versions")
