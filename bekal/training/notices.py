"""Training's daily jobs that tell people what needs doing (registered in ``apps.TrainingConfig.ready``).

They only tell; moving agreements to expiring/expired is ``agreements_refresh``, its own daily job. The notices are
decided from the dates, not from the status, so they do not depend on which of the two jobs runs first, and each
agreement's "expiring" and "expired" notices go out once (the state is the notice's key).
"""

from datetime import date, timedelta

from django.urls import reverse

from bekal.notifications.models import NoticeKind
from bekal.notifications.services import notify
from bekal.rules.selectors import rule_int
from bekal.training.models import Agreement, AgreementStatus, Holiday

# An agreement that lapsed up to this many days ago is still announced (a missed run catches up); older ones are
# left alone, so the first run does not announce every agreement that ever expired.
EXPIRED_LOOKBACK_DAYS = 30
# Next year's holidays must be in by this day (month, day) of the year before: training schedules skip them.
HOLIDAYS_DUE = (11, 1)


def agreements_notify(*, today: date) -> int:
    """Tell the head of the unit of each agreement entering its notice period (rule training.agreement.notice_days)
    or recently expired; return the number of notices created."""
    notice_days = rule_int("training.agreement.notice_days", on=today)
    agreements = Agreement.objects.filter(
        status__in=[AgreementStatus.ACTIVE, AgreementStatus.EXPIRING, AgreementStatus.EXPIRED],
        end_date__gte=today - timedelta(days=EXPIRED_LOOKBACK_DAYS),
        end_date__lte=today + timedelta(days=notice_days),
    ).select_related("unit")
    told = 0
    for agreement in agreements:
        expired = agreement.end_date < today
        told += len(
            notify(
                kind=NoticeKind.AGREEMENT_EXPIRED if expired else NoticeKind.AGREEMENT_EXPIRING,
                unit=agreement.unit,
                obj=agreement,
                key="expired" if expired else "expiring",
                today=today,
                link=reverse("training:agreement-detail", args=[agreement.pk]),
                context={
                    "agreement": str(agreement),
                    "title": agreement.title,
                    "unit": agreement.unit.name,
                    "end_date": agreement.end_date,
                    "days_left": (agreement.end_date - today).days,
                },
            )
        )
    return told


def holidays_notify(*, today: date) -> int:
    """From 1 November, tell the system administrators (once a year) when no holiday of next year is entered."""
    year = today.year + 1
    if today < date(today.year, *HOLIDAYS_DUE) or Holiday.objects.filter(date__year=year).exists():
        return 0
    notices = notify(
        kind=NoticeKind.HOLIDAYS_MISSING,
        unit=None,
        obj=None,
        key=str(year),
        today=today,
        link=reverse("training:holiday-year", args=[year]),
        context={"year": year},
    )
    return len(notices)
