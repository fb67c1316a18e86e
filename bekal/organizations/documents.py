"""A unit's paperwork: its letterhead as printed, the place and date line, its officials, and the register that
numbers its letters and certificates (a locked counter row per unit, year and series)."""

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.accounts.models import Role
from bekal.audit.services import audit_record, changed_fields, snapshot
from bekal.core.documents import data_uri
from bekal.organizations.models import (
    DEFAULT_CERTIFICATE_PATTERN,
    DEFAULT_LETTER_PATTERN,
    LetterCounter,
    Letterhead,
    Official,
    Organization,
)
from bekal.organizations.time import long_date

LETTERS = "letter"
CERTIFICATES = "certificate"
PLACEHOLDERS = {"n", "year", "month"}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
MINISTRY_LINES = ["KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA", "DIREKTORAT JENDERAL PEMASYARAKATAN"]
LETTERHEAD_FIELDS = [
    "lines",
    "name",
    "address",
    "place",
    "letter_number_pattern",
    "certificate_number_pattern",
]
OFFICIAL_FIELDS = ["name", "nip", "position", "signs_letters", "signs_certificates", "is_active"]


def letterhead_of(unit: Organization) -> Letterhead:
    """Return the unit's letterhead, unsaved and empty (the defaults) when its administrator has set none."""
    # Read afresh, not through ``unit.letterhead``: that remembers a missing one for the unit object's lifetime.
    return Letterhead.objects.filter(unit_id=unit.pk).first() or Letterhead(unit=unit)


def kop(unit: Organization) -> dict[str, Any]:
    """Return what the letterhead prints: heading lines, the unit's name, address, contacts and the logo."""
    head = letterhead_of(unit)
    lines = [line.strip() for line in head.lines.splitlines() if line.strip()]
    if not lines:
        lines = [*MINISTRY_LINES, *([unit.parent.name.upper()] if unit.parent else [])]
    logo = ""
    if head.logo:
        with head.logo.open("rb") as f:
            logo = data_uri(f.read(), head.logo.name)
    contact = " · ".join(part for part in [unit.phone, unit.email] if part)
    return {
        "lines": lines,
        "unit_name": (head.name or unit.name).upper(),
        "address": head.address or unit.address,
        "contact": contact,
        "logo": logo,
    }


def place_of(unit: Organization) -> str:
    """Return the place a unit's letters are signed at: its setting, else its regency, else its name."""
    head = letterhead_of(unit)
    if head.place:
        return head.place
    region = unit.region
    if region is not None:
        return re.sub(r"^(Kabupaten|Kota)\s+", "", region.name)
    return unit.name


def place_date(unit: Organization, day: date) -> str:
    """Return the place and date line of a letter, ``Musi Rawas Utara, 29 November 2026``."""
    return f"{place_of(unit)}, {long_date(day)}"


def signatory_of(unit: Organization, *, certificates: bool = False) -> Official | None:
    """Return the unit's default signatory of letters (or its first signatory of certificates), if it has one."""
    officials = Official.objects.filter(unit=unit, is_active=True)
    if certificates:
        return officials.filter(signs_certificates=True).order_by("name").first()
    return officials.order_by("-signs_letters", "name").first()


def _pattern_errors(field: str, pattern: str) -> dict[str, str]:
    names = set(re.findall(r"{(\w*)}", pattern))
    if "n" not in names:
        return {field: _("The number pattern %(value)s has no {n} for the number") % {"value": pattern}}
    unknown = names - PLACEHOLDERS
    if unknown:
        return {
            field: _("The number pattern %(value)s uses {%(name)s}; only {n}, {year} and {month} are known")
            % {"value": pattern, "name": sorted(unknown)[0]}
        }
    return {}


def format_number(pattern: str, *, n: int, day: date) -> str:
    """Return a register number written in the unit's pattern (``W6.PAS.PAS.14-PK.01.05.02-{n}/{year}``)."""
    return pattern.replace("{n}", str(n)).replace("{year}", str(day.year)).replace("{month}", ROMAN[day.month - 1])


def next_number(unit: Organization, *, series: str, day: date) -> str:
    """Take the unit's next number of ``series`` for ``day``'s year and return it written in the unit's pattern.

    The counter row is locked (``select_for_update``) until the caller's transaction ends, so two clerks at once get
    two numbers, and a letter that fails to be saved gives its number back with the rollback."""
    with transaction.atomic():
        LetterCounter.objects.get_or_create(unit=unit, year=day.year, series=series)
        counter = LetterCounter.objects.select_for_update().get(unit=unit, year=day.year, series=series)
        counter.last += 1
        counter.save(update_fields=["last"])
    head = letterhead_of(unit)
    pattern = head.certificate_number_pattern if series == CERTIFICATES else head.letter_number_pattern
    return format_number(pattern or DEFAULT_LETTER_PATTERN, n=counter.last, day=day)


