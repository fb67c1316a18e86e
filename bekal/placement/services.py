"""Every write to work readiness, employers, vacancies, referrals, internships and placements.

Each function is one transaction with its audit event; pages, the API and the demo loader all call these.
"""

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.audit.services import audit_record, changed_fields, created_diff, snapshot
from bekal.core.formats import readable
from bekal.core.races import refuse_duplicate
from bekal.organizations import figure_versions
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.organizations.scope import unit_scope
from bekal.people.models import CustodyPeriod, OffenceCategory, Person, unit_ids_of_person
from bekal.placement.models import (
    EMPLOYER_KINDS,
    REFERRAL_TRANSITIONS,
    AidKind,
    BusinessType,
    ContractType,
    EmployerProfile,
    FollowUp,
    Internship,
    InternshipOutcome,
    OpenTo,
    PartnerStatus,
    Placement,
    PlacementEndReason,
    PlacementKind,
    PreReleaseToDo,
    ReadinessStatus,
    Referral,
    ReferralStatus,
    ToDoKind,
    ToDoStatus,
    Vacancy,
    WageBand,
    WorkReadiness,
)
from bekal.rules.selectors import rule_int_list
from bekal.training.classifications import Kbji, Kbli
from bekal.training.models import Programme

VACANCY_FIELDS = [
    "employer",
    "title",
    "positions",
    "skills",
    "wanted_programmes",
    "region",
    "closing_date",
    "kbli",
    "kbji",
    "excluded_offences",
    "open_to",
]
PLACEMENT_FIELDS = [
    "kind",
    "officer",
    "employer",
    "position",
    "wage_band",
    "contract_type",
    "business_name",
    "business_type",
    "business_sector",
    "business_started_on",
    "aid_kind",
    "aid_from",
    "aid_value",
    "business_partner",
    "start_date",
    "ended_on",
    "end_reason",
]
INTERNSHIP_FIELDS = ["employer", "start_date", "end_date", "supervisor", "outcome", "note"]


def _audit_person_write(*, code: str, **event: Any) -> None:
    """Record the event of a write on a person's placement records (readiness, to-dos, referrals, internships,
    placements, follow-ups), and bump the figures of every unit that sees the person and of the placement's
    officer: the event names the actor's unit alone, and the home pages of the person's other units (a Lapas's
    releases without readiness, a PK's follow-ups due) are cached by their own versions."""
    audit_record(code=code, **event)
    obj: Any = event["obj"]
    placement: Any = obj if isinstance(obj, Placement) else getattr(obj, "placement", None)
    person_id = obj.person_id if hasattr(obj, "person_id") else placement.person_id
    officer_unit = getattr(getattr(placement, "officer", None), "organization_id", None)
    figure_versions.touch([*unit_ids_of_person(person_id), officer_unit])


def _today() -> date:
    return timezone.localdate()


def _choice(field: str, value: str, choices: Any, label: str) -> None:
    if value not in choices.values:
        raise ValidationError(
            {field: _("%(label)s %(value)s is not one of the allowed values") % {"label": label, "value": value}}
        )


def _in_scope(actor: Any, person: Person) -> None:
    # The selectors already 404 outside the scope; this guards imports and the demo loader too.
    scope = unit_scope(actor)
    if scope.everything:
        return
    if not Person.objects.in_units(scope.unit_ids).filter(pk=person.pk).exists():
        raise ValidationError({"person": _("%(person)s is not in your units") % {"person": person.full_name}})


def _employer(org: Organization | None, field: str = "employer") -> Organization:
    if org is None:
        raise ValidationError({field: _("Choose an employer")})
    if org.kind not in EMPLOYER_KINDS:
        raise ValidationError(
            {
                field: _("%(org)s is a %(kind)s, not an employer or UMKM")
                % {"org": org.name, "kind": org.get_kind_display()}
            }
        )
    return org


