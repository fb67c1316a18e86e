"""The community-service step: courts, prosecutors' offices and work sites; an order for each community-service
period with its placement and hours ledger; a sentence with its monthly reports for each supervision-sentence
period. An order is completed on the day its credited minutes reach the hours ordered, and its supervision period
ends that day; an order past its deadline is reported and enforced.
"""

import json
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from bekal.community_service.models import (
    CommunityServiceOrder,
    ComplianceStep,
    MonthlyReport,
    OrderStatus,
    Outcome,
    Sanction,
    SiteType,
    SupervisionSentence,
    WorkSession,
    WorkSite,
)
from bekal.community_service.models import Placement as ServicePlacement
from bekal.core.bulk import bulk_insert, bulk_update, next_id, reset_sequence
from bekal.national.activity._common import K, Supervised, load_periods, make_organisations, person_name, province_of
from bekal.organizations.models import Organization
from bekal.people.models import SupervisionKind, SupervisionPeriod
from bekal.rules.selectors import rule_int

if TYPE_CHECKING:
    from bekal.national.generate import Nation

WORK_SITES = 1_500
CS_OFFENCES = ["Penganiayaan ringan", "Pencurian ringan", "Penggelapan ringan", "Perusakan barang", "Penghinaan"]


@dataclass(frozen=True)
class _Rules:
    """The community-service rules on the anchor date (KUHP Pasal 85)."""

    hour_choices: list[int]
    max_per_day: int
    max_replaced: int
    warnings_allowed: int


@dataclass
class _Places:
    """The courts, prosecutors' offices and work sites by province, and each site's weekdays."""

    rng: random.Random
    units: dict[str, list[Organization]]
    by_province: dict[tuple[str, str], list[Organization]]
    site_days: dict[int, list[int]]
    bapas_province: dict[int, str]

    def pick(self, kind: str, province: str) -> Organization:
        """Return one organisation of the kind in the province (of the whole nation when the province has none)."""
        return self.rng.choice(self.by_province.get((kind, province)) or self.units[kind])


@dataclass
class _Case:
    """What an order and a sentence share: the period, its court and prosecutor, the decision."""

    period: Supervised
    court: Organization
    prosecutor: Organization
    decided: date
    number: str


@dataclass
class _Rows:
    """The rows the step writes at its end, and the next id of each table."""

    sentence_id: int
    order_id: int
    placement_id: int
    session_id: int
    step_id: int
    orders: list[tuple[Any, ...]] = field(default_factory=list)
    placements: list[tuple[Any, ...]] = field(default_factory=list)
    sessions: list[tuple[Any, ...]] = field(default_factory=list)
    steps: list[tuple[Any, ...]] = field(default_factory=list)
    sentences: list[tuple[Any, ...]] = field(default_factory=list)
    reports: list[tuple[Any, ...]] = field(default_factory=list)
    period_ends: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass
class _Ledger:
    """An order's generated sessions and letters so far, and the day its hours were all credited."""

    sessions: list[tuple[Any, ...]]
    steps: list[tuple[Any, ...]]
    completed_on: date | None


def community_service(nation: "Nation") -> None:
    """Courts, prosecutors' offices and work sites; an order for each community-service period with its placement
    and hours ledger; a sentence for each supervision-sentence period."""
    load_periods(nation)
    rng, now = nation.rng, timezone.now()
    rules = _rules(nation.today)
    places = _places(nation)
    rows = _Rows(
        sentence_id=next_id(SupervisionSentence),
        order_id=next_id(CommunityServiceOrder),
        placement_id=next_id(ServicePlacement),
        session_id=next_id(WorkSession),
        step_id=next_id(ComplianceStep),
    )
    for p in nation.shared["supervision"]:
        province = places.bapas_province.get(p.unit, "")
        court, prosecutor = places.pick(K.COURT, province), places.pick(K.PROSECUTOR, province)
        decided = p.start - timedelta(days=rng.randint(7, 30))
        case = _Case(p, court, prosecutor, decided, f"{rng.randint(1, 999)}/Pid.B/{decided.year}/PN")
        if p.kind == SupervisionKind.SUPERVISION_SENTENCE:
            _sentence(nation, rows, case, now)
        elif p.kind == SupervisionKind.COMMUNITY_SERVICE:
            _order(nation, rules, places, rows, case, province, now)
    _write_orders(nation, rows)
    _write_sentences(nation, rows)
    orders, sessions, steps = rows.orders, rows.sessions, rows.steps
    nation.log(
        f"community service: {len(orders):,} orders ({sum(1 for o in orders if o[18] == 'completed'):,} completed), "
        f"{len(sessions):,} work sessions, {len(steps):,} letters, {len(rows.sentences):,} supervision sentences, "
        f"{len(rows.reports):,} monthly reports"
    )


