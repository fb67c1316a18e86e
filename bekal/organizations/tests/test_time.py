"""A unit's own time (LEGAL.md "Time"): each province's zone is data, a unit lives in its province's zone, and the
same instant is one day in Jakarta and the next in Makassar or Jayapura."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bekal.organizations.models import Organization, OrganizationKind, Region, TimeZone
from bekal.organizations.regions import region_zones_load
from bekal.organizations.time import unit_today, unit_zone, units_today

UTC = ZoneInfo("UTC")


def test_every_province_has_its_zone_per_uu_31_2009(db):
    zones = dict(Region.objects.filter(level="province").values_list("code", "time_zone"))
    assert len(zones) == 38 and all(zones.values())
    assert zones["16"] == zones["31"] == zones["61"] == zones["62"] == TimeZone.WIB  # Sumatra, Java, West/Central K.
    assert zones["51"] == zones["53"] == zones["64"] == zones["65"] == zones["73"] == TimeZone.WITA
    assert zones["81"] == zones["91"] == zones["96"] == TimeZone.WIT


def test_a_change_of_law_is_a_change_of_data(db):
    Region.objects.filter(code="62").update(time_zone=TimeZone.WITA)
    unit = Organization.objects.create(name="Lapas Palangka Raya", kind=OrganizationKind.LAPAS, region_id="62.71")
    assert unit_zone(unit) == ZoneInfo("Asia/Makassar")
    assert region_zones_load(Region) == 1  # the shipped file restores Central Kalimantan to WIB
    assert unit_zone(Organization.objects.get(pk=unit.pk)) == ZoneInfo("Asia/Jakarta")


def test_the_same_instant_is_today_in_jakarta_and_tomorrow_in_makassar_and_jayapura(db):
    units = {
        code: Organization.objects.create(name=f"Bapas {code}", kind=OrganizationKind.BAPAS, region_id=code)
        for code in ("16.13", "73.71", "91.71")
    }
    late_evening = datetime(2026, 12, 5, 16, 30, tzinfo=UTC)  # 23:30 WIB, 00:30 WITA, 01:30 WIT
    assert unit_today(units["16.13"], late_evening) == date(2026, 12, 5)
    assert unit_today(units["73.71"], late_evening) == date(2026, 12, 6)
    assert unit_today(units["91.71"], late_evening) == date(2026, 12, 6)
    assert units_today(units.values(), late_evening) == date(2026, 12, 6)


def test_a_unit_without_a_region_or_on_a_province_reads_the_right_zone(db):
    nowhere = Organization.objects.create(name="Ditjenpas", kind=OrganizationKind.DITJENPAS)
    kanwil = Organization.objects.create(name="Kanwil Papua", kind=OrganizationKind.KANWIL, region_id="91")
    assert unit_zone(nowhere) == ZoneInfo("Asia/Jakarta") and unit_zone(None) == ZoneInfo("Asia/Jakarta")
    assert unit_zone(kanwil) == ZoneInfo("Asia/Jayapura")
