"""Keep the KPI facts (models.py) exact: rewrite a person's facts whenever a record they are derived from changes.

The facts are derived by the same queries whether for one person (a save) or for the nation (``rebuild``), so a
person's facts after any series of saves equal what a rebuild gives; ``differences`` checks that.

What a fact depends on, and the signal that rewrites it:
- enrolment facts: the enrolment, its batch (end, programme, provider), its certificates, its attendance and the
  reasons' "counts as attended", the person's custody periods (releases) and placements (work);
- release facts: the person's custody periods, and those of records a reviewer confirmed as the same person; their
  group flags (``GROUPS``: trained, certified, placed) the person's enrolment facts and placements.

Saves inside ``deferred()`` are gathered and rewritten once when the block ends (a bulk write by a service).
Bulk paths that send no signals (``bulk_create``, ``update``, COPY) must call ``refresh`` or ``rebuild`` themselves.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Exists, ExpressionWrapper, F, IntegerField, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.db.models.signals import post_delete, post_save

from bekal.certification.models import Certificate
from bekal.core.gathered import Gathered
from bekal.kpis.models import EnrolmentFact, ReleaseFact
from bekal.organizations import figure_versions
from bekal.outcomes.models import IdentityReview
from bekal.outcomes.selectors import NOT_A_RELEASE, confirmed_links
from bekal.people.models import CustodyPeriod
from bekal.placement.models import Placement, PlacementKind
from bekal.placement.selectors import employed_person_ids
from bekal.training.models import Attendance, AttendanceReason, Batch, Enrollment, EnrollmentStatus

WORKING = [PlacementKind.EMPLOYED, PlacementKind.SELF_EMPLOYED]
CHUNK = 500  # people per statement when naming them


def _date_key(path: str) -> ExpressionWrapper:
    """Return a date as the number YYYYMMDD (for "within N years" in SQL, the same on every database)."""
    return ExpressionWrapper(
        ExtractYear(path) * 10000 + ExtractMonth(path) * 100 + ExtractDay(path), output_field=IntegerField()
    )


def _releases() -> QuerySet[CustodyPeriod]:
    return CustodyPeriod.objects.filter(release_date__isnull=False).exclude(release_reason__in=NOT_A_RELEASE)


def _count(qs: QuerySet[Any]) -> Coalesce:
    return Coalesce(
        Subquery(qs.order_by().values("enrollment_id").annotate(n=Count("id")).values("n")[:1]),
        0,
        output_field=IntegerField(),
    )


def _days(marks: QuerySet[Attendance]) -> tuple[Coalesce, Coalesce]:
    """Return the days marked and the days counted as attended among an enrolment's attendance marks (a voided
    mark is neither)."""
    marks = marks.filter(voided_at__isnull=True)
    return _count(marks), _count(marks.filter(reason__counts_as_attended=True))


def _enrolment_source(enrolments: QuerySet[Enrollment]) -> QuerySet[Any]:
    """Return the enrolments as fact rows, every column computed in SQL, in EnrolmentFact's column order."""
    first_release = (
        _releases()
        .filter(person_id=OuterRef("person_id"), release_date__gte=OuterRef("batch__end_date"))
        .order_by("release_date")
        .values("release_date")[:1]
    )
    first_work = (
        Placement.objects.filter(
            person_id=OuterRef("person_id"), kind__in=WORKING, start_date__gte=OuterRef("f_released")
        )
        .order_by("start_date")
        .values("start_date")[:1]
    )
    first_job = (
        Placement.objects.filter(
            person_id=OuterRef("person_id"), kind=PlacementKind.EMPLOYED, start_date__gte=OuterRef("f_released")
        )
        .order_by("start_date")
        .values("start_date")[:1]
    )
    marked, attended = _days(Attendance.objects.filter(enrollment_id=OuterRef("pk")))
    columns: dict[str, Any] = {
        "f_enrollment": F("pk"),
        "f_person": F("person_id"),
        "f_unit": F("unit_id"),
        "f_programme": F("batch__programme_id"),
        "f_provider": F("batch__provider_id"),
        "f_end": F("batch__end_date"),
        "f_year": ExtractYear("batch__end_date"),
        "f_status": F("status"),
        "f_certified": Exists(Certificate.objects.filter(enrollment_id=OuterRef("pk"))),
        "f_released": Subquery(first_release),
    }
    rest: dict[str, Any] = {
        "f_working": Subquery(first_work),
        "f_employed": Subquery(first_job),
        "f_marked": marked,
        "f_attended": attended,
    }
    # Written in the order of the (year, unit) index: a year's facts then lie together on disk, and a year's
    # figures read a few pages in a row instead of one page per row.
    return enrolments.annotate(**columns).annotate(**rest).order_by("f_year", "f_unit").values_list(*columns, *rest)


