"""Reads for placement, always scoped: people through the people selectors, vacancies by employer for partners.

Matching lives here too: a person's credentials are their completed training programmes and their valid competency
certificates (read in bulk for many people at once), matched with what a vacancy wants.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can, require
from bekal.accounts.models import Role
from bekal.core.memo import memoised
from bekal.people.models import CustodyPeriod, OffenceCategory, Person
from bekal.people.selectors import people_visible_to
from bekal.placement.models import (
    EMPLOYER_KINDS,
    EmployerProfile,
    FollowUp,
    Internship,
    Placement,
    PlacementKind,
    PreReleaseToDo,
    ReadinessStatus,
    Referral,
    ToDoKind,
    ToDoStatus,
    Vacancy,
    VacancyQuerySet,
)
from bekal.rules.selectors import rule_int


@dataclass
class Credentials:
    """What a person brings to a job from training: completed programmes and certificates valid on the day."""

    programmes: dict[int, str] = field(default_factory=dict)  # programme id -> name
    fields: set[str] = field(default_factory=set)  # vocational fields of the completed programmes, lower-case
    certificates: dict[str, tuple[str, str, date]] = field(default_factory=dict)  # scheme (lower) -> scheme, no, until
    certified_programmes: set[int] = field(default_factory=set)  # programmes a valid certificate came from

    @property
    def tags(self) -> set[str]:
        """Return lower-case tags to compare with a vacancy's wanted skills: programme names and fields, schemes."""
        return {name.lower() for name in self.programmes.values()} | self.fields | set(self.certificates)


def credentials_for(person_ids: Iterable[int], today: date) -> dict[int, Credentials]:
    """Return the credentials of many people in two queries: completed enrolments and certificates valid today."""
    from bekal.certification.models import Certificate
    from bekal.training.models import Enrollment, EnrollmentStatus

    ids = list(person_ids)
    out: dict[int, Credentials] = {}
    completed = Enrollment.objects.filter(person_id__in=ids, status=EnrollmentStatus.COMPLETED).values_list(
        "person_id", "batch__programme_id", "batch__programme__name", "batch__programme__field"
    )
    for person_id, programme_id, name, programme_field in completed:
        held = out.setdefault(person_id, Credentials())
        held.programmes[programme_id] = name
        if programme_field:
            held.fields.add(programme_field.strip().lower())
    certificates = Certificate.objects.filter(
        enrollment__person_id__in=ids, issued_on__lte=today, valid_until__gte=today
    ).values_list("enrollment__person_id", "enrollment__batch__programme_id", "scheme", "number", "valid_until")
    for person_id, programme_id, scheme, number, until in certificates:
        held = out.setdefault(person_id, Credentials())
        held.certificates[scheme.strip().lower()] = (scheme, number, until)
        held.certified_programmes.add(programme_id)
    return out


def release_window_days(today: date) -> int:
    """Return the window, in days before release, in which people are prepared for work (a rule)."""
    return rule_int("placement.release_window_days", on=today)


def _release_q(today: date, until: date) -> Q:
    # Release is the expected release or any earliest integration date (parole, leave, assimilation).
    return (
        Q(expected_release_date__range=(today, until))
        | Q(parole_date__range=(today, until))
        | Q(leave_date__range=(today, until))
        | Q(assimilation_date__range=(today, until))
    )


def release_date_in_window(period: CustodyPeriod, today: date, until: date) -> date | None:
    """Return the first release or integration date of the period that falls in the window."""
    dates = [period.expected_release_date, period.parole_date, period.leave_date, period.assimilation_date]
    inside = [d for d in dates if d and today <= d <= until]
    return min(inside) if inside else None


@dataclass
class DueRow:
    person: Person
    period: CustodyPeriod
    release: date | None
    open_todos: int
    readiness: Any


def releases_due_with_open_todos(*, user: Any, today: date, only_open: bool = True) -> list[DueRow]:
    """Return the people in the user's units due for release in the window, with how many to-dos are still open.

    A to-do is open until it is done or marked not needed; an item never touched counts as open.
    """
    require(user, Capability.PLACEMENT_VIEW)
    until = today + timedelta(days=release_window_days(today))
    kinds = ToDoKind.objects.filter(is_active=True).count()
    people = people_visible_to(user)
    periods = (
        CustodyPeriod.objects.current(today)
        .filter(_release_q(today, until), person__in=people)
        .select_related("person", "unit", "person__work_readiness")
        .annotate(
            closed=Count(
                "person__pre_release_todos",
                filter=Q(
                    person__pre_release_todos__status__in=ToDoStatus.closed(),
                    person__pre_release_todos__kind__is_active=True,
                ),
            )
        )
    )
    rows = []
    for period in periods:
        open_todos = kinds - period.closed  # type: ignore[attr-defined]
        if only_open and open_todos <= 0:
            continue
        readiness = getattr(period.person, "work_readiness", None)
        rows.append(DueRow(period.person, period, release_date_in_window(period, today, until), open_todos, readiness))
    return sorted(rows, key=lambda r: (r.release or until, r.person.full_name))


