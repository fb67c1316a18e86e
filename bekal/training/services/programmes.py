"""Writes to the programme catalogue, and its import from CSV or XLSX."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record, changed_fields, created_diff, snapshot
from bekal.core.tabular import read_table
from bekal.organizations.models import Organization, OrganizationKind
from bekal.people.models import Education
from bekal.rules.selectors import rule_fraction, rule_int
from bekal.training import selectors
from bekal.training.classifications import Kbji, Kbli
from bekal.training.models import SKKNI_CODE, CompetencyUnit, Programme

PROGRAMME_FIELDS = [
    "provider",
    "name",
    "field",
    "total_jp",
    "training_days",
    "min_days",
    "max_jp_per_day",
    "fmd_days",
    "quota",
    "min_attendance_percent",
    "scheme",
    "scheme_code",
    "kbli",
    "kbji",
    "min_education",
    "min_days_before_release",
    "is_active",
]
PROVIDER_KINDS = [OrganizationKind.BLK, OrganizationKind.DISNAKER, OrganizationKind.LSP, OrganizationKind.EMPLOYER]


def programme_defaults() -> dict[str, int]:
    """Return the figures a new programme starts with: the rules in force today."""
    return {
        "min_days": rule_int("training.batch.min_days"),
        "max_jp_per_day": rule_int("training.jp_per_day.max"),
        "fmd_days": rule_int("training.fmd.days"),
        "quota": rule_int("training.batch.quota"),
        "min_attendance_percent": int(rule_fraction("training.attendance.min_fraction") * 100),
    }


def parse_units(text: str) -> list[tuple[str, str]]:
    """Return (code, title) pairs from lines or semicolon-separated items of ``CODE title``."""
    pairs = []
    for item in text.replace("\n", ";").split(";"):
        item = item.strip()
        if item:
            code, _sep, title = item.partition(" ")
            pairs.append((code.strip(), title.strip()))
    return pairs


def _programme_errors(programme: Programme, units: list[tuple[str, str]]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if programme.provider.kind not in PROVIDER_KINDS:
        errors["provider"] = _("%(org)s is a %(kind)s; a programme needs a training provider") % {
            "org": programme.provider.name,
            "kind": programme.provider.get_kind_display(),
        }
    if not programme.name.strip():
        errors["name"] = _("Name is required")
    if programme.min_education and programme.min_education not in Education.values:
        errors["min_education"] = _("Education %(value)s is not one of the allowed values") % {
            "value": programme.min_education
        }
    if programme.kbli and programme.kbli not in Kbli.values:
        errors["kbli"] = _("KBLI section %(value)s is not one of the allowed values") % {"value": programme.kbli}
    if programme.kbji and programme.kbji not in Kbji.values:
        errors["kbji"] = _("KBJI major group %(value)s is not one of the allowed values") % {"value": programme.kbji}
    if programme.training_days < programme.min_days:
        errors["training_days"] = _("Training lasts %(days)s days; at least %(min)s days") % {
            "days": programme.training_days,
            "min": programme.min_days,
        }
    if programme.fmd_days > programme.training_days:
        errors["fmd_days"] = _("%(fmd)s FMD days do not fit in %(days)s training days") % {
            "fmd": programme.fmd_days,
            "days": programme.training_days,
        }
    if programme.training_days and programme.total_jp > programme.training_days * programme.max_jp_per_day:
        errors["total_jp"] = _("%(jp)s JP over %(days)s days is more than %(max)s JP a day") % {
            "jp": programme.total_jp,
            "days": programme.training_days,
            "max": programme.max_jp_per_day,
        }
    if not 1 <= programme.min_attendance_percent <= 100:
        errors["min_attendance_percent"] = _("Minimum attendance %(value)s%% is not between 1 and 100") % {
            "value": programme.min_attendance_percent
        }
    if programme.quota < 1:
        errors["quota"] = _("Quota must be at least 1")
    bad = [code for code, _title in units if not SKKNI_CODE.match(code)]
    if bad:
        errors["units"] = _("SKKNI code %(codes)s does not look like X.000000.000.00") % {"codes": ", ".join(bad)}
    return errors


def _check_provider(actor: Any, provider: Organization | None) -> Organization:
    if provider is None:
        raise ValidationError({"provider": _("Choose a provider")})
    if selectors.is_partner(actor) and provider.id != actor.organization_id:
        raise ValidationError({"provider": _("You may only add programmes of %(org)s") % {"org": actor.organization}})
    return provider


@transaction.atomic
def programme_create(
    *, actor: Any, provider: Organization | None, units: list[tuple[str, str]] | None = None, **data: Any
) -> Programme:
    """Add a programme to the catalogue; figures left out take the rules in force."""
    require(actor, Capability.PROGRAMME_EDIT)
    provider = _check_provider(actor, provider)
    values = programme_defaults() | {k: v for k, v in data.items() if v is not None}
    programme = Programme(provider=provider, **values)
    units = units or []
    errors = _programme_errors(programme, units)
    if not errors and Programme.objects.filter(provider=provider, name=programme.name).exists():
        errors["name"] = _("%(org)s already offers a programme named %(name)s") % {
            "org": provider.name,
            "name": programme.name,
        }
    if errors:
        raise ValidationError(errors)
    programme.save()
    CompetencyUnit.objects.bulk_create([CompetencyUnit(programme=programme, code=c, title=t) for c, t in units])
    audit_record(
        code="training.programme.created",
        actor=actor,
        unit=programme.provider,
        obj=programme,
        changes=created_diff(snapshot(programme, PROGRAMME_FIELDS), keep_empty=True)
        | {"units": [None, [c for c, _t in units]]},
    )
    return programme


@transaction.atomic
def programme_update(
    *, actor: Any, programme: Programme, units: list[tuple[str, str]] | None = None, **data: Any
) -> Programme:
    """Change a programme's figures or units (its provider stays; retiring is ``programme_set_active``)."""
    require(actor, Capability.PROGRAMME_EDIT)
    programme = Programme.objects.select_for_update().select_related("provider").get(pk=programme.pk)
    _check_provider(actor, programme.provider)
    before = snapshot(programme, PROGRAMME_FIELDS)
    for key, value in data.items():
        if key not in {"provider", "is_active"} and value is not None:
            setattr(programme, key, value)
    current_units = [(u.code, u.title) for u in programme.units.all()]
    errors = _programme_errors(programme, units if units is not None else current_units)
    taken = Programme.objects.filter(provider=programme.provider, name=programme.name).exclude(pk=programme.pk)
    if "name" not in errors and taken.exists():
        errors["name"] = _("%(org)s already offers a programme named %(name)s") % {
            "org": programme.provider.name,
            "name": programme.name,
        }
    if errors:
        raise ValidationError(errors)
    programme.save()
    changes = changed_fields(before, snapshot(programme, PROGRAMME_FIELDS))
    if units is not None and units != current_units:
        programme.units.all().delete()
        CompetencyUnit.objects.bulk_create([CompetencyUnit(programme=programme, code=c, title=t) for c, t in units])
        changes["units"] = [[c for c, _t in current_units], [c for c, _t in units]]
    if changes:
        audit_record(code="training.programme.updated", actor=actor, obj=programme, changes=changes)
    return programme