ENROLMENT_COLUMNS = (
    "enrollment_id",
    "person_id",
    "unit_id",
    "programme_id",
    "provider_id",
    "end_date",
    "year",
    "status",
    "certified",
    "released_on",
    "working_on",
    "employed_on",
    "days_marked",
    "days_attended",
)


def _release_source(periods: QuerySet[CustodyPeriod]) -> QuerySet[Any]:
    """Return the releases as fact rows (the re-admission of the same record only), in ReleaseFact's column order."""
    next_admission = (
        CustodyPeriod.objects.filter(person_id=OuterRef("person_id"), admission_date__gt=OuterRef("release_date"))
        .order_by("admission_date")
        .values("admission_date")[:1]
    )
    columns: dict[str, Any] = {
        "f_period": F("pk"),
        "f_person": F("person_id"),
        "f_unit": F("unit_id"),
        "f_released": F("release_date"),
        "f_year": ExtractYear("release_date"),
        "f_back": Subquery(next_admission),
        "f_released_key": _date_key("release_date"),
    }
    return periods.annotate(**columns).order_by("f_year", "f_unit").values_list(*columns)  # see _enrolment_source


RELEASE_COLUMNS = ("custody_period_id", "person_id", "unit_id", "released_on", "year", "back_on", "released_key")


def _insert(model: type[Model], columns: tuple[str, ...], source: QuerySet[Any]) -> None:
    """INSERT INTO the fact table SELECT the source query: the rows never pass through Python."""
    sql, params = source.query.sql_with_params()
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {sql}", params)


def trained_person_ids() -> QuerySet[Any, Any]:
    """Return the ids of people who completed a training (the "trained" split of recidivism), from the facts."""
    return EnrolmentFact.objects.filter(status=EnrollmentStatus.COMPLETED).values("person_id")


def certified_person_ids() -> QuerySet[Any, Any]:
    """Return the ids of people who hold a competency certificate (the "certified" split of recidivism), from the
    facts (an enrolment fact is certified when a certificate was issued for its enrolment)."""
    return EnrolmentFact.objects.filter(certified=True).values("person_id")


# The groups of the recidivism splits, each kept as a flag of the release facts (the column of the same name): who
# is in it, as a queryset of person ids.
GROUPS: dict[str, Callable[[], QuerySet[Any, Any]]] = {
    "trained": trained_person_ids,
    "certified": certified_person_ids,
    "placed": employed_person_ids,
}


def _mark_groups(facts: QuerySet[ReleaseFact]) -> None:
    """Set the release facts' group flags from their people's enrolment facts (written first) and placements."""
    facts.update(**{name: Exists(people().filter(person_id=OuterRef("person_id"))) for name, people in GROUPS.items()})


def _finish_releases(facts: QuerySet[ReleaseFact], links: dict[int, set[int]]) -> None:
    """Add the re-admissions through confirmed twins (few), then number the re-admission dates."""
    if links:
        admitted: dict[int, list[date]] = defaultdict(list)
        others = {o for ids in links.values() for o in ids}
        for pid, on in CustodyPeriod.objects.filter(person_id__in=others).values_list("person_id", "admission_date"):
            admitted[pid].append(on)
        for fact in facts.filter(person_id__in=list(links)):
            later = [a for o in links[fact.person_id] for a in admitted[o] if a > fact.released_on]
            if fact.back_on is not None:
                later.append(fact.back_on)
            back = min(later) if later else None
            if back != fact.back_on:
                ReleaseFact.objects.filter(pk=fact.pk).update(back_on=back)
    facts.filter(back_on__isnull=False).update(back_key=_date_key("back_on"))
    same_year = ReleaseFact.objects.filter(person_id=OuterRef("person_id"), year=OuterRef("year")).exclude(
        pk=OuterRef("pk")
    )
    facts.filter(Exists(same_year)).update(repeat_in_year=True)
    _mark_groups(facts)


