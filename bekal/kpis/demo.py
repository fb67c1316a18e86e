"""The KPIs' part of the demo: the Lapas Martapura story's second figure (DOMAIN.md, story 2).

The training demo has 25 completers at Lapas Kelas IIB Martapura in 2025, 18 of them certified (72%). Here 12 of
the 18 certified are released in 2026 (on parole or at the end of their sentence) and 7 of those 12 start work
after release, employed by a partner UMKM or company or self-employed: 7 / 12 = 58.3%, shown as 58%.
The re-admissions for the recidivism curve come from the outcomes demo. Written through the services; idempotent.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from bekal.organizations.models import Organization, OrganizationKind
from bekal.people import services as people_services
from bekal.people.models import CustodyPeriod, ReleaseReason
from bekal.placement import services as placement_services
from bekal.placement.models import AidKind, BusinessType, ContractType, PlacementKind, WageBand
from bekal.training.classifications import Kbli
from bekal.training.models import Enrollment, EnrollmentStatus

MARTAPURA = "Lapas Kelas IIB Martapura"
RELEASED = 12
WORKING = 7  # 7 / 12 = 58.3%: "58% of those were absorbed" (DOMAIN.md, story 2)


def load_demo(*, today: date, users: dict[str, Any]) -> None:
    """Release 12 of Martapura's 2025 certified trainees and place 7 of them in work, once."""
    unit = Organization.objects.filter(name=MARTAPURA).first()
    actor, officer = users.get("admin"), users.get("martapura.bimker")
    if unit is None or actor is None or officer is None:
        return
    certified = list(
        Enrollment.objects.filter(
            unit=unit,
            status=EnrollmentStatus.COMPLETED,
            batch__end_date__year=2025,
            certificates__isnull=False,
            custody_period__isnull=False,
        )
        .select_related("custody_period", "batch")
        .order_by("batch__end_date", "person__full_name", "id")
        .distinct()
    )
    if len(certified) < RELEASED or any(e.custody_period.release_date for e in certified):  # type: ignore[union-attr]
        return  # not the training demo, or already done
    employers = list(
        Organization.objects.filter(kind__in=[OrganizationKind.UMKM, OrganizationKind.EMPLOYER]).order_by("name")
    )
    disnaker = Organization.objects.filter(kind=OrganizationKind.DISNAKER, name__icontains="OKU Timur").first()
    # Released in the first half of 2026 (before the demo's today, whatever it is), a month apart at most.
    last = min(date(2026, 6, 30), today - timedelta(days=45))
    for i, enrollment in enumerate(certified[:RELEASED]):
        period: CustodyPeriod = enrollment.custody_period  # type: ignore[assignment]
        released = max(enrollment.batch.end_date + timedelta(days=30), last - timedelta(days=14 * (RELEASED - i)))
        on_parole = bool(i % 2)
        early = on_parole and period.parole_date is not None and released < period.parole_date
        people_services.custody_period_release(
            actor=actor,
            period=period,
            release_date=released,
            release_reason=ReleaseReason.PAROLE if on_parole else ReleaseReason.SENTENCE_SERVED,
            # The demo's short stays come before the computed parole date: the decree that allowed it is recorded.
            release_decree=f"PAS-{100 + i}.PK.05.09 Tahun {released.year}" if early else "",
        )
        if i >= WORKING:
            continue
        start = min(released + timedelta(days=21), today)
        if i % 3 == 2 or not employers:
            placement_services.placement_create(
                actor=officer,
                person=enrollment.person,
                kind=PlacementKind.SELF_EMPLOYED,
                start_date=start,
                business_name="Bengkel mebel rumahan",
                business_type=BusinessType.CRAFT,
                business_sector=Kbli.C,
                aid_kind=AidKind.STARTER_KIT if disnaker else "",
                aid_from=disnaker,
                aid_value=Decimal("3500000"),
            )
        else:
            placement_services.placement_create(
                actor=officer,
                person=enrollment.person,
                kind=PlacementKind.EMPLOYED,
                start_date=start,
                employer=employers[i % len(employers)],
                position="Tukang kayu" if enrollment.batch.programme.field == "Konstruksi" else "Pekerja kebun",
                wage_band=WageBand.MINIMUM,
                contract_type=ContractType.FIXED_TERM,
            )