@transaction.atomic
def readiness_set(
    *, actor: Any, person: Person, status: str, declined_reason: str = "", note: str = "", assessed_on: date
) -> WorkReadiness:
    """Record how ready a person is for work; declining support needs a reason."""
    require(actor, Capability.PLACEMENT_EDIT)
    _in_scope(actor, person)
    _choice("status", status, ReadinessStatus, _("Readiness"))
    declined_reason = declined_reason.strip()
    if status == ReadinessStatus.DECLINED and not declined_reason:
        raise ValidationError({"declined_reason": _("Give the reason the person declined support")})
    if status != ReadinessStatus.DECLINED:
        declined_reason = ""
    if assessed_on > _today():
        raise ValidationError(
            {"assessed_on": _("Assessment date %(date)s is in the future") % readable({"date": assessed_on})}
        )
    fields = ["status", "declined_reason", "note", "assessed_on"]
    readiness = WorkReadiness.objects.select_for_update().filter(person=person).first()
    before = snapshot(readiness, fields) if readiness else {}
    if readiness is None:
        readiness = WorkReadiness(person=person)
    readiness.status, readiness.declined_reason, readiness.note = status, declined_reason, note
    readiness.assessed_on = assessed_on
    readiness.save()
    changes = changed_fields(before, snapshot(readiness, fields))
    if changes:
        _audit_person_write(
            code="placement.readiness.set", actor=actor, unit=actor.organization, obj=readiness, changes=changes
        )
    return readiness


@transaction.atomic
def todo_set(
    *, actor: Any, person: Person, kind: ToDoKind | None, status: str, status_date: date, note: str = ""
) -> PreReleaseToDo:
    """Set the status of one pre-release item (identity card, bank account, CV, SKCK...) for a person."""
    require(actor, Capability.PLACEMENT_EDIT)
    _in_scope(actor, person)
    if kind is None or not kind.is_active:
        raise ValidationError({"kind": _("Choose an item of the pre-release list")})
    _choice("status", status, ToDoStatus, _("Status"))
    if status_date > _today():
        raise ValidationError({"status_date": _("Date %(date)s is in the future") % readable({"date": status_date})})
    fields = ["status", "status_date", "note"]
    todo = PreReleaseToDo.objects.select_for_update().filter(person=person, kind=kind).first()
    before = snapshot(todo, fields) if todo else {}
    if todo is None:
        todo = PreReleaseToDo(person=person, kind=kind)
    todo.status, todo.status_date, todo.note = status, status_date, note
    todo.save()
    changes = changed_fields(before, snapshot(todo, fields))
    if changes:
        _audit_person_write(
            code="placement.todo.set",
            actor=actor,
            unit=actor.organization,
            obj=todo,
            changes={"kind": kind.code, **changes},
        )
    return todo


@transaction.atomic
def todo_list_set(*, actor: Any, person: Person, items: list[dict[str, Any]]) -> list[PreReleaseToDo]:
    """Set several pre-release items at once (the checklist page): all are saved or none."""
    return [todo_set(actor=actor, person=person, **item) for item in items]


TODO_KIND_FIELDS = ["code", "name", "name_en", "order", "is_active"]


@transaction.atomic
def todo_kind_save(
    *,
    todo_kind: ToDoKind | None,
    code: str,
    name: str,
    order: int,
    is_active: bool,
    actor: Any,
    name_en: str = "",
) -> ToDoKind:
    """Add a kind of pre-release item (when none is given) or change one; a kind is retired, never deleted."""
    require(actor, Capability.TODO_KINDS_EDIT)
    code, name, name_en = code.strip(), name.strip(), name_en.strip()
    kind = ToDoKind() if todo_kind is None else ToDoKind.objects.select_for_update().get(pk=todo_kind.pk)
    before = {} if todo_kind is None else snapshot(kind, TODO_KIND_FIELDS)
    errors: dict[str, str] = {}
    if not code:
        errors["code"] = _("Give the item a code")
    elif not re.fullmatch(r"[-a-zA-Z0-9_]+", code):
        errors["code"] = _("Code %(code)s may hold only letters, digits, - and _") % {"code": code}
    elif ToDoKind.objects.filter(code=code).exclude(pk=kind.pk).exists():
        errors["code"] = _("An item with code %(code)s already exists") % {"code": code}
    if not name:
        errors["name"] = _("Give the item a name")
    if errors:
        raise ValidationError(errors)
    kind.code, kind.name, kind.name_en, kind.order, kind.is_active = code, name, name_en, order, is_active
    message = _("An item with code %(code)s already exists") % {"code": code}
    with refuse_duplicate(constraint=("placement_todokind", "code"), field="code", message=message):
        kind.save()
    changes = changed_fields(before, snapshot(kind, TODO_KIND_FIELDS))
    if changes:
        audit_record(
            code="placement.todo_kind.created" if todo_kind is None else "placement.todo_kind.updated",
            actor=actor,
            obj=kind,
            changes=changes,
        )
    return kind


