import hashlib
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    UNIT_ADMIN = "unit_admin", _("Unit administrator")
    TRAINING_OFFICER = "training_officer", _("Training officer")
    PROBATION_OFFICER = "probation_officer", _("Probation officer (PK)")
    HEAD_OF_UNIT = "head_of_unit", _("Head of unit")
    REGIONAL_VIEWER = "regional_viewer", _("Regional viewer (Kanwil)")
    NATIONAL_VIEWER = "national_viewer", _("National viewer (Ditjenpas)")
    PARTNER_STAFF = "partner_staff", _("Partner staff")
    PROSECUTOR_STAFF = "prosecutor_staff", _("Prosecutor's office staff (kejaksaan)")
    SITE_SUPERVISOR = "site_supervisor", _("Work-site supervisor")


class User(AbstractUser):
    """A person who signs in; belongs to one organisation and holds one or more roles there."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    # Set when an administrator gives the account a temporary password; the user changes it before any other page
    # (accounts.middleware.PasswordChangeRequired), which clears it.
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        """Return the codes of the roles this user holds."""
        if not self.pk:
            return frozenset()
        return frozenset(self.role_grants.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        """Return True when the user holds any of the roles."""
        return bool(self.roles.intersection(roles))


class UserRole(models.Model):
    """One role held by one user at the user's organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="user_role_once")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"


def hash_token(raw: str) -> str:
    """Return the stored form of an API token: its SHA-256 in hex."""
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class TokenModule(models.TextChoices):
    """The API's modules (its routers' tags, spaces as hyphens) a token may be limited to."""

    ACCOUNTS = "accounts", _("Accounts")
    ORGANISATIONS = "organisations", _("Organisations")
    PEOPLE = "people", _("People")
    TRAINING = "training", _("Training")
    CERTIFICATION = "certification", _("Certification")
    COMMUNITY_SERVICE = "community-service", _("Community service")
    PLACEMENT = "placement", _("Placement")
    OUTCOMES = "outcomes", _("Outcomes")
    KPIS = "kpis", _("KPIs")
    JOBS = "jobs", _("Jobs")
    NOTIFICATIONS = "notifications", _("Notifications")
    RULES = "rules", _("Legal figures")
    PARTNERSHIPS = "partnerships", _("Partnerships")


class ApiToken(models.Model):
    """A bearer token for the API; only its hash is kept, the raw value is shown once. It works until it expires or
    is revoked, and a read-only token is refused on every write."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(_("prefix"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    scope = models.CharField(_("scope"), max_length=10, choices=TokenScope.choices, default=TokenScope.READ)
    # The modules (TokenModule values) the token may call; empty for all of them.
    modules = models.JSONField(_("modules"), default=list, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def modules_display(self) -> str:
        """The modules' names, or "all modules" for an unlimited token."""
        labels = dict(TokenModule.choices)
        return ", ".join(str(labels.get(m, m)) for m in self.modules) if self.modules else str(_("All modules"))
