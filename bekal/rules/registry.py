"""The legal and standard figures Bekal applies, each with its default and its source.

A figure in force is a ``RuleValue`` row when one exists for the date asked about, otherwise the default here.
A change of law is a new row (admin or ``rules`` API), not a code change.
"""

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from django.utils.translation import gettext, gettext_noop

from bekal.core.formats import number

Kind = Literal["int", "fraction", "bool", "int_list"]


@dataclass(frozen=True)
class RuleDefinition:
    code: str
    kind: Kind
    default: str
    label: str  # in English, marked for translation: shown through title()
    source: str
    label_params: tuple[tuple[str, str], ...] = ()

    def figure(self, raw: str) -> str:
        """Return a stored figure as a person reads it: whole numbers with their thousands separator."""
        if self.kind == "int" and raw.lstrip("-").isdigit():
            return number(int(raw))
        return raw

    def title(self) -> str:
        """Return the figure's label in the active language."""
        return gettext(self.label) % dict(self.label_params) if self.label_params else gettext(self.label)


DEFINITIONS: dict[str, RuleDefinition] = {
    d.code: d
    for d in [
        RuleDefinition(
            "release.parole.fraction",
            "fraction",
            "2/3",
            gettext_noop("Share of the sentence served before parole (PB)"),
            "KUHP Pasal 72; Permenkumham 3/2018 jo. 7/2022",
        ),
        RuleDefinition(
            "release.parole.min_served_months",
            "int",
            "9",
            gettext_noop("Minimum months the served share must reach for parole (PB)"),
            "KUHP Pasal 72 ayat (1)",
        ),
        RuleDefinition(
            "release.leave.fraction",
            "fraction",
            "2/3",
            gettext_noop("Share of the sentence served before conditional leave (CB)"),
            "Permenkumham 3/2018 jo. 7/2022",
        ),
        RuleDefinition(
            "release.leave.max_sentence_months",
            "int",
            "18",
            gettext_noop("Longest sentence, in months, that allows conditional leave (CB)"),
            "Permenkumham 3/2018 jo. 7/2022",
        ),
        RuleDefinition(
            "release.assimilation.fraction",
            "fraction",
            "1/2",
            gettext_noop("Share of the sentence served before assimilation"),
            "Permenkumham 3/2018 jo. 7/2022",
        ),
        RuleDefinition(
            "identity.nik.female_day_offset",
            "int",
            "40",
            gettext_noop("Number added to the birth day in a woman's NIK"),
            "Permendagri on population administration (NIK structure)",
        ),
        RuleDefinition(
            "training.batch.min_days",
            "int",
            "20",
            gettext_noop("Minimum training days of a batch, FMD days included (programme default)"),
            "BLK Lubuklinggau with Bapas Muratara, December 2025 (DOMAIN.md, story 1)",
        ),
        RuleDefinition(
            "training.fmd.days",
            "int",
            "2",
            gettext_noop("FMD days with Kodim inside a batch (programme default)"),
            "BLK Lubuklinggau with Bapas Muratara, December 2025 (DOMAIN.md, story 1)",
        ),
        RuleDefinition(
            "training.jp_per_day.max",
            "int",
            "10",
            gettext_noop("Most lesson hours (JP, 45 minutes) in one training day"),
            "Permenakertrans 8/2014 (PBK)",
        ),
        RuleDefinition(
            "training.batch.quota",
            "int",
            "16",
            gettext_noop("Participants per batch (programme default)"),
            "Permenakertrans 8/2014; BLK package standard",
        ),
        RuleDefinition(
            "training.batch.quota.max",
            "int",
            "16",
            gettext_noop("Most participants in one batch unless a reason for more is recorded"),
            "Permenakertrans 8/2014; BLK package standard (16 per package)",
        ),
        RuleDefinition(
            "training.batch.service_area.check",
            "bool",
            "1",
            "A batch whose provider does not serve the organising unit's regency needs a recorded reason",
            "Bekal practice: a partner serves the regencies it covers (BLK Lubuklinggau extends to Musi Rawas Utara, "
            "DOMAIN.md story 1; issue 17)",
        ),
        RuleDefinition(
            "training.batch.max_calendar_days",
            "int",
            "365",
            gettext_noop("Longest a batch may run, start to end, in calendar days"),
            "Bekal practice: a BLK training package runs weeks, not years (Permenakertrans 8/2014); a bound on the "
            "calendar a batch plans",
        ),
        RuleDefinition(
            "training.attendance.min_fraction",
            "fraction",
            "4/5",
            gettext_noop("Least share of training days attended to complete a batch"),
            "Permenakertrans 8/2014 (PBK)",
        ),
        RuleDefinition(
            "training.agreement.pks_years",
            "int",
            "2",
            gettext_noop("Term of a cooperation agreement (PKS) in years"),
            "BLK Lubuklinggau with Bapas Muratara, December 2025 (DOMAIN.md, story 1)",
        ),
        RuleDefinition(
            "training.agreement.notice_days",
            "int",
            "90",
            gettext_noop("Days before its end that an agreement counts as expiring"),
            "Bekal practice: renew agreements before they lapse (DOMAIN.md)",
        ),
        RuleDefinition(
            "training.instructor.certified_required",
            "bool",
            "1",
            "An instructor not certified for the programme's scheme (valid on the batch dates) is refused; when no, "
            "a recorded reason lets them teach",
            "BLK Lubuklinggau: all instructors certified to national standards (DOMAIN.md, story 1)",
        ),
        RuleDefinition(
            "training.instructor.expiry_notice_days",
            "int",
            "60",
            "Days before an instructor's competency certificate ends that it reaches the provider's worklist",
            "Bekal practice: renew an instructor's certificate before it lapses (issue 17)",
        ),
        RuleDefinition(
            "training.enrollment.reopen_days",
            "int",
            "14",
            gettext_noop("Days after a completion is recorded during which it may be reopened as a mistake"),
            "Bekal practice: a correction window, so a completion is not undone after its certificate has gone out",
        ),
        RuleDefinition(
            "certification.validity_years",
            "int",
            "3",
            gettext_noop("Years a competency certificate stays valid (scheme default)"),
            "BNSP practice; LEGAL.md, Certification",
        ),
        RuleDefinition(
            "certification.expiry_notice_days",
            "int",
            "90",
            gettext_noop("Days before expiry that a certificate is listed as expiring"),
            "Bekal practice (issue 3)",
        ),
        RuleDefinition(
            "community_service.min_hours",
            "int",
            "8",
            gettext_noop("Fewest hours a community-service order may impose"),
            "KUHP (UU 1/2023) Pasal 85 ayat (4)",
        ),
        RuleDefinition(
            "community_service.max_hours",
            "int",
            "240",
            gettext_noop("Most hours a community-service order may impose"),
            "KUHP (UU 1/2023) Pasal 85 ayat (4)",
        ),
        RuleDefinition(
            "community_service.max_hours_per_day",
            "int",
            "8",
            gettext_noop("Most hours of community service in one day"),
            "KUHP (UU 1/2023) Pasal 85 ayat (4)",
        ),
        RuleDefinition(
            "community_service.max_window_months",
            "int",
            "6",
            gettext_noop("Longest window, in months, to complete community service in instalments"),
            "KUHP (UU 1/2023) Pasal 85 ayat (5)",
        ),
        RuleDefinition(
            "community_service.threat_below_months",
            "int",
            "60",
            gettext_noop("Community service needs an offence whose threatened prison term is below this many months"),
            "KUHP (UU 1/2023) Pasal 85 ayat (1)",
        ),
        RuleDefinition(
            "community_service.max_replaced_prison_months",
            "int",
            "6",
            gettext_noop("Longest prison term, in months, that community service may replace"),
            "KUHP (UU 1/2023) Pasal 85 ayat (1)",
        ),
        RuleDefinition(
            "community_service.max_replaced_fine_category",
            "int",
            "2",
            gettext_noop("Highest fine category (Pasal 79) that community service may replace"),
            "KUHP (UU 1/2023) Pasal 85 ayat (1)",
        ),
        RuleDefinition(
            "community_service.warnings_before_report",
            "int",
            "2",
            gettext_noop("Warning letters after enforceable failures before the prosecutor is told"),
            "KUHP (UU 1/2023) Pasal 85 ayat (7); Bapas practice",
        ),
        # Retention per kind of record (UU 27/2022 on Personal Data Protection: specific data, criminal records
        # included, kept no longer than the purpose needs and destroyed or anonymised when its retention period
        # ends, Pasal 16 ayat (2) and Pasal 43-44). Counted from the end of the person's last custody or
        # supervision period; the defaults stand until the Ditjenpas retention schedule (JRA, UU 43/2009 on
        # Archives) sets other figures as RuleValue rows. Anonymising keeps every count: no KPI fact reads these.
        RuleDefinition(
            "retention.person.identity_years",
            "int",
            "10",
            gettext_noop(
                "Years after the last custody or supervision period ends before a person's name, other names and NIK "
                "are anonymised"
            ),
            "UU 27/2022 Pasal 16 ayat (2), Pasal 43-44; Ditjenpas retention schedule (UU 43/2009 Kearsipan)",
        ),
        RuleDefinition(
            "retention.person.contact_years",
            "int",
            "2",
            gettext_noop(
                "Years after the last custody or supervision period ends before a person's phone number is removed"
            ),
            "UU 27/2022 Pasal 16 ayat (2) (no longer than the purpose needs: contact during re-integration)",
        ),
        RuleDefinition(
            "retention.idempotency_key_days",
            "int",
            "30",
            gettext_noop("Days an offline entry's idempotency key and the answer it gave are kept before removal"),
            "UU 27/2022 Pasal 16 ayat (2) (kept no longer than needed: a queued entry is resent within days)",
        ),
        RuleDefinition(
            "training.jp.minutes",
            "int",
            "45",
            gettext_noop("Minutes in one lesson hour (JP)"),
            "Permenakertrans 8/2014 (PBK)",
        ),
        RuleDefinition(
            "community_service.training_session_start_hour",
            "int",
            "8",
            gettext_noop("Hour at which a training day credited to a community-service order is entered in the ledger"),
            "Bapas practice: BLK training days start at 08:00",
        ),
        RuleDefinition(
            "supervision_sentence.max_threat_months",
            "int",
            "60",
            gettext_noop(
                "Longest threatened prison term, in months, of an offence punishable by a supervision sentence"
            ),
            "KUHP (UU 1/2023) Pasal 75",
        ),
        RuleDefinition(
            "supervision_sentence.max_term_months",
            "int",
            "36",
            gettext_noop("Longest supervision sentence, in months"),
            "KUHP (UU 1/2023) Pasal 75",
        ),
        *[
            RuleDefinition(
                f"fine.category.{number}",
                "int",
                str(amount),
                gettext_noop("Fine category %(roman)s, in rupiah"),
                "KUHP (UU 1/2023) Pasal 79 ayat (1)",
                (("roman", roman),),
            )
            for number, roman, amount in [
                (1, "I", 1_000_000),
                (2, "II", 10_000_000),
                (3, "III", 50_000_000),
                (4, "IV", 200_000_000),
                (5, "V", 500_000_000),
                (6, "VI", 2_000_000_000),
                (7, "VII", 5_000_000_000),
                (8, "VIII", 50_000_000_000),
            ]
        ],
        RuleDefinition(
            "placement.release_window_days",
            "int",
            "90",
            gettext_noop("Days before release in which work readiness and pre-release to-dos are listed"),
            "Issue 5, work readiness before release; hmpps-education-employment-api pre-release window",
        ),
        RuleDefinition(
            "placement.follow_up_months",
            "int_list",
            "1,3,6,12",
            gettext_noop("Months after the start of a placement at which the officer follows up"),
            "Issue 5, placements after release (post-release accompaniment, Lapas Martapura with Disnaker OKU Timur)",
        ),
        RuleDefinition(
            "people.duplicate.outside_daily_limit",
            "int",
            "20",
            gettext_noop(
                "Records outside the officer's units that the duplicate check (registration, import) may find for one "
                "user in 24 hours; past it, registrations are refused until the window moves on"
            ),
            "UU 27/2022 Pasal 35-36 (securing personal data against unauthorised access); issue 16, registry privacy",
        ),
        RuleDefinition(
            "security.signin.failure_limit",
            "int",
            "10",
            gettext_noop("Wrong passwords, for one account or from one address, before sign-in is locked"),
            "Issue 16, sign-in protection",
        ),
        RuleDefinition(
            "security.signin.lockout_minutes",
            "int",
            "30",
            gettext_noop("Minutes a locked account or address waits before it may try again"),
            "Issue 16, sign-in protection",
        ),
        RuleDefinition(
            "security.session.idle_minutes",
            "int",
            "30",
            gettext_noop("Minutes without a request after which a signed-in user is signed out"),
            "Issue 16, sign-in protection (idle timeout beside the absolute session age)",
        ),
    ]
}


def parse(kind: Kind, raw: str) -> int | Fraction | bool | tuple[int, ...]:
    """Return the raw text of a rule read as its kind; bad text raises ValueError."""
    text = raw.strip()
    if kind == "int":
        return int(text)
    if kind == "int_list":
        values = tuple(int(part) for part in text.split(","))
        if not values or any(v <= 0 for v in values) or list(values) != sorted(set(values)):
            raise ValueError(f"{raw!r} is not a rising list of positive whole numbers")
        return values
    if kind == "fraction":
        value = Fraction(text)
        if not 0 <= value <= 1:
            raise ValueError(f"{raw!r} is not a fraction between 0 and 1")
        return value
    if text.lower() in {"1", "true", "yes", "ya"}:
        return True
    if text.lower() in {"0", "false", "no", "tidak"}:
        return False
    raise ValueError(f"{raw!r} is not a yes/no value")
