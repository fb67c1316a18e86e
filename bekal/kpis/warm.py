"""The warm-up of the national and Kanwil figures: the dashboard (its default breakdown, every year), its filter
choices and the recidivism page, computed into the figure cache for the nation and for each Kanwil, under the keys
their pages read (``views.dashboard_figures``, ``choices_figures``, ``recidivism_figures``).

Those figures are keyed by the day and the scope's versions: the first reader of a day, or after a restart of the
cache or a rebuild of the facts (``renew_epoch``), would compute every unit's part (about 1 s for the nation at
national scale). A daily job at 01:00 (``run_daily_jobs``) and ``manage.py kpis --rebuild-facts`` take that cost
off readers; after a deploy or a cache flush, ``manage.py run_daily_jobs --only kpis.figures_warm``. Read-only: it
writes no record, only cache entries that any reader would have written."""

from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from bekal.accounts.access import Capability, can
from bekal.accounts.models import User
from bekal.core.memo import page_memo
from bekal.kpis import facts, selectors, views
from bekal.organizations.models import OrganizationKind


def viewers() -> list[Any]:
    """Return one active user per Ditjenpas and Kanwil office who may see its KPIs and outcomes: their scopes are
    the nation's and each Kanwil's (every viewer of an office shares its figures' keys)."""
    offices: dict[int | None, Any] = {}
    users = (
        User.objects.filter(
            is_active=True, organization__kind__in=[OrganizationKind.DITJENPAS, OrganizationKind.KANWIL]
        )
        .select_related("organization")
        .order_by("organization_id", "id")
    )
    for user in users:
        if (
            user.organization_id not in offices
            and can(user, Capability.KPI_VIEW)
            and can(user, Capability.OUTCOMES_VIEW)
        ):
            offices[user.organization_id] = user
    return list(offices.values())


def facts_rebuild() -> dict[str, int]:
    """Rewrite the KPI facts from the records (``facts.rebuild``, which retires every cached figure), then warm
    the day's figures so that readers find them computed; return the rows written."""
    written = facts.rebuild()
    figures_warm(today=timezone.localdate())
    return written


def figures_warm(*, today: date) -> int:
    """Compute the nation's and each Kanwil's figures of the day into the cache; return how many scopes."""
    warmed = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user in viewers():
            with page_memo():
                f = selectors.filters_for_user(user=user)
                views.dashboard_figures(user, f, selectors.default_breakdown(f), today)
                views.choices_figures(user, today)
                views.recidivism_figures(user, today)
            warmed += 1
    return warmed