def _rules(today: date) -> _Rules:
    min_hours = rule_int("community_service.min_hours", on=today)
    max_hours = rule_int("community_service.max_hours", on=today)
    return _Rules(
        hour_choices=list(range(max(min_hours, 40), min(max_hours, 240) + 1, 8)),
        max_per_day=rule_int("community_service.max_hours_per_day", on=today),
        max_replaced=rule_int("community_service.max_replaced_prison_months", on=today),
        warnings_allowed=rule_int("community_service.warnings_before_report", on=today),
    )


def _places(nation: "Nation") -> _Places:
    """Write the courts, prosecutors' offices and work sites (with what each site offers)."""
    rng = nation.rng
    regencies = sum(len(r) for r in nation.regencies.values())
    courts = make_organisations(nation, K.COURT, "Pengadilan Negeri", regencies)
    prosecutors = make_organisations(nation, K.PROSECUTOR, "Kejaksaan Negeri", regencies)
    sites = make_organisations(nation, K.WORK_SITE, "Panti Sosial", max(10, nation.scaled(WORK_SITES)))
    by_province: dict[tuple[str, str], list[Organization]] = defaultdict(list)
    for kind, orgs in ((K.COURT, courts), (K.PROSECUTOR, prosecutors), (K.WORK_SITE, sites)):
        for o in orgs:
            by_province[(kind, province_of(o))].append(o)
    site_rows, site_days = [], {}
    for s in sites:
        days = sorted(rng.sample(range(6), 4))
        site_days[s.id] = days
        site_rows.append(
            (
                s.id,
                s.id,
                rng.choice(list(SiteType)),
                rng.randint(3, 10),
                json.dumps(days),
                time(8),
                time(16),
                person_name(rng),
                "",
            )
        )
    bulk_insert(
        WorkSite,
        [
            "id",
            "organization",
            "site_type",
            "capacity",
            "days",
            "opens_at",
            "closes_at",
            "supervisor_name",
            "supervisor_phone",
        ],
        site_rows,
    )
    bapas_province = {o.id: province_of(o) for o in nation.units[K.BAPAS]}
    return _Places(rng, nation.units, by_province, site_days, bapas_province)


def _sentence(nation: "Nation", rows: _Rows, case: _Case, now: datetime) -> None:
    """Add a supervision sentence; the client reports every month (wajib lapor), a few months are missed."""
    rng, today, p = nation.rng, nation.today, case.period
    month = date(p.start.year, p.start.month, 1)
    while month < date(today.year, today.month, 1) and (p.end is None or month <= p.end):
        if rng.random() < 0.97:
            reported = month + timedelta(days=rng.randint(0, 27))
            rows.reports.append((rows.sentence_id, month, max(reported, p.start), "", None))
        month = (month + timedelta(days=32)).replace(day=1)
    rows.sentences.append(
        (
            rows.sentence_id,
            p.id,
            case.court.id,
            case.number,
            case.decided,
            rng.choice(CS_OFFENCES),
            rng.randint(6, 36),
            12,
            case.prosecutor.id,
            "",
            now,
        )
    )
    rows.sentence_id += 1