def _tags(kbli: str, kbji: str) -> None:
    """Refuse a KBLI section or KBJI major group outside the reference list."""
    if kbli and kbli not in Kbli.values:
        raise ValidationError({"kbli": _("KBLI section %(value)s is not one of the allowed values") % {"value": kbli}})
    if kbji and kbji not in Kbji.values:
        raise ValidationError(
            {"kbji": _("KBJI major group %(value)s is not one of the allowed values") % {"value": kbji}}
        )


@transaction.atomic
def todo_kind_set_active(*, todo_kind: ToDoKind, active: bool, actor: Any) -> ToDoKind:
    """Retire a kind (offered for no new to-do; the to-dos recorded with it stay) or bring it back."""
    require(actor, Capability.TODO_KINDS_EDIT)
    kind = ToDoKind.objects.select_for_update().get(pk=todo_kind.pk)
    if kind.is_active == active:
        state = _("active") if active else _("retired")
        raise ValidationError(_("Item %(name)s is already %(state)s") % {"name": kind.name, "state": state})
    kind.is_active = active
    kind.save(update_fields=["is_active"])
    audit_record(
        code="placement.todo_kind.reactivated" if active else "placement.todo_kind.retired",
        actor=actor,
        obj=kind,
        changes={"is_active": [not active, active]},
    )
    return kind


@transaction.atomic
def employer_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    region: Region | None,
    sector: str,
    partner_status: str = PartnerStatus.PROSPECT,
    agreement_reference: str = "",
    address: str = "",
    phone: str = "",
    email: str = "",
    contact_person: str = "",
    note: str = "",
    kbli: str = "",
    kbji: str = "",
) -> EmployerProfile:
    """Add an employer or UMKM to the directory with its placement profile."""
    require(actor, Capability.PLACEMENT_EDIT)
    if kind not in EMPLOYER_KINDS:
        raise ValidationError({"kind": _("Kind %(kind)s is not an employer or UMKM") % {"kind": kind}})
    _choice("partner_status", partner_status, PartnerStatus, _("Partner status"))
    if not name.strip():
        raise ValidationError({"name": _("Give the employer's name")})
    if not sector.strip():
        raise ValidationError({"sector": _("Give the employer's sector")})
    _tags(kbli, kbji)
    if Organization.objects.filter(name=name.strip(), kind=kind).exists():
        raise ValidationError({"name": _("%(name)s is already in the directory") % {"name": name.strip()}})
    org = Organization.objects.create(
        name=name.strip(),
        kind=kind,
        region=region,
        address=address,
        phone=phone,
        email=email,
        contact_person=contact_person,
    )
    profile = EmployerProfile.objects.create(
        organization=org,
        sector=sector.strip(),
        partner_status=partner_status,
        agreement_reference=agreement_reference,
        note=note,
        kbli=kbli,
        kbji=kbji,
    )
    audit_record(
        code="placement.employer.created",
        actor=actor,
        unit=actor.organization,
        obj=profile,
        changes={"name": [None, org.name], "kind": [None, kind], "sector": [None, profile.sector]}
        | created_diff({"kbli": kbli, "kbji": kbji}),
    )
    return profile


@transaction.atomic
def employer_profile_update(*, actor: Any, profile: EmployerProfile, **data: Any) -> EmployerProfile:
    """Change an employer's sector, partner status, agreement reference or note."""
    require(actor, Capability.PLACEMENT_EDIT)
    fields = ["sector", "kbli", "kbji", "partner_status", "agreement_reference", "note"]
    profile = EmployerProfile.objects.select_for_update().get(pk=profile.pk)
    before = snapshot(profile, fields)
    if "partner_status" in data:
        _choice("partner_status", data["partner_status"], PartnerStatus, _("Partner status"))
    for key in fields:
        if key in data:
            setattr(profile, key, data[key])
    if not profile.sector.strip():
        raise ValidationError({"sector": _("Give the employer's sector")})
    _tags(profile.kbli, profile.kbji)
    profile.save()
    changes = changed_fields(before, snapshot(profile, fields))
    if changes:
        audit_record(code="placement.employer.updated", actor=actor, obj=profile, changes=changes)
    return profile