def require_unit_admin(actor: Any, unit: Organization) -> None:
    """Refuse anyone but the unit's own administrator or a system administrator."""
    require(actor, Capability.DOCUMENTS_EDIT)
    if not actor.has_role(Role.SYSTEM_ADMIN) and actor.organization_id != unit.pk:
        raise ValidationError(_("Only %(unit)s's administrator may change its paperwork") % {"unit": unit.name})


@transaction.atomic
def letterhead_save(
    *, actor: Any, unit: Organization, logo: Any = None, clear_logo: bool = False, **data: Any
) -> Letterhead:
    """Set the unit's letterhead and number patterns; ``logo`` an uploaded PNG or JPEG up to 1 MB."""
    require_unit_admin(actor, unit)
    unknown = set(data) - set(LETTERHEAD_FIELDS)
    if unknown:
        raise TypeError(f"letterhead_save got unknown fields {sorted(unknown)}")
    # By id: the caller's unit keeps no cached copy of a letterhead this call may refuse.
    head, created = Letterhead.objects.select_for_update().get_or_create(unit_id=unit.pk)
    before = {} if created else snapshot(head, LETTERHEAD_FIELDS)
    for key, value in data.items():
        setattr(head, key, value.strip() if isinstance(value, str) else value)
    head.letter_number_pattern = head.letter_number_pattern or DEFAULT_LETTER_PATTERN
    head.certificate_number_pattern = head.certificate_number_pattern or DEFAULT_CERTIFICATE_PATTERN
    errors = {
        **_pattern_errors("letter_number_pattern", head.letter_number_pattern),
        **_pattern_errors("certificate_number_pattern", head.certificate_number_pattern),
    }
    if logo is not None:
        kind = (logo.name or "").lower().rsplit(".", 1)[-1]
        if kind not in {"png", "jpg", "jpeg"}:
            errors["logo"] = _("The logo %(name)s is not a PNG or JPEG image") % {"name": logo.name}
        elif (logo.size or 0) > 1024 * 1024:
            errors["logo"] = _("The logo is larger than 1 MB")
    if errors:
        raise ValidationError(errors)
    changes = changed_fields(before, snapshot(head, LETTERHEAD_FIELDS))
    if logo is not None:
        head.logo.save(f"kop-{unit.pk}.{kind}", logo, save=False)
        changes["logo"] = [None, head.logo.name]
    elif clear_logo and head.logo:
        changes["logo"] = [head.logo.name, None]
        head.logo = ""
    head.save()
    audit_record(code="organizations.letterhead.updated", actor=actor, unit=unit, obj=unit, changes=changes)
    return head


@transaction.atomic
def official_save(*, actor: Any, unit: Organization, official: Official | None = None, **data: Any) -> Official:
    """Add an official to the unit (none given) or change one; a NIP is 18 digits."""
    require_unit_admin(actor, unit)
    unknown = set(data) - set(OFFICIAL_FIELDS)
    if unknown:
        raise TypeError(f"official_save got unknown fields {sorted(unknown)}")
    created = official is None
    if official is None:
        obj, before = Official(unit=unit), {}
    else:
        obj = Official.objects.select_for_update().get(pk=official.pk, unit=unit)
        before = snapshot(obj, OFFICIAL_FIELDS)
    for key, value in data.items():
        setattr(obj, key, value.strip() if isinstance(value, str) else value)
    errors: dict[str, str] = {}
    if not obj.name:
        errors["name"] = _("Give the official's name")
    if not obj.position:
        errors["position"] = _("Give the official's position")
    if obj.nip and not (obj.nip.isdigit() and len(obj.nip) == 18):
        errors["nip"] = _("NIP %(value)s is not 18 digits") % {"value": obj.nip}
    if errors:
        raise ValidationError(errors)
    if obj.signs_letters:
        Official.objects.filter(unit=unit, signs_letters=True).exclude(pk=obj.pk).update(signs_letters=False)
    obj.save()
    after = snapshot(obj, OFFICIAL_FIELDS)
    audit_record(
        code="organizations.official.created" if created else "organizations.official.updated",
        actor=actor,
        unit=unit,
        obj=obj,
        changes={k: [None, v] for k, v in after.items()} if created else changed_fields(before, after),
    )
    return obj