@transaction.atomic
def programme_set_active(*, actor: Any, programme: Programme, active: bool) -> Programme:
    """Retire a programme (it keeps its batches and history but is offered for no new batch) or bring it back."""
    require(actor, Capability.PROGRAMME_EDIT)
    programme = Programme.objects.select_for_update().select_related("provider").get(pk=programme.pk)
    _check_provider(actor, programme.provider)
    if programme.is_active == active:
        message = _("Programme %(name)s is already active") if active else _("Programme %(name)s is already retired")
        raise ValidationError({"is_active": message % {"name": programme.name}})
    programme.is_active = active
    programme.save(update_fields=["is_active"])
    audit_record(
        code="training.programme.reactivated" if active else "training.programme.retired",
        actor=actor,
        unit=programme.provider,
        obj=programme,
        changes={"is_active": [not active, active]},
    )
    return programme


IMPORT_COLUMNS = [
    "name",
    "field",
    "total_jp",
    "training_days",
    "min_days",
    "max_jp_per_day",
    "fmd_days",
    "quota",
    "min_attendance_percent",
    "scheme",
    "kbli",
    "kbji",
    "min_education",
    "min_days_before_release",
    "units",
]
CODE_COLUMNS = {"kbli", "kbji"}
INT_COLUMNS = {
    "total_jp",
    "training_days",
    "min_days",
    "max_jp_per_day",
    "fmd_days",
    "quota",
    "min_attendance_percent",
    "min_days_before_release",
}


@dataclass
class ImportReport:
    created: list[Programme] = field(default_factory=list)
    errors: list[tuple[int, list[str]]] = field(default_factory=list)


def programmes_import(
    *,
    actor: Any,
    provider: Organization | None,
    filename: str,
    content: bytes,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import a catalogue: each good row is saved (one transaction each), each bad row is reported with its reasons.

    Columns: name, field, total_jp, training_days and optionally the figures (rule defaults when empty), scheme,
    kbli (a KBLI section letter), kbji (a KBJI major-group digit), min_education, min_days_before_release, units
    (``CODE title; CODE title``). ``progress(done, total)`` hears how many rows are through.
    """
    require(actor, Capability.PROGRAMME_EDIT)
    report = ImportReport()
    rows = read_table(filename, content)
    for number, row in enumerate(rows, start=2):
        if progress is not None:
            progress(number - 2, len(rows))
        data: dict[str, Any] = {}
        problems: list[str] = []
        for column in IMPORT_COLUMNS:
            raw = row.get(column)
            text = "" if raw is None else str(raw).strip()
            if column in INT_COLUMNS:
                if text:
                    try:
                        data[column] = int(float(text))
                    except ValueError:
                        problems.append(_("%(column)s: %(value)s is not a number") % {"column": column, "value": text})
                elif column in {"total_jp", "training_days"}:
                    problems.append(_("%(column)s is required") % {"column": column})
            elif column in CODE_COLUMNS:
                # A section letter or major-group digit, alone or followed by its title ("C Industri Pengolahan").
                data[column] = text[:1].upper()
            else:
                data[column] = text
        if problems:
            report.errors.append((number, problems))
            continue
        units = parse_units(data.pop("units", ""))
        try:
            report.created.append(programme_create(actor=actor, provider=provider, units=units, **data))
        except ValidationError as error:
            report.errors.append(
                (number, [f"{k}: {m}" if k != "__all__" else m for k, ms in error.message_dict.items() for m in ms])
            )
    if progress is not None:
        progress(len(rows), len(rows))
    return report