def refresh(person_ids: Iterable[int]) -> None:
    """Rewrite the facts of these people (and of the records confirmed as the same person as them)."""
    ids = set(person_ids)
    if not ids:
        return
    with transaction.atomic():
        links = confirmed_links(ids)
        ids |= set(links) | {o for others in links.values() for o in others}
        every = sorted(ids)
        for start in range(0, len(every), CHUNK):
            chunk = every[start : start + CHUNK]
            _touch_units(chunk)  # the units whose figures held these people
            EnrolmentFact.objects.filter(person_id__in=chunk).delete()
            ReleaseFact.objects.filter(person_id__in=chunk).delete()
            _insert(EnrolmentFact, ENROLMENT_COLUMNS, _enrolment_source(Enrollment.objects.filter(person_id__in=chunk)))
            _insert(ReleaseFact, RELEASE_COLUMNS, _release_source(_releases().filter(person_id__in=chunk)))
            chunk_links = {p: links[p] for p in chunk if p in links}
            _finish_releases(ReleaseFact.objects.filter(person_id__in=chunk), chunk_links)
            _touch_units(chunk)  # and those that hold them now


def _touch_units(person_ids: list[int]) -> None:
    """Bump the units of these people's facts, records and outcomes: a rewrite may move a release, a completion,
    a certificate or a start of work (an attendance mark moves only the records: ``_attendance``)."""
    units = _fact_units(person_ids)
    figure_versions.touch(units)
    figure_versions.touch(units, figure_versions.OUTCOMES)


def _fact_units(person_ids: list[int]) -> set[int]:
    """Return the units of these people's facts (enrolment and release)."""
    enrolments = EnrolmentFact.objects.filter(person_id__in=person_ids).order_by().values_list("unit_id", flat=True)
    releases = ReleaseFact.objects.filter(person_id__in=person_ids).order_by().values_list("unit_id", flat=True)
    return set(enrolments.union(releases))


def rebuild() -> dict[str, int]:
    """Rewrite every fact from the records (after a bulk load); return the rows written."""
    with transaction.atomic():
        EnrolmentFact.objects.all().delete()
        ReleaseFact.objects.all().delete()
        _insert(EnrolmentFact, ENROLMENT_COLUMNS, _enrolment_source(Enrollment.objects.all()))
        _insert(ReleaseFact, RELEASE_COLUMNS, _release_source(_releases()))
        _finish_releases(ReleaseFact.objects.all(), confirmed_links())
        figure_versions.renew_epoch()
    return {"enrolments": EnrolmentFact.objects.count(), "releases": ReleaseFact.objects.count()}


CHECKED = ("back_key", "repeat_in_year", *GROUPS)  # the release facts' columns written after the insert


def differences() -> list[str]:
    """Return what differs between the stored facts and the facts the records give now (empty: exact)."""
    stored_e = {tuple(r) for r in EnrolmentFact.objects.values_list(*ENROLMENT_COLUMNS)}
    stored_r = {tuple(r) for r in ReleaseFact.objects.values_list(*RELEASE_COLUMNS, *CHECKED)}
    with transaction.atomic():
        rebuild()
        fresh_e = {tuple(r) for r in EnrolmentFact.objects.values_list(*ENROLMENT_COLUMNS)}
        fresh_r = {tuple(r) for r in ReleaseFact.objects.values_list(*RELEASE_COLUMNS, *CHECKED)}
        transaction.set_rollback(True)
    out = [f"enrolment fact stored {row}" for row in sorted(stored_e - fresh_e, key=str)]
    out += [f"enrolment fact missing {row}" for row in sorted(fresh_e - stored_e, key=str)]
    out += [f"release fact stored {row}" for row in sorted(stored_r - fresh_r, key=str)]
    out += [f"release fact missing {row}" for row in sorted(fresh_r - stored_r, key=str)]
    return out


# Keeping them exact: signals of the records the facts come from --------------------------------------------------

# Saves inside ``deferred()`` gather their people; the facts of each are rewritten once when the block ends.
_GATHERED = Gathered("bekal_kpi_facts_pending", refresh)
deferred = _GATHERED.deferred
touch = _GATHERED.touch


# The fields a fact reads, per record: a save naming only other fields (a batch's status, an enrolment's interest
# statement) changes no fact and rewrites nothing.
READ_FIELDS = {
    Enrollment: {"person", "unit", "batch", "status"},
    CustodyPeriod: {"person", "unit", "admission_date", "release_date", "release_reason"},
    Placement: {"person", "kind", "start_date"},
    Batch: {"end_date", "programme", "provider"},
}


