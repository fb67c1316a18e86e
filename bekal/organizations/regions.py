"""The shipped Kemendagri region list (data/regions.csv) and the provinces' time zones (data/time_zones.csv);
sources and licence in data/README.md."""

import csv
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "regions.csv"
ZONES = Path(__file__).resolve().parent / "data" / "time_zones.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def regions_load(region_model: Any) -> int:
    """Add every province and regency/city missing from the table and set each province's time zone from the
    shipped file; return how many regions were added.

    Takes the model class so a data migration can pass its historical model (before migration 0004 it has no time
    zone, which is then left alone).
    """
    rows = _rows(DATA)
    existing = set(region_model.objects.values_list("code", flat=True))
    provinces = [
        region_model(code=r["code"], name=r["name"], level="province")
        for r in rows
        if r["level"] == "province" and r["code"] not in existing
    ]
    regencies = [
        region_model(code=r["code"], name=r["name"], level="regency", parent_id=r["parent_code"])
        for r in rows
        if r["level"] == "regency" and r["code"] not in existing
    ]
    region_model.objects.bulk_create(provinces)
    region_model.objects.bulk_create(regencies)
    if any(f.name == "time_zone" for f in region_model._meta.get_fields()):
        region_zones_load(region_model)
    return len(provinces) + len(regencies)


def region_zones_load(region_model: Any) -> int:
    """Set each province's time zone to the shipped file's (UU 31/2009, Keppres 41/1987), so a change of law is a
    change of the file and a data migration that calls this; return how many provinces changed."""
    current = dict(region_model.objects.filter(level="province").values_list("code", "time_zone"))
    changed = 0
    for row in _rows(ZONES):
        code, zone = row["province_code"], row["time_zone"]
        if code in current and current[code] != zone:
            changed += region_model.objects.filter(code=code).update(time_zone=zone)
    return changed
