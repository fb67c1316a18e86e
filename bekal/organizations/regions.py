"""The shipped Kemendagri region list (data/regions.csv; source and licence in data/README.md)."""

import csv
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "regions.csv"


def regions_load(region_model: Any) -> int:
    """Add every province and regency/city missing from the table; return how many were added.

    Takes the model class so the data migration can pass its historical model.
    """
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
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
    return len(provinces) + len(regencies)