def home_due_rows(*, user: Any, today: date) -> tuple[list[DueRow], int]:
    """Return every person of the user's units due for release in the window (``only_open=False``) and the window's
    days, read once per page and day (``core.memo``): the home page's release block and its day's work both show
    them (the block those with to-dos open, the day's work those without a readiness assessment)."""
    return memoised(
        ("placement.home_due", user.pk, today),
        lambda: (releases_due_with_open_todos(user=user, today=today, only_open=False), release_window_days(today)),
    )


def get_person_for_placement(user: Any, pk: int) -> Person:
    """Return a person the user may see, with readiness, to-dos, referrals, internships and placements loaded."""
    require(user, Capability.PLACEMENT_VIEW)
    return get_object_or_404(
        people_visible_to(user)
        .select_related("home_region", "home_region__parent", "registered_unit")
        .prefetch_related(
            "custody_periods",
            Prefetch("pre_release_todos", queryset=PreReleaseToDo.objects.select_related("kind")),
            Prefetch("referrals", queryset=Referral.objects.select_related("vacancy", "vacancy__employer")),
            Prefetch("internships", queryset=Internship.objects.select_related("employer")),
            Prefetch("placements", queryset=Placement.objects.select_related("employer", "officer")),
        ),
        pk=pk,
    )


def todo_checklist(person: Person) -> list[dict[str, Any]]:
    """Return every active to-do kind with the person's item for it (None when not started)."""
    items = {t.kind_id: t for t in person.pre_release_todos.all()}
    return [{"kind": k, "todo": items.get(k.pk)} for k in ToDoKind.objects.filter(is_active=True)]


def employer_is_users(user: Any) -> bool:
    """Return True for partner staff of an employer or UMKM: they see their own vacancies only."""
    org = getattr(user, "organization", None)
    return (
        user.has_role(Role.PARTNER_STAFF)
        and not can(user, Capability.PLACEMENT_VIEW)
        and org is not None
        and org.kind in EMPLOYER_KINDS
    )


def vacancies_visible_to(user: Any) -> VacancyQuerySet:
    """Return the vacancies the user may see: all for correctional staff, their own for an employer's staff."""
    require(user, Capability.VACANCY_VIEW)
    vacancies: VacancyQuerySet = Vacancy.objects.select_related("employer", "region").prefetch_related("programmes")
    if can(user, Capability.PLACEMENT_VIEW):
        return vacancies
    if employer_is_users(user):
        return vacancies.filter(employer=user.organization)
    raise PermissionDenied(Capability.VACANCY_VIEW)


def vacancy_list(*, user: Any, today: date, query: str = "", open_only: bool = True) -> QuerySet[Vacancy]:
    """Return vacancies the user may see, open ones first by default, with the referral count."""
    vacancies = vacancies_visible_to(user)
    if open_only:
        vacancies = vacancies.open_on(today)
    vacancies = vacancies.annotate(referral_count=Count("referrals"))
    if query.strip():
        q = query.strip()
        vacancies = vacancies.filter(Q(title__icontains=q) | Q(employer__name__icontains=q) | Q(skills__icontains=q))
    return vacancies.order_by("closing_date", "title", "id")


def get_vacancy_for_user(user: Any, pk: int) -> Vacancy:
    """Return a vacancy the user may see; 404 otherwise."""
    return get_object_or_404(vacancies_visible_to(user), pk=pk)


def referrals_for_vacancy(*, user: Any, vacancy: Vacancy) -> list[Referral]:
    """Return the vacancy's referrals: staff see those of people in their units; the employer sees all of them.

    The employer's staff get names only: templates and the API never give them a NIK.
    """
    referrals = Referral.objects.filter(vacancy=vacancy).select_related("person")
    if can(user, Capability.PLACEMENT_VIEW):
        referrals = referrals.filter(person__in=people_visible_to(user))
    return list(referrals.order_by("person__full_name"))


def get_referral_for_user(user: Any, pk: int) -> Referral:
    """Return a referral of a person the user may see; 404 otherwise."""
    require(user, Capability.PLACEMENT_VIEW)
    return get_object_or_404(
        Referral.objects.select_related("person", "vacancy", "vacancy__employer").filter(
            person__in=people_visible_to(user)
        ),
        pk=pk,
    )


