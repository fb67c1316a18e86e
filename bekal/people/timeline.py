"""The people app's part of a person's path: custody and supervision periods, and each return to custody after a
release (a re-admission)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can
from bekal.core.registry import TimelineEntry
from bekal.people.models import CustodyPeriod, HandOver, Person, SupervisionPeriod


def _sentence(period: CustodyPeriod) -> str:
    return _("sentence %(years)s y %(months)s m %(days)s d") % {
        "years": period.sentence_years,
        "months": period.sentence_months,
        "days": period.sentence_days,
    }


def _custody_entries(user: Any, periods: list[CustodyPeriod]) -> list[TimelineEntry]:
    may_edit = can(user, Capability.CUSTODY_EDIT)
    entries: list[TimelineEntry] = []
    released_before = False
    for period in sorted(periods, key=lambda p: (p.admission_date, p.pk)):
        if released_before:
            entries.append(
                TimelineEntry(
                    on=period.admission_date,
                    stage="readmission",
                    title=_("Re-admitted to %(unit)s") % {"unit": period.unit},
                    detail=period.get_offence_category_display(),
                )
            )
        detail = [
            " ".join(part for part in (_("Register"), period.register_number or "–", period.register_class) if part),
            period.get_offence_category_display(),
            _sentence(period),
        ]
        if period.release_date:
            detail.append(_("released: %(reason)s") % {"reason": period.get_release_reason_display()})
        actions: list[tuple[str, str]] = []
        if may_edit:
            actions.append((reverse("people:custody-edit", args=[period.pk]), _("Edit")))
            if not period.release_date:
                actions.append((reverse("people:custody-release", args=[period.pk]), _("Record release")))
                actions.append(
                    (reverse("people:handover-create", args=[period.pk]), _("Propose a hand-over to a Bapas"))
                )
        entries.append(
            TimelineEntry(
                on=period.admission_date,
                end=period.release_date,
                stage="custody",
                title=_("Custody at %(unit)s") % {"unit": period.unit},
                detail=" · ".join(detail),
                actions=tuple(actions),
            )
        )
        released_before = released_before or bool(period.release_date)
    return entries


def _supervision_entries(user: Any, periods: list[SupervisionPeriod]) -> list[TimelineEntry]:
    may_edit = can(user, Capability.SUPERVISION_EDIT)
    entries = []
    for period in periods:
        detail = [_("Probation officer (PK)") + ": " + (str(period.officer) if period.officer else "–")]
        if period.ended_on:
            detail.append(period.get_end_reason_display())
        actions = ((reverse("people:supervision-edit", args=[period.pk]), _("Edit or end")),) if may_edit else ()
        entries.append(
            TimelineEntry(
                on=period.start_date,
                end=period.ended_on,
                stage="supervision",
                title=f"{period.get_kind_display()} · {period.unit}",
                detail=" · ".join(detail),
                actions=actions,
            )
        )
    return entries


def _handover_entries(person: Person) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            on=handover.proposed_on,
            end=handover.integration_date,
            stage="supervision",
            title=_("Hand-over to %(bapas)s for %(kind)s")
            % {"bapas": handover.bapas, "kind": handover.get_kind_display()},
            detail=handover.get_status_display(),
            url=reverse("people:handover", args=[handover.pk]),
        )
        for handover in HandOver.objects.filter(person=person).select_related("bapas")
    ]


def person_timeline(user: Any, person: Person) -> list[TimelineEntry]:
    """Custody, hand-overs to a Bapas, supervision and re-admissions: whoever may see the person may see these."""
    custody = list(CustodyPeriod.objects.filter(person=person).select_related("unit"))
    supervision = list(SupervisionPeriod.objects.filter(person=person).select_related("unit", "officer"))
    return _custody_entries(user, custody) + _handover_entries(person) + _supervision_entries(user, supervision)