def _vacancy_errors(vacancy: Vacancy, *, today: date, creating: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    if vacancy.positions < 1:
        errors["positions"] = _("A vacancy needs at least 1 position, not %(n)s") % {"n": vacancy.positions}
    if creating and vacancy.closing_date and vacancy.closing_date < today:
        errors["closing_date"] = _("Closing date %(date)s has already passed") % readable(
            {"date": vacancy.closing_date}
        )
    unknown = [c for c in vacancy.excluded_offences if c not in OffenceCategory.values]
    if unknown:
        errors["excluded_offences"] = _("Unknown offence categories: %(codes)s") % {"codes": ", ".join(unknown)}
    if vacancy.kbli and vacancy.kbli not in Kbli.values:
        errors["kbli"] = _("KBLI section %(value)s is not one of the allowed values") % {"value": vacancy.kbli}
    if vacancy.kbji and vacancy.kbji not in Kbji.values:
        errors["kbji"] = _("KBJI major group %(value)s is not one of the allowed values") % {"value": vacancy.kbji}
    if vacancy.open_to not in OpenTo.values:
        errors["open_to"] = _("Open to %(value)s is not one of the allowed values") % {"value": vacancy.open_to}
    if not vacancy.title.strip():
        errors["title"] = _("Give the vacancy a title")
    return errors


@transaction.atomic
def vacancy_create(
    *,
    actor: Any,
    employer: Organization | None,
    region: Region | None,
    programmes: Iterable[Programme] | None = None,
    **data: Any,
) -> Vacancy:
    """Publish an employer's vacancy, with the programmes and schemes it wants and the offences it excludes."""
    require(actor, Capability.PLACEMENT_EDIT)
    employer = _employer(employer)
    if region is None:
        raise ValidationError({"region": _("Choose the regency/city of the job")})
    data["excluded_offences"] = sorted(set(data.get("excluded_offences") or []))
    vacancy = Vacancy(employer=employer, region=region, created_by=actor, **data)
    errors = _vacancy_errors(vacancy, today=_today(), creating=True)
    if errors:
        raise ValidationError(errors)
    vacancy.save()
    wanted = sorted({p.pk for p in programmes or []})
    vacancy.programmes.set(wanted)
    audit_record(
        code="placement.vacancy.created",
        actor=actor,
        unit=actor.organization,
        obj=vacancy,
        changes=created_diff(snapshot(vacancy, VACANCY_FIELDS)) | ({"programmes": [None, wanted]} if wanted else {}),
    )
    return vacancy


@transaction.atomic
def vacancy_update(*, actor: Any, vacancy: Vacancy, **data: Any) -> Vacancy:
    """Change a vacancy (count, closing date, exclusions...); the employer stays."""
    require(actor, Capability.PLACEMENT_EDIT)
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    before = snapshot(vacancy, VACANCY_FIELDS)
    data.pop("employer", None)
    programmes = data.pop("programmes", None)
    if "excluded_offences" in data:
        data["excluded_offences"] = sorted(set(data["excluded_offences"] or []))
    for key, value in data.items():
        setattr(vacancy, key, value)
    errors = _vacancy_errors(vacancy, today=_today(), creating=False)
    if errors:
        raise ValidationError(errors)
    vacancy.save()
    changes = changed_fields(before, snapshot(vacancy, VACANCY_FIELDS))
    if programmes is not None:
        old_ids = sorted(vacancy.programmes.values_list("pk", flat=True))
        new_ids = sorted({p.pk for p in programmes})
        if old_ids != new_ids:
            vacancy.programmes.set(new_ids)
            changes["programmes"] = [old_ids, new_ids]
    if changes:
        audit_record(code="placement.vacancy.updated", actor=actor, obj=vacancy, changes=changes)
    return vacancy


def _last_offence(person: Person) -> str:
    period = CustodyPeriod.objects.filter(person=person).order_by("-admission_date").first()
    return period.offence_category if period else ""


@transaction.atomic
def referral_create(
    *, actor: Any, person: Person, vacancy: Vacancy, note: str = "", on: date | None = None
) -> Referral:
    """Refer a person to a vacancy: it must be open and must not exclude the person's offence category."""
    require(actor, Capability.PLACEMENT_EDIT)
    _in_scope(actor, person)
    on = on or _today()
    if vacancy.closing_date and vacancy.closing_date < on:
        raise ValidationError(
            {
                "vacancy": _("%(vacancy)s closed on %(date)s")
                % readable({"vacancy": vacancy.title, "date": vacancy.closing_date})
            }
        )
    offence = _last_offence(person)
    if offence and vacancy.excludes(offence):
        raise ValidationError(
            {
                "vacancy": _("%(vacancy)s excludes the offence category %(offence)s")
                % {"vacancy": vacancy.title, "offence": OffenceCategory(offence).label}
            }
        )
    if Referral.objects.filter(person=person, vacancy=vacancy).exists():
        raise ValidationError(
            {
                "vacancy": _("%(person)s is already referred to %(vacancy)s")
                % {"person": person, "vacancy": vacancy.title}
            }
        )
    referral = Referral.objects.create(person=person, vacancy=vacancy, status_date=on, note=note, referred_by=actor)
    _audit_person_write(
        code="placement.referral.created",
        actor=actor,
        unit=actor.organization,
        obj=referral,
        changes={"vacancy": [None, vacancy.pk], "status": [None, referral.status]},
    )
    return referral


@transaction.atomic
def referral_move(*, actor: Any, referral: Referral, status: str, on: date, note: str = "") -> Referral:
    """Move a referral along its pipeline; only the moves in REFERRAL_TRANSITIONS are allowed."""
    require(actor, Capability.PLACEMENT_EDIT)
    referral = Referral.objects.select_for_update().select_related("person", "vacancy").get(pk=referral.pk)
    _in_scope(actor, referral.person)
    _choice("status", status, ReferralStatus, _("Status"))
    REFERRAL_TRANSITIONS.check(referral.status, status)
    if on < referral.status_date or on > _today():
        raise ValidationError(
            {
                "on": _("Date %(date)s must fall between %(last)s and today")
                % readable({"date": on, "last": referral.status_date})
            }
        )
    old = REFERRAL_TRANSITIONS.move(referral, status)
    referral.status_date = on
    if note:
        referral.note = note
    referral.save()
    _audit_person_write(
        code="placement.referral.moved",
        actor=actor,
        unit=actor.organization,
        obj=referral,
        changes={"status": [old, status], "status_date": [None, on]},
    )
    return referral


def _internship_errors(internship: Internship) -> dict[str, str]:
    errors: dict[str, str] = {}
    if internship.end_date < internship.start_date:
        errors["end_date"] = _("End %(end)s is before the start %(start)s") % readable(
            {
                "end": internship.end_date,
                "start": internship.start_date,
            }
        )
        return errors
    if internship.outcome not in InternshipOutcome.values:
        errors["outcome"] = _("Outcome %(value)s is not one of the allowed values") % {"value": internship.outcome}
    # Work outside the walls before release is assimilation: the person must be in custody on the start date and
    # have reached the assimilation date (1/2 of the sentence; Permenkumham 3/2018 jo. 7/2022).
    period = next(
        (p for p in CustodyPeriod.objects.filter(person=internship.person) if p.is_open_on(internship.start_date)),
        None,
    )
    if period is None:
        errors["start_date"] = _(
            "An internship before release needs the person in custody on %(date)s; after release record a placement"
        ) % readable({"date": internship.start_date})
    elif period.assimilation_date is None or internship.start_date < period.assimilation_date:
        errors["start_date"] = _(
            "An internship starts under assimilation, on or after %(assimilation)s; %(date)s is too early"
        ) % readable(
            {"assimilation": period.assimilation_date or _("no assimilation date"), "date": internship.start_date}
        )
    return errors


@transaction.atomic
def internship_create(*, actor: Any, person: Person, employer: Organization | None, **data: Any) -> Internship:
    """Place a person close to release with an employer for an internship under assimilation."""
    require(actor, Capability.PLACEMENT_EDIT)
    _in_scope(actor, person)
    internship = Internship(person=person, employer=_employer(employer), **data)
    errors = _internship_errors(internship)
    if errors:
        raise ValidationError(errors)
    internship.save()
    _audit_person_write(
        code="placement.internship.created",
        actor=actor,
        unit=actor.organization,
        obj=internship,
        changes=created_diff(snapshot(internship, INTERNSHIP_FIELDS)),
    )
    return internship


@transaction.atomic
def internship_update(*, actor: Any, internship: Internship, **data: Any) -> Internship:
    """Record an internship's outcome or correct its dates and supervisor."""
    require(actor, Capability.PLACEMENT_EDIT)
    internship = Internship.objects.select_for_update().select_related("person").get(pk=internship.pk)
    _in_scope(actor, internship.person)
    before = snapshot(internship, INTERNSHIP_FIELDS)
    if "employer" in data:
        data["employer"] = _employer(data["employer"])
    for key, value in data.items():
        setattr(internship, key, value)
    errors = _internship_errors(internship)
    if errors:
        raise ValidationError(errors)
    internship.save()
    changes = changed_fields(before, snapshot(internship, INTERNSHIP_FIELDS))
    if changes:
        _audit_person_write(
            code="placement.internship.updated", actor=actor, unit=actor.organization, obj=internship, changes=changes
        )
    return internship


def _placement_errors(placement: Placement) -> dict[str, str]:
    errors: dict[str, str] = {}
    if placement.kind not in PlacementKind.values:
        errors["kind"] = _("Situation %(value)s is not one of the allowed values") % {"value": placement.kind}
        return errors
    if placement.start_date > _today():
        errors["start_date"] = _("Start %(date)s is in the future") % readable({"date": placement.start_date})
    # A placement is life after release: the person must be out of custody on its first day.
    for period in CustodyPeriod.objects.filter(person=placement.person).select_related("unit"):
        if period.is_open_on(placement.start_date):
            errors["start_date"] = _(
                "On %(date)s the person is in custody at %(unit)s; a placement starts after release "
                "(use an internship before release)"
            ) % readable({"date": placement.start_date, "unit": period.unit.name})
    if placement.kind == PlacementKind.EMPLOYED:
        if placement.employer is None:
            errors["employer"] = _("An employed placement needs the employer")
        if placement.wage_band and placement.wage_band not in WageBand.values:
            errors["wage_band"] = _("Wage band %(value)s is not one of the allowed values") % {
                "value": placement.wage_band
            }
        if placement.contract_type and placement.contract_type not in ContractType.values:
            errors["contract_type"] = _("Contract type %(value)s is not one of the allowed values") % {
                "value": placement.contract_type
            }
    elif placement.kind == PlacementKind.SELF_EMPLOYED:
        errors.update(_self_employment_errors(placement))
    return errors


def _self_employment_errors(placement: Placement) -> dict[str, str]:
    """Check the structured path of a self-employed placement: its business, aid and partner."""
    errors: dict[str, str] = {}
    if not placement.business_type:
        errors["business_type"] = _("A self-employed placement needs the type of business")
    for name, value, choices in (
        ("business_type", placement.business_type, BusinessType),
        ("business_sector", placement.business_sector, Kbli),
        ("aid_kind", placement.aid_kind, AidKind),
    ):
        if value and value not in choices.values:
            errors[name] = _("%(value)s is not one of the allowed values") % {"value": value}
    if placement.business_started_on and placement.business_started_on > _today():
        errors["business_started_on"] = _("Business start %(date)s is in the future") % readable(
            {"date": placement.business_started_on}
        )
    if placement.aid_value is not None and placement.aid_value < 0:
        errors["aid_value"] = _("Aid value Rp %(value)s is below zero") % {"value": placement.aid_value}
    if placement.aid_kind in (AidKind.STARTER_KIT, AidKind.CAPITAL, AidKind.BOTH) and placement.aid_from is None:
        errors["aid_from"] = _("Name who gave the %(aid)s") % {"aid": placement.get_aid_kind_display().lower()}
    partner = placement.business_partner
    if partner is not None and partner.kind not in (OrganizationKind.UMKM, OrganizationKind.EMPLOYER):
        errors["business_partner"] = _("%(org)s is not a UMKM or a cooperative") % {"org": partner.name}
    return errors


@transaction.atomic
def placement_create(*, actor: Any, person: Person, kind: str, start_date: date, **data: Any) -> Placement:
    """Record where a released person stands, and schedule the follow-ups the rule in force asks for."""
    require(actor, Capability.PLACEMENT_EDIT)
    _in_scope(actor, person)
    if data.get("employer") is not None:
        data["employer"] = _employer(data["employer"])
    data.setdefault("officer", actor)
    if kind != PlacementKind.EMPLOYED:
        # Only a job has an employer, a wage band and a contract; the form may still carry them.
        data.update(employer=None, wage_band="", contract_type="", position="")
    if kind != PlacementKind.SELF_EMPLOYED:
        data.update(
            business_name="",
            business_type="",
            business_sector="",
            business_started_on=None,
            aid_kind="",
            aid_from=None,
            aid_value=None,
            business_partner=None,
        )
    placement = Placement(person=person, kind=kind, start_date=start_date, **data)
    errors = _placement_errors(placement)
    if errors:
        raise ValidationError(errors)
    if Placement.objects.filter(person=person, ended_on__isnull=True).exists():
        raise ValidationError(
            {"kind": _("%(person)s has a placement still running; end it first") % {"person": person.full_name}}
        )
    placement.save()
    months = rule_int_list("placement.follow_up_months", on=start_date)
    FollowUp.objects.bulk_create(
        [FollowUp(placement=placement, month=m, due_date=start_date + relativedelta(months=m)) for m in months]
    )
    _audit_person_write(
        code="placement.placement.created",
        actor=actor,
        unit=actor.organization,
        obj=placement,
        changes={
            **created_diff(snapshot(placement, PLACEMENT_FIELDS)),
            "follow_up_months": [None, list(months)],
        },
    )
    return placement


@transaction.atomic
def placement_end(*, actor: Any, placement: Placement, ended_on: date, end_reason: str) -> Placement:
    """End a placement with a reason; follow-ups due after the end are no longer asked for."""
    require(actor, Capability.PLACEMENT_EDIT)
    placement = Placement.objects.select_for_update().select_related("person").get(pk=placement.pk)
    _in_scope(actor, placement.person)
    if placement.ended_on:
        raise ValidationError(
            {"ended_on": _("This placement already ended on %(date)s") % readable({"date": placement.ended_on})}
        )
    _choice("end_reason", end_reason, PlacementEndReason, _("End reason"))
    if ended_on < placement.start_date or ended_on > _today():
        raise ValidationError(
            {
                "ended_on": _("End %(date)s must fall between the start %(start)s and today")
                % readable({"date": ended_on, "start": placement.start_date})
            }
        )
    placement.ended_on, placement.end_reason = ended_on, end_reason
    placement.save()
    dropped = placement.follow_ups.filter(done_on__isnull=True, due_date__gt=ended_on).delete()[0]
    _audit_person_write(
        code="placement.placement.ended",
        actor=actor,
        unit=actor.organization,
        obj=placement,
        changes={"ended_on": [None, ended_on], "end_reason": [None, end_reason], "follow_ups_dropped": dropped},
    )
    return placement


@transaction.atomic
def follow_up_record(
    *,
    actor: Any,
    follow_up: FollowUp,
    done_on: date,
    still_working: bool | None,
    note: str = "",
    income_band: str = "",
) -> FollowUp:
    """Record that the officer followed up, whether the person is still working and, for a self-employed person,
    the income band of the business."""
    require(actor, Capability.PLACEMENT_EDIT)
    follow_up = FollowUp.objects.select_for_update().select_related("placement__person").get(pk=follow_up.pk)
    _in_scope(actor, follow_up.placement.person)
    if done_on > _today() or done_on < follow_up.placement.start_date:
        raise ValidationError(
            {
                "done_on": _("Date %(date)s must fall between the start %(start)s and today")
                % readable({"date": done_on, "start": follow_up.placement.start_date})
            }
        )
    if income_band:
        _choice("income_band", income_band, WageBand, _("Income band"))
        if follow_up.placement.kind != PlacementKind.SELF_EMPLOYED:
            raise ValidationError({"income_band": _("An income band is recorded for a self-employed person only")})
    before = snapshot(follow_up, ["done_on", "still_working", "note", "income_band"])
    follow_up.done_on, follow_up.still_working, follow_up.note = done_on, still_working, note
    follow_up.income_band = income_band
    follow_up.save()
    _audit_person_write(
        code="placement.follow_up.recorded",
        actor=actor,
        unit=actor.organization,
        obj=follow_up,
        changes=changed_fields(before, snapshot(follow_up, ["done_on", "still_working", "note", "income_band"])),
    )
    return follow_up