def get_internship_for_user(user: Any, pk: int) -> Internship:
    """Return an internship of a person the user may see; 404 otherwise."""
    require(user, Capability.PLACEMENT_VIEW)
    return get_object_or_404(
        Internship.objects.select_related("person", "employer").filter(person__in=people_visible_to(user)), pk=pk
    )


def get_placement_for_user(user: Any, pk: int) -> Placement:
    """Return a placement of a person the user may see, with its follow-ups; 404 otherwise."""
    require(user, Capability.PLACEMENT_VIEW)
    return get_object_or_404(
        Placement.objects.select_related("person", "employer", "officer")
        .prefetch_related("follow_ups")
        .filter(person__in=people_visible_to(user)),
        pk=pk,
    )


def get_follow_up_for_user(user: Any, pk: int) -> FollowUp:
    """Return a follow-up of a placement the user may see; 404 otherwise."""
    require(user, Capability.PLACEMENT_VIEW)
    return get_object_or_404(
        FollowUp.objects.select_related("placement", "placement__person").filter(
            placement__person__in=people_visible_to(user)
        ),
        pk=pk,
    )


def follow_ups_due(*, user: Any, today: date, mine_only: bool = True, ahead_days: int = 14) -> QuerySet[FollowUp]:
    """Return follow-ups not yet done and due within ``ahead_days`` (overdue included) of running placements.

    ``mine_only`` keeps those of placements the user follows up; otherwise all in the user's units.
    """
    require(user, Capability.PLACEMENT_VIEW)
    due = FollowUp.objects.filter(
        done_on__isnull=True,
        due_date__lte=today + timedelta(days=ahead_days),
        placement__ended_on__isnull=True,
        placement__person__in=people_visible_to(user),
    )
    if mine_only:
        due = due.filter(placement__officer=user)
    return due.select_related("placement", "placement__person", "placement__employer").order_by("due_date", "id")


def employer_list(*, query: str = "") -> QuerySet[EmployerProfile]:
    """Return employers and UMKM with their profile and count of vacancies; the directory holds no personal data."""
    profiles = EmployerProfile.objects.select_related("organization", "organization__region").annotate(
        vacancy_count=Count("organization__vacancies")
    )
    if query.strip():
        profiles = profiles.filter(Q(organization__name__icontains=query.strip()) | Q(sector__icontains=query.strip()))
    return profiles.order_by("organization__name")


def employer_agreements(user: Any, profile: EmployerProfile) -> list[Any]:
    """Return the MoU and PKS the employer is party to, among those the user may see (none without that right)."""
    from bekal.training.selectors import agreements_visible_to

    try:
        agreements = agreements_visible_to(user)
    except PermissionDenied:
        return []
    return list(agreements.filter(partners=profile.organization).order_by("-end_date", "-id"))


def get_employer(user: Any, pk: int) -> EmployerProfile:
    """Return an employer profile for correctional staff, or the employer's own for its staff; 404 otherwise."""
    require(user, Capability.VACANCY_VIEW)
    profiles = EmployerProfile.objects.select_related("organization", "organization__region")
    if not can(user, Capability.PLACEMENT_VIEW):
        if not employer_is_users(user):
            raise PermissionDenied(Capability.VACANCY_VIEW)
        profiles = profiles.filter(organization=user.organization)
    return get_object_or_404(profiles, pk=pk)


# Matching ----------------------------------------------------------------------------------------------------------


@dataclass
class Match:
    """A vacancy and a person who fit each other, and why."""

    vacancy: Vacancy
    person: Person
    reasons: list[str] = field(default_factory=list)
    certificates: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    same_regency: bool = False

    @property
    def rank(self) -> tuple[int, int, int, int]:
        """Return the sort key: a wanted certificate first, then a wanted programme completed, then more shared
        skills, then the same regency before the same province."""
        return (-len(self.certificates), -len(self.programmes), -len(self.skills), 0 if self.same_regency else 1)


def _last_offence(person: Person) -> str:
    periods = sorted(person.custody_periods.all(), key=lambda p: p.admission_date)
    return periods[-1].offence_category if periods else ""