def _changes_facts(sender: Any, update_fields: Any) -> bool:
    if update_fields is None:
        return True
    return any(name.removesuffix("_id") in READ_FIELDS[sender] for name in update_fields)


def _person(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if _changes_facts(sender, update_fields):
        touch([instance.person_id])


def _enrolment_person(sender: Any, instance: Any, **kwargs: Any) -> None:
    touch(Enrollment.objects.filter(pk=instance.enrollment_id).values_list("person_id", flat=True))


def _certificate(sender: Any, instance: Certificate, created: bool = True, **kwargs: Any) -> None:
    """A certificate issued or withdrawn changes its enrolment's ``certified`` and its person's release facts'
    "certified" group: rewrite just those (two statements), not the person's facts. A certificate saved again (no
    service does) rewrites the facts of the person of the enrolment it names now, as the other records' saves do."""
    if _GATHERED.pending is not None or not created:
        _enrolment_person(sender, instance)
        return
    fact = EnrolmentFact.objects.filter(pk=instance.enrollment_id)
    fact.update(certified=Exists(Certificate.objects.filter(enrollment_id=OuterRef("pk"))))
    people = list(fact.values_list("person_id", flat=True))
    group = GROUPS["certified"]().filter(person_id=OuterRef("person_id"))
    ReleaseFact.objects.filter(person_id__in=people).update(certified=Exists(group))
    _touch_units(people)


def _attendance(sender: Any, instance: Attendance, **kwargs: Any) -> None:
    """A day marked or unmarked changes one enrolment's two day counts: rewrite just those (one statement)."""
    pending = _GATHERED.pending
    if pending is not None:  # a bulk load: the enrolment's person is rewritten at the end
        if Attendance._meta.get_field("enrollment").is_cached(instance):
            pending.add(instance.enrollment.person_id)
        else:
            _enrolment_person(sender, instance)
        return
    marked, attended = _days(Attendance.objects.filter(enrollment_id=OuterRef("enrollment_id")))
    fact = EnrolmentFact.objects.filter(pk=instance.enrollment_id)
    fact.update(days_marked=marked, days_attended=attended)
    figure_versions.touch(fact.values_list("unit_id", flat=True))


def _batch(sender: Any, instance: Batch, created: bool = False, update_fields: Any = None, **kwargs: Any) -> None:
    if not created and _changes_facts(sender, update_fields):
        touch(Enrollment.objects.filter(batch_id=instance.pk).values_list("person_id", flat=True))


def _reason(sender: Any, instance: AttendanceReason, created: bool = False, **kwargs: Any) -> None:
    if not created:
        touch(
            Enrollment.objects.filter(attendances__reason_id=instance.pk)
            .values_list("person_id", flat=True)
            .distinct()
            .order_by()
        )


def _review(sender: Any, instance: IdentityReview, **kwargs: Any) -> None:
    touch([instance.earlier_person_id, instance.later_person_id])


def connect() -> None:
    """Connect the signals that keep the facts exact (called once, from the app's ready())."""
    for model in (Enrollment, CustodyPeriod, Placement):
        post_save.connect(_person, sender=model, dispatch_uid=f"kpi_facts_{model.__name__}_save")
        post_delete.connect(_person, sender=model, dispatch_uid=f"kpi_facts_{model.__name__}_delete")
    post_save.connect(_certificate, sender=Certificate, dispatch_uid="kpi_facts_certificate_save")
    post_delete.connect(_certificate, sender=Certificate, dispatch_uid="kpi_facts_certificate_delete")
    post_save.connect(_attendance, sender=Attendance, dispatch_uid="kpi_facts_attendance_save")
    post_delete.connect(_attendance, sender=Attendance, dispatch_uid="kpi_facts_attendance_delete")
    post_save.connect(_batch, sender=Batch, dispatch_uid="kpi_facts_batch_save")
    post_save.connect(_reason, sender=AttendanceReason, dispatch_uid="kpi_facts_reason_save")
    post_save.connect(_review, sender=IdentityReview, dispatch_uid="kpi_facts_review_save")
    post_delete.connect(_review, sender=IdentityReview, dispatch_uid="kpi_facts_review_delete")
