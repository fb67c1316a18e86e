"""The community-service part of the day's work: clients expected today (the PK's, or at the supervisor's site),
orders at risk, monthly reports missed, letters awaiting the prosecutor's decision and orders just completed."""

from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can
from bekal.accounts.models import Role
from bekal.community_service.models import OrderStatus, Placement
from bekal.community_service.panels import bapas_blocks
from bekal.community_service.selectors import noncompliance, orders
from bekal.core.pagination import head_and_count
from bekal.core.registry import WorkItem

LINKS = 5
COMPLETED_LOOKBACK_DAYS = 30


def _expected_today(placements: Any, today: date) -> list[Placement]:
    """Placements that run today on today's weekday (the weekdays are a list in each row, read here)."""
    running = placements.filter(start_date__lte=today, order__status=OrderStatus.ACTIVE).exclude(end_date__lt=today)
    return [p for p in running.select_related("order__period__person", "site") if today.weekday() in (p.days or [])]


def _clients_today(user: Any, today: date) -> WorkItem:
    visible = orders.orders_visible_to(user)
    if user.has_role(Role.SITE_SUPERVISOR):
        placements = Placement.objects.filter(site__organization_id=user.organization_id, order__in=visible)
    else:
        placements = Placement.objects.filter(order__in=visible.filter(period__officer=user))
    expected = _expected_today(placements, today)
    links = []
    for placement in expected[:LINKS]:
        if user.has_role(Role.SITE_SUPERVISOR):
            url = reverse("community_service:site-day", args=[placement.site_id])
        else:
            url = reverse("community_service:detail", args=[placement.order_id])
        links.append((f"{placement.order.period.person} · {placement.site}", url))
    return WorkItem(
        _("Clients expected at a work site today"),
        len(expected),
        reverse("community_service:sites"),
        tuple(links),
        _("Nobody is expected at a work site today."),
        order=12,
    )


def _at_risk(user: Any, today: date) -> WorkItem:
    at_risk = [row["order"] for row in bapas_blocks(user, today)["at_risk"]]
    return WorkItem(
        _("Orders at risk of not finishing in time"),
        len(at_risk),
        reverse("community_service:list") + "?at_risk=1",
        tuple((str(o.period.person), reverse("community_service:detail", args=[o.pk])) for o in at_risk[:LINKS]),
        _("Every order is on pace."),
        order=50,
    )


def _reports_missed(user: Any, today: date) -> WorkItem:
    rows = bapas_blocks(user, today)["missed_reports"]
    return WorkItem(
        _("Monthly supervision reports missed"),
        len(rows),
        reverse("community_service:sentences"),
        tuple(
            (str(r["sentence"].period.person), reverse("community_service:sentence-detail", args=[r["sentence"].pk]))
            for r in rows[:LINKS]
        ),
        _("Every supervision sentence is reported up to last month."),
        order=55,
    )


def _letters(user: Any, today: date) -> WorkItem:
    if user.organization is not None and user.organization.is_probation_office:
        letters = bapas_blocks(user, today)["letters_due"]  # the Bapas block lists them all
        head, count = letters[:LINKS], len(letters)
    else:
        head, count = head_and_count(noncompliance.letters_due(user=user), LINKS)
    return WorkItem(
        _("Reports awaiting the prosecutor's decision"),
        count,
        reverse("community_service:list"),
        tuple((str(s.order.period.person), reverse("community_service:step-decide", args=[s.pk])) for s in head),
        _("No report waits for a decision."),
        order=6,
    )


def _completed(user: Any, today: date) -> WorkItem:
    done = (
        orders.orders_visible_to(user)
        .filter(status=OrderStatus.COMPLETED, completed_on__gte=today - timedelta(days=COMPLETED_LOOKBACK_DAYS))
        .select_related("period__person")
        .order_by("-completed_on")
    )
    head, count = head_and_count(done, LINKS)
    return WorkItem(
        _("Orders completed in the last %(days)s days") % {"days": COMPLETED_LOOKBACK_DAYS},
        count,
        reverse("community_service:list") + "?status=completed",
        tuple((str(o.period.person), reverse("community_service:detail", args=[o.pk])) for o in head),
        _("No order was completed in this time."),
        order=60,
    )


def worklist(user: Any, today: date) -> list[WorkItem]:
    """Return the community-service work waiting for the user's role today."""
    if not can(user, Capability.COMMUNITY_VIEW) or user.has_role(Role.SYSTEM_ADMIN):
        return []
    if user.has_role(Role.SITE_SUPERVISOR):
        return [_clients_today(user, today)]
    if user.has_role(Role.PROSECUTOR_STAFF):
        return [_letters(user, today), _completed(user, today)]
    org = user.organization
    if org is None or not org.is_probation_office:
        return []
    items = [_at_risk(user, today), _reports_missed(user, today)]
    if user.has_role(Role.PROBATION_OFFICER):
        items.insert(0, _clients_today(user, today))
    if user.has_role(Role.HEAD_OF_UNIT):
        items.append(_letters(user, today))
    return items