def _order(
    nation: "Nation", rules: _Rules, places: _Places, rows: _Rows, case: _Case, province: str, now: datetime
) -> None:
    """Add a community-service order with its placement at a site, its hours ledger and its letters; close its
    period when the order is completed or enforced."""
    rng, p = nation.rng, case.period
    hours = rng.choice(rules.hour_choices)
    complete_by = p.end or p.start + timedelta(days=180)
    site = places.pick(K.WORK_SITE, province)
    weekdays = sorted(rng.sample(places.site_days[site.id], 3))
    per_day = rng.choice([4, 4, 6, rules.max_per_day])
    placed = p.start + timedelta(days=rng.randint(3, 14))
    diligence = rng.choices([0.92, 0.6, 0.0], [70, 20, 10])[0]
    ledger = _ledger(nation, rules, rows, hours, complete_by, placed, weekdays, per_day, diligence, now)
    status = _close(nation, rows, ledger, p, complete_by, now)
    rows.orders.append(
        (
            rows.order_id,
            p.id,
            case.court.id,
            case.number,
            case.decided,
            rng.choice(CS_OFFENCES),
            rng.randint(3, 48),
            hours,
            rng.randint(1, rules.max_replaced),
            None,
            rules.max_per_day,
            complete_by,
            rng.choice([Sanction.REPEAT, Sanction.SERVE_PRISON]),
            case.prosecutor.id,
            True,
            "",
            "[]",
            False,
            status,
            ledger.completed_on,
            now,
        )
    )
    rows.placements.append(
        (rows.placement_id, rows.order_id, site.id, placed, ledger.completed_on, json.dumps(weekdays), per_day, now)
    )
    rows.sessions.extend(ledger.sessions)
    rows.steps.extend(ledger.steps)
    rows.order_id += 1
    rows.placement_id += 1


def _ledger(
    nation: "Nation",
    rules: _Rules,
    rows: _Rows,
    hours: int,
    complete_by: date,
    placed: date,
    weekdays: list[int],
    per_day: int,
    diligence: float,
    now: datetime,
) -> _Ledger:
    """Return the sessions on the planned weekdays from the placement until today, the deadline or the hours done,
    with a warning letter for each unacceptable absence; a client who never comes stops after a few sessions."""
    rng, today = nation.rng, nation.today
    credited, warnings, completed_on = 0, 0, None
    sessions: list[tuple[Any, ...]] = []
    steps: list[tuple[Any, ...]] = []
    stalled_after = rng.randint(1, 5)
    d = placed
    while d < today and d <= complete_by and credited < hours * 60:
        if d.weekday() in weekdays:
            if diligence == 0.0 and len(sessions) >= stalled_after:
                break
            outcome, minutes, reason = _outcome(rng, diligence, warnings, rules.warnings_allowed, per_day)
            end = (datetime.combine(d, time(8)) + timedelta(hours=per_day)).time()
            rated = outcome == Outcome.ATTENDED_COMPLIED
            sessions.append(
                (
                    rows.session_id,
                    rows.order_id,
                    rows.placement_id,
                    d,
                    time(8),
                    end,
                    minutes,
                    outcome,
                    reason,
                    rng.choice([3, 3, 4]) if rated else None,
                    rng.choice([3, 4]) if rated else None,
                    person_name(rng),
                    "",
                    False,  # generated sessions fall within their site's opening: no exception
                    "",
                    None,
                    now,
                )
            )
            if outcome == Outcome.UNACCEPTABLE_ABSENCE:
                warnings += 1
                steps.append(
                    (rows.step_id, rows.order_id, "warning", len(steps) + 1, d, rows.session_id, "", None, "", now)
                )
                rows.step_id += 1
            rows.session_id += 1
            credited += minutes
            if credited >= hours * 60:
                completed_on = d
        d += timedelta(days=1)
    return _Ledger(sessions, steps, completed_on)


def _outcome(
    rng: random.Random, diligence: float, warnings: int, warnings_allowed: int, per_day: int
) -> tuple[str, int, str]:
    """Return a session's outcome, minutes credited and absence reason; after the warnings allowed, an absence is
    excused."""
    roll = rng.random()
    if roll < diligence or diligence == 0.0:
        return Outcome.ATTENDED_COMPLIED, per_day * 60, ""
    if roll < diligence + 0.25 or warnings >= warnings_allowed:
        return Outcome.ACCEPTABLE_ABSENCE, 0, "Sakit dengan surat keterangan"
    return Outcome.UNACCEPTABLE_ABSENCE, 0, ""


