"""The placement step: employers with profiles and vacancies; after a release, a placement with its follow-ups (and
a hired referral for some), for trained people first. A placement ends at the next admission of the same person.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from bekal.accounts.models import Role, UserRole
from bekal.core.bulk import bulk_insert, next_id, reset_sequence
from bekal.national.activity._common import Custody, K, load_periods, make_organisations, province_of
from bekal.organizations.models import Organization
from bekal.placement.models import (
    ContractType,
    EmployerProfile,
    FollowUp,
    PartnerStatus,
    Placement,
    PlacementEndReason,
    PlacementKind,
    ReadinessStatus,
    Referral,
    ReferralStatus,
    Vacancy,
    WageBand,
    WorkReadiness,
)
from bekal.rules.selectors import rule_int_list
from bekal.training.models import Enrollment, EnrollmentStatus

if TYPE_CHECKING:
    from bekal.national.generate import Nation

EMPLOYERS = 3_000
VACANCIES = 8_000
PLACEMENTS = 150_000
EMPLOYER_SECTORS = [
    "Konstruksi",
    "Manufaktur",
    "Perdagangan",
    "Rumah makan",
    "Bengkel",
    "Pertanian",
    "Perikanan",
    "Garmen",
    "Perhotelan",
    "Jasa kebersihan",
]

POSITIONS = [
    "Tukang las",
    "Mekanik",
    "Juru masak",
    "Penjahit",
    "Barista",
    "Tukang kayu",
    "Teknisi listrik",
    "Operator",
    "Pekerja kebun",
    "Kapster",
    "Tukang batu",
    "Petugas kebersihan",
]

BUSINESSES = ["Warung makan", "Bengkel motor", "Usaha jahit", "Pangkas rambut", "Budidaya ikan", "Sablon"]


Release = tuple[bool, int, Custody, date | None]  # not trained, person, the custody period, the next admission


@dataclass
class _Market:
    """Where a released person may work, and who follows them up."""

    employers: list[Organization]
    employers_by_province: dict[str, list[Organization]]
    vacancies_of: dict[int, list[int]]
    unit_province: dict[int, str]
    pk_users: dict[str, list[int]]
    months: tuple[int, ...]


@dataclass
class _Rows:
    """The rows the step writes at its end, and the next id of each table."""

    placement_id: int
    follow_id: int
    referral_id: int
    placements: list[tuple[Any, ...]] = field(default_factory=list)
    follow_ups: list[tuple[Any, ...]] = field(default_factory=list)
    referrals: list[tuple[Any, ...]] = field(default_factory=list)
    readiness: list[tuple[Any, ...]] = field(default_factory=list)


def placement(nation: "Nation") -> None:
    """Employers with profiles and vacancies; after release, a placement with its follow-ups (and a hired referral
    for some), for trained people first."""
    load_periods(nation)
    now = timezone.now()
    employers = _employers(nation)
    vacancies_of, vacancies = _vacancies(nation, employers, now)
    market = _market(nation, employers, vacancies_of)
    rows = _Rows(placement_id=next_id(Placement), follow_id=next_id(FollowUp), referral_id=next_id(Referral))
    target = nation.scaled(PLACEMENTS)
    for _trained, person, c, after in _releases(nation):
        if len(rows.placements) >= target:
            break
        _place(nation, market, rows, person, c, after, now)
    _write(nation, rows)
    nation.counts.update(employers=len(employers), vacancies=vacancies, referrals=len(rows.referrals))
    nation.log(
        f"placement: {len(employers):,} employers, {vacancies:,} vacancies, {len(rows.referrals):,} referrals, "
        f"{len(rows.placements):,} placements, {len(rows.follow_ups):,} follow-ups"
    )


def _employers(nation: "Nation") -> list[Organization]:
    """Write the employers (organisations) with their profiles."""
    rng = nation.rng
    employers = make_organisations(nation, K.EMPLOYER, "CV Mitra Kerja", max(20, nation.scaled(EMPLOYERS)))
    bulk_insert(
        EmployerProfile,
        ["organization", "sector", "partner_status", "agreement_reference", "note"],
        [
            (
                e.id,
                rng.choice(EMPLOYER_SECTORS),
                rng.choice([PartnerStatus.PARTNER, PartnerStatus.PARTNER, PartnerStatus.PROSPECT]),
                "",
                "",
            )
            for e in employers
        ],
    )
    reset_sequence(EmployerProfile)
    return employers


def _vacancies(nation: "Nation", employers: list[Organization], now: datetime) -> tuple[dict[int, list[int]], int]:
    """Write the vacancies; return those of each employer and how many were written."""
    rng, today = nation.rng, nation.today
    vacancies: list[tuple[Any, ...]] = []
    vacancies_of: dict[int, list[int]] = defaultdict(list)
    vacancy_id = next_id(Vacancy)
    for _ in range(max(20, nation.scaled(VACANCIES))):
        e = rng.choice(employers)
        opened = today - timedelta(days=rng.randint(0, 365 * 3))
        vacancies.append(
            (
                vacancy_id,
                e.id,
                rng.choice(POSITIONS),
                rng.randint(1, 5),
                "",
                "",
                e.region_id,
                opened + timedelta(days=rng.randint(30, 120)),
                "[]",
                rng.choice(["former", "everyone"]),
                None,
                now,
            )
        )
        vacancies_of[e.id].append(vacancy_id)
        vacancy_id += 1
    bulk_insert(
        Vacancy,
        [
            "id",
            "employer",
            "title",
            "positions",
            "skills",
            "wanted_programmes",
            "region",
            "closing_date",
            "excluded_offences",
            "open_to",
            "created_by",
            "created_at",
        ],
        vacancies,
    )
    return vacancies_of, len(vacancies)


def _releases(nation: "Nation") -> list[Release]:
    """Return each person's first release (two weeks ago or more) with their next admission, if any, trained
    people first and otherwise shuffled."""
    rng, today = nation.rng, nation.today
    by_person: dict[int, list[Custody]] = defaultdict(list)
    for c in nation.shared["custody"]:
        by_person[c.person].append(c)
    trained = {
        row for row in Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED).values_list("person_id", flat=True)
    }
    releases: list[Release] = []
    for person, periods in by_person.items():
        periods.sort(key=lambda c: c.admission)
        for i, c in enumerate(periods):
            if c.release and c.release < today - timedelta(days=14):
                after = periods[i + 1].admission if i + 1 < len(periods) else None
                releases.append((person not in trained, person, c, after))
                break
    rng.shuffle(releases)
    releases.sort(key=lambda r: r[0])  # trained people first, stable after the shuffle
    return releases


def _market(nation: "Nation", employers: list[Organization], vacancies_of: dict[int, list[int]]) -> _Market:
    employers_by_province: dict[str, list[Organization]] = defaultdict(list)
    for e in employers:
        employers_by_province[province_of(e)].append(e)
    pk_users: dict[str, list[int]] = defaultdict(list)
    bapas_province = {o.id: province_of(o) for o in nation.units[K.BAPAS]}
    for uid, org in UserRole.objects.filter(role=Role.PROBATION_OFFICER).values_list("user_id", "user__organization"):
        pk_users[bapas_province.get(org, "")].append(uid)
    return _Market(
        employers=employers,
        employers_by_province=employers_by_province,
        vacancies_of=vacancies_of,
        unit_province={o.id: province_of(o) for kind in (K.LAPAS, K.RUTAN) for o in nation.units[kind]},
        pk_users=pk_users,
        months=rule_int_list("placement.follow_up_months", on=nation.today),
    )


def _place(
    nation: "Nation", market: _Market, rows: _Rows, person: int, c: Custody, after: date | None, now: datetime
) -> None:
    """Add the placement of a released person, their readiness and follow-ups; none when it would start after
    today or after their next admission."""
    rng, today = nation.rng, nation.today
    start = c.release + timedelta(days=rng.randint(7, 150)) if c.release else today
    if start > today or (after and start >= after):
        return
    province = market.unit_province.get(c.unit, "")
    roll = rng.random()
    kind = (
        PlacementKind.EMPLOYED
        if roll < 0.55
        else (PlacementKind.SELF_EMPLOYED if roll < 0.8 else PlacementKind.NOT_WORKING)
    )
    position = wage = contract = business = ""
    employer_id, referral = None, None
    if kind == PlacementKind.EMPLOYED:
        employer_id, position, wage, contract, referral = _employment(rng, market, rows, person, province, start, now)
    elif kind == PlacementKind.SELF_EMPLOYED:
        business = rng.choice(BUSINESSES)
    ended, reason = _placement_end(rng, kind, start, after, today)
    officers: list[int | None] = [*market.pk_users.get(province, [])] or [None]
    placement_id = rows.placement_id
    rows.placements.append(
        (
            placement_id,
            person,
            rng.choice(officers),
            kind,
            employer_id,
            position,
            wage,
            contract,
            business,
            "trade" if business else "",  # BusinessType.TRADE
            referral,
            start,
            ended,
            reason,
            now,
        )
    )
    rows.readiness.append((person, ReadinessStatus.READY, "", "", min(start, c.release or start), now))
    _follow_ups(rng, market.months, rows, kind, start, ended, today)
    rows.placement_id += 1


def _employment(
    rng: random.Random, market: _Market, rows: _Rows, person: int, province: str, start: date, now: datetime
) -> tuple[int, str, str, str, int | None]:
    """Return the employer, position, wage band and contract of a job, and the hired referral behind it (added to
    the rows) for some."""
    e = rng.choice(market.employers_by_province.get(province) or market.employers)
    employer_id, position = e.id, rng.choice(POSITIONS)
    wage = rng.choice([WageBand.MINIMUM, WageBand.MINIMUM, WageBand.BELOW_MINIMUM, WageBand.ABOVE_MINIMUM])
    contract = rng.choice([ContractType.FIXED_TERM, ContractType.DAILY, ContractType.INFORMAL, ContractType.PERMANENT])
    referral = None
    if market.vacancies_of.get(e.id) and rng.random() < 0.3:
        referral = rows.referral_id
        rows.referrals.append(
            (
                rows.referral_id,
                person,
                rng.choice(market.vacancies_of[e.id]),
                ReferralStatus.HIRED,
                start - timedelta(days=rng.randint(1, 14)),
                "",
                None,
                now,
            )
        )
        rows.referral_id += 1
    return employer_id, position, wage, contract, referral


def _placement_end(
    rng: random.Random, kind: str, start: date, after: date | None, today: date
) -> tuple[date | None, str]:
    """Return when and why the placement ended: at the next admission, or for a quarter of them within 400 days;
    never after today."""
    ended: date | None = None
    reason = ""
    if after:
        ended, reason = after, PlacementEndReason.RE_ADMITTED
    elif rng.random() < 0.25:
        latest = min(today, start + timedelta(days=400))
        if latest > start + timedelta(days=14):
            ended = start + timedelta(days=rng.randint(14, (latest - start).days))
            reason = (
                PlacementEndReason.FOUND_WORK
                if kind == PlacementKind.NOT_WORKING
                else rng.choice(
                    [
                        PlacementEndReason.RESIGNED,
                        PlacementEndReason.CONTRACT_ENDED,
                        PlacementEndReason.LOST_CONTACT,
                    ]
                )
            )
    if ended and ended > today:
        ended, reason = None, ""
    return ended, reason


def _follow_ups(
    rng: random.Random, months: tuple[int, ...], rows: _Rows, kind: str, start: date, ended: date | None, today: date
) -> None:
    """Add the follow-ups due while the placement ran; most of those due by today are done."""
    for m in months:
        due = start + relativedelta(months=m)
        if ended and due > ended:
            break
        done = due + timedelta(days=rng.randint(0, 10))
        if done <= today and rng.random() < 0.9:
            working = None if kind == PlacementKind.NOT_WORKING else True
            rows.follow_ups.append((rows.follow_id, rows.placement_id, m, due, done, working, ""))
        else:
            rows.follow_ups.append((rows.follow_id, rows.placement_id, m, due, None, None, ""))
        rows.follow_id += 1


def _write(nation: "Nation", rows: _Rows) -> None:
    """Write the referrals, placements, follow-ups and work readiness."""
    bulk_insert(
        Referral,
        ["id", "person", "vacancy", "status", "status_date", "note", "referred_by", "created_at"],
        rows.referrals,
    )
    nation.counts["placements"] = bulk_insert(
        Placement,
        [
            "id",
            "person",
            "officer",
            "kind",
            "employer",
            "position",
            "wage_band",
            "contract_type",
            "business_name",
            "business_type",
            "referral",
            "start_date",
            "ended_on",
            "end_reason",
            "created_at",
        ],
        rows.placements,
    )
    nation.counts["follow_ups"] = bulk_insert(
        FollowUp, ["id", "placement", "month", "due_date", "done_on", "still_working", "note"], rows.follow_ups
    )
    bulk_insert(
        WorkReadiness, ["person", "status", "declined_reason", "note", "assessed_on", "updated_at"], rows.readiness
    )
    for model in (Vacancy, Referral, Placement, FollowUp, WorkReadiness):
        reset_sequence(model)
