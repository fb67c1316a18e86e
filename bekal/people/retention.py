"""Retention of personal data (UU 27/2022; LEGAL.md "Personal data"): a daily job anonymises what is past its rule.

Each kind of record has its rule in the rules app (``retention.person.*``: years, with the default and legal basis
in ``rules/registry.py``), counted from the end of the person's last custody or supervision period; a person with a
period still open, or with one that ended less than that long ago, is kept as is.
- Identity (``retention.person.identity_years``): full name and other names become "Anonim #<id>", the NIK and its
  hash are removed, the birth date is kept to its year (1 July), ``anonymised_at`` is set.
- Contact (``retention.person.contact_years``): the phone number is removed.
The periods, enrolments, certificates, placements and every count stay: no KPI fact reads a name, a NIK, a phone
or a birth date, and the rows are changed by ``QuerySet.update`` (no signal), so the figures are exactly as before.
Each person changed gets one audit event, at their registered unit.
"""

from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from bekal.audit.services import audit_record
from bekal.organizations.models import Organization
from bekal.people import links
from bekal.people.models import CustodyPeriod, Person, SupervisionPeriod
from bekal.rules.selectors import rule_int

ANONYMOUS = "Anonim #"
CHUNK = 1_000


def _past(today: date, years: int) -> QuerySet[Person]:
    """Return the people with nothing open and nothing ended on or after ``today - years``; a person with no period
    at all counts from their registration."""
    cutoff = today - relativedelta(years=years)
    recent_custody = CustodyPeriod.objects.filter(person=OuterRef("pk")).filter(
        Q(release_date__isnull=True) | Q(release_date__gte=cutoff)
    )
    recent_supervision = SupervisionPeriod.objects.filter(person=OuterRef("pk")).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=cutoff)
    )
    registered_before = timezone.make_aware(datetime.combine(cutoff, time.min))
    any_period = Exists(CustodyPeriod.objects.filter(person=OuterRef("pk"))) | Exists(
        SupervisionPeriod.objects.filter(person=OuterRef("pk"))
    )
    return Person.objects.filter(any_period | Q(created_at__lt=registered_before)).exclude(
        Exists(recent_custody) | Exists(recent_supervision)
    )


def _anonymise(people: list[tuple[int, date, int]], *, rule: str, now: datetime) -> None:
    ids = [pk for pk, _born, _unit in people]
    label = Concat(Value(ANONYMOUS), Cast("id", CharField()))
    Person.objects.filter(id__in=ids).update(
        full_name=label,
        other_names="",
        search_name=Concat(Value(ANONYMOUS.lower()), Cast("id", CharField())),
        nik=None,
        nik_hash=None,
        phone="",
        anonymised_at=now,
        updated_at=now,
    )
    links.refresh(ids)  # the unit lists order by the name just replaced (an update sends no signal)
    for born in {b for _pk, b, _unit in people}:
        Person.objects.filter(id__in=ids, birth_date=born).update(birth_date=date(born.year, 7, 1))
    units = Organization.objects.in_bulk({unit for _pk, _born, unit in people})
    for pk, _born, unit in people:
        _record(pk, units[unit], rule=rule, fields=["full_name", "other_names", "nik", "phone", "birth_date"])


def _record(pk: int, unit: Organization, *, rule: str, fields: list[str]) -> None:
    audit_record(
        code="people.person.anonymised",
        actor=None,
        unit=unit,
        obj=Person(pk=pk, full_name=f"{ANONYMOUS}{pk}"),
        changes={"cleared": [None, fields], "rule": [None, rule]},
    )


@transaction.atomic
def people_retention_apply(*, today: date) -> int:
    """Anonymise the identities and remove the phone numbers past their retention rules; return how many people
    changed. Safe to run twice: a person done is not found again."""
    now = timezone.now()
    identity_years = rule_int("retention.person.identity_years", on=today)
    contact_years = rule_int("retention.person.contact_years", on=today)
    due = list(
        _past(today, identity_years)
        .filter(anonymised_at__isnull=True)
        .order_by("id")
        .values_list("id", "birth_date", "registered_unit_id")
    )
    for start in range(0, len(due), CHUNK):
        _anonymise(due[start : start + CHUNK], rule="retention.person.identity_years", now=now)
    phones = list(_past(today, contact_years).exclude(phone="").order_by("id").values_list("id", "registered_unit_id"))
    if phones:
        Person.objects.filter(id__in=[pk for pk, _unit in phones]).update(phone="", updated_at=now)
    units = Organization.objects.in_bulk({unit for _pk, unit in phones})
    for pk, unit in phones:
        _record(pk, units[unit], rule="retention.person.contact_years", fields=["phone"])
    return len(due) + len(phones)