def _close(nation: "Nation", rows: _Rows, ledger: _Ledger, p: Supervised, complete_by: date, now: datetime) -> str:
    """Add the completion report, or the report to the prosecutor for an order undone past its deadline; record
    how its period ends; return the order's status."""
    rng, today = nation.rng, nation.today
    steps, completed_on, order_id = ledger.steps, ledger.completed_on, rows.order_id
    status = OrderStatus.COMPLETED if completed_on else OrderStatus.ACTIVE
    if completed_on:
        steps.append((rows.step_id, order_id, "completion", len(steps) + 1, completed_on, None, "", None, "", now))
        rows.step_id += 1
    ended_on, end_reason = completed_on, "completed" if completed_on else ""
    reported = complete_by + timedelta(days=rng.randint(1, 14))
    if not completed_on and reported + timedelta(days=21) < today:
        # Past its deadline and undone: the Bapas reports to the prosecutor, who has the replaced term served
        # and the order enforced (``step_decide``), which ends the period.
        ended_on, end_reason = reported + timedelta(days=rng.randint(7, 21)), "revoked"
        steps.append(
            (rows.step_id, order_id, "report", len(steps) + 1, reported, None, "serve_prison", ended_on, "", now)
        )
        rows.step_id += 1
        status = OrderStatus.ENFORCED
    rows.period_ends.append((p.id, ended_on, end_reason))
    return status


def _write_orders(nation: "Nation", rows: _Rows) -> None:
    """Write the orders, their placements, sessions and letters."""
    nation.counts["community_orders"] = bulk_insert(
        CommunityServiceOrder,
        [
            "id",
            "period",
            "court",
            "decision_number",
            "decision_date",
            "offence",
            "threatened_prison_months",
            "hours_ordered",
            "replaced_prison_months",
            "replaced_fine",
            "hours_per_day",
            "complete_by",
            "sanction",
            "prosecutor_office",
            "consent_recorded",
            "exception_reason",
            "exceptions",
            "training_counts",
            "status",
            "completed_on",
            "created_at",
        ],
        rows.orders,
    )
    bulk_insert(
        ServicePlacement,
        ["id", "order", "site", "start_date", "end_date", "days", "hours_per_day", "created_at"],
        rows.placements,
    )
    nation.counts["work_sessions"] = bulk_insert(
        WorkSession,
        [
            "id",
            "order",
            "placement",
            "date",
            "start",
            "end",
            "minutes_credited",
            "outcome",
            "absence_reason",
            "work_quality",
            "behaviour",
            "supervised_by",
            "notes",
            "site_exception",
            "site_exception_reason",
            "recorded_by",
            "created_at",
        ],
        rows.sessions,
    )
    bulk_insert(
        ComplianceStep,
        [
            "id",
            "order",
            "kind",
            "number",
            "issued_on",
            "session",
            "decision",
            "decided_on",
            "decision_note",
            "created_at",
        ],
        rows.steps,
    )


def _write_sentences(nation: "Nation", rows: _Rows) -> None:
    """Write the sentences and their monthly reports; end the periods of closed orders; reset the sequences."""
    nation.counts["supervision_sentences"] = bulk_insert(
        SupervisionSentence,
        [
            "id",
            "period",
            "court",
            "decision_number",
            "decision_date",
            "offence",
            "threatened_prison_months",
            "term_months",
            "prosecutor_office",
            "special_conditions",
            "created_at",
        ],
        rows.sentences,
    )
    nation.counts["monthly_reports"] = bulk_insert(
        MonthlyReport, ["sentence", "month", "reported_on", "notes", "recorded_by"], rows.reports
    )
    # An order's period ends the day the order is completed (as ``_complete`` does), and stays open otherwise.
    bulk_update(SupervisionPeriod, ["ended_on", "end_reason"], rows.period_ends)
    for model in (
        WorkSite,
        CommunityServiceOrder,
        ServicePlacement,
        WorkSession,
        ComplianceStep,
        SupervisionSentence,
        MonthlyReport,
    ):
        reset_sequence(model)