def _fit(vacancy: Vacancy, person: Person, offence: str, held: Credentials) -> Match | None:
    """Return the match of one vacancy and one person, or None when the region or the offence rules it out."""
    home = person.home_region
    if home is None:
        return None
    match = Match(vacancy=vacancy, person=person)
    if vacancy.region_id == home.code:
        match.same_regency = True
        match.reasons.append(_("Job in the home regency/city %(region)s") % {"region": home.name})
    elif home.parent_id and vacancy.region.parent_id == home.parent_id:
        match.reasons.append(
            _("Job in the home province %(region)s") % {"region": home.parent.name if home.parent else ""}
        )
    else:
        return None
    if offence and vacancy.excludes(offence):
        return None
    if vacancy.excluded_offences:
        match.reasons.append(
            _("Offence category %(offence)s is not excluded")
            % {"offence": OffenceCategory(offence).label if offence else _("none on record")}
        )
    else:
        match.reasons.append(_("No offence category is excluded"))
    if vacancy.open_to == "former":
        match.reasons.append(_("Open to former inmates and clients"))
    wanted = {p.pk for p in vacancy.programmes.all()}
    for tag in vacancy.scheme_tags:
        if tag in held.certificates:
            scheme, number, until = held.certificates[tag]
            match.certificates.append(scheme)
            match.reasons.append(
                _("Certificate %(scheme)s (no. %(number)s, valid until %(until)s)")
                % {"scheme": scheme, "number": number, "until": until}
            )
    for programme_id in sorted(wanted & held.certified_programmes):
        if held.programmes.get(programme_id) not in match.certificates:
            match.certificates.append(held.programmes.get(programme_id, ""))
            match.reasons.append(
                _("Certified in the wanted programme %(programme)s") % {"programme": held.programmes.get(programme_id)}
            )
    for programme_id in sorted(wanted & set(held.programmes)):
        match.programmes.append(held.programmes[programme_id])
        match.reasons.append(_("Completed the programme %(programme)s") % {"programme": held.programmes[programme_id]})
    match.skills = sorted(held.tags.intersection(vacancy.skill_tags))
    if match.skills:
        match.reasons.append(_("Skills: %(skills)s") % {"skills": ", ".join(match.skills)})
    return match


def vacancies_for_person(*, person: Person, today: date) -> list[Match]:
    """Return open vacancies in the person's home regency or province that do not exclude their offence.

    Each match carries its reasons; vacancies wanting the person's certificates, completed programmes or skills
    come first. The person must come from a selector (custody periods and home region loaded).
    """
    vacancies = Vacancy.objects.open_on(today).select_related("employer", "region").prefetch_related("programmes")
    offence = _last_offence(person)
    held = credentials_for([person.pk], today).get(person.pk, Credentials())
    matches = [m for v in vacancies if (m := _fit(v, person, offence, held))]
    return sorted(matches, key=lambda m: (m.rank, m.vacancy.closing_date or date.max, m.vacancy.title))


def candidates_for_vacancy(*, user: Any, vacancy: Vacancy, today: date, limit: int = 50) -> list[Match]:
    """Return people in the user's units who fit the vacancy, each with the reasons; those holding what the vacancy
    wants come first.

    Candidates are people due for release within the window or out of custody, not already referred to it,
    not in a running job, and who did not decline support nor are unable to work.
    """
    require(user, Capability.PLACEMENT_VIEW)
    until = today + timedelta(days=release_window_days(today))
    in_custody = CustodyPeriod.objects.current(today).filter(person=OuterRef("pk"))
    due = CustodyPeriod.objects.current(today).filter(_release_q(today, until), person=OuterRef("pk"))
    working = Placement.objects.filter(
        person=OuterRef("pk"), ended_on__isnull=True, kind__in=[PlacementKind.EMPLOYED, PlacementKind.SELF_EMPLOYED]
    )
    region = vacancy.region
    province = region.parent_id or region.code
    people = list(
        people_visible_to(user)
        .filter(Q(home_region_id=region.code) | Q(home_region__parent_id=province))
        .filter(Q(Exists(due)) | ~Q(Exists(in_custody)))
        .exclude(Exists(working))
        .exclude(referrals__vacancy=vacancy)
        .exclude(work_readiness__status__in=[ReadinessStatus.DECLINED, ReadinessStatus.UNABLE])
        .select_related("home_region", "home_region__parent")
        .prefetch_related("custody_periods")
        .order_by("full_name", "id")
    )
    prefetch_related_objects([vacancy], "programmes")
    held = credentials_for([p.pk for p in people], today)
    matches: list[Match] = []
    for person in people:
        match = _fit(vacancy, person, _last_offence(person), held.get(person.pk, Credentials()))
        if match:
            matches.append(match)
    return sorted(matches, key=lambda m: (m.rank, m.person.full_name))[:limit]


def employed_person_ids() -> QuerySet[Placement, Any]:
    """Return the ids of people with an employment placement (any time): the "placed" split of the outcomes."""
    return Placement.objects.filter(kind=PlacementKind.EMPLOYED).values("person_id")
