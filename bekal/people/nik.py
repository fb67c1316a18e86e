"""The NIK, Indonesia's 16-digit identity number (LEGAL.md, "Identity").

Digits 1-6: region (province, regency/city, district); 7-12: birth date DDMMYY with 40 added to the day for
women; 13-16: a serial, never 0000.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from bekal.core.formats import readable
from bekal.rules.selectors import rule_int


@dataclass(frozen=True)
class NikParts:
    province: str
    regency: str
    district: str
    day: int
    month: int
    yy: int
    female: bool
    serial: str


def nik_parse(nik: str, *, female_offset: int) -> tuple[NikParts | None, str | None]:
    """Return the parts of a NIK, or None and a message saying which rule it breaks."""
    if len(nik) != 16 or not nik.isdigit():
        return None, _("NIK %(nik)s must be exactly 16 digits; it has %(count)s characters") % {
            "nik": nik,
            "count": len(nik),
        }
    day = int(nik[6:8])
    female = day > female_offset
    if female:
        day -= female_offset
    month, yy = int(nik[8:10]), int(nik[10:12])
    parts = NikParts(nik[0:2], nik[2:4], nik[4:6], day, month, yy, female, nik[12:16])
    if parts.regency == "00" or parts.district == "00":
        return None, _("NIK %(nik)s: the region code %(code)s has no regency or district") % {
            "nik": nik,
            "code": nik[:6],
        }
    if not 1 <= month <= 12:
        return None, _("NIK %(nik)s: digits 9-10 give month %(month)s, which does not exist") % {
            "nik": nik,
            "month": nik[8:10],
        }
    try:
        # Any leap year accepts 29 February; the century is checked against the recorded birth date.
        date(2000, month, day)
    except ValueError:
        return None, _(
            "NIK %(nik)s: digits 7-8 give day %(day)s, which is not a day of month %(month)s "
            "(women add %(offset)s to the day)"
        ) % readable({"nik": nik, "day": nik[6:8], "month": month, "offset": female_offset})
    if parts.serial == "0000":
        return None, _("NIK %(nik)s: the serial (last 4 digits) cannot be 0000") % {"nik": nik}
    return parts, None


def nik_errors(
    nik: str, *, birth_date: date | None, sex: str | None, province_codes: set[str], female_offset: int | None = None
) -> dict[str, str]:
    """Return {field: message} for every rule the NIK breaks, alone or against the recorded birth date and sex.

    ``female_offset`` is the rule ``identity.nik.female_day_offset``, read here unless the caller (an import of many
    rows) read it once already."""
    offset = rule_int("identity.nik.female_day_offset") if female_offset is None else female_offset
    parts, error = nik_parse(nik, female_offset=offset)
    if parts is None:
        return {"nik": error or ""}
    errors: dict[str, str] = {}
    if parts.province not in province_codes:
        errors["nik"] = _("NIK %(nik)s: %(code)s is not a province code") % {"nik": nik, "code": parts.province}
    if birth_date is not None and (parts.day, parts.month, parts.yy) != (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    ):
        errors["birth_date"] = _(
            "NIK %(nik)s gives birth date %(nik_date)s, but the recorded birth date is %(birth_date)s"
        ) % {
            "nik": nik,
            "nik_date": f"{parts.day:02d}-{parts.month:02d}-{parts.yy:02d}",
            "birth_date": birth_date.strftime("%d-%m-%y"),
        }
    if sex in ("M", "F") and parts.female != (sex == "F"):
        errors["sex"] = _(
            "NIK %(nik)s: day digits %(digits)s mean %(nik_sex)s (women add %(offset)s to the day), "
            "but the recorded sex is %(sex)s"
        ) % {
            "nik": nik,
            "digits": nik[6:8],
            "nik_sex": _("female") if parts.female else _("male"),
            "offset": offset,
            "sex": _("female") if sex == "F" else _("male"),
        }
    return errors


def nik_mask(nik: str) -> str:
    """Return the NIK with all but its last 4 digits (the serial) hidden: the region code and the birth date in it
    stay hidden, so a birth date shown nearby gives nothing back (README, "Who sees a full NIK")."""
    if not nik:
        return ""
    return "•" * (len(nik) - 4) + nik[-4:]
